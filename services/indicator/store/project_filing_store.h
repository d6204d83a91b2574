// Project self-evaluation filings in the indicator service's database: one
// row a project of a department-year, rewritten by each write under its
// version, in one transaction with its audit row (the trail keeps every
// version before and after) and with the read of the targets in force it is
// checked against (the same database: docs/adr/0008).
#ifndef JIXIAO_SERVICES_INDICATOR_STORE_PROJECT_FILING_STORE_H_
#define JIXIAO_SERVICES_INDICATOR_STORE_PROJECT_FILING_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "jixiao/indicator/v1/project_evaluation.pb.h"
#include "jixiao/indicator/v1/targets.pb.h"
#include "services/common/storage/audit.h"
#include "services/common/storage/database.h"

namespace jixiao::indicator {

namespace pb = ::jixiao::indicator::v1;

class ProjectFilingStore {
 public:
  explicit ProjectFilingStore(storage::Database& db) : db_(db) {}

  // One project's filing; nullopt before the first write.
  absl::StatusOr<std::optional<pb::ProjectFiling>> Filing(
      const pb::ProjectKey& key);
  // Every filing of a department-year, in project code order.
  absl::StatusOr<std::vector<pb::ProjectFiling>> Filings(
      const std::string& region_code, const std::string& department_code,
      int32_t year);

  // In one transaction: reads the filing (nullptr before the first write)
  // and the department-year's targets in force (nullptr when none were
  // approved), checks `expected_version` against the filing's (0 when none;
  // ABORTED when stale), asks `next` for the new filing and writes it as
  // version + 1 with its audit row. `next` may refuse with an error:
  // nothing is written.
  using Next = absl::FunctionRef<absl::StatusOr<pb::ProjectFiling>(
      const pb::ProjectFiling* before, const pb::TargetSet* in_force)>;
  absl::StatusOr<pb::ProjectFiling> Write(const pb::ProjectKey& key,
                                          int64_t expected_version, Next next,
                                          const storage::Writer& writer);

  // A region-year in one snapshot: every department that declared targets,
  // in code order, `page_size` at a time, each with its targets in force
  // (nullptr when none approved) and every filing it made (project code
  // order). Three queries a page, whatever the departments' count. `page`
  // returns false to stop.
  struct Department {
    std::string department_code;
    std::optional<pb::TargetSet> in_force;
    std::vector<pb::ProjectFiling> filings;
  };
  absl::Status ForEachRegionPage(
      const std::string& region_code, int32_t year, int page_size,
      absl::FunctionRef<bool(std::vector<Department>&)> page);

 private:
  storage::Database& db_;
};

}  // namespace jixiao::indicator

#endif  // JIXIAO_SERVICES_INDICATOR_STORE_PROJECT_FILING_STORE_H_

// Performance targets in the indicator service's database: every version of
// a department-year's target set, appended by each write in one transaction
// with its audit row (nothing is overwritten, so the history is the table).
#ifndef JIXIAO_SERVICES_INDICATOR_STORE_TARGET_STORE_H_
#define JIXIAO_SERVICES_INDICATOR_STORE_TARGET_STORE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "jixiao/indicator/v1/targets.pb.h"
#include "services/common/storage/audit.h"
#include "services/common/storage/database.h"

namespace jixiao::indicator {

namespace pb = ::jixiao::indicator::v1;

class TargetStore {
 public:
  explicit TargetStore(storage::Database& db) : db_(db) {}

  // Every version, oldest first; empty when none was declared.
  absl::StatusOr<std::vector<pb::TargetSet>> History(const pb::TargetKey& key);
  // The latest version and the last approved one; NOT_FOUND when none.
  absl::StatusOr<pb::TargetsView> View(const pb::TargetKey& key);

  // What a region's evaluations read of the year's targets, by department:
  // the latest version and the set in force (the last approved), for every
  // department that declared any.
  struct Declared {
    int64_t latest_version = 0;
    std::optional<pb::TargetSet> in_force;
  };
  absl::StatusOr<std::map<std::string, Declared>> RegionDeclared(
      const std::string& region_code, int32_t year);

  // For the stores that read the targets in another's transaction (one
  // snapshot, or a write checked against the targets it was made on):
  // the department-year's set in force (the last approved), nullopt when
  // none was approved.
  static absl::StatusOr<std::optional<pb::TargetSet>> InForce(
      storage::Session& s, const pb::TargetKey& key);
  // Up to `limit` codes of the region-year's departments that declared
  // targets, after `after` in code order (byte order).
  static absl::StatusOr<std::vector<std::string>> DeclaringDepartments(
      storage::Session& s, const std::string& region_code, int32_t year,
      const std::string& after, int limit);
  // The sets in force of the region-year's departments with codes in
  // (`after`, `last`], by code.
  static absl::StatusOr<std::map<std::string, pb::TargetSet>> InForceBetween(
      storage::Session& s, const std::string& region_code, int32_t year,
      const std::string& after, const std::string& last);

  // In one transaction: reads the latest version (nullptr when none),
  // checks `expected_version` against it (0 when none; ABORTED when
  // stale), asks `next` for the new version and appends it as version + 1
  // with its audit row. `next` may refuse with an error: nothing is
  // written.
  using Next =
      absl::FunctionRef<absl::StatusOr<pb::TargetSet>(const pb::TargetSet*)>;
  absl::StatusOr<pb::TargetSet> Append(const pb::TargetKey& key,
                                       int64_t expected_version, Next next,
                                       const storage::Writer& writer);

 private:
  storage::Database& db_;
};

}  // namespace jixiao::indicator

#endif  // JIXIAO_SERVICES_INDICATOR_STORE_TARGET_STORE_H_

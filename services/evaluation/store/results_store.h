// Results used and published, in the evaluation service's database
// (migration 5, store/results_schema.h): a region's rule table, every
// version of every decision, and the immutable publication packages.
// Every write is one transaction with its audit row.
#ifndef JIXIAO_SERVICES_EVALUATION_STORE_RESULTS_STORE_H_
#define JIXIAO_SERVICES_EVALUATION_STORE_RESULTS_STORE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "jixiao/evaluation/v1/results.pb.h"
#include "services/common/storage/audit.h"
#include "services/common/storage/database.h"

namespace jixiao::evaluation {

// A subject keeps at most this many decision versions.
inline constexpr int64_t kMaxDecisionVersions = 100;

class ResultsStore {
 public:
  explicit ResultsStore(storage::Database& db) : db_(db) {}

  // The region's own table; nullopt when it has none.
  absl::StatusOr<std::optional<v1::DecisionRules>> Rules(
      const std::string& region_code);
  // Replaces the region's table; ABORTED when it is not at
  // `expected_version` (0: none yet).
  absl::StatusOr<v1::DecisionRules> PutRules(v1::DecisionRules rules,
                                             int64_t expected_version,
                                             const storage::Writer& writer);

  // Appends the subject's next version; ABORTED when its current one is
  // not `expected_version` (0: none yet).
  absl::StatusOr<v1::Decision> AddDecision(v1::Decision decision,
                                           int64_t expected_version,
                                           const storage::Writer& writer);
  // The current decision of each subject of the region-year (of one
  // department when given), its earlier versions attached.
  absl::StatusOr<std::vector<v1::Decision>> Decisions(
      const std::string& region_code, int32_t year,
      const std::optional<std::string>& department_code);

  // The stored package (the files' bytes included when `with_content`).
  absl::StatusOr<std::optional<v1::PublicationPackage>> Package(
      const v1::DepartmentYear& key, bool with_content);
  // Stores `package` unless one is stored already, which is then returned
  // unchanged with already_published set.
  absl::StatusOr<v1::PublicationPackage> Publish(v1::PublicationPackage package,
                                                 const storage::Writer& writer);

 private:
  storage::Database& db_;
};

}  // namespace jixiao::evaluation

#endif  // JIXIAO_SERVICES_EVALUATION_STORE_RESULTS_STORE_H_

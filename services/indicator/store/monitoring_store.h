// Mid-year monitoring in the indicator service's database: a region's
// rounds, every version of each department's filing, and finance's
// decisions on warnings. Each write is one transaction with its audit row
// (and raises the write epoch, as every write of the database does);
// nothing is overwritten but a round's status.
#ifndef JIXIAO_SERVICES_INDICATOR_STORE_MONITORING_STORE_H_
#define JIXIAO_SERVICES_INDICATOR_STORE_MONITORING_STORE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "jixiao/indicator/v1/monitoring.pb.h"
#include "services/common/storage/audit.h"
#include "services/common/storage/database.h"

namespace jixiao::indicator {

namespace pb = ::jixiao::indicator::v1;

class MonitoringStore {
 public:
  explicit MonitoringStore(storage::Database& db) : db_(db) {}

  // Stores a new OPEN round (ALREADY_EXISTS when the region has the id).
  absl::StatusOr<pb::MonitoringRound> OpenRound(pb::MonitoringRound round,
                                                const storage::Writer& writer);
  // OPEN → CLOSED (NOT_FOUND; FAILED_PRECONDITION when already closed).
  absl::StatusOr<pb::MonitoringRound> CloseRound(const pb::RoundKey& key,
                                                 const storage::Writer& writer);
  // NOT_FOUND when the region has no such round.
  absl::StatusOr<pb::MonitoringRound> Round(const pb::RoundKey& key);
  // A region's rounds (of `year`, or all when 0), newest as_of first.
  absl::StatusOr<std::vector<pb::MonitoringRound>> Rounds(
      const std::string& region_code, int32_t year);

  // In one transaction: the round must exist and be OPEN
  // (FAILED_PRECONDITION naming `round` otherwise), the latest version must
  // be `expected_version` (0 when none; ABORTED when stale); the filing is
  // appended as version + 1 with its audit row.
  absl::StatusOr<pb::MonitoringFiling> AppendFiling(
      pb::MonitoringFiling filing, int64_t expected_version,
      const storage::Writer& writer);
  // The latest version; nullopt when nothing was filed.
  absl::StatusOr<std::optional<pb::MonitoringFiling>> Filing(
      const pb::MonitoringKey& key);
  // The latest filing of every department that filed in the round.
  absl::StatusOr<std::map<std::string, pb::MonitoringFiling>> Filings(
      const pb::RoundKey& key);

  // Appends a decision (with who and when) and its audit row.
  absl::StatusOr<pb::WarningDecision> Decide(pb::WarningDecision decision,
                                             const storage::Writer& writer);
  // The latest decision on each warning, keyed (department, warning id): of
  // the whole round, or of one department when `department_code` is set.
  using Decisions =
      std::map<std::pair<std::string, std::string>, pb::WarningDecision>;
  absl::StatusOr<Decisions> LatestDecisions(
      const pb::RoundKey& key, const std::optional<std::string>& department);

 private:
  storage::Database& db_;
};

}  // namespace jixiao::indicator

#endif  // JIXIAO_SERVICES_INDICATOR_STORE_MONITORING_STORE_H_

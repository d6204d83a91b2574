// The indicator service's storage: framework versions and evaluations (with
// their values and status history), each write one transaction with its
// audit row.
#ifndef JIXIAO_SERVICES_INDICATOR_STORE_INDICATOR_STORE_H_
#define JIXIAO_SERVICES_INDICATOR_STORE_INDICATOR_STORE_H_

#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "jixiao/indicator/v1/indicator.pb.h"
#include "services/common/storage/audit.h"
#include "services/common/storage/database.h"

namespace jixiao::indicator {

namespace pb = ::jixiao::indicator::v1;

class IndicatorStore {
 public:
  static absl::StatusOr<std::unique_ptr<IndicatorStore>> Open(
      absl::string_view url);

  // Stores a validated framework: replaces the latest version while no
  // submitted, returned or approved evaluation uses it, else adds a version.
  // Unchanged content is not written again. Returns it with version and
  // in_use set. When a framework of that id is stored, `may_replace` is
  // asked first, in the write's transaction, with the stored latest version
  // (its owner is the stored region, not the one the new body names).
  using ReplaceCheck = std::function<absl::Status(const pb::Framework& stored)>;
  absl::StatusOr<pb::Framework> PutFramework(
      const pb::Framework& framework, const storage::Writer& writer,
      const ReplaceCheck& may_replace = nullptr);
  // The latest version when `version` is nullopt; NOT_FOUND if none.
  absl::StatusOr<pb::Framework> GetFramework(absl::string_view id,
                                             std::optional<int32_t> version);
  // Latest versions, without their nodes; all regions when empty.
  absl::StatusOr<std::vector<pb::Framework>> ListFrameworks(
      absl::string_view region_code);

  // A new evaluation (values empty); ALREADY_EXISTS if the key has one.
  absl::StatusOr<pb::Evaluation> CreateEvaluation(
      const pb::Evaluation& evaluation, const storage::Writer& writer);
  // The stored evaluation: entered values, and derived ones once frozen.
  absl::StatusOr<pb::Evaluation> GetEvaluation(const pb::EvaluationKey& key);

  // Calls `page` with the evaluations of a region's departments in a year,
  // `page_size` at a time in department code (byte) order, all read in one
  // snapshot; `page` returns false to stop.
  absl::Status ForEachRegionPage(
      absl::string_view region_code, int32_t year, int page_size,
      absl::FunctionRef<bool(std::vector<pb::Evaluation>&)> page);

  // The evaluation's version and framework, without its values.
  absl::StatusOr<pb::EvaluationVersion> GetEvaluationVersion(
      const pb::EvaluationKey& key);

  // Reads the evaluation, checks `expected_version` (ABORTED when stale),
  // lets `change` modify it, and stores the result with version + 1, all in
  // one transaction. `change` may refuse by returning an error. A change
  // that changes nothing writes nothing (the version stays).
  absl::StatusOr<pb::Evaluation> UpdateEvaluation(
      const pb::EvaluationKey& key, int64_t expected_version,
      absl::FunctionRef<absl::Status(pb::Evaluation&)> change,
      const storage::Writer& writer);

  // The service's database, for what every service serves alike (the audit
  // trail).
  storage::Database& database() { return *db_; }

 private:
  explicit IndicatorStore(std::unique_ptr<storage::Database> db)
      : db_(std::move(db)) {}

  std::unique_ptr<storage::Database> db_;
};

}  // namespace jixiao::indicator

#endif  // JIXIAO_SERVICES_INDICATOR_STORE_INDICATOR_STORE_H_

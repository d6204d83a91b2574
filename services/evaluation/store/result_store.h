// The evaluation service's storage: the latest result of each
// department-year with the versions of the data it was computed from.
#ifndef JIXIAO_SERVICES_EVALUATION_STORE_RESULT_STORE_H_
#define JIXIAO_SERVICES_EVALUATION_STORE_RESULT_STORE_H_

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "jixiao/evaluation/v1/evaluation.pb.h"
#include "services/common/storage/audit.h"
#include "services/common/storage/database.h"

namespace jixiao::evaluation {

class ResultStore {
 public:
  static absl::StatusOr<std::unique_ptr<ResultStore>> Open(
      absl::string_view url);

  // Keeps `result` as the department-year's latest (audited when it changed).
  absl::Status Save(const v1::EvaluationResult& result,
                    const storage::Writer& writer);
  // Save() for many results of one region-year, in one transaction.
  absl::Status SaveAll(const std::vector<const v1::EvaluationResult*>& results,
                       const storage::Writer& writer);
  // NOT_FOUND when the department-year was never evaluated.
  absl::StatusOr<v1::EvaluationResult> Latest(const v1::DepartmentYear& key);

  // The service's database, for what every service serves alike (the audit
  // trail).
  storage::Database& database() { return *db_; }

 private:
  explicit ResultStore(std::unique_ptr<storage::Database> db)
      : db_(std::move(db)) {}

  std::unique_ptr<storage::Database> db_;
};

}  // namespace jixiao::evaluation

#endif  // JIXIAO_SERVICES_EVALUATION_STORE_RESULT_STORE_H_

// ResultsService (proto/jixiao/evaluation/v1/results.proto): results used
// (结果应用) and published (公开), in the evaluation service's process and
// database (docs/adr/0009).
#ifndef JIXIAO_SERVICES_EVALUATION_RESULTS_SERVICE_H_
#define JIXIAO_SERVICES_EVALUATION_RESULTS_SERVICE_H_

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "jixiao/evaluation/v1/results.grpc.pb.h"
#include "jixiao/indicator/v1/indicator.grpc.pb.h"
#include "services/evaluation/domain/scoring.h"
#include "services/evaluation/evaluator.h"
#include "services/evaluation/package.h"
#include "services/evaluation/project_evaluator.h"
#include "services/evaluation/store/result_store.h"
#include "services/evaluation/store/results_store.h"

namespace jixiao::evaluation {

// A package is returned whole in one message: its files together stay
// well under the services' message limit.
inline constexpr int64_t kMaxPackageBytes = 8 << 20;

class ResultsServiceImpl final : public v1::ResultsService::CallbackService {
 public:
  ResultsServiceImpl(Evaluator* evaluator, ProjectEvaluator* projects,
                     ResultStore* results, std::vector<GradeBand> bands,
                     const std::string& indicator_address,
                     std::chrono::milliseconds deadline);

  grpc::ServerUnaryReactor* GetDecisionRules(
      grpc::CallbackServerContext* context,
      const v1::GetDecisionRulesRequest* request,
      v1::DecisionRules* response) override;
  grpc::ServerUnaryReactor* PutDecisionRules(
      grpc::CallbackServerContext* context,
      const v1::PutDecisionRulesRequest* request,
      v1::DecisionRules* response) override;
  grpc::ServerUnaryReactor* ProposeDecision(
      grpc::CallbackServerContext* context, const v1::DecisionSubject* request,
      v1::Proposal* response) override;
  grpc::ServerUnaryReactor* RecordDecision(
      grpc::CallbackServerContext* context,
      const v1::RecordDecisionRequest* request,
      v1::Decision* response) override;
  grpc::ServerUnaryReactor* ListDecisions(
      grpc::CallbackServerContext* context,
      const v1::ListDecisionsRequest* request,
      v1::ListDecisionsResponse* response) override;
  grpc::ServerUnaryReactor* PublishPackage(
      grpc::CallbackServerContext* context, const v1::DepartmentYear* request,
      v1::PublicationPackage* response) override;
  grpc::ServerUnaryReactor* GetPackage(
      grpc::CallbackServerContext* context, const v1::DepartmentYear* request,
      v1::PublicationPackage* response) override;

 private:
  // The region's own table, else the built-in default.
  absl::StatusOr<v1::DecisionRules> RulesOf(const std::string& region_code);
  // The proposal for a subject from its result: the stored one of the
  // department as a whole, a project's as the project scoring computes it.
  absl::StatusOr<v1::Proposal> ProposalFor(const v1::DecisionSubject& subject,
                                           const Forwarded& caller);
  // The 自评表 of every project scored (none without targets in force),
  // each with what it was scored from.
  absl::StatusOr<std::vector<ProjectForm>> ProjectForms(
      const ProjectEvaluator::Scored& scored);
  // FAILED_PRECONDITION unless the department-wide evaluation is APPROVED.
  absl::Status RequireApproved(const grpc::CallbackServerContext& context,
                               const v1::DepartmentYear& key);
  absl::StatusOr<v1::PublicationPackage> Build(
      const grpc::CallbackServerContext& context,
      const v1::DepartmentYear& key);

  Evaluator* const evaluator_;
  ProjectEvaluator* const projects_;
  ResultStore* const results_;
  ResultsStore store_;
  const std::vector<GradeBand> bands_;
  std::unique_ptr<indicator::v1::IndicatorService::Stub> indicator_;
  const std::chrono::milliseconds deadline_;
};

}  // namespace jixiao::evaluation

#endif  // JIXIAO_SERVICES_EVALUATION_RESULTS_SERVICE_H_

// The indicator service over gRPC's callback API.
#ifndef JIXIAO_SERVICES_INDICATOR_INDICATOR_SERVICE_H_
#define JIXIAO_SERVICES_INDICATOR_INDICATOR_SERVICE_H_

#include "jixiao/indicator/v1/indicator.grpc.pb.h"
#include "services/indicator/budget_client.h"
#include "services/indicator/domain/workflow.h"
#include "services/indicator/store/indicator_store.h"
#include "services/indicator/store/target_store.h"

namespace jixiao::indicator {

class IndicatorServiceImpl final
    : public v1::IndicatorService::CallbackService {
 public:
  // `targets` share the store's database: the evaluation reads the
  // approved targets (docs/domain.md §9.1.6).
  IndicatorServiceImpl(IndicatorStore* store, TargetStore* targets,
                       BudgetClient* budget)
      : store_(store), targets_(targets), budget_(budget) {}

  grpc::ServerUnaryReactor* PutFramework(grpc::CallbackServerContext* context,
                                         const v1::PutFrameworkRequest* request,
                                         v1::Framework* response) override;
  grpc::ServerUnaryReactor* GetFramework(grpc::CallbackServerContext* context,
                                         const v1::GetFrameworkRequest* request,
                                         v1::Framework* response) override;
  grpc::ServerUnaryReactor* ListFrameworks(
      grpc::CallbackServerContext* context,
      const v1::ListFrameworksRequest* request,
      v1::ListFrameworksResponse* response) override;
  grpc::ServerUnaryReactor* StartEvaluation(
      grpc::CallbackServerContext* context,
      const v1::StartEvaluationRequest* request,
      v1::Evaluation* response) override;
  grpc::ServerUnaryReactor* GetEvaluation(grpc::CallbackServerContext* context,
                                          const v1::EvaluationKey* request,
                                          v1::Evaluation* response) override;
  grpc::ServerUnaryReactor* GetWriteEpoch(
      grpc::CallbackServerContext* context,
      const v1::GetWriteEpochRequest* request,
      v1::WriteEpoch* response) override;
  grpc::ServerUnaryReactor* GetEvaluationVersion(
      grpc::CallbackServerContext* context, const v1::EvaluationKey* request,
      v1::EvaluationVersion* response) override;
  grpc::ServerWriteReactor<v1::RegionEvaluationsPage>* StreamRegionEvaluations(
      grpc::CallbackServerContext* context,
      const v1::RegionEvaluationsRequest* request) override;
  grpc::ServerUnaryReactor* SetValues(grpc::CallbackServerContext* context,
                                      const v1::SetValuesRequest* request,
                                      v1::Evaluation* response) override;
  grpc::ServerUnaryReactor* Submit(grpc::CallbackServerContext* context,
                                   const v1::TransitionRequest* request,
                                   v1::Evaluation* response) override;
  grpc::ServerUnaryReactor* Return(grpc::CallbackServerContext* context,
                                   const v1::TransitionRequest* request,
                                   v1::Evaluation* response) override;
  grpc::ServerUnaryReactor* Approve(grpc::CallbackServerContext* context,
                                    const v1::TransitionRequest* request,
                                    v1::Evaluation* response) override;

  grpc::ServerUnaryReactor* ListAudit(
      grpc::CallbackServerContext* context,
      const audit::v1::ListAuditRequest* request,
      audit::v1::ListAuditResponse* response) override;

 private:
  // The evaluation with every leaf's value, derived ones fresh.
  absl::Status Present(const grpc::CallbackServerContext& context,
                       v1::Evaluation evaluation, v1::Evaluation* response);
  // The department-year's declared targets: none when never declared.
  absl::StatusOr<TargetStore::Declared> DeclaredFor(
      const v1::EvaluationKey& key);
  absl::Status Move(grpc::CallbackServerContext* context,
                    const v1::TransitionRequest& request, Action action,
                    v1::Evaluation* response);

  IndicatorStore* const store_;
  TargetStore* const targets_;
  BudgetClient* const budget_;
};

}  // namespace jixiao::indicator

#endif  // JIXIAO_SERVICES_INDICATOR_INDICATOR_SERVICE_H_

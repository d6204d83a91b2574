// Performance targets over gRPC (jixiao.indicator.v1.TargetService), served
// by the indicator process beside IndicatorService.
#ifndef JIXIAO_SERVICES_INDICATOR_TARGETS_SERVICE_H_
#define JIXIAO_SERVICES_INDICATOR_TARGETS_SERVICE_H_

#include "jixiao/indicator/v1/targets.grpc.pb.h"
#include "services/indicator/budget_client.h"
#include "services/indicator/domain/targets.h"
#include "services/indicator/store/target_store.h"

namespace jixiao::indicator {

class TargetServiceImpl final : public v1::TargetService::CallbackService {
 public:
  TargetServiceImpl(TargetStore* store, BudgetClient* budget)
      : store_(store), budget_(budget) {}

  grpc::ServerUnaryReactor* PutTargets(grpc::CallbackServerContext* context,
                                       const v1::PutTargetsRequest* request,
                                       v1::TargetSet* response) override;
  grpc::ServerUnaryReactor* GetTargets(grpc::CallbackServerContext* context,
                                       const v1::TargetKey* request,
                                       v1::TargetsView* response) override;
  grpc::ServerUnaryReactor* ListTargetHistory(
      grpc::CallbackServerContext* context, const v1::TargetKey* request,
      v1::TargetHistory* response) override;
  grpc::ServerUnaryReactor* ReviewTargets(grpc::CallbackServerContext* context,
                                          const v1::TargetKey* request,
                                          v1::TargetReview* response) override;
  grpc::ServerUnaryReactor* SubmitTargets(grpc::CallbackServerContext* context,
                                          const v1::TargetTransition* request,
                                          v1::TargetSet* response) override;
  grpc::ServerUnaryReactor* ReturnTargets(grpc::CallbackServerContext* context,
                                          const v1::TargetTransition* request,
                                          v1::TargetSet* response) override;
  grpc::ServerUnaryReactor* ApproveTargets(grpc::CallbackServerContext* context,
                                           const v1::TargetTransition* request,
                                           v1::TargetSet* response) override;
  grpc::ServerUnaryReactor* RequestTargetAdjustment(
      grpc::CallbackServerContext* context,
      const v1::TargetAdjustmentRequest* request,
      v1::TargetSet* response) override;
  grpc::ServerUnaryReactor* DecideTargetAdjustment(
      grpc::CallbackServerContext* context,
      const v1::TargetAdjustmentDecision* request,
      v1::TargetSet* response) override;

 private:
  // The mechanical review of `targets` against the budget's projects.
  absl::StatusOr<pb::TargetReview> Review(
      const grpc::CallbackServerContext& context, const pb::TargetSet& targets);
  // A workflow move on the stored set: who may, from which status, with
  // what kept (reasons, the adjusted content).
  absl::Status Move(grpc::CallbackServerContext& context,
                    const pb::TargetKey& key, int64_t expected_version,
                    TargetAction action,
                    absl::FunctionRef<absl::Status(const pb::TargetSet& before,
                                                   pb::TargetSet& next)>
                        fill,
                    pb::TargetSet* response);

  TargetStore* const store_;
  BudgetClient* const budget_;
};

}  // namespace jixiao::indicator

#endif  // JIXIAO_SERVICES_INDICATOR_TARGETS_SERVICE_H_

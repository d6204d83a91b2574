// Mid-year monitoring over gRPC (jixiao.indicator.v1.MonitoringService),
// served by the indicator process beside TargetService: rounds, filings
// against the targets in force, execution from the budget service (one
// call per department, one stream per region) and the warnings computed
// from both (docs/adr/0006).
#ifndef JIXIAO_SERVICES_INDICATOR_MONITORING_SERVICE_H_
#define JIXIAO_SERVICES_INDICATOR_MONITORING_SERVICE_H_

#include <cstdint>

#include "absl/functional/function_ref.h"
#include "jixiao/indicator/v1/monitoring.grpc.pb.h"
#include "services/indicator/budget_client.h"
#include "services/indicator/domain/monitoring.h"
#include "services/indicator/store/monitoring_store.h"
#include "services/indicator/store/target_store.h"

namespace jixiao::indicator {

class MonitoringServiceImpl final
    : public v1::MonitoringService::CallbackService {
 public:
  // `default_lag_threshold_bp`: the threshold a round opened without one
  // keeps.
  MonitoringServiceImpl(MonitoringStore* store, TargetStore* targets,
                        BudgetClient* budget, int32_t default_lag_threshold_bp)
      : store_(store),
        targets_(targets),
        budget_(budget),
        default_lag_threshold_bp_(default_lag_threshold_bp) {}

  grpc::ServerUnaryReactor* OpenRound(grpc::CallbackServerContext* context,
                                      const v1::OpenRoundRequest* request,
                                      v1::MonitoringRound* response) override;
  grpc::ServerUnaryReactor* CloseRound(grpc::CallbackServerContext* context,
                                       const v1::RoundKey* request,
                                       v1::MonitoringRound* response) override;
  grpc::ServerUnaryReactor* ListRounds(
      grpc::CallbackServerContext* context,
      const v1::ListRoundsRequest* request,
      v1::ListRoundsResponse* response) override;
  grpc::ServerUnaryReactor* PutMonitoring(
      grpc::CallbackServerContext* context,
      const v1::PutMonitoringRequest* request,
      v1::MonitoringFiling* response) override;
  grpc::ServerUnaryReactor* GetMonitoring(
      grpc::CallbackServerContext* context, const v1::MonitoringKey* request,
      v1::MonitoringView* response) override;
  grpc::ServerUnaryReactor* ListWarnings(
      grpc::CallbackServerContext* context, const v1::RoundKey* request,
      v1::ListWarningsResponse* response) override;
  grpc::ServerUnaryReactor* DecideWarning(
      grpc::CallbackServerContext* context,
      const v1::DecideWarningRequest* request,
      v1::WarningDecision* response) override;
  grpc::ServerUnaryReactor* RenderMonitoringTable(
      grpc::CallbackServerContext* context,
      const v1::RenderMonitoringTableRequest* request,
      v1::MonitoringTable* response) override;
  grpc::ServerWriteReactor<v1::MonitoringSummaryPage>* StreamMonitoringSummary(
      grpc::CallbackServerContext* context,
      const v1::RoundKey* request) override;

 private:
  // One department in a round: the round, its execution from the budget
  // service (one call), the filing and the warnings with their decisions.
  absl::StatusOr<pb::MonitoringView> View(
      const grpc::CallbackServerContext& context, const pb::MonitoringKey& key);
  // Every department of the round's region, from one stream of the budget
  // service and two reads of this store, in department code order.
  struct RegionDepartment {
    const budget::v1::Execution& budget;
    const pb::Execution& execution;
    const pb::MonitoringFiling* filing;
    std::vector<pb::Warning>& warnings;
  };
  absl::Status ForEachDepartment(
      const grpc::CallbackServerContext& context,
      const pb::MonitoringRound& round,
      absl::FunctionRef<bool(RegionDepartment&)> visit);

  MonitoringStore* const store_;
  TargetStore* const targets_;
  BudgetClient* const budget_;
  const int32_t default_lag_threshold_bp_;
};

}  // namespace jixiao::indicator

#endif  // JIXIAO_SERVICES_INDICATOR_MONITORING_SERVICE_H_

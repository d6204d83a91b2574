#include "services/indicator/budget_client.h"

#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/channel_arguments.h"
#include "services/common/grpc_status.h"
#include "services/common/request_context.h"

namespace jixiao::indicator {
namespace {

// Reads are idempotent: retry them when the budget service is briefly
// unreachable (a pod restarting), within each call's deadline.
constexpr char kServiceConfig[] = R"json({
  "loadBalancingConfig": [{"round_robin": {}}],
  "methodConfig": [{
    "name": [{"service": "jixiao.budget.v1.BudgetService", "method": "GetDepartment"},
             {"service": "jixiao.budget.v1.BudgetService", "method": "GetAggregates"}],
    "retryPolicy": {
      "maxAttempts": 3,
      "initialBackoff": "0.05s",
      "maxBackoff": "0.5s",
      "backoffMultiplier": 2,
      "retryableStatusCodes": ["UNAVAILABLE"]
    }
  }]
})json";

}  // namespace

BudgetClient::BudgetClient(const std::string& address,
                           std::chrono::milliseconds deadline)
    : deadline_(deadline) {
  grpc::ChannelArguments args;
  args.SetServiceConfigJSON(kServiceConfig);
  stub_ = budget::v1::BudgetService::NewStub(grpc::CreateCustomChannel(
      address, grpc::InsecureChannelCredentials(), args));
}

std::unique_ptr<grpc::ClientContext> BudgetClient::Context(
    const std::string& request_id) const {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + deadline_);
  if (!request_id.empty()) {
    context->AddMetadata(std::string(kRequestIdHeader), request_id);
  }
  return context;
}

absl::Status BudgetClient::CheckDepartment(const std::string& region_code,
                                           const std::string& code,
                                           const std::string& request_id) {
  budget::v1::DepartmentKey key;
  key.set_region_code(region_code);
  key.set_code(code);
  budget::v1::Department department;
  return FromGrpcStatus(
      stub_->GetDepartment(Context(request_id).get(), key, &department));
}

absl::StatusOr<budget::v1::Aggregates> BudgetClient::Aggregates(
    const std::string& region_code, const std::string& code, int32_t year,
    const std::string& request_id) {
  budget::v1::GetAggregatesRequest request;
  request.mutable_key()->set_region_code(region_code);
  request.mutable_key()->set_department_code(code);
  request.mutable_key()->set_year(year);
  budget::v1::Aggregates aggregates;
  const grpc::Status status =
      stub_->GetAggregates(Context(request_id).get(), request, &aggregates);
  if (!status.ok()) return FromGrpcStatus(status);
  return aggregates;
}

}  // namespace jixiao::indicator

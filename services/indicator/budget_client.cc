#include "services/indicator/budget_client.h"

#include "services/common/client.h"
#include "services/common/grpc_status.h"
#include "services/common/request_context.h"

namespace jixiao::indicator {

BudgetClient::BudgetClient(const std::string& address,
                           std::chrono::milliseconds deadline)
    : stub_(budget::v1::BudgetService::NewStub(ServiceChannel(
          address, {"jixiao.budget.v1.BudgetService/GetDepartment",
                    "jixiao.budget.v1.BudgetService/GetAggregates",
                    "jixiao.budget.v1.BudgetService/GetDepartmentYear",
                    "jixiao.budget.v1.BudgetService/GetExecution"}))),
      deadline_(deadline) {}

std::unique_ptr<grpc::ClientContext> BudgetClient::Context(
    const Forwarded& caller) const {
  return CallContext(deadline_, caller);
}

absl::Status BudgetClient::CheckDepartment(const std::string& region_code,
                                           const std::string& code,
                                           const Forwarded& caller) {
  budget::v1::DepartmentKey key;
  key.set_region_code(region_code);
  key.set_code(code);
  budget::v1::Department department;
  return FromGrpcStatus(
      stub_->GetDepartment(Context(caller).get(), key, &department));
}

absl::StatusOr<budget::v1::Aggregates> BudgetClient::Aggregates(
    const std::string& region_code, const std::string& code, int32_t year,
    const Forwarded& caller) {
  budget::v1::GetAggregatesRequest request;
  request.mutable_key()->set_region_code(region_code);
  request.mutable_key()->set_department_code(code);
  request.mutable_key()->set_year(year);
  budget::v1::Aggregates aggregates;
  const grpc::Status status =
      stub_->GetAggregates(Context(caller).get(), request, &aggregates);
  if (!status.ok()) return FromGrpcStatus(status);
  return aggregates;
}

absl::StatusOr<budget::v1::DepartmentYear> BudgetClient::DepartmentYear(
    const std::string& region_code, const std::string& code, int32_t year,
    const Forwarded& caller) {
  budget::v1::DepartmentYearKey key;
  key.set_region_code(region_code);
  key.set_department_code(code);
  key.set_year(year);
  budget::v1::DepartmentYear department_year;
  const grpc::Status status =
      stub_->GetDepartmentYear(Context(caller).get(), key, &department_year);
  if (!status.ok()) return FromGrpcStatus(status);
  return department_year;
}

absl::StatusOr<budget::v1::Execution> BudgetClient::Execution(
    const std::string& region_code, const std::string& code, int32_t year,
    const std::string& as_of, const Forwarded& caller) {
  budget::v1::GetExecutionRequest request;
  request.mutable_key()->set_region_code(region_code);
  request.mutable_key()->set_department_code(code);
  request.mutable_key()->set_year(year);
  request.set_as_of(as_of);
  budget::v1::Execution execution;
  const grpc::Status status =
      stub_->GetExecution(Context(caller).get(), request, &execution);
  if (!status.ok()) return FromGrpcStatus(status);
  return execution;
}

BudgetClient::RegionExecution BudgetClient::OpenRegionExecution(
    const std::string& region_code, int32_t year, const std::string& as_of,
    const Forwarded& caller) {
  budget::v1::RegionExecutionRequest request;
  request.set_region_code(region_code);
  request.set_year(year);
  request.set_as_of(as_of);
  auto context = CallContext(RegionReadDeadline(deadline_), caller);
  auto reader = stub_->StreamRegionExecution(context.get(), request);
  return RegionExecution(std::move(context), std::move(reader),
                         &budget::v1::RegionExecutionPage::mutable_departments);
}

BudgetClient::RegionAggregates BudgetClient::OpenRegionAggregates(
    const std::string& region_code, int32_t year, const Forwarded& caller) {
  budget::v1::RegionInputsRequest request;
  request.set_region_code(region_code);
  request.set_year(year);
  request.set_with_aggregates(true);
  auto context = CallContext(RegionReadDeadline(deadline_), caller);
  auto reader = stub_->StreamRegionInputs(context.get(), request);
  return RegionAggregates(std::move(context), std::move(reader),
                          &budget::v1::RegionInputsPage::mutable_departments);
}

}  // namespace jixiao::indicator

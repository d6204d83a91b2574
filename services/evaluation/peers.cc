#include "services/evaluation/peers.h"

#include "absl/strings/str_cat.h"
#include "services/common/client.h"
#include "services/common/grpc_status.h"

namespace jixiao::evaluation {
namespace {

namespace bpb = ::jixiao::budget::v1;
namespace ipb = ::jixiao::indicator::v1;

// A peer that does not answer is the caller's UNAVAILABLE, named.
absl::Status FromPeer(const grpc::Status& status, absl::string_view peer) {
  const absl::Status s = FromGrpcStatus(status);
  if (s.ok() || absl::IsNotFound(s) || absl::IsInvalidArgument(s)) return s;
  return absl::UnavailableError(
      absl::StrCat("the ", peer, " service did not answer: ", s.message()));
}

bpb::DepartmentYearKey BudgetKey(const v1::DepartmentYear& key) {
  bpb::DepartmentYearKey k;
  k.set_region_code(key.region_code());
  k.set_department_code(key.department_code());
  k.set_year(key.year());
  return k;
}

ipb::EvaluationKey IndicatorKey(const v1::DepartmentYear& key) {
  ipb::EvaluationKey k;
  k.set_region_code(key.region_code());
  k.set_department_code(key.department_code());
  k.set_year(key.year());
  return k;
}

}  // namespace

Peers::Peers(const std::string& budget_address,
             const std::string& indicator_address,
             std::chrono::milliseconds deadline)
    : budget_(bpb::BudgetService::NewStub(ServiceChannel(
          budget_address, {"jixiao.budget.v1.BudgetService/GetVersions",
                           "jixiao.budget.v1.BudgetService/GetDepartment",
                           "jixiao.budget.v1.BudgetService/GetDepartmentYear",
                           "jixiao.budget.v1.BudgetService/GetAggregates",
                           "jixiao.budget.v1.BudgetService/CheckConsistency",
                           "jixiao.budget.v1.BudgetService/ListDepartments"}))),
      indicator_(ipb::IndicatorService::NewStub(ServiceChannel(
          indicator_address,
          {"jixiao.indicator.v1.IndicatorService/GetEvaluationVersion",
           "jixiao.indicator.v1.IndicatorService/GetEvaluation",
           "jixiao.indicator.v1.IndicatorService/GetFramework"}))),
      deadline_(deadline) {}

absl::StatusOr<Versions> Peers::GetVersions(const v1::DepartmentYear& key,
                                            const Forwarded& caller) {
  ipb::EvaluationVersion evaluation;
  if (auto s = FromPeer(
          indicator_->GetEvaluationVersion(CallContext(deadline_, caller).get(),
                                           IndicatorKey(key), &evaluation),
          "indicator");
      !s.ok()) {
    return s;
  }
  bpb::Versions budget;
  if (auto s =
          FromPeer(budget_->GetVersions(CallContext(deadline_, caller).get(),
                                        BudgetKey(key), &budget),
                   "budget");
      !s.ok()) {
    return s;
  }
  return Versions{
      evaluation.version(),           evaluation.framework_id(),
      evaluation.framework_version(), budget.department_version(),
      budget.figures_version(),       budget.base_figures_version()};
}

absl::StatusOr<Inputs> Peers::Fetch(const v1::DepartmentYear& key,
                                    const Forwarded& caller) {
  Inputs in;
  if (auto s = FromPeer(
          indicator_->GetEvaluation(CallContext(deadline_, caller).get(),
                                    IndicatorKey(key), &in.evaluation),
          "indicator");
      !s.ok()) {
    return s;
  }
  ipb::GetFrameworkRequest framework;
  framework.set_id(in.evaluation.framework_id());
  framework.set_version(in.evaluation.framework_version());
  if (auto s = FromPeer(
          indicator_->GetFramework(CallContext(deadline_, caller).get(),
                                   framework, &in.framework),
          "indicator");
      !s.ok()) {
    return s;
  }
  bpb::DepartmentKey department;
  department.set_region_code(key.region_code());
  department.set_code(key.department_code());
  if (auto s =
          FromPeer(budget_->GetDepartment(CallContext(deadline_, caller).get(),
                                          department, &in.department),
                   "budget");
      !s.ok()) {
    return s;
  }
  // The year's figures may not exist: the report then says so.
  bpb::DepartmentYear figures;
  const absl::Status year =
      FromPeer(budget_->GetDepartmentYear(CallContext(deadline_, caller).get(),
                                          BudgetKey(key), &figures),
               "budget");
  if (!year.ok() && !absl::IsNotFound(year)) return year;
  if (year.ok()) {
    in.figures = std::move(figures);
    bpb::GetAggregatesRequest aggregates_request;
    *aggregates_request.mutable_key() = BudgetKey(key);
    bpb::Aggregates aggregates;
    if (auto s = FromPeer(
            budget_->GetAggregates(CallContext(deadline_, caller).get(),
                                   aggregates_request, &aggregates),
            "budget");
        !s.ok()) {
      return s;
    }
    in.aggregates = std::move(aggregates);
    bpb::CheckConsistencyRequest check;
    *check.mutable_key() = BudgetKey(key);
    bpb::ConsistencyReport consistency;
    if (auto s = FromPeer(
            budget_->CheckConsistency(CallContext(deadline_, caller).get(),
                                      check, &consistency),
            "budget");
        !s.ok()) {
      return s;
    }
    in.consistency = std::move(consistency);
  }
  return in;
}

absl::StatusOr<std::vector<bpb::Department>> Peers::Departments(
    const std::string& region_code, const Forwarded& caller) {
  std::vector<bpb::Department> out;
  bpb::ListDepartmentsRequest request;
  request.set_region_code(region_code);
  request.set_page_size(1000);
  while (true) {
    bpb::ListDepartmentsResponse page;
    if (auto s =
            FromPeer(budget_->ListDepartments(
                         CallContext(deadline_, caller).get(), request, &page),
                     "budget");
        !s.ok()) {
      return s;
    }
    for (auto& d : *page.mutable_departments()) out.push_back(std::move(d));
    if (page.next_page_token().empty()) return out;
    request.set_page_token(page.next_page_token());
  }
}

}  // namespace jixiao::evaluation

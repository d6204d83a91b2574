#include "tests/integration/department_setup.h"

#include "gtest/gtest.h"
#include "tests/integration/calls.h"

namespace jixiao::testing {

namespace bpb = ::jixiao::budget::v1;
namespace ipb = ::jixiao::indicator::v1;

bpb::DepartmentYear OriginalBudget(const std::string& region,
                                   const std::string& department, int32_t year,
                                   int64_t total_expenditure,
                                   const std::vector<ProjectBudget>& projects) {
  bpb::DepartmentYear figures;
  figures.set_region_code(region);
  figures.set_department_code(department);
  figures.set_year(year);
  bpb::PhaseFigures* phase = figures.add_phases();
  phase->set_phase(bpb::PHASE_ORIGINAL);
  phase->set_total_expenditure(total_expenditure);
  for (const ProjectBudget& budget : projects) {
    bpb::Project* p = figures.add_projects();
    p->set_code(budget.code);
    p->set_name(budget.name);
    p->set_original(budget.original);
    if (budget.adjusted != 0) p->set_adjusted(budget.adjusted);
  }
  return figures;
}

void CreateDepartmentWithYear(bpb::BudgetService::Stub& budget,
                              const std::string& token, const std::string& name,
                              const bpb::DepartmentYear& year) {
  bpb::CreateDepartmentRequest create;
  create.mutable_department()->set_region_code(year.region_code());
  create.mutable_department()->set_code(year.department_code());
  create.mutable_department()->set_name(name);
  bpb::Department department;
  const grpc::Status created =
      budget.CreateDepartment(CallAs(token).get(), create, &department);
  ASSERT_TRUE(created.ok()) << created.error_message();
  bpb::PutDepartmentYearRequest put;
  *put.mutable_department_year() = year;
  bpb::DepartmentYear stored;
  const grpc::Status figures =
      budget.PutDepartmentYear(CallAs(token).get(), put, &stored);
  ASSERT_TRUE(figures.ok()) << figures.error_message();
}

void AddRoadIndicators(
    google::protobuf::RepeatedPtrField<ipb::TargetIndicator>* to,
    const std::string& prefix) {
  AddIndicator(to, prefix + "1", "产出指标", "数量指标", "养护里程",
               ipb::AT_LEAST, "120", "公里");
  AddIndicator(to, prefix + "2", "效益指标", "社会效益指标", "道路通行条件",
               ipb::QUALITATIVE, "明显改善", "");
  AddIndicator(to, prefix + "3", "满意度指标", "服务对象满意度指标",
               "群众满意度", ipb::AT_LEAST, "90", "%");
}

void ApproveTargets(ipb::TargetService::Stub& service,
                    const ipb::TargetSet& targets,
                    const std::string& department_token,
                    const std::string& finance_token,
                    ipb::TargetSet* approved) {
  ipb::PutTargetsRequest put;
  *put.mutable_targets() = targets;
  ipb::TargetSet out;
  grpc::Status s =
      service.PutTargets(CallAs(department_token).get(), put, &out);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ipb::TargetTransition move;
  *move.mutable_key() = targets.key();
  move.set_expected_version(1);
  s = service.SubmitTargets(CallAs(department_token).get(), move, &out);
  ASSERT_TRUE(s.ok()) << s.error_message();
  move.set_expected_version(2);
  s = service.ApproveTargets(CallAs(finance_token).get(), move, &out);
  ASSERT_TRUE(s.ok()) << s.error_message();
  if (approved != nullptr) *approved = out;
}

void ImportPayments(bpb::BudgetService::Stub& budget, const std::string& token,
                    const std::string& batch_id, const std::string& region,
                    const std::string& department, int32_t year,
                    const std::vector<Payment>& payments) {
  bpb::ImportLedgerRequest batch;
  batch.set_batch_id(batch_id);
  batch.set_region_code(region);
  for (const Payment& payment : payments) {
    bpb::PaymentRecord* p = batch.add_payments();
    p->set_department_code(department);
    p->set_year(year);
    p->set_record_id(payment.record_id);
    p->set_paid_on(payment.paid_on);
    p->set_function_code("2140106");
    p->set_economic_code("30213");
    p->set_project_code(payment.project_code);
    p->set_amount(payment.amount);
  }
  bpb::ImportLedgerResponse response;
  const grpc::Status s =
      budget.ImportLedger(CallAs(token).get(), batch, &response);
  ASSERT_TRUE(s.ok()) << s.error_message();
}

}  // namespace jixiao::testing

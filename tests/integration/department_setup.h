// What the suites put in place before they test: a department-year's key,
// a department with a year of figures in the budget service, performance
// targets declared, submitted and approved, payments imported through the
// ledger. Each step fails the test (gtest ASSERT) when a call fails; a
// token of "" makes the calls without one (services that run open).
#ifndef JIXIAO_TESTS_INTEGRATION_DEPARTMENT_SETUP_H_
#define JIXIAO_TESTS_INTEGRATION_DEPARTMENT_SETUP_H_

#include <cstdint>
#include <string>
#include <vector>

#include "google/protobuf/repeated_ptr_field.h"
#include "jixiao/budget/v1/budget.grpc.pb.h"
#include "jixiao/indicator/v1/targets.grpc.pb.h"
#include "tests/support/target_indicator.h"

namespace jixiao::testing {

// Any of the keys with a region, a department and a year
// (evaluation::v1::DepartmentYear, indicator::v1::EvaluationKey, TargetKey,
// ProjectKey, ...).
template <typename Key>
Key DepartmentYearKey(const std::string& region, const std::string& department,
                      int32_t year) {
  Key key;
  key.set_region_code(region);
  key.set_department_code(department);
  key.set_year(year);
  return key;
}

// A project's budget in 分: 年初预算, and 调整预算 when not 0.
struct ProjectBudget {
  std::string code;
  std::string name;
  int64_t original = 0;
  int64_t adjusted = 0;
};

// A department-year with its 年初预算 total expenditure and its projects.
budget::v1::DepartmentYear OriginalBudget(
    const std::string& region, const std::string& department, int32_t year,
    int64_t total_expenditure, const std::vector<ProjectBudget>& projects);

// The department of `year` created under `name`, then `year` put.
void CreateDepartmentWithYear(budget::v1::BudgetService::Stub& budget,
                              const std::string& token, const std::string& name,
                              const budget::v1::DepartmentYear& year);

// AddIndicator: tests/support/target_indicator.h.

// One indicator of each 一级 the pre-2021 tree asks for, ids `prefix` + 1,
// 2, 3: 产出 养护里程 ≥ 120 公里, 效益 道路通行条件 明显改善 (定性),
// 满意度 群众满意度 ≥ 90 %.
void AddRoadIndicators(
    google::protobuf::RepeatedPtrField<indicator::v1::TargetIndicator>* to,
    const std::string& prefix);

// `targets` put as the first version and submitted by the holder of
// `department_token`, approved by the holder of `finance_token`: version 3
// in force, returned in `approved` when given.
void ApproveTargets(indicator::v1::TargetService::Stub& service,
                    const indicator::v1::TargetSet& targets,
                    const std::string& department_token = "",
                    const std::string& finance_token = "",
                    indicator::v1::TargetSet* approved = nullptr);

// A payment of a department's year (分); no project code for basic
// expenditure.
struct Payment {
  std::string record_id;
  std::string paid_on;
  std::string project_code;
  int64_t amount = 0;
};

// One ledger batch of `department`'s payments in `year` (功能 2140106,
// 经济 30213).
void ImportPayments(budget::v1::BudgetService::Stub& budget,
                    const std::string& token, const std::string& batch_id,
                    const std::string& region, const std::string& department,
                    int32_t year, const std::vector<Payment>& payments);

}  // namespace jixiao::testing

#endif  // JIXIAO_TESTS_INTEGRATION_DEPARTMENT_SETUP_H_

// What `jixiao budget show` prints: a department-year's figures by phase,
// its rates with their inputs, and the consistency findings, as text a
// finance officer reads, or as one JSON object for scripts.
#ifndef JIXIAO_TOOLS_JIXIAO_BUDGET_VIEW_H_
#define JIXIAO_TOOLS_JIXIAO_BUDGET_VIEW_H_

#include <string>

#include "jixiao/budget/v1/budget.pb.h"

namespace jixiao::cli {

struct BudgetView {
  jixiao::budget::v1::Department department;
  jixiao::budget::v1::DepartmentYear year;
  jixiao::budget::v1::Aggregates aggregates;
  jixiao::budget::v1::ConsistencyReport consistency;
};

std::string RenderText(const BudgetView& view);
std::string RenderJson(const BudgetView& view);

}  // namespace jixiao::cli

#endif  // JIXIAO_TOOLS_JIXIAO_BUDGET_VIEW_H_

// The rates of docs/domain.md §1.1–1.2, computed exactly from a
// department-year's figures (and the prior year's, for changes). Each carries
// its formula id and inputs; a rate that lacks an input or has a zero
// denominator is returned as not computable, with the reason.
#ifndef JIXIAO_SERVICES_BUDGET_DOMAIN_RATES_H_
#define JIXIAO_SERVICES_BUDGET_DOMAIN_RATES_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "services/budget/domain/model.h"
#include "services/budget/domain/rate.h"

namespace jixiao::budget {

struct RateContext {
  const Department& department;
  const DepartmentYear& current;
  const DepartmentYear* prior = nullptr;  // the year before, if stored
  const LedgerSummary& ledger;
  bool has_as_of = false;  // whether payments_as_of was asked for
  std::optional<int64_t> planned_payment_progress_hundredths;
};

std::vector<Rate> ComputeRates(const RateContext& context);

// (current − base) / base for one figure in one phase of two years.
Rate YearOverYearChange(Item item, Phase phase, const DepartmentYear& current,
                        const DepartmentYear* base);

// A phase's 支出合计: as stated, or else 基本支出 + 项目支出 when both are
// stated (the note says so). nullopt when neither way works.
struct Resolved {
  Fen value = 0;
  std::string note;
};
std::optional<Resolved> TotalExpenditure(const PhaseFigures& figures);

// The approved budget for an item: 调整预算 when reported, else 年初预算.
std::optional<std::pair<Fen, Phase>> BudgetedAmount(const DepartmentYear& year,
                                                    Item item);

}  // namespace jixiao::budget

#endif  // JIXIAO_SERVICES_BUDGET_DOMAIN_RATES_H_

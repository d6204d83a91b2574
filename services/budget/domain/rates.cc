#include "services/budget/domain/rates.h"

#include "absl/strings/str_cat.h"

namespace jixiao::budget {
namespace {

std::string Labelled(Phase phase, Item item) {
  return absl::StrCat(LabelOf(phase), LabelOf(item));
}

std::optional<Resolved> BudgetTotal(const DepartmentYear& year) {
  for (const Phase phase : {Phase::kAdjusted, Phase::kOriginal}) {
    if (auto total = TotalExpenditure(year.Figures(phase))) {
      total->note = absl::StrCat("取", LabelOf(phase), "数",
                                 total->note.empty() ? "" : "；", total->note);
      return total;
    }
  }
  return std::nullopt;
}

// 追加/追减 live in the adjusted phase; a final account may restate them.
std::optional<Fen> AdjustmentItem(const DepartmentYear& year, Item item) {
  if (auto v = year.Figures(Phase::kAdjusted).Get(item)) return v;
  return year.Figures(Phase::kFinal).Get(item);
}

// Records a derived input with the note that says how it was derived.
std::optional<Fen> NeedResolved(RateBuilder& b, absl::string_view name,
                                const std::optional<Resolved>& resolved) {
  return b.Need(name,
                resolved ? std::optional<Fen>(resolved->value) : std::nullopt,
                InputUnit::kFen, resolved ? resolved->note : "");
}

// The approved budget for an item, noting which phase it came from.
std::optional<Resolved> Budgeted(const DepartmentYear& y, Item item) {
  const auto budget = BudgetedAmount(y, item);
  if (!budget) return std::nullopt;
  return Resolved{budget->first,
                  absl::StrCat("取", LabelOf(budget->second), "数")};
}

Rate StaffControl(const Department& d) {
  RateBuilder b("staff_control", "在职人员控制率", "在职人数 ÷ 编制数 × 100%");
  const auto actual =
      b.Need("年末实有在职人数", d.staff_actual, InputUnit::kPerson);
  const auto authorized =
      b.Need("编制数", d.staff_authorized, InputUnit::kPerson);
  return b.Finish(actual, authorized);
}

Rate ThreePublicChange(const RateContext& c, Phase phase, absl::string_view id,
                       absl::string_view name) {
  Rate rate =
      YearOverYearChange(Item::kThreePublicTotal, phase, c.current, c.prior);
  rate.formula_id = std::string(id);
  rate.name = std::string(name);
  return rate;
}

Rate BudgetCompletionHunan(const DepartmentYear& y) {
  RateBuilder b("budget_completion_hunan", "预算完成率",
                "(上年结转 + 年初预算 + 本年追加预算 − 年末结余) ÷ "
                "(上年结转 + 年初预算 + 本年追加预算) × 100%");
  const auto prior =
      b.Need("上年结转", y.Figures(Phase::kFinal).Get(Item::kCarryoverPrior));
  const auto original = TotalExpenditure(y.Figures(Phase::kOriginal));
  const auto budget = NeedResolved(b, "年初预算", original);
  const auto supplement =
      b.Need("本年追加预算", AdjustmentItem(y, Item::kSupplement));
  const auto year_end =
      b.Need("年末结余", y.Figures(Phase::kFinal).Get(Item::kCarryoverYearEnd));
  if (!prior || !budget || !supplement || !year_end)
    return b.Finish(std::nullopt, std::nullopt);
  const __int128 available =
      static_cast<__int128>(*prior) + *budget + *supplement;
  return b.Finish(available - *year_end, available);
}

Rate BudgetControl(const DepartmentYear& y) {
  RateBuilder b("budget_control", "预算控制率",
                "本年追加预算 ÷ 年初预算 × 100%");
  const auto supplement =
      b.Need("本年追加预算", AdjustmentItem(y, Item::kSupplement));
  const auto original = TotalExpenditure(y.Figures(Phase::kOriginal));
  const auto budget = NeedResolved(b, "年初预算", original);
  return b.Finish(supplement, budget);
}

Rate BudgetAdjustment(const DepartmentYear& y) {
  RateBuilder b("budget_adjustment", "预算调整率",
                "(本年追加预算 + 本年追减预算) ÷ 年初预算 × 100%");
  const auto supplement =
      b.Need("本年追加预算", AdjustmentItem(y, Item::kSupplement));
  const auto reduction =
      b.Need("本年追减预算", AdjustmentItem(y, Item::kReduction));
  const auto original = TotalExpenditure(y.Figures(Phase::kOriginal));
  const auto budget = NeedResolved(b, "年初预算", original);
  if (!supplement || !reduction) return b.Finish(std::nullopt, budget);
  return b.Finish(static_cast<__int128>(*supplement) + *reduction, budget);
}

Rate ExecutionRate(const DepartmentYear& y) {
  RateBuilder b("execution_rate", "预算执行率",
                "决算支出合计 ÷ (全年预算数 + 年初结转和结余) × 100%");
  const auto final_total = TotalExpenditure(y.Figures(Phase::kFinal));
  const auto spent = NeedResolved(b, "决算支出合计", final_total);
  const auto budget_total = BudgetTotal(y);
  const auto budget = NeedResolved(b, "全年预算数", budget_total);
  const auto prior = b.Need(
      "年初结转和结余", y.Figures(Phase::kFinal).Get(Item::kCarryoverPrior));
  if (!budget || !prior) return b.Finish(spent, std::nullopt);
  return b.Finish(spent, static_cast<__int128>(*budget) + *prior);
}

Rate PaymentProgress(const RateContext& c) {
  RateBuilder b("payment_progress", "支付进度率",
                "(截至时点支付数 ÷ 全年预算数) ÷ 既定支付进度 × 100%");
  std::optional<Fen> paid;
  if (c.has_as_of) paid = c.ledger.payments_as_of;
  const auto payments =
      b.Need("截至时点支付数", paid, InputUnit::kFen, "由支付记录汇总");
  const auto budget_total = BudgetTotal(c.current);
  const auto budget = NeedResolved(b, "全年预算数", budget_total);
  if (!c.planned_payment_progress_hundredths.has_value()) {
    b.Need("既定支付进度", std::nullopt);
    return b.Finish(std::nullopt, std::nullopt);
  }
  if (!payments || !budget) return b.Finish(std::nullopt, std::nullopt);
  // (p / B) / (planned / 10000) = p × 10000 / (B × planned)
  return b.Finish(
      static_cast<__int128>(*payments) * 10000,
      static_cast<__int128>(*budget) * *c.planned_payment_progress_hundredths);
}

Rate CarryoverRatio(const DepartmentYear& y) {
  RateBuilder b("carryover_ratio", "结转结余率",
                "年末结转和结余 ÷ 全年预算数 × 100%");
  const auto year_end = b.Need(
      "年末结转和结余", y.Figures(Phase::kFinal).Get(Item::kCarryoverYearEnd));
  const auto budget_total = BudgetTotal(y);
  const auto budget = NeedResolved(b, "全年预算数", budget_total);
  return b.Finish(year_end, budget);
}

Rate ControlRate(const DepartmentYear& y, Item item, absl::string_view id,
                 absl::string_view name) {
  RateBuilder b(
      id, name,
      absl::StrCat(LabelOf(item), "决算数 ÷ ", LabelOf(item), "预算数 × 100%"));
  const auto actual =
      b.Need(Labelled(Phase::kFinal, item), y.Figures(Phase::kFinal).Get(item));
  const auto den =
      NeedResolved(b, absl::StrCat(LabelOf(item), "预算数"), Budgeted(y, item));
  return b.Finish(actual, den);
}

Rate KeySpendingShare(const DepartmentYear& y) {
  RateBuilder b("key_spending_share", "重点支出安排率",
                "重点项目年初预算 ÷ 全部项目年初预算 × 100%");
  if (y.projects.empty()) {
    b.Need("项目明细", std::nullopt);
    return b.Finish(std::nullopt, std::nullopt);
  }
  __int128 key = 0;
  __int128 all = 0;
  for (const Project& p : y.projects) {
    if (!p.original.has_value()) {
      b.Need(absl::StrCat("项目“", p.name, "”年初预算"), std::nullopt);
      continue;
    }
    all += *p.original;
    if (p.key_project) key += *p.original;
  }
  b.Need("重点项目年初预算合计", static_cast<int64_t>(key), InputUnit::kFen,
         "由项目明细汇总");
  b.Need("全部项目年初预算合计", static_cast<int64_t>(all), InputUnit::kFen,
         "由项目明细汇总");
  return b.Finish(key, all);
}

}  // namespace

std::optional<Resolved> TotalExpenditure(const PhaseFigures& figures) {
  if (auto total = figures.Get(Item::kTotalExpenditure)) {
    return Resolved{*total, ""};
  }
  const auto basic = figures.Get(Item::kBasicExpenditure);
  const auto project = figures.Get(Item::kProjectExpenditure);
  if (basic && project) {
    return Resolved{*basic + *project,
                    "未列支出合计，由基本支出 + 项目支出得出"};
  }
  return std::nullopt;
}

std::optional<std::pair<Fen, Phase>> BudgetedAmount(const DepartmentYear& year,
                                                    Item item) {
  for (const Phase phase : {Phase::kAdjusted, Phase::kOriginal}) {
    if (auto v = year.Figures(phase).Get(item))
      return std::make_pair(*v, phase);
  }
  return std::nullopt;
}

Rate YearOverYearChange(Item item, Phase phase, const DepartmentYear& current,
                        const DepartmentYear* base) {
  RateBuilder b("yoy_change", absl::StrCat(LabelOf(item), "变动率"),
                absl::StrCat("(本年", LabelOf(item), " − 上年", LabelOf(item),
                             ") ÷ 上年", LabelOf(item), " × 100%"));
  const auto now =
      b.Need(absl::StrCat(current.year, "年", Labelled(phase, item)),
             current.Figures(phase).Get(item));
  const auto before =
      b.Need(absl::StrCat(base ? base->year : current.year - 1, "年",
                          Labelled(phase, item)),
             base ? base->Figures(phase).Get(item) : std::nullopt);
  if (!now || !before) return b.Finish(std::nullopt, std::nullopt);
  return b.Finish(static_cast<__int128>(*now) - *before, *before);
}

std::vector<Rate> ComputeRates(const RateContext& c) {
  const DepartmentYear& y = c.current;
  std::vector<Rate> rates;
  rates.push_back(StaffControl(c.department));
  rates.push_back(ThreePublicChange(c, Phase::kOriginal,
                                    "three_public_change_budget",
                                    "“三公”经费变动率(预算数口径)"));
  rates.push_back(ThreePublicChange(c, Phase::kFinal,
                                    "three_public_change_final",
                                    "“三公”经费变动率(决算数口径)"));
  rates.push_back(ControlRate(y, Item::kThreePublicTotal,
                              "three_public_control", "“三公”经费控制率"));
  rates.push_back(BudgetCompletionHunan(y));
  rates.push_back(BudgetControl(y));
  rates.push_back(BudgetAdjustment(y));
  rates.push_back(ExecutionRate(y));
  rates.push_back(PaymentProgress(c));
  rates.push_back(CarryoverRatio(y));
  {
    Rate change =
        YearOverYearChange(Item::kCarryoverYearEnd, Phase::kFinal, y, c.prior);
    change.formula_id = "carryover_change";
    change.name = "结转结余变动率";
    rates.push_back(std::move(change));
  }
  rates.push_back(ControlRate(y, Item::kPublicFunds, "public_funds_control",
                              "公用经费控制率"));
  rates.push_back(ControlRate(y, Item::kProcurement, "procurement_execution",
                              "政府采购执行率"));
  rates.push_back(KeySpendingShare(y));
  return rates;
}

}  // namespace jixiao::budget

#include "services/budget/domain/consistency.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "libs/money/money.h"
#include "libs/money/percent.h"
#include "services/budget/domain/rates.h"

namespace jixiao::budget {
namespace {

using money::FormatWanYuan;
using money::FormatYuan;

// A figure read as 元 where 万元 was meant (or the reverse) is off by 10^4.
constexpr Fen kUnitFactor = 10'000;
// Stated percents have two decimals; a computed rate within 0.01 point
// agrees with them.
constexpr int64_t kPercentTolerance = 1;

struct Part {
  Item item;
  bool required = true;
  // Read instead when `item` is absent: the seed, like many reports, states
  // 一般商品和服务支出 (302) where the identity wants 公用经费.
  std::optional<Item> fallback = std::nullopt;
};

struct Term {
  Item item;
  Fen value;
  int side;  // +1 left of '=', -1 right
};

__int128 Abs(__int128 v) { return v < 0 ? -v : v; }

std::string Where(int32_t year, Phase phase) {
  return absl::StrCat(year, "年", LabelOf(phase));
}

std::string SumText(const std::vector<Term>& terms, int side) {
  std::vector<std::string> pieces;
  for (const Term& t : terms) {
    if (t.side == side) {
      pieces.push_back(absl::StrCat(LabelOf(t.item), FormatWanYuan(t.value)));
    }
  }
  return absl::StrJoin(pieces, " + ");
}

Fen SideSum(const std::vector<Term>& terms, int side) {
  Fen sum = 0;
  for (const Term& t : terms) {
    if (t.side == side) sum += t.value;
  }
  return sum;
}

// Values of `value` that a wrong unit would explain: ×10^4 (万元 written as
// 元) and ÷10^4 when exact (元 written as 万元).
std::vector<Fen> UnitAlternatives(Fen value) {
  std::vector<Fen> out;
  if (value != 0 &&
      Abs(static_cast<__int128>(value) * kUnitFactor) <= money::kMaxAmount) {
    out.push_back(value * kUnitFactor);
  }
  if (value != 0 && value % kUnitFactor == 0)
    out.push_back(value / kUnitFactor);
  return out;
}

std::string UnitMessage(int32_t year, Phase phase, Item item, Fen stored,
                        Fen corrected, absl::string_view what_then_holds) {
  const bool scaled_up = corrected > stored;
  return absl::StrCat(Where(year, phase), LabelOf(item), "填报为",
                      scaled_up ? FormatYuan(stored) : FormatWanYuan(stored),
                      "，单位疑似有误：按", FormatWanYuan(corrected), "计，",
                      what_then_holds,
                      "成立；按现值不成立。请核对该数的计量单位（万元/元）。");
}

// +1 for words that say a figure went up, -1 for down, 0 for none.
int WordDirection(absl::string_view word) {
  for (const absl::string_view down :
       {"下降", "减少", "降低", "减", "下降了"}) {
    if (word.find(down) != absl::string_view::npos) return -1;
  }
  for (const absl::string_view up : {"增长", "增加", "上升", "提高", "增"}) {
    if (word.find(up) != absl::string_view::npos) return 1;
  }
  return 0;
}

class Checker {
 public:
  explicit Checker(const ConsistencyInput& in) : in_(in) {}

  ConsistencyResult Run() {
    const DepartmentYear& y = in_.current;
    for (const auto& [phase, figures] : y.phases) {
      if (figures.Empty()) continue;
      Additive("B1", phase, {{Item::kBasicExpenditure}},
               {{Item::kPersonnel},
                {Item::kPublicFunds, true, Item::kGoodsServices302}});
      Additive("B2", phase, {{Item::kPersonnel}},
               {{Item::kWages301}, {Item::kFamilySubsidies303}});
      Additive("B3", phase, {{Item::kPublicFunds}},
               {{Item::kGoodsServices302}, {Item::kBasicCapital310, false}});
      Additive("B4", phase, {{Item::kProjectExpenditure}},
               {{Item::kProjectCapitalConstruction},
                {Item::kProjectAdministrative}});
      ProjectsSum(phase);
      Additive("B5", phase, {{Item::kTotalExpenditure}},
               {{Item::kBasicExpenditure},
                {Item::kProjectExpenditure},
                {Item::kPaymentsToSuperior, false},
                {Item::kBusinessExpenditure, false},
                {Item::kSubsidiesToAffiliates, false}});
      LedgerTotals(phase);
      Additive("B7", phase, {{Item::kRevenueTotal}},
               {{Item::kRevenueFiscal},
                {Item::kRevenueSuperiorSubsidy, false},
                {Item::kRevenuePublicService, false},
                {Item::kRevenueBusiness, false},
                {Item::kRevenueAffiliates, false},
                {Item::kRevenueOther, false}});
      Additive("B8", phase, {{Item::kRevenueFiscal}},
               {{Item::kRevenueGeneralBudget},
                {Item::kRevenueGovFund, false},
                {Item::kRevenueStateCapital, false}});
      Additive("T1", phase, {{Item::kThreePublicTotal}},
               {{Item::kAbroad, false},
                {Item::kVehicleTotal, false},
                {Item::kReception, false}});
      Additive("T2", phase, {{Item::kVehicleTotal}},
               {{Item::kVehiclePurchase}, {Item::kVehicleOperation}});
      AtMost("T5", phase, Item::kAdminRunningCost,
             figures.Get(Item::kAdminRunningCost), Item::kPublicFunds,
             figures.Get(Item::kPublicFunds), Severity::kError);
    }
    // The balance of the final account (收支总表).
    Additive("B9", Phase::kFinal,
             {{Item::kCarryoverPrior},
              {Item::kRevenueTotal},
              {Item::kNonFiscalSurplusUsed, false}},
             {{Item::kTotalExpenditure},
              {Item::kSurplusDistribution, false},
              {Item::kCarryoverYearEnd}});
    Additive("B9", Phase::kFinal, {{Item::kRevenueGrandTotal}},
             {{Item::kRevenueTotal}, {Item::kCarryoverPrior}});
    CannotOverspend();
    CopiedBreakdown();
    ThreePublicWithinBudget();
    ExecutionAtMostFull();
    StatedRates();
    return std::move(result_);
  }

 private:
  const PhaseFigures& Figures(Phase phase) const {
    return in_.current.Figures(phase);
  }
  int32_t Year() const { return in_.current.year; }

  void NotChecked(absl::string_view id, Phase phase,
                  const std::vector<std::string>& missing) {
    result_.not_checked.push_back(absl::StrCat(
        id, " ", Where(Year(), phase), "：缺少", absl::StrJoin(missing, "、")));
  }

  void Add(Finding finding) { result_.findings.push_back(std::move(finding)); }

  // Σ left = Σ right. Absent required parts skip the check (said in
  // not_checked); absent optional parts count as 0 and are named when the
  // sum misses. Before reporting a miss, tries whether one figure in the
  // wrong unit explains it (U1).
  void Additive(absl::string_view id, Phase phase, std::vector<Part> left,
                std::vector<Part> right) {
    const PhaseFigures& f = Figures(phase);
    if (f.Empty()) return;
    std::vector<Term> terms;
    std::vector<std::string> missing_required;
    std::vector<Item> absent_optional_right;
    std::vector<Item> absent_optional_left;
    bool any_optional_present = false;
    bool all_right_optional = true;
    for (const auto& [parts, side] :
         {std::pair{&left, 1}, std::pair{&right, -1}}) {
      for (const Part& part : *parts) {
        if (side == -1 && part.required) all_right_optional = false;
        const Item item =
            (!f.Has(part.item) && part.fallback && f.Has(*part.fallback))
                ? *part.fallback
                : part.item;
        if (const auto v = f.Get(item)) {
          terms.push_back(Term{item, *v, side});
          if (!part.required) any_optional_present = true;
        } else if (part.required) {
          missing_required.emplace_back(LabelOf(part.item));
        } else {
          (side == 1 ? absent_optional_left : absent_optional_right)
              .push_back(part.item);
        }
      }
    }
    if (!missing_required.empty()) {
      // A check none of whose figures was reported is not worth a line.
      if (!terms.empty()) NotChecked(id, phase, missing_required);
      return;
    }
    // A sum whose parts are all optional needs at least one of them.
    if (all_right_optional && !any_optional_present) return;
    ++result_.identities_checked;
    const Fen lhs = SideSum(terms, 1);
    const Fen rhs = SideSum(terms, -1);
    const __int128 diff = static_cast<__int128>(lhs) - rhs;
    if (Abs(diff) <= in_.tolerance) return;
    if (WrongUnit(id, phase, terms, diff)) return;

    // Unreported parts on the short side could explain the gap.
    const std::vector<Item>& could_explain =
        diff > 0 ? absent_optional_right : absent_optional_left;
    Finding finding;
    finding.identity = std::string(id);
    finding.year = Year();
    finding.phase = phase;
    finding.difference = static_cast<Fen>(diff);
    finding.severity =
        could_explain.empty() ? Severity::kError : Severity::kWarning;
    for (const Term& t : terms) {
      finding.values.push_back({std::string(LabelOf(t.item)), t.value});
    }
    finding.message = absl::StrCat(
        Where(Year(), phase), "：", SumText(terms, 1), "，而",
        SumText(terms, -1), " = ", FormatWanYuan(rhs), "，两者相差",
        FormatWanYuan(static_cast<Fen>(Abs(diff))), "。");
    if (!could_explain.empty()) {
      std::vector<std::string> labels;
      for (const Item item : could_explain) labels.emplace_back(LabelOf(item));
      absl::StrAppend(&finding.message, "未列明", absl::StrJoin(labels, "、"),
                      "；若差额为该项金额，请补报，否则请核对。");
    } else {
      absl::StrAppend(&finding.message, "请核对各分项与合计。");
    }
    Add(std::move(finding));
  }

  bool WrongUnit(absl::string_view id, Phase phase,
                 const std::vector<Term>& terms, __int128 diff) {
    for (const Term& t : terms) {
      for (const Fen alt : UnitAlternatives(t.value)) {
        const __int128 fixed =
            diff + static_cast<__int128>(t.side) * (alt - t.value);
        if (Abs(fixed) > in_.tolerance) continue;
        Finding finding;
        finding.identity = "U1";
        finding.severity = Severity::kError;
        finding.year = Year();
        finding.phase = phase;
        finding.difference = static_cast<Fen>(diff);
        finding.values.push_back({std::string(LabelOf(t.item)), t.value});
        finding.values.push_back(
            {absl::StrCat(LabelOf(t.item), "(按单位更正)"), alt});
        finding.message = UnitMessage(Year(), phase, t.item, t.value, alt,
                                      absl::StrCat(id, "恒等式"));
        Add(std::move(finding));
        return true;
      }
    }
    return false;
  }

  void AtMost(absl::string_view id, Phase phase, Item small_item,
              std::optional<Fen> small, Item big_item, std::optional<Fen> big,
              Severity severity) {
    if (!small || !big) return;
    ++result_.identities_checked;
    if (*small <= *big + in_.tolerance) return;
    Add(Finding{std::string(id),
                severity,
                Year(),
                phase,
                absl::StrCat(Where(Year(), phase), "：", LabelOf(small_item),
                             FormatWanYuan(*small), "超过", LabelOf(big_item),
                             FormatWanYuan(*big), "，超出",
                             FormatWanYuan(*small - *big), "。"),
                {{std::string(LabelOf(small_item)), *small},
                 {std::string(LabelOf(big_item)), *big}},
                *small - *big});
  }

  // B4 against the project list, when projects carry amounts in the phase.
  void ProjectsSum(Phase phase) {
    const auto stated = Figures(phase).Get(Item::kProjectExpenditure);
    if (!stated) return;
    __int128 sum = 0;
    int with_amount = 0;
    for (const Project& p : in_.current.projects) {
      if (const auto v = p.In(phase)) {
        sum += *v;
        ++with_amount;
      }
    }
    if (with_amount == 0) return;
    ++result_.identities_checked;
    const __int128 diff = static_cast<__int128>(*stated) - sum;
    if (Abs(diff) <= in_.tolerance) return;
    Add(Finding{
        "B4",
        Severity::kError,
        Year(),
        phase,
        absl::StrCat(Where(Year(), phase), "：项目支出", FormatWanYuan(*stated),
                     "，而", with_amount, "个项目合计",
                     FormatWanYuan(static_cast<Fen>(sum)), "，相差",
                     FormatWanYuan(static_cast<Fen>(Abs(diff))), "。"),
        {{"项目支出", *stated}, {"项目明细合计", static_cast<Fen>(sum)}},
        static_cast<Fen>(diff)});
  }

  // B6: the budget lines of a phase add up to its 支出合计, and by 经济分类
  // 类 to 301/302/303 where those are stated.
  void LedgerTotals(Phase phase) {
    const auto it = in_.ledger.lines.find(phase);
    if (it == in_.ledger.lines.end() || it->second.count == 0) return;
    const auto& lines = it->second;
    auto compare = [&](absl::string_view what, std::optional<Fen> stated,
                       Fen lines_sum) {
      if (!stated) return;
      ++result_.identities_checked;
      const __int128 diff = static_cast<__int128>(*stated) - lines_sum;
      if (Abs(diff) <= in_.tolerance) return;
      Add(Finding{
          "B6",
          Severity::kError,
          Year(),
          phase,
          absl::StrCat(Where(Year(), phase), "：", what, FormatWanYuan(*stated),
                       "，而预算明细(按科目)合计", FormatWanYuan(lines_sum),
                       "，相差", FormatWanYuan(static_cast<Fen>(Abs(diff))),
                       "。"),
          {{std::string(what), *stated}, {"科目明细合计", lines_sum}},
          static_cast<Fen>(diff)});
    };
    const auto total = TotalExpenditure(Figures(phase));
    compare("支出合计", total ? std::optional<Fen>(total->value) : std::nullopt,
            lines.total);
    const std::pair<const char*, Item> classes[] = {
        {"301", Item::kWages301},
        {"302", Item::kGoodsServices302},
        {"303", Item::kFamilySubsidies303}};
    for (const auto& [code, item] : classes) {
      const auto found = lines.by_economic.find(code);
      compare(LabelOf(item), Figures(phase).Get(item),
              found == lines.by_economic.end() ? 0 : found->second);
    }
  }

  void CannotOverspend() {
    const PhaseFigures& f = Figures(Phase::kFinal);
    const auto spent = f.Get(Item::kTotalExpenditure);
    const auto prior = f.Get(Item::kCarryoverPrior);
    const auto revenue = f.Get(Item::kRevenueTotal);
    if (!spent || !prior || !revenue) return;
    const Fen available =
        *prior + *revenue + f.Get(Item::kNonFiscalSurplusUsed).value_or(0);
    ++result_.identities_checked;
    if (*spent <= available + in_.tolerance) return;
    Add(Finding{"B11",
                Severity::kError,
                Year(),
                Phase::kFinal,
                absl::StrCat(Where(Year(), Phase::kFinal), "：支出合计",
                             FormatWanYuan(*spent),
                             "超过可用资金(年初结转和结余 + 本年收入)",
                             FormatWanYuan(available), "，超出",
                             FormatWanYuan(*spent - available), "。"),
                {{"支出合计", *spent}, {"可用资金", available}},
                *spent - available});
  }

  // B12: a final account whose breakdown repeats the budget's item for item
  // while its total differs was copied, not compiled.
  void CopiedBreakdown() {
    static constexpr Item kBreakdown[] = {Item::kBasicExpenditure,
                                          Item::kPersonnel,
                                          Item::kWages301,
                                          Item::kFamilySubsidies303,
                                          Item::kPublicFunds,
                                          Item::kGoodsServices302,
                                          Item::kProjectExpenditure,
                                          Item::kProjectCapitalConstruction,
                                          Item::kProjectAdministrative};
    const PhaseFigures& final_figures = Figures(Phase::kFinal);
    const auto final_total = final_figures.Get(Item::kTotalExpenditure);
    if (!final_total) return;
    for (const Phase budget_phase : {Phase::kAdjusted, Phase::kOriginal}) {
      const PhaseFigures& budget = Figures(budget_phase);
      const auto budget_total = TotalExpenditure(budget);
      if (!budget_total) continue;
      ++result_.identities_checked;
      std::vector<FindingValue> same;
      std::vector<std::string> labels;
      for (const Item item : kBreakdown) {
        const auto a = final_figures.Get(item);
        const auto b = budget.Get(item);
        if (a && b && *a == *b && *a != 0) {
          same.push_back({std::string(LabelOf(item)), *a});
          labels.push_back(absl::StrCat(LabelOf(item), FormatWanYuan(*a)));
        }
      }
      const Fen gap = *final_total - budget_total->value;
      if (same.size() < 3 || Abs(gap) <= in_.tolerance) continue;
      same.push_back({"决算支出合计", *final_total});
      same.push_back({absl::StrCat(LabelOf(budget_phase), "支出合计"),
                      budget_total->value});
      Add(Finding{
          "B12", Severity::kWarning, Year(), Phase::kFinal,
          absl::StrCat(Where(Year(), Phase::kFinal), "支出明细与",
                       LabelOf(budget_phase), "逐项相同(",
                       absl::StrJoin(labels, "、"), ")，但决算支出合计",
                       FormatWanYuan(*final_total), "与", LabelOf(budget_phase),
                       "支出合计", FormatWanYuan(budget_total->value), "相差",
                       FormatWanYuan(static_cast<Fen>(Abs(gap))),
                       "：决算明细疑似照抄预算，请按实际支出重新填列。"),
          std::move(same), gap});
      return;
    }
  }

  void ThreePublicWithinBudget() {
    const auto actual = Figures(Phase::kFinal).Get(Item::kThreePublicTotal);
    const auto budget = BudgetedAmount(in_.current, Item::kThreePublicTotal);
    if (!actual || !budget) return;
    ++result_.identities_checked;
    if (*actual <= budget->first + in_.tolerance) return;
    Add(Finding{
        "T4",
        Severity::kWarning,
        Year(),
        Phase::kFinal,
        absl::StrCat(Where(Year(), Phase::kFinal), "“三公”经费",
                     FormatWanYuan(*actual), "超过", LabelOf(budget->second),
                     "数", FormatWanYuan(budget->first), "，超出",
                     FormatWanYuan(*actual - budget->first),
                     "，“三公”经费控制率超过100%，需说明原因。"),
        {{"“三公”经费决算数", *actual}, {"“三公”经费预算数", budget->first}},
        *actual - budget->first});
  }

  void ExecutionAtMostFull() {
    for (const Rate& rate : Rates()) {
      if (rate.formula_id != "execution_rate" || !rate.computable) continue;
      ++result_.identities_checked;
      if (rate.numerator <= rate.denominator) return;
      std::vector<FindingValue> values;
      for (const RateInput& input : rate.inputs)
        values.push_back({input.name, input.value});
      Add(Finding{
          "R1", Severity::kWarning, Year(), Phase::kFinal,
          absl::StrCat(
              Year(), "年预算执行率为", rate.Percent(),
              "%，超过100%：支出多于全年预算数与年初结转之和，请核对。"),
          std::move(values), rate.numerator - rate.denominator});
    }
  }

  const std::vector<Rate>& Rates() {
    if (!rates_.has_value()) {
      rates_ = ComputeRates(RateContext{in_.department, in_.current, in_.prior,
                                        in_.ledger, false, std::nullopt});
    }
    return *rates_;
  }

  static std::string IdentityForFormula(absl::string_view formula_id) {
    if (formula_id == "staff_control") return "P1";
    if (formula_id == "execution_rate") return "R1";
    if (formula_id == "yoy_change" ||
        absl::StartsWith(formula_id, "three_public_change")) {
      return "T3";
    }
    if (formula_id == "three_public_control") return "T4";
    return "R3";
  }

  void StatedRates() {
    for (const StatedRate& stated : in_.current.stated_rates) {
      const int direction = WordDirection(stated.word);
      // "下降了7.68%" claims −7.68 whether or not the number carries a sign.
      int64_t claim = stated.hundredths;
      if (direction != 0) claim = direction * (claim < 0 ? -claim : claim);
      const std::string identity = IdentityForFormula(stated.formula_id);
      if (stated.formula_id == "yoy_change") {
        if (!stated.item) continue;  // validated on write; defensive
        CheckStatedChange(stated, *stated.item, claim, direction);
        continue;
      }
      const Rate* computed = nullptr;
      for (const Rate& rate : Rates()) {
        if (rate.formula_id == stated.formula_id) computed = &rate;
      }
      if (computed == nullptr || !computed->computable) {
        result_.not_checked.push_back(
            absl::StrCat(identity, " ", Year(), "年所述",
                         computed ? computed->name : stated.formula_id, "：",
                         computed ? computed->reason : "未知公式"));
        continue;
      }
      ++result_.identities_checked;
      if (money::RatioMatchesPercent(computed->numerator, computed->denominator,
                                     claim, kPercentTolerance)) {
        continue;
      }
      std::vector<FindingValue> values;
      for (const RateInput& input : computed->inputs)
        values.push_back({input.name, input.value});
      Add(Finding{
          identity, Severity::kError, Year(), std::nullopt,
          absl::StrCat(Year(), "年报告所述", computed->name, "为",
                       money::FormatHundredths(claim), "%，按数据计算为",
                       computed->Percent(), "%(", computed->formula, ")。"),
          std::move(values), 0});
    }
  }

  void CheckStatedChange(const StatedRate& stated, Item item, int64_t claim,
                         int direction) {
    const Phase phase = Phase::kFinal;
    const Rate rate = YearOverYearChange(item, phase, in_.current, in_.prior);
    if (!rate.computable) {
      result_.not_checked.push_back(
          absl::StrCat("T3 ", Year(), "年所述", rate.name, "：", rate.reason));
      return;
    }
    ++result_.identities_checked;
    const Fen now = *in_.current.Figures(phase).Get(item);
    const Fen before = *in_.prior->Figures(phase).Get(item);
    const auto matches = [&](Fen current_value, Fen base_value) {
      return base_value != 0 &&
             money::RatioMatchesPercent(current_value - base_value, base_value,
                                        claim, kPercentTolerance);
    };
    if (matches(now, before)) {
      if (direction != 0 && (now - before) * direction < 0) {
        Add(Finding{
            "T3",
            Severity::kError,
            Year(),
            phase,
            absl::StrCat("报告称", LabelOf(item), "“", stated.word,
                         "”，但按数据为", now > before ? "增长" : "下降", "。"),
            {{absl::StrCat(Year(), "年"), now},
             {absl::StrCat(Year() - 1, "年"), before}},
            now - before});
      }
      return;
    }
    // Would one of the two figures in the other unit make the claim true?
    // A change rate cannot tell which of the two is off (scaling either
    // one can fit), so the candidate that also mends its own year's sums,
    // or breaks the fewest, wins; the earlier year wins a tie.
    struct Candidate {
      const DepartmentYear* year;
      Fen stored;
      Fen alt;
      int worse;  // findings added (negative: removed) in that year
    };
    std::optional<Candidate> best;
    for (const DepartmentYear* y : {in_.prior, &in_.current}) {
      const Fen stored = y == in_.prior ? before : now;
      for (const Fen alt : UnitAlternatives(stored)) {
        if (!(y == in_.prior ? matches(now, alt) : matches(alt, before)))
          continue;
        DepartmentYear corrected = *y;
        corrected.phases[phase].Set(item, alt);
        const int worse = FindingsAlone(corrected) - FindingsAlone(*y);
        if (worse <= 0 && (!best || worse < best->worse))
          best = Candidate{y, stored, alt, worse};
      }
    }
    if (best) {
      Finding finding;
      finding.identity = "U1";
      finding.severity = Severity::kError;
      finding.year = best->year->year;
      finding.phase = phase;
      finding.values = {
          {absl::StrCat(Year(), "年", LabelOf(item)), now},
          {absl::StrCat(Year() - 1, "年", LabelOf(item)), before},
          {absl::StrCat(best->year->year, "年", LabelOf(item), "(按单位更正)"),
           best->alt}};
      finding.message =
          UnitMessage(best->year->year, phase, item, best->stored, best->alt,
                      absl::StrCat("报告所述", LabelOf(item), "变动率",
                                   money::FormatHundredths(claim), "%"));
      Add(std::move(finding));
      return;
    }
    Add(Finding{
        "T3",
        Severity::kError,
        Year(),
        phase,
        absl::StrCat("报告称", LabelOf(item), "与上年相比", stated.word,
                     money::FormatHundredths(claim < 0 ? -claim : claim),
                     "%，按数据(", Year(), "年", FormatWanYuan(now), "，",
                     Year() - 1, "年", FormatWanYuan(before), ")计算为",
                     rate.Percent(), "%。"),
        {{absl::StrCat(Year(), "年", LabelOf(item)), now},
         {absl::StrCat(Year() - 1, "年", LabelOf(item)), before}},
        0});
  }

  // How many findings one year's figures raise on their own.
  int FindingsAlone(const DepartmentYear& year) const {
    const LedgerSummary no_ledger;
    return static_cast<int>(
        Checker(ConsistencyInput{in_.department, year, nullptr, no_ledger,
                                 in_.tolerance})
            .Run()
            .findings.size());
  }

  const ConsistencyInput& in_;
  ConsistencyResult result_;
  std::optional<std::vector<Rate>> rates_;
};

}  // namespace

ConsistencyResult CheckConsistency(const ConsistencyInput& input) {
  return Checker(input).Run();
}

}  // namespace jixiao::budget

#include "services/indicator/domain/monitoring.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "libs/base/status_macros.h"
#include "libs/money/decimal.h"
#include "libs/money/money.h"
#include "libs/money/percent.h"
#include "libs/validate/validate.h"

namespace jixiao::indicator {
namespace {

constexpr int kValueDecimals = 4;  // as the targets' values
constexpr int64_t kMaxValue = int64_t{1'000'000'000'000} * 10'000;
constexpr int kMaxText = 1000;

bool Leap(int32_t year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int32_t ClampBp(int64_t bp) {
  return static_cast<int32_t>(
      std::clamp<int64_t>(bp, -1'000'000'000, 1'000'000'000));
}

// What a filed indicator is measured against, from the targets in force.
struct Targeted {
  std::string project_code;
  const pb::TargetIndicator* indicator = nullptr;
};

std::map<std::string, Targeted> TargetedIndicators(const pb::TargetSet& set) {
  std::map<std::string, Targeted> by_id;
  for (const pb::TargetIndicator& i : set.indicators()) {
    by_id[i.id()] = {"", &i};
  }
  for (const pb::ProjectTarget& p : set.projects()) {
    for (const pb::TargetIndicator& i : p.indicators()) {
      by_id[i.id()] = {p.project_code(), &i};
    }
  }
  return by_id;
}

absl::Status CheckValue(const std::string& field, const std::string& value,
                        bool quantitative) {
  JIXIAO_RETURN_IF_ERROR(validate::ValidateText(field, value, 100, true));
  if (quantitative &&
      !money::ParseDecimal(value, kValueDecimals, kMaxValue).ok()) {
    return validate::Invalid(
        field, absl::StrCat("\"", value,
                            "\" is not a decimal (the target is quantitative; "
                            "at most ",
                            kValueDecimals, " decimals)"));
  }
  return absl::OkStatus();
}

std::string Lag(int32_t execution_bp, int32_t time_bp, int32_t threshold_bp) {
  return absl::StrCat("执行率 ", PercentOfBp(execution_bp), "，时间进度 ",
                      PercentOfBp(time_bp), "，相差 ",
                      money::FormatDecimal(time_bp - execution_bp, 2),
                      " 个百分点，超过阈值 ",
                      money::FormatDecimal(threshold_bp, 2), " 个百分点");
}

pb::Warning MakeWarning(absl::string_view department_code, std::string id,
                        pb::WarningKind kind, absl::string_view project_code,
                        std::string message) {
  pb::Warning w;
  w.set_id(std::move(id));
  w.set_department_code(std::string(department_code));
  w.set_kind(kind);
  w.set_project_code(std::string(project_code));
  w.set_message(std::move(message));
  return w;
}

// Whether a numeric forecast misses the target: below ≥, above ≤, off =.
// nullopt when either side is not a decimal (a 定性 target).
std::optional<bool> Misses(const pb::MonitoredIndicator& filed) {
  if (filed.comparator() == pb::QUALITATIVE) return std::nullopt;
  const auto forecast =
      money::ParseDecimal(filed.forecast(), kValueDecimals, kMaxValue);
  const auto target =
      money::ParseDecimal(filed.target_value(), kValueDecimals, kMaxValue);
  if (!forecast.ok() || !target.ok()) return std::nullopt;
  switch (filed.comparator()) {
    case pb::AT_LEAST:
      return *forecast < *target;
    case pb::AT_MOST:
      return *forecast > *target;
    case pb::EQUAL:
      return *forecast != *target;
    default:
      return std::nullopt;
  }
}

}  // namespace

absl::StatusOr<DayOfYear> ParseDay(absl::string_view field,
                                   absl::string_view date) {
  int y = 0, m = 0, d = 0;
  const bool shaped = date.size() == 10 && date[4] == '-' && date[7] == '-' &&
                      validate::AllDigits(date.substr(0, 4)) &&
                      validate::AllDigits(date.substr(5, 2)) &&
                      validate::AllDigits(date.substr(8, 2)) &&
                      absl::SimpleAtoi(date.substr(0, 4), &y) &&
                      absl::SimpleAtoi(date.substr(5, 2), &m) &&
                      absl::SimpleAtoi(date.substr(8, 2), &d);
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
  if (!shaped || m < 1 || m > 12 || d < 1 ||
      d > kDays[m - 1] + (m == 2 && Leap(y) ? 1 : 0)) {
    return validate::Invalid(
        field, absl::StrCat("\"", date, "\" is not a date YYYY-MM-DD"));
  }
  DayOfYear day{y, d, Leap(y) ? 366 : 365};
  for (int month = 1; month < m; ++month) {
    day.day += kDays[month - 1] + (month == 2 && Leap(y) ? 1 : 0);
  }
  return day;
}

int32_t TimeProgressBp(const DayOfYear& as_of) {
  return static_cast<int32_t>(
      money::RatioToHundredthsOfPercent(as_of.day, as_of.days_in_year));
}

absl::Status ValidateRound(const pb::MonitoringRound& round) {
  JIXIAO_RETURN_IF_ERROR(validate::ValidateRegionCode(
      "round.key.region_code", round.key().region_code()));
  JIXIAO_RETURN_IF_ERROR(validate::ValidateDepartmentCode(
      "round.key.round_id", round.key().round_id()));
  JIXIAO_RETURN_IF_ERROR(validate::ValidateYear("round.year", round.year()));
  JIXIAO_ASSIGN_OR_RETURN(auto as_of, ParseDay("round.as_of", round.as_of()));
  if (as_of.year != round.year()) {
    return validate::Invalid("round.as_of",
                             absl::StrCat("must fall in ", round.year()));
  }
  JIXIAO_RETURN_IF_ERROR(ParseDay("round.due", round.due()).status());
  if (round.due() < round.as_of()) {
    return validate::Invalid("round.due",
                             absl::StrCat("is before as_of ", round.as_of(),
                                          ": the data must exist when filed"));
  }
  if (round.has_lag_threshold_bp() &&
      (round.lag_threshold_bp() < 1 || round.lag_threshold_bp() > 10000)) {
    return validate::Invalid("round.lag_threshold_bp",
                             "basis points from 1 to 10000 (0.01 to 100 "
                             "percentage points)");
  }
  return validate::ValidateText("round.title", round.title(), 100, false);
}

pb::Execution ComputeExecution(absl::string_view as_of,
                               const DayOfYear& as_of_day,
                               const Spending& spending) {
  pb::Execution e;
  e.set_as_of(std::string(as_of));
  e.set_time_progress_bp(TimeProgressBp(as_of_day));
  e.set_figures_stored(spending.figures_stored);
  e.set_paid(spending.paid);
  if (spending.budget.has_value()) {
    e.set_budget(*spending.budget);
    if (*spending.budget > 0) {
      e.set_execution_bp(ClampBp(
          money::RatioToHundredthsOfPercent(spending.paid, *spending.budget)));
    }
  }
  for (const ProjectSpending& p : spending.projects) {
    pb::ProjectProgress* out = e.add_projects();
    out->set_project_code(p.code);
    out->set_project_name(p.name);
    out->set_paid(p.paid);
    if (p.budget.has_value()) {
      out->set_budget(*p.budget);
      if (*p.budget > 0) {
        out->set_execution_bp(
            ClampBp(money::RatioToHundredthsOfPercent(p.paid, *p.budget)));
      }
    }
  }
  return e;
}

absl::StatusOr<pb::MonitoringFiling> CheckFiling(
    const pb::MonitoringFiling& sent, const pb::TargetSet& in_force) {
  const std::map<std::string, Targeted> targeted = TargetedIndicators(in_force);
  if (sent.indicators_size() > static_cast<int>(targeted.size())) {
    return validate::Invalid(
        "filing.indicators",
        absl::StrCat("at most one per indicator of the targets (",
                     targeted.size(), ")"));
  }
  pb::MonitoringFiling filing;
  *filing.mutable_key() = sent.key();
  std::set<std::string> seen;
  for (int i = 0; i < sent.indicators_size(); ++i) {
    const pb::MonitoredIndicator& in = sent.indicators(i);
    const std::string at = absl::StrCat("filing.indicators[", i, "]");
    const auto found = targeted.find(in.indicator_id());
    if (found == targeted.end()) {
      return validate::Invalid(
          at + ".indicator_id",
          absl::StrCat("\"", in.indicator_id(),
                       "\" is not an indicator of the targets in force"));
    }
    if (!seen.insert(in.indicator_id()).second) {
      return validate::Invalid(
          at + ".indicator_id",
          absl::StrCat("\"", in.indicator_id(), "\" is filed twice"));
    }
    const pb::TargetIndicator& target = *found->second.indicator;
    const bool quantitative = target.comparator() != pb::QUALITATIVE;
    JIXIAO_RETURN_IF_ERROR(
        CheckValue(at + ".value_to_date", in.value_to_date(), quantitative));
    JIXIAO_RETURN_IF_ERROR(
        CheckValue(at + ".forecast", in.forecast(), quantitative));
    if (!pb::Likelihood_IsValid(in.likelihood()) ||
        in.likelihood() == pb::LIKELIHOOD_UNSPECIFIED) {
      return validate::Invalid(at + ".likelihood",
                               "CERTAIN (确定能), POSSIBLE (有可能) or "
                               "IMPOSSIBLE (完全不可能)");
    }
    JIXIAO_RETURN_IF_ERROR(validate::ValidateText(
        at + ".corrective_measure", in.corrective_measure(), kMaxText, false));
    if (!pb::DeviationCause_IsValid(in.deviation_cause())) {
      return validate::Invalid(at + ".deviation_cause",
                               "FUNDING, POLICY, STAFFING, EQUIPMENT or OTHER");
    }
    if (in.likelihood() != pb::CERTAIN) {
      if (in.deviation_cause() == pb::DEVIATION_CAUSE_UNSPECIFIED) {
        return validate::Invalid(
            at + ".deviation_cause",
            "a target not certain to be met needs its cause: FUNDING "
            "(经费保障), POLICY (制度保障), STAFFING (人员保障), EQUIPMENT "
            "(硬件条件保障) or OTHER (其他)");
      }
      if (in.corrective_measure().empty()) {
        return validate::Invalid(
            at + ".corrective_measure",
            "a target not certain to be met needs its 纠偏措施");
      }
    }
    pb::MonitoredIndicator* out = filing.add_indicators();
    out->set_indicator_id(in.indicator_id());
    out->set_value_to_date(in.value_to_date());
    out->set_forecast(in.forecast());
    out->set_likelihood(in.likelihood());
    if (in.deviation_cause() != pb::DEVIATION_CAUSE_UNSPECIFIED) {
      out->set_deviation_cause(in.deviation_cause());
    }
    out->set_corrective_measure(in.corrective_measure());
    out->set_project_code(found->second.project_code);
    out->set_name(target.name());
    out->set_comparator(target.comparator());
    out->set_target_value(target.value());
    out->set_unit(target.unit());
  }
  return filing;
}

std::vector<pb::Warning> ComputeWarnings(const pb::MonitoringRound& round,
                                         absl::string_view department_code,
                                         const pb::Execution& execution,
                                         const pb::MonitoringFiling* filing) {
  std::vector<pb::Warning> warnings;
  const int32_t threshold = round.has_lag_threshold_bp()
                                ? round.lag_threshold_bp()
                                : kDefaultLagThresholdBp;
  const int32_t time = execution.time_progress_bp();
  if (execution.has_execution_bp() &&
      time - execution.execution_bp() > threshold) {
    warnings.push_back(MakeWarning(
        department_code, "execution_lag", pb::EXECUTION_LAG, "",
        absl::StrCat("部门整体：",
                     Lag(execution.execution_bp(), time, threshold))));
  }
  for (const pb::ProjectProgress& p : execution.projects()) {
    if (!p.has_budget() || p.budget() <= 0) continue;
    const std::string name =
        absl::StrCat("项目 ", p.project_code(), " ", p.project_name(), "：");
    if (p.paid() == 0) {
      warnings.push_back(MakeWarning(
          department_code, absl::StrCat("no_payments/", p.project_code()),
          pb::NO_PAYMENTS, p.project_code(),
          absl::StrCat(name, "全年预算 ", money::FormatWanYuan(p.budget()),
                       "，截至 ", execution.as_of(), " 无支付记录")));
    } else if (time - p.execution_bp() > threshold) {
      warnings.push_back(MakeWarning(
          department_code, absl::StrCat("execution_lag/", p.project_code()),
          pb::EXECUTION_LAG, p.project_code(),
          absl::StrCat(name, "已支付 ", money::FormatWanYuan(p.paid()),
                       " / 全年预算 ", money::FormatWanYuan(p.budget()), "，",
                       Lag(p.execution_bp(), time, threshold))));
    }
  }
  if (filing == nullptr) return warnings;
  for (const pb::MonitoredIndicator& f : filing->indicators()) {
    const std::string target = absl::StrCat(ComparatorSign(f.comparator()),
                                            f.target_value(), f.unit());
    const std::string head =
        absl::StrCat("指标 ", f.indicator_id(), " ", f.name(),
                     f.project_code().empty()
                         ? ""
                         : absl::StrCat("（项目 ", f.project_code(), "）"),
                     "：目标 ", target, "，全年预计 ", f.forecast(), f.unit());
    std::string why;
    if (f.likelihood() == pb::IMPOSSIBLE) {
      why = "完成目标可能性为完全不可能";
    } else if (Misses(f).value_or(false)) {
      why = "预计不能达到目标";
    } else {
      continue;
    }
    pb::Warning w = MakeWarning(
        department_code, absl::StrCat("target/", f.indicator_id()),
        pb::TARGET_AT_RISK, f.project_code(), absl::StrCat(head, "，", why));
    w.set_indicator_id(f.indicator_id());
    warnings.push_back(std::move(w));
  }
  return warnings;
}

absl::string_view LikelihoodName(pb::Likelihood likelihood) {
  switch (likelihood) {
    case pb::CERTAIN:
      return "确定能";
    case pb::POSSIBLE:
      return "有可能";
    case pb::IMPOSSIBLE:
      return "完全不可能";
    default:
      return "";
  }
}

absl::string_view DeviationCauseName(pb::DeviationCause cause) {
  switch (cause) {
    case pb::FUNDING:
      return "经费保障";
    case pb::POLICY:
      return "制度保障";
    case pb::STAFFING:
      return "人员保障";
    case pb::EQUIPMENT:
      return "硬件条件保障";
    case pb::OTHER:
      return "其他";
    default:
      return "";
  }
}

absl::string_view WarningActionName(pb::WarningAction action) {
  switch (action) {
    case pb::SUSPEND_FUNDING:
      return "暂缓拨付";
    case pb::ADJUST_BUDGET:
      return "调整预算";
    case pb::URGE_RECTIFICATION:
      return "督促整改";
    default:
      return "";
  }
}

absl::string_view ComparatorSign(pb::Comparator comparator) {
  switch (comparator) {
    case pb::AT_LEAST:
      return "≥";
    case pb::AT_MOST:
      return "≤";
    case pb::EQUAL:
      return "=";
    default:
      return "";
  }
}

std::string PercentOfBp(int64_t bp) {
  return absl::StrCat(money::FormatHundredths(bp), "%");
}

}  // namespace jixiao::indicator

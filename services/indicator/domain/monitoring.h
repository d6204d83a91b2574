// Mid-year monitoring (绩效运行监控, docs/domain.md §9.2): time progress,
// budget execution, what a filing must hold against the targets in force,
// and the warnings, computed and never typed. Pure: no gRPC, no SQL; the
// budget service's payments come in as values.
#ifndef JIXIAO_SERVICES_INDICATOR_DOMAIN_MONITORING_H_
#define JIXIAO_SERVICES_INDICATOR_DOMAIN_MONITORING_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "jixiao/indicator/v1/monitoring.pb.h"
#include "jixiao/indicator/v1/targets.pb.h"

namespace jixiao::indicator {

namespace pb = ::jixiao::indicator::v1;

// 10 percentage points: no national rule names one (docs/domain.md
// §9.2.3), so it is a setting; this is the service's default.
inline constexpr int32_t kDefaultLagThresholdBp = 1000;

// A date YYYY-MM-DD: its day of the year (1 for 1月1日) and the days in its
// year. INVALID_ARGUMENT naming `field` when it is not a date.
struct DayOfYear {
  int32_t year = 0;
  int32_t day = 0;
  int32_t days_in_year = 0;
};
absl::StatusOr<DayOfYear> ParseDay(absl::string_view field,
                                   absl::string_view date);

// 时间进度: days elapsed to the end of `as_of` over the days in its year,
// in basis points rounded half up (7月31日 of 2019: 212/365 = 58.08%).
int32_t TimeProgressBp(const DayOfYear& as_of);

// A round as opened: the key and dates checked (as_of in `year`, due on or
// after as_of), the threshold from 1 to 10000 bp. INVALID_ARGUMENT naming
// the field (`round.` first).
absl::Status ValidateRound(const pb::MonitoringRound& round);

// What the budget service says a department spent (分).
struct ProjectSpending {
  std::string code;
  std::string name;
  std::optional<int64_t> budget;  // full year; absent when not stated
  int64_t paid = 0;               // up to as_of
};
struct Spending {
  bool figures_stored = false;
  std::optional<int64_t> budget;  // the department's full year
  int64_t paid = 0;               // every payment up to as_of
  std::vector<ProjectSpending> projects;
};

// The execution part of the monitoring view: rates in basis points.
pb::Execution ComputeExecution(absl::string_view as_of,
                               const DayOfYear& as_of_day,
                               const Spending& spending);

// Checks a filing against the targets in force and fills in what the
// service keeps from them (project, name, comparator, target value, unit):
// every indicator id of the targets (once), a likelihood, value to date
// and forecast decimals for a quantitative target (words for 定性), and a
// deviation cause and corrective measure whenever the likelihood is not
// 确定能. INVALID_ARGUMENT naming the field (`filing.indicators[i]…`).
absl::StatusOr<pb::MonitoringFiling> CheckFiling(
    const pb::MonitoringFiling& sent, const pb::TargetSet& in_force);

// The warnings of a department in a round, in a fixed order (the
// department's execution lag, then per project: lag or no payments, then
// targets at risk), each naming its figures. `filing` may be null.
std::vector<pb::Warning> ComputeWarnings(const pb::MonitoringRound& round,
                                         absl::string_view department_code,
                                         const pb::Execution& execution,
                                         const pb::MonitoringFiling* filing);

// Chinese names for the table and messages.
absl::string_view LikelihoodName(pb::Likelihood likelihood);
absl::string_view DeviationCauseName(pb::DeviationCause cause);
absl::string_view WarningActionName(pb::WarningAction action);
absl::string_view ComparatorSign(pb::Comparator comparator);
// "58.08%" from basis points.
std::string PercentOfBp(int64_t bp);

}  // namespace jixiao::indicator

#endif  // JIXIAO_SERVICES_INDICATOR_DOMAIN_MONITORING_H_

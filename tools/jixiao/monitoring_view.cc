#include "tools/jixiao/monitoring_view.h"

#include "absl/strings/str_cat.h"
#include "libs/money/decimal.h"
#include "libs/money/money.h"
#include "services/indicator/domain/monitoring.h"
#include "tools/jixiao/text_table.h"

namespace jixiao::cli {
namespace {

namespace ipb = ::jixiao::indicator::v1;
using ::jixiao::indicator::PercentOfBp;

// A column of the filing's table: padded, and apart from the next one
// even when longer than the column (a 定性 value in words).
std::string Column(absl::string_view text, int width) {
  return DisplayWidth(text) < width ? PadRight(text, width)
                                    : absl::StrCat(text, "  ");
}

// A filed value with the target's unit, as the table shows it: "150起".
std::string WithUnit(const std::string& value,
                     const ipb::MonitoredIndicator& filed) {
  if (filed.comparator() == ipb::QUALITATIVE || value.empty()) return value;
  return value + filed.unit();
}

std::string TargetText(const ipb::MonitoredIndicator& filed) {
  return absl::StrCat(indicator::ComparatorSign(filed.comparator()),
                      WithUnit(filed.target_value(), filed));
}

void ExecutionRow(std::string& out, const std::string& name,
                  const ipb::Execution& e, bool has_budget, int64_t budget,
                  int64_t paid, bool has_rate, int32_t rate) {
  absl::StrAppend(
      &out, "  ", PadRight(name, 30),
      PadLeft(has_budget ? money::FormatWanYuan(budget) : "未列示", 18),
      PadLeft(money::FormatWanYuan(paid), 18),
      PadLeft(has_rate ? PercentOfBp(rate) : "—", 10),
      PadLeft(PercentOfBp(e.time_progress_bp()), 10),
      PadLeft(
          has_rate ? money::FormatDecimal(e.time_progress_bp() - rate, 2) : "—",
          10),
      "\n");
}

void WarningLines(std::string& out, const ipb::Warning& w, bool department) {
  absl::StrAppend(&out, "  ",
                  department ? PadRight(w.department_code(), 16) : "",
                  PadRight(w.id(), 24), w.message(), "\n");
  const std::string indent(department ? 42 : 26, ' ');
  if (!w.has_decision()) {
    absl::StrAppend(&out, indent, "处理：尚未决定\n");
    return;
  }
  const ipb::WarningDecision& d = w.decision();
  absl::StrAppend(&out, indent, "处理：",
                  indicator::WarningActionName(d.action()), "；", d.note(),
                  "（", d.decided_by(), "，", d.decided_at(), "）\n");
}

}  // namespace

std::string RoundStatusLabel(ipb::RoundStatus status) {
  switch (status) {
    case ipb::ROUND_OPEN:
      return "进行中(OPEN)";
    case ipb::ROUND_CLOSED:
      return "已结束(CLOSED)";
    default:
      return "未知";
  }
}

std::string RoundSummary(const ipb::MonitoringRound& round) {
  return absl::StrCat(
      round.key().region_code(), " ", round.key().round_id(),
      round.title().empty() ? "" : absl::StrCat(" ", round.title()), "：",
      RoundStatusLabel(round.status()), "，", round.year(), "年，数据截至 ",
      round.as_of(), "，报送截止 ", round.due(), "，执行率预警阈值 ",
      money::FormatDecimal(round.lag_threshold_bp(), 2), " 个百分点");
}

std::string RenderMonitoring(const ipb::MonitoringView& view,
                             absl::string_view department_code) {
  const ipb::MonitoringRound& round = view.round();
  const ipb::Execution& e = view.execution();
  std::string out = absl::StrCat(
      "绩效运行监控：", view.department_name(), "（", round.key().region_code(),
      "/", department_code, "）\n轮次：", RoundSummary(round), "\n");

  absl::StrAppend(&out, "\n预算执行（截至 ", e.as_of(), "；时间进度 ",
                  PercentOfBp(e.time_progress_bp()), "）\n");
  if (!e.figures_stored()) {
    absl::StrAppend(&out, "  预算数据服务中没有本年度预算数，执行率无法计算\n");
  }
  absl::StrAppend(&out, "  ", PadRight("", 30), PadLeft("全年预算数", 18),
                  PadLeft("执行数", 18), PadLeft("执行率", 10),
                  PadLeft("时间进度", 10), PadLeft("相差", 10), "\n");
  ExecutionRow(out, "部门整体", e, e.has_budget(), e.budget(), e.paid(),
               e.has_execution_bp(), e.execution_bp());
  for (const ipb::ProjectProgress& p : e.projects()) {
    ExecutionRow(out, absl::StrCat(p.project_code(), " ", p.project_name()), e,
                 p.has_budget(), p.budget(), p.paid(), p.has_execution_bp(),
                 p.execution_bp());
  }

  absl::StrAppend(&out, "\n绩效目标完成情况");
  if (!view.has_filing()) {
    absl::StrAppend(&out, "：本轮尚未填报\n");
  } else {
    const ipb::MonitoringFiling& f = view.filing();
    absl::StrAppend(&out, "（填报版本 ", f.version(), "，对照目标版本 ",
                    f.targets_version(), "；", f.changed_by(), "，",
                    f.changed_at(), "）\n");
    absl::StrAppend(&out, "  ", PadRight("编号", 10), PadRight("三级指标", 30),
                    PadRight("年度指标值", 14), PadRight("1-X月", 12),
                    PadRight("全年预计", 12), "完成目标可能性\n");
    for (const ipb::MonitoredIndicator& i : f.indicators()) {
      absl::StrAppend(&out, "  ", Column(i.indicator_id(), 10),
                      Column(i.name(), 30), Column(TargetText(i), 14),
                      Column(WithUnit(i.value_to_date(), i), 12),
                      Column(WithUnit(i.forecast(), i), 12),
                      indicator::LikelihoodName(i.likelihood()), "\n");
      if (i.has_deviation_cause() || !i.corrective_measure().empty()) {
        absl::StrAppend(
            &out, std::string(12, ' '), "偏差原因：",
            i.has_deviation_cause()
                ? indicator::DeviationCauseName(i.deviation_cause())
                : "—",
            "；纠偏措施：",
            i.corrective_measure().empty() ? "—" : i.corrective_measure(),
            "\n");
      }
    }
  }

  absl::StrAppend(&out, "\n预警（", view.warnings_size(), " 条）\n");
  if (view.warnings().empty()) absl::StrAppend(&out, "  无\n");
  for (const ipb::Warning& w : view.warnings()) {
    WarningLines(out, w, /*department=*/false);
  }
  return out;
}

std::string RenderWarnings(const ipb::ListWarningsResponse& list) {
  int decided = 0;
  for (const ipb::Warning& w : list.warnings()) decided += w.has_decision();
  std::string out =
      absl::StrCat("轮次：", RoundSummary(list.round()), "\n预警 ",
                   list.warnings_size(), " 条，已处理 ", decided, " 条\n");
  for (const ipb::Warning& w : list.warnings()) {
    WarningLines(out, w, /*department=*/true);
  }
  return out;
}

}  // namespace jixiao::cli

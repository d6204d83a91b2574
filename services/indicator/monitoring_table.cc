#include "services/indicator/monitoring_table.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "libs/markup/markup.h"
#include "libs/money/decimal.h"
#include "services/indicator/domain/monitoring.h"

namespace jixiao::indicator {
namespace {

using markup::Block;
using markup::Heading;
using markup::Paragraph;
using markup::Table;

std::string WanYuan(int64_t fen) {
  return money::FormatDecimal(fen, 6);  // 分 → 万元, exact
}

std::string Difference(int32_t time_bp, int32_t execution_bp) {
  return money::FormatDecimal(time_bp - execution_bp, 2);
}

std::vector<Block> Build(const v1::MonitoringView& view,
                         const std::string& department_code) {
  const v1::MonitoringRound& round = view.round();
  const v1::Execution& e = view.execution();
  std::vector<Block> doc;
  doc.push_back(
      Heading{1, absl::StrCat(round.year(), "年度绩效运行监控表（",
                              round.title().empty() ? round.key().round_id()
                                                    : round.title(),
                              "）")});
  doc.push_back(Paragraph{absl::StrCat(
      "主管部门：", view.department_name(), "（", department_code,
      "）；行政区划：", round.key().region_code(), "；数据截至：", e.as_of(),
      "；时间进度：", PercentOfBp(e.time_progress_bp()), "；执行率预警阈值：",
      money::FormatDecimal(round.lag_threshold_bp(), 2), " 个百分点。")});

  doc.push_back(Heading{2, "一、预算执行情况"});
  if (!e.figures_stored()) {
    doc.push_back(
        Paragraph{"预算数据服务中没有本年度预算数，执行率无法计算。"});
  }
  Table spending{{"项目", "全年预算数（万元）", "截至监控日执行数（万元）",
                  "执行率", "时间进度", "执行率低于时间进度（个百分点）"},
                 {}};
  const auto row = [&](const std::string& name, bool has_budget, int64_t budget,
                       int64_t paid, bool has_rate, int32_t rate) {
    spending.rows.push_back(
        {name, has_budget ? WanYuan(budget) : "未列示", WanYuan(paid),
         has_rate ? PercentOfBp(rate) : "—", PercentOfBp(e.time_progress_bp()),
         has_rate ? Difference(e.time_progress_bp(), rate) : "—"});
  };
  row("部门整体", e.has_budget(), e.budget(), e.paid(), e.has_execution_bp(),
      e.execution_bp());
  for (const v1::ProjectProgress& p : e.projects()) {
    row(absl::StrCat(p.project_code(), " ", p.project_name()), p.has_budget(),
        p.budget(), p.paid(), p.has_execution_bp(), p.execution_bp());
  }
  doc.push_back(std::move(spending));

  doc.push_back(Heading{2, "二、绩效目标完成情况"});
  if (!view.has_filing()) {
    doc.push_back(Paragraph{"本轮尚未填报。"});
  } else {
    Table goals{{"范围", "指标", "年度指标值", "截至监控日完成情况",
                 "全年预计完成情况", "完成目标可能性", "偏差原因", "纠偏措施"},
                {}};
    for (const v1::MonitoredIndicator& i : view.filing().indicators()) {
      goals.rows.push_back(
          {i.project_code().empty() ? "部门整体"
                                    : absl::StrCat("项目 ", i.project_code()),
           absl::StrCat(i.indicator_id(), " ", i.name()),
           absl::StrCat(ComparatorSign(i.comparator()), i.target_value(),
                        i.unit()),
           absl::StrCat(i.value_to_date(), i.unit()),
           absl::StrCat(i.forecast(), i.unit()),
           std::string(LikelihoodName(i.likelihood())),
           std::string(DeviationCauseName(i.deviation_cause())),
           i.corrective_measure()});
    }
    doc.push_back(std::move(goals));
    doc.push_back(Paragraph{absl::StrCat(
        "填报版本 ", view.filing().version(), "（绩效目标版本 ",
        view.filing().targets_version(), "），", view.filing().changed_by(),
        " 于 ", view.filing().changed_at(), "。")});
  }

  doc.push_back(Heading{2, "三、预警（系统计算）"});
  if (view.warnings().empty()) {
    doc.push_back(Paragraph{"无预警。"});
  } else {
    Table warnings{{"预警", "说明", "财政处理", "处理说明"}, {}};
    for (const v1::Warning& w : view.warnings()) {
      warnings.rows.push_back({w.id(), w.message(),
                               w.has_decision() ? std::string(WarningActionName(
                                                      w.decision().action()))
                                                : "未处理",
                               w.has_decision() ? w.decision().note() : ""});
    }
    doc.push_back(std::move(warnings));
  }
  return doc;
}

}  // namespace

std::string RenderMonitoringTable(const v1::MonitoringView& view,
                                  const std::string& department_code,
                                  v1::TableFormat format) {
  const std::vector<Block> doc = Build(view, department_code);
  return format == v1::TABLE_HTML ? markup::RenderHtml(doc, "72em")
                                  : markup::RenderMarkdown(doc);
}

}  // namespace jixiao::indicator

#include "services/evaluation/project_form.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "libs/markup/markup.h"
#include "libs/money/percent.h"
#include "services/evaluation/domain/points.h"

namespace jixiao::evaluation {
namespace {

using markup::Block;
using markup::Heading;
using markup::Paragraph;
using markup::Table;

constexpr int64_t kFenPerHundredthWan = 10'000;  // 0.01万元 = 100元

std::string Deviation(const v1::ProjectIndicatorResult& i) {
  if (i.deviation_reason().empty() && i.improvement().empty()) return "";
  if (i.improvement().empty()) return i.deviation_reason();
  return absl::StrCat(i.deviation_reason(),
                      i.deviation_reason().empty() ? "" : "；", "改进措施：",
                      i.improvement());
}

std::vector<Block> Build(const v1::ProjectResult& r,
                         const v1::ProjectScheme* scheme) {
  std::vector<Block> doc;
  const std::string unit =
      absl::StrCat(r.key().department_code(),
                   r.department_name().empty() ? "" : "-", r.department_name());
  doc.push_back(Heading{
      1, absl::StrCat("项目支出绩效自评表（", r.key().year(), "年度）")});
  doc.push_back(Table{
      {"项目", "内容"},
      {{"项目名称", absl::StrCat(r.project_code(), " ", r.project_name())},
       {"主管部门", unit},
       {"实施单位", unit}}});

  const v1::ProjectFunds& f = r.funds();
  doc.push_back(Heading{2, "项目资金（万元）"});
  doc.push_back(Table{
      {"", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"},
      {{"年度资金总额", f.has_original() ? WanYuan2(f.original()) : "",
        f.has_full_year() ? WanYuan2(f.full_year()) : "",
        WanYuan2(f.executed()), f.weight(),
        f.rate().empty() ? "" : absl::StrCat(f.rate(), "%"), f.score()}}});
  if (!f.explanation().empty()) doc.push_back(Paragraph{f.explanation()});

  doc.push_back(Heading{2, "年度总体目标"});
  doc.push_back(
      Table{{"预期目标", "实际完成情况"},
            {{r.annual_goal(),
              r.filing_version() > 0 ? r.achieved_summary() : "未填报"}}});

  doc.push_back(Heading{2, "绩效指标"});
  Table indicators{{"一级指标", "二级指标", "三级指标", "年度指标值",
                    "实际完成值", "分值", "得分", "偏差原因分析及改进措施"},
                   {}};
  for (const auto& i : r.indicators()) {
    indicators.rows.push_back({i.level1(), i.level2(), i.name(), i.target(),
                               i.actual(), i.weight(), i.score(),
                               Deviation(i)});
  }
  indicators.rows.push_back({"总分", "", "", "", "", "100", r.total(),
                             absl::StrCat("等级：", r.grade())});
  doc.push_back(std::move(indicators));

  std::string summary =
      absl::StrCat("总分", r.total(), "分，评价等级为“", r.grade(), "”。");
  if (r.has_self_score()) {
    absl::StrAppend(&summary, "单位自评得分", r.self_score(),
                    "分，与计算得分相差", r.difference(), "分。");
  }
  if (!r.complete()) absl::StrAppend(&summary, "自评表不完整，得分不完整。");
  doc.push_back(Paragraph{summary});

  doc.push_back(Heading{2, "计分说明"});
  Table rules{{"指标", "计分说明"}, {}};
  rules.rows.push_back({"预算执行率", f.explanation()});
  for (const auto& i : r.indicators()) {
    rules.rows.push_back(
        {absl::StrCat(i.indicator_id(), " ", i.name()), i.rule()});
  }
  doc.push_back(std::move(rules));
  for (size_t k = 0; k < static_cast<size_t>(r.missing_size()); ++k) {
    doc.push_back(Paragraph{absl::StrCat("【缺项】", r.missing(k))});
  }
  doc.push_back(Paragraph{absl::StrCat(
      "评分方案：",
      scheme != nullptr ? absl::StrCat(scheme->name(), "（", scheme->id(),
                                       "；依据：", scheme->source(), "）")
                        : absl::StrCat(r.scheme_id(), "（未知）"),
      "。数据版本：绩效目标 v", r.targets_version(), "，自评填报 v",
      r.filing_version(),
      r.filing_status().empty() ? ""
                                : absl::StrCat("（", r.filing_status(), "）"),
      "，预算数据 v", r.figures_version(), "，支付记录 v", r.payments_version(),
      "。")});
  doc.push_back(
      Paragraph{"本表由 Jixiao 依据上列数据生成：同一数据生成的表逐字节相同，"
                "得分可按计分说明逐项复核。"});
  return doc;
}

}  // namespace

std::string WanYuan2(int64_t fen) {
  return money::FormatHundredths(RoundDiv(fen, kFenPerHundredthWan));
}

std::string RenderProjectForm(const v1::ProjectResult& result,
                              const v1::ProjectScheme* scheme,
                              v1::ReportFormat format) {
  const std::vector<Block> doc = Build(result, scheme);
  return format == v1::HTML ? markup::RenderHtml(doc, "72em")
                            : markup::RenderMarkdown(doc);
}

std::string ProjectFormFileName(const v1::ProjectResult& result,
                                v1::ReportFormat format) {
  return absl::StrCat(result.key().region_code(), "-",
                      result.key().department_code(), "-", result.key().year(),
                      "-", result.project_code(),
                      format == v1::HTML ? ".html" : ".md");
}

}  // namespace jixiao::evaluation

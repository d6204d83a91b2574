#include "services/evaluation/report.h"

#include <openssl/sha.h>

#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "libs/markup/markup.h"
#include "libs/money/money.h"
#include "services/budget/domain/convert.h"
#include "services/budget/domain/items.h"

namespace jixiao::evaluation {
namespace {

namespace bpb = ::jixiao::budget::v1;

using markup::Block;
using markup::Heading;
using markup::Paragraph;
using markup::Table;

std::string Count(bool has, int32_t value) {
  return has ? absl::StrCat(value, "人") : "未填报";
}

std::string Wan(int64_t fen) {
  const std::string s = money::FormatWanYuan(fen);
  return s.substr(0, s.size() - std::string("万元").size());
}

const bpb::PhaseFigures* Phase(const Inputs& in, bpb::Phase phase) {
  if (!in.figures) return nullptr;
  for (const auto& p : in.figures->phases()) {
    if (p.phase() == phase) return &p;
  }
  return nullptr;
}

std::string Cell(const bpb::PhaseFigures* p, budget::Item item) {
  if (p == nullptr) return "";
  const auto v = budget::FigureOf(*p, item);
  return v ? Wan(*v) : "";
}

// Where the targets scored against came from: approved with the budget,
// or typed at evaluation (a year without declared targets), which a reader
// of the report must be told (docs/domain.md §9.1.6).
std::string TargetsNote(const v1::EvaluationResult& r) {
  if (r.targets_version() > 0) {
    return absl::StrCat("目标值取自财政批复的绩效目标（第", r.targets_version(),
                        "版），评价时不可改动。");
  }
  for (const auto& i : r.indicators()) {
    if (i.has_target()) {
      return "目标值为评价时填报：本年度未申报经批复的绩效目标。";
    }
  }
  return "本年度无目标值类指标。";
}

// Each project of the approved targets: its 执行率, total and grade (the
// whole form is RenderProjectForm's).
void ProjectSection(const v1::ProjectEvaluations& projects,
                    std::vector<Block>& doc) {
  doc.push_back(Heading{3, "项目支出绩效自评情况"});
  Table table{{"项目编码", "项目名称", "执行率", "得分", "等级"}};
  int incomplete = 0;
  for (const v1::ProjectResult& p : projects.projects()) {
    if (!p.complete()) ++incomplete;
    table.rows.push_back(
        {p.project_code(), p.project_name(),
         p.funds().rate().empty() ? "" : absl::StrCat(p.funds().rate(), "%"),
         p.total(),
         absl::StrCat(p.grade(), p.complete() ? "" : "（自评表不完整）")});
  }
  doc.emplace_back(Paragraph{absl::StrCat(
      "按财预〔2020〕10号项目支出绩效自评表计分，共", projects.projects_size(),
      "个项目",
      incomplete > 0 ? absl::StrCat("，其中", incomplete, "个自评表不完整")
                     : "",
      "。")});
  doc.push_back(std::move(table));
}

// The title and who, how and from which versions.
void AddCover(const v1::EvaluationResult& r, const Inputs& in,
              std::vector<Block>& doc) {
  const bpb::Department& d = in.department;
  const int32_t year = r.key().year();
  doc.emplace_back(
      Heading{1, absl::StrCat(d.name(), year, "年度部门整体支出绩效自评报告")});
  doc.push_back(Table{
      {"项目", "内容"},
      {{"部门(单位)名称", d.name()},
       {"单位编码", absl::StrCat(d.region_code(), "/", d.code())},
       {"评价方式", "部门自评"},
       {"指标体系", absl::StrCat(r.framework_name(), "（", r.framework_id(),
                                 " 第", r.framework_version(), "版）")},
       {"数据版本", absl::StrCat("指标填报 v", r.indicator_version(),
                                 "，单位 v", r.department_version(),
                                 "，本年数据 v", r.figures_version(),
                                 "，上年数据 v", r.base_figures_version())}}});
}

// 一、基本概况: the staff.
void AddOverview(const Inputs& in, std::vector<Block>& doc) {
  const bpb::Department& d = in.department;
  doc.push_back(Heading{2, "一、部门(单位)基本概况"});
  doc.push_back(Table{{"人员编制", "年末实有在职", "离退休", "辅助人员"},
                      {{Count(d.has_staff_authorized(), d.staff_authorized()),
                        Count(d.has_staff_actual(), d.staff_actual()),
                        Count(d.has_staff_retired(), d.staff_retired()),
                        Count(d.has_staff_auxiliary(), d.staff_auxiliary())}}});
}

// 二、支出管理及使用情况: the main items by phase.
void AddSpending(const Inputs& in, std::vector<Block>& doc) {
  doc.push_back(Heading{2, "二、部门整体支出管理及使用情况"});
  const auto* original = Phase(in, bpb::PHASE_ORIGINAL);
  const auto* adjusted = Phase(in, bpb::PHASE_ADJUSTED);
  const auto* final_ = Phase(in, bpb::PHASE_FINAL);
  if (!in.figures) {
    doc.emplace_back(Paragraph{"预算数据服务中没有本年度的预算和决算数据。"});
  } else {
    Table spending{{"项目（万元）", "年初预算", "调整预算", "决算"}};
    for (const budget::Item item :
         {budget::Item::kTotalExpenditure, budget::Item::kBasicExpenditure,
          budget::Item::kPersonnel, budget::Item::kPublicFunds,
          budget::Item::kProjectExpenditure, budget::Item::kThreePublicTotal,
          budget::Item::kAbroad, budget::Item::kVehicleTotal,
          budget::Item::kReception}) {
      std::vector<std::string> row = {std::string(budget::LabelOf(item)),
                                      Cell(original, item),
                                      Cell(adjusted, item), Cell(final_, item)};
      if (!row[1].empty() || !row[2].empty() || !row[3].empty()) {
        spending.rows.push_back(std::move(row));
      }
    }
    doc.push_back(std::move(spending));
  }
}

// 三、专项组织实施情况: the projects the figures list.
void AddProjects(const Inputs& in, std::vector<Block>& doc) {
  doc.push_back(Heading{2, "三、部门专项组织实施情况"});
  if (!in.figures || in.figures->projects().empty()) {
    doc.emplace_back(Paragraph{"未填报项目明细。"});
  } else {
    Table projects{{"项目", "类别", "重点项目", "年初预算(万元)", "决算(万元)"},
                   {}};
    for (const bpb::Project& p : in.figures->projects()) {
      projects.rows.push_back({p.name(), p.category(),
                               p.key_project() ? "是" : "否",
                               p.has_original() ? Wan(p.original()) : "",
                               p.has_final() ? Wan(p.final()) : ""});
    }
    doc.push_back(std::move(projects));
  }
}

// 四、资金使用管理情况: each rate with its formula and inputs.
void AddRates(const Inputs& in, std::vector<Block>& doc) {
  doc.push_back(Heading{2, "四、资金使用管理情况"});
  if (!in.aggregates) {
    doc.emplace_back(Paragraph{"没有可计算的比率。"});
  } else {
    Table rates{{"比率", "数值", "公式与数据"}};
    for (const bpb::Rate& rate : in.aggregates->rates()) {
      std::vector<std::string> inputs;
      for (const auto& i : rate.inputs())
        inputs.push_back(absl::StrCat(i.name(), i.display()));
      rates.rows.push_back(
          {rate.name(),
           rate.computable() ? absl::StrCat(rate.percent(), "%") : "不可计算",
           rate.computable()
               ? absl::StrCat(rate.formula(), "；", absl::StrJoin(inputs, "，"))
               : rate.reason()});
    }
    doc.push_back(std::move(rates));
  }
}

// 五、绩效情况: the score, the 一级 points, the projects.
void AddPerformance(const v1::EvaluationResult& r,
                    const v1::ProjectEvaluations* projects,
                    std::vector<Block>& doc) {
  doc.push_back(Heading{2, "五、部门整体支出绩效情况"});
  std::string summary = absl::StrCat(
      "按“", r.framework_name(), "”计分，综合得分", r.total(), "分（满分",
      r.total_weight(), "分），评价等级为“", r.grade(), "”。");
  if (r.has_self_score()) {
    absl::StrAppend(&summary, "单位自评得分", r.self_score(),
                    "分，与计算得分相差", r.difference(), "分。");
  }
  if (!r.complete()) absl::StrAppend(&summary, "有必填指标缺值，得分不完整。");
  doc.emplace_back(Paragraph{summary});
  Table levels{{"一级指标", "分值", "得分"}};
  for (const auto& i : r.indicators()) {
    if (i.level() == 1)
      levels.rows.push_back({i.name(), i.weight(), i.score()});
  }
  doc.push_back(std::move(levels));
  if (projects != nullptr && !projects->projects().empty()) {
    ProjectSection(*projects, doc);
  }
}

// 六、存在的主要问题: findings, deductions, missing values.
void AddProblems(const v1::EvaluationResult& r, std::vector<Block>& doc) {
  doc.push_back(Heading{2, "六、存在的主要问题"});
  std::vector<std::string> problems;
  for (const auto& f : r.findings()) {
    problems.push_back(
        absl::StrCat("【", f.severity(), " ", f.identity(), "】", f.message()));
  }
  for (const auto& i : r.indicators()) {
    if (i.deductions().empty() || i.status() == v1::MISSING) continue;
    problems.push_back(absl::StrCat("【扣分】", i.id(), " ", i.explanation()));
  }
  for (const auto& m : r.missing())
    problems.push_back(absl::StrCat("【缺值】", m));
  if (problems.empty())
    problems.push_back("未发现数据不一致，各项指标未扣分。");
  for (size_t k = 0; k < problems.size(); ++k) {
    doc.emplace_back(Paragraph{absl::StrCat(k + 1, ". ", problems[k])});
  }
}

// 七、改进措施和有关建议: what each kind of problem asks for.
void AddAdvice(const v1::EvaluationResult& r, std::vector<Block>& doc) {
  doc.push_back(Heading{2, "七、改进措施和有关建议"});
  std::vector<std::string> advice;
  bool figures_wrong = false;
  for (const auto& f : r.findings())
    figures_wrong = figures_wrong || f.severity() == "错误";
  if (figures_wrong) {
    advice.push_back(
        "核对并更正报告中的决算数据：合计与分项不符、单位错误的数据应按决算报表"
        "重新填列。");
  }
  for (const auto& f : r.findings()) {
    if (f.identity() == "B12")
      advice.push_back("决算明细应按实际支出编制，不应照抄预算数。");
    if (f.identity() == "T1")
      advice.push_back(
          "完整列示“三公”经费各分项（因公出国(境)费、公务用车、公务接待）。");
  }
  if (!r.missing().empty()) {
    advice.push_back(
        "补齐缺值指标的数据（预算调整、政府采购、“三公”预算等），使每项得分都有"
        "依据。");
  }
  if (advice.empty())
    advice.push_back("保持现有管理水平，按时公开预决算和绩效信息。");
  for (size_t k = 0; k < advice.size(); ++k) {
    doc.emplace_back(Paragraph{absl::StrCat(k + 1, ". ", advice[k])});
  }
}

// 附件一：基础数据表: every item by phase, and the staff.
void AddDataAnnex(const Inputs& in, std::vector<Block>& doc) {
  const bpb::Department& d = in.department;
  const auto* original = Phase(in, bpb::PHASE_ORIGINAL);
  const auto* adjusted = Phase(in, bpb::PHASE_ADJUSTED);
  const auto* final_ = Phase(in, bpb::PHASE_FINAL);
  doc.push_back(Heading{2, "附件一：基础数据表"});
  if (!in.figures) {
    doc.emplace_back(Paragraph{"无本年度数据。"});
  } else {
    Table data{{"项目（万元）", "年初预算", "调整预算", "决算"}};
    for (const budget::Item item : budget::AllItems()) {
      std::vector<std::string> row = {std::string(budget::LabelOf(item)),
                                      Cell(original, item),
                                      Cell(adjusted, item), Cell(final_, item)};
      if (!row[1].empty() || !row[2].empty() || !row[3].empty())
        data.rows.push_back(std::move(row));
    }
    data.rows.push_back(
        {"编制数 / 在职人数", "", "",
         absl::StrCat(Count(d.has_staff_authorized(), d.staff_authorized()),
                      " / ", Count(d.has_staff_actual(), d.staff_actual()))});
    doc.push_back(std::move(data));
  }
}

// 附件二：指标评分表: every indicator, how it was scored, and the total.
void AddScoreAnnex(const v1::EvaluationResult& r, std::vector<Block>& doc) {
  doc.push_back(Heading{2, "附件二：指标评分表"});
  doc.emplace_back(Paragraph{TargetsNote(r)});
  Table scores{{"指标", "分值", "得分", "实际值", "评分说明"}};
  for (const auto& i : r.indicators()) {
    const std::string indent((i.level() - 1) * 2, ' ');
    scores.rows.push_back(
        {absl::StrCat(i.id(), " ", i.name()), i.weight(), i.score(), i.value(),
         i.level() >= 1 && i.has_status()
             ? absl::StrCat(
                   i.explanation(), " 规则：", i.rule(),
                   i.has_target() ? absl::StrCat("；目标：", i.target()) : "",
                   "；来源：", i.source())
             : i.explanation()});
  }
  scores.rows.push_back({"合计", r.total_weight(), r.total(), "",
                         absl::StrCat("等级：", r.grade())});
  doc.push_back(std::move(scores));
  doc.emplace_back(
      Paragraph{"本报告由 Jixiao "
                "依据上列数据与指标体系生成：同一数据生成的报告逐字节相同，"
                "得分可按指标评分表逐项复核。"});
}

std::vector<Block> Build(const v1::EvaluationResult& r, const Inputs& in,
                         const v1::ProjectEvaluations* projects) {
  std::vector<Block> doc;
  AddCover(r, in, doc);
  AddOverview(in, doc);
  AddSpending(in, doc);
  AddProjects(in, doc);
  AddRates(in, doc);
  AddPerformance(r, projects, doc);
  AddProblems(r, doc);
  AddAdvice(r, doc);
  AddDataAnnex(in, doc);
  AddScoreAnnex(r, doc);
  return doc;
}

}  // namespace

// Every text of the report, department names and notes among them, is
// plain text (libs/markup escapes it in both formats).
std::string RenderMarkdown(const v1::EvaluationResult& result,
                           const Inputs& inputs,
                           const v1::ProjectEvaluations* projects) {
  return markup::RenderMarkdown(Build(result, inputs, projects));
}

std::string RenderHtml(const v1::EvaluationResult& result, const Inputs& inputs,
                       const v1::ProjectEvaluations* projects) {
  return markup::RenderHtml(Build(result, inputs, projects), "60em");
}

std::string Sha256Hex(const std::string& content) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(content.data()), content.size(),
         digest);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), sizeof(digest)));
}

std::string ReportFileName(const v1::DepartmentYear& key,
                           v1::ReportFormat format) {
  return absl::StrCat(key.region_code(), "-", key.department_code(), "-",
                      key.year(), format == v1::HTML ? ".html" : ".md");
}

}  // namespace jixiao::evaluation

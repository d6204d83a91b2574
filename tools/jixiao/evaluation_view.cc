#include "tools/jixiao/evaluation_view.h"

#include "absl/strings/str_cat.h"
#include "libs/money/money.h"
#include "tools/jixiao/text_table.h"

namespace jixiao::cli {
namespace {

// 万元 without the unit ("250.00"), as the table's heading says.
std::string Wan(int64_t fen) {
  const std::string s = money::FormatWanYuan(fen);
  return s.substr(0, s.size() - std::string("万元").size());
}

// The department-year's projects (those of its approved targets), one
// line each; the whole 自评表 is `jixiao projects show`'s.
void AppendProjects(const jixiao::evaluation::v1::EvaluationResult& r,
                    std::string& out) {
  absl::StrAppend(&out, "\n项目支出绩效自评（", r.projects_size(),
                  "个项目，金额单位：万元）：\n", PadRight("  项目", 40),
                  PadLeft("全年预算", 10), PadLeft("执行", 10),
                  PadLeft("执行率", 9), PadLeft("得分", 8), PadLeft("等级", 6),
                  PadLeft("自评", 8), "  填报\n");
  for (const auto& p : r.projects()) {
    absl::StrAppend(
        &out,
        PadRight(absl::StrCat("  ", p.project_code(), " ", p.project_name()),
                 40),
        PadLeft(p.has_full_year() ? Wan(p.full_year()) : "—", 10),
        PadLeft(Wan(p.executed()), 10),
        PadLeft(p.execution_rate().empty()
                    ? "—"
                    : absl::StrCat(p.execution_rate(), "%"),
                9),
        PadLeft(p.total(), 8), PadLeft(p.grade(), 6),
        PadLeft(p.has_self_score() ? p.self_score() : "—", 8), "  ",
        p.filing_status().empty() ? "未填报" : p.filing_status(),
        p.complete() ? "" : "（自评表不完整）", "\n");
  }
}

}  // namespace

std::string RenderResult(const jixiao::evaluation::v1::EvaluationResult& r) {
  std::string out = absl::StrCat(
      r.department_name(), " ", r.key().year(), "年 部门整体支出绩效评价\n",
      "指标体系：", r.framework_name(), "（", r.framework_id(), " 第",
      r.framework_version(), "版）\n\n", "计算得分：", r.total(), " / ",
      r.total_weight(), "    等级：", r.grade(), "\n");
  if (r.has_self_score()) {
    absl::StrAppend(&out, "单位自评：", r.self_score(),
                    "    差异（自评 − 计算）：", r.difference(), "\n");
  }
  if (!r.complete())
    absl::StrAppend(&out, "注意：有必填指标缺值，得分不完整。\n");
  absl::StrAppend(&out, "\n", PadRight("指标", 40), PadLeft("分值", 6),
                  PadLeft("得分", 8), "\n");
  for (const auto& i : r.indicators()) {
    const std::string indent((i.level() - 1) * 2, ' ');
    absl::StrAppend(&out,
                    PadRight(absl::StrCat(indent, i.id(), " ", i.name()), 40),
                    PadLeft(i.weight(), 6), PadLeft(i.score(), 8), "\n");
    for (const auto& d : i.deductions()) {
      absl::StrAppend(&out, indent, "      − ", d.points(), "分：", d.reason(),
                      "\n");
    }
  }
  if (!r.missing().empty()) {
    absl::StrAppend(&out, "\n缺值的指标（按框架规定计分）：\n");
    for (const auto& m : r.missing()) absl::StrAppend(&out, "  ", m, "\n");
  }
  if (!r.findings().empty()) {
    absl::StrAppend(&out, "\n数据一致性问题：\n");
    for (const auto& f : r.findings()) {
      absl::StrAppend(&out, "  [", f.severity(), "] ", f.identity(), "  ",
                      f.message(), "\n");
    }
  }
  // Only with projects: a department-year without them reads as before.
  if (!r.projects().empty()) AppendProjects(r, out);
  return out;
}

}  // namespace jixiao::cli

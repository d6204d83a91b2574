#include "tools/jixiao/evaluation_view.h"

#include "absl/strings/str_cat.h"
#include "tools/jixiao/text_table.h"

namespace jixiao::cli {

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
  return out;
}

}  // namespace jixiao::cli

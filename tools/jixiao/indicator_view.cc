#include "tools/jixiao/indicator_view.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/indicator/domain/workflow.h"
#include "tools/jixiao/text_table.h"

namespace jixiao::cli {
namespace {

namespace ipb = ::jixiao::indicator::v1;

constexpr int kNameWidth = 36;

std::string ValueText(const ipb::IndicatorValue& v) {
  const ipb::Actual& a = v.actual();
  if (a.not_applicable()) return "不适用";
  if (a.has_value()) return absl::StrCat(a.value(), a.unit());
  if (a.has_tier()) {
    return absl::StrCat(a.tier(),
                        a.has_share() ? absl::StrCat(" ", a.share(), "%") : "");
  }
  if (!a.items_met().empty())
    return absl::StrCat("符合", a.items_met_size(), "项");
  return "—";
}

std::string Source(const ipb::IndicatorValue& v) {
  if (v.source() != ipb::DERIVED) return v.has_actual() ? "填报" : "待填报";
  const ipb::Derivation& d = v.derivation();
  if (!d.computable())
    return absl::StrCat("由预算数据计算：不可计算（", d.reason(), "）");
  std::vector<std::string> inputs;
  for (const auto& in : d.inputs())
    inputs.push_back(absl::StrCat(in.name(), in.display()));
  return absl::StrCat("由预算数据计算：", d.formula_id(), "，",
                      absl::StrJoin(inputs, "，"));
}

}  // namespace

std::string RenderEvaluation(const ipb::Framework& framework,
                             const ipb::Evaluation& evaluation) {
  std::map<std::string, const ipb::IndicatorValue*> values;
  for (const auto& v : evaluation.values()) values[v.indicator_id()] = &v;
  std::string out = absl::StrCat(
      "指标框架：", framework.name(), "（", framework.id(), " 第",
      framework.version(), "版）\n状态：",
      indicator::StatusWords(evaluation.status(), "未知"), "；版本 ",
      evaluation.version(),
      evaluation.return_reason().empty()
          ? ""
          : absl::StrCat("；退回原因：", evaluation.return_reason()),
      "\n\n", PadRight("指标", kNameWidth), PadLeft("分值", 6), "  ",
      PadRight("值", 14), "来源\n");
  for (const ipb::Node& node : framework.nodes()) {
    const std::string indent((node.level() - 1) * 2, ' ');
    std::string row = absl::StrCat(
        PadRight(absl::StrCat(indent, node.id(), " ", node.name()), kNameWidth),
        PadLeft(node.weight(), 6), "  ");
    if (const auto it = values.find(node.id()); it != values.end()) {
      absl::StrAppend(&row, PadRight(ValueText(*it->second), 14),
                      Source(*it->second));
    }
    absl::StrAppend(&out, row, "\n");
  }
  return out;
}

}  // namespace jixiao::cli

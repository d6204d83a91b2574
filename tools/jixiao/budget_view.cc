#include "tools/jixiao/budget_view.h"

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"
#include "libs/money/money.h"
#include "services/budget/domain/convert.h"
#include "services/budget/domain/items.h"
#include "tools/jixiao/text_table.h"

namespace jixiao::cli {
namespace {

namespace bpb = ::jixiao::budget::v1;

constexpr int kLabelWidth = 30;
constexpr int kAmountWidth = 14;

std::string Count(bool has, int32_t value) {
  return has ? absl::StrCat(value, "人") : "未填报";
}

std::string SeverityLabel(bpb::Severity severity) {
  switch (severity) {
    case bpb::SEVERITY_ERROR:
      return "[错误]";
    case bpb::SEVERITY_WARNING:
      return "[警告]";
    default:
      return "[提示]";
  }
}

std::string ToWan(int64_t fen) {
  std::string text = money::FormatWanYuan(fen);
  return text.substr(0, text.size() - std::string("万元").size());
}

void AppendFigures(const bpb::DepartmentYear& year, std::string* out) {
  const bpb::PhaseFigures* by_phase[4] = {nullptr, nullptr, nullptr, nullptr};
  for (const bpb::PhaseFigures& p : year.phases()) {
    if (p.phase() >= 1 && p.phase() <= 3) by_phase[p.phase()] = &p;
  }
  absl::StrAppend(out, "一、主要数据（万元；空白为未填报）\n",
                  PadRight("", kLabelWidth), PadLeft("年初预算", kAmountWidth),
                  PadLeft("调整预算", kAmountWidth),
                  PadLeft("决算", kAmountWidth), "\n");
  for (const budget::Item item : budget::AllItems()) {
    std::string row = PadRight(budget::LabelOf(item), kLabelWidth);
    bool any = false;
    for (int phase = 1; phase <= 3; ++phase) {
      std::string cell;
      if (by_phase[phase] != nullptr) {
        if (const auto v = budget::FigureOf(*by_phase[phase], item)) {
          cell = ToWan(*v);
          any = true;
        }
      }
      absl::StrAppend(&row, PadLeft(cell, kAmountWidth));
    }
    if (any) absl::StrAppend(out, row, "\n");
  }
}

void AppendRates(const bpb::Aggregates& aggregates, std::string* out) {
  absl::StrAppend(out, "\n二、比率（由精确数据计算，仅显示时四舍五入）\n");
  for (const bpb::Rate& rate : aggregates.rates()) {
    if (rate.computable()) {
      absl::StrAppend(out, "  ", PadRight(rate.name(), kLabelWidth),
                      PadLeft(absl::StrCat(rate.percent(), "%"), 10), "  = ",
                      rate.formula(), "\n");
      for (const bpb::RateInput& input : rate.inputs()) {
        absl::StrAppend(
            out, "      ", input.name(), "：", input.display(),
            input.note().empty() ? "" : absl::StrCat("（", input.note(), "）"),
            "\n");
      }
    } else {
      absl::StrAppend(out, "  ", PadRight(rate.name(), kLabelWidth),
                      PadLeft("不可计算", 10), "  ", rate.reason(), "\n");
    }
  }
}

void AppendFindings(const bpb::ConsistencyReport& report, std::string* out) {
  absl::StrAppend(out, "\n三、一致性检查（容差 ",
                  money::FormatWanYuan(report.tolerance_fen()), "；已核对 ",
                  report.identities_checked(), " 项，发现 ",
                  report.findings_size(), " 处问题）\n");
  if (report.findings().empty()) absl::StrAppend(out, "  未发现不一致。\n");
  for (const bpb::Finding& f : report.findings()) {
    absl::StrAppend(out, "  ", SeverityLabel(f.severity()), " ", f.identity(),
                    "  ", f.message(), "\n");
  }
  if (!report.not_checked().empty()) {
    absl::StrAppend(out, "  未能核对（数据不全）：\n");
    for (const std::string& line : report.not_checked()) {
      absl::StrAppend(out, "    ", line, "\n");
    }
  }
}

}  // namespace

std::string RenderText(const BudgetView& view) {
  const bpb::Department& d = view.department;
  std::string out = absl::StrCat(
      d.name(), "（", d.region_code(), "/", d.code(), "）", view.year.year(),
      "年\n", "编制数 ", Count(d.has_staff_authorized(), d.staff_authorized()),
      "，在职 ", Count(d.has_staff_actual(), d.staff_actual()), "，离退休 ",
      Count(d.has_staff_retired(), d.staff_retired()), "，辅助人员 ",
      Count(d.has_staff_auxiliary(), d.staff_auxiliary()), "\n\n");
  AppendFigures(view.year, &out);
  AppendRates(view.aggregates, &out);
  AppendFindings(view.consistency, &out);
  return out;
}

std::string RenderJson(const BudgetView& view) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = false;
  std::string out = "{";
  const std::pair<const char*, const google::protobuf::Message*> parts[] = {
      {"department", &view.department},
      {"departmentYear", &view.year},
      {"aggregates", &view.aggregates},
      {"consistency", &view.consistency}};
  bool first = true;
  for (const auto& [name, message] : parts) {
    std::string json;
    (void)google::protobuf::util::MessageToJsonString(*message, &json, options);
    absl::StrAppend(&out, first ? "" : ",", "\"", name, "\":", json);
    first = false;
  }
  absl::StrAppend(&out, "}\n");
  return out;
}

}  // namespace jixiao::cli

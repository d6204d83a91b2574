#include "tools/jixiao/targets_view.h"

#include "absl/strings/str_cat.h"
#include "libs/money/money.h"
#include "tools/jixiao/targets_value.h"
#include "tools/jixiao/text_table.h"

namespace jixiao::cli {
namespace {

namespace ipb = ::jixiao::indicator::v1;

std::string FundsText(const ipb::Funds& funds) {
  std::string out =
      absl::StrCat("资金总额 ", money::FormatWanYuan(funds.total()));
  if (funds.has_fiscal() || funds.has_other()) {
    absl::StrAppend(&out, "（财政拨款 ", money::FormatWanYuan(funds.fiscal()),
                    "，其他资金 ", money::FormatWanYuan(funds.other()), "）");
  }
  return out;
}

void Indicators(std::string& out,
                const google::protobuf::RepeatedPtrField<ipb::TargetIndicator>&
                    indicators) {
  if (indicators.empty()) {
    absl::StrAppend(&out, "  （无指标）\n");
    return;
  }
  absl::StrAppend(&out, "  ", PadRight("编号", 10), PadRight("一级指标", 12),
                  PadRight("二级指标", 20), PadRight("三级指标", 32),
                  "指标值\n");
  for (const ipb::TargetIndicator& i : indicators) {
    absl::StrAppend(&out, "  ", PadRight(i.id(), 10), PadRight(i.level1(), 12),
                    PadRight(i.level2(), 20), PadRight(i.name(), 32),
                    FormatTargetValue(i), "\n");
    if (!i.explanation().empty()) {
      absl::StrAppend(&out, "  ", std::string(10, ' '), "指标解释：",
                      i.explanation(), "\n");
    }
  }
}

}  // namespace

std::string TargetStatusLabel(ipb::TargetStatus status) {
  switch (status) {
    case ipb::TARGET_DRAFT:
      return "草稿(DRAFT)";
    case ipb::TARGET_SUBMITTED:
      return "已提交(SUBMITTED)";
    case ipb::TARGET_RETURNED:
      return "已退回(RETURNED)";
    case ipb::TARGET_APPROVED:
      return "已批复(APPROVED)";
    case ipb::TARGET_ADJUSTMENT_REQUESTED:
      return "调整待批(ADJUSTMENT_REQUESTED)";
    default:
      return "未申报(none)";
  }
}

int CountTargetIndicators(const ipb::TargetSet& targets) {
  int count = targets.indicators_size();
  for (const ipb::ProjectTarget& p : targets.projects()) {
    count += p.indicators_size();
  }
  return count;
}

std::string RenderTargets(const ipb::TargetsView& view) {
  const ipb::TargetSet& set = view.current();
  std::string out = absl::StrCat(
      "绩效目标：", set.key().region_code(), "/", set.key().department_code(),
      " ", set.key().year(), "年\n状态：", TargetStatusLabel(set.status()),
      "；版本 ", set.version(), "（", set.changed_at(), "，", set.changed_by(),
      "）\n生效：",
      view.has_in_force()
          ? absl::StrCat("版本 ", view.in_force().version(), "（已批复）")
          : "尚无已批复的目标",
      "\n指标体系：", set.tree().empty() ? "pre2021" : set.tree(), "；指标 ",
      CountTargetIndicators(set), " 项，项目 ", set.projects_size(), " 个\n");
  for (const ipb::ReturnReason& r : set.return_reasons()) {
    absl::StrAppend(&out, "退回理由",
                    r.indicator_id().empty()
                        ? ""
                        : absl::StrCat("（", r.indicator_id(), "）"),
                    "：", r.reason(), "\n");
  }
  if (!set.adjustment_reason().empty()) {
    absl::StrAppend(&out, "调整理由：", set.adjustment_reason(), "\n");
  }
  if (!set.decision_reason().empty()) {
    absl::StrAppend(&out, "财政意见：", set.decision_reason(), "\n");
  }
  absl::StrAppend(&out, "\n部门整体\n");
  if (!set.annual_goal().empty()) {
    absl::StrAppend(&out, "  年度总体目标：", set.annual_goal(), "\n");
  }
  for (const ipb::MainTask& task : set.main_tasks()) {
    absl::StrAppend(
        &out, "  年度主要任务：", task.name(),
        task.has_funds() ? absl::StrCat("，", FundsText(task.funds())) : "",
        task.content().empty() ? "" : absl::StrCat("；", task.content()), "\n");
  }
  Indicators(out, set.indicators());
  for (const ipb::ProjectTarget& p : set.projects()) {
    absl::StrAppend(&out, "\n项目 ", p.project_code(), " ", p.project_name(),
                    "：", FundsText(p.funds()), "\n");
    if (!p.annual_goal().empty()) {
      absl::StrAppend(&out, "  年度总体目标：", p.annual_goal(), "\n");
    }
    Indicators(out, p.indicators());
  }
  return out;
}

}  // namespace jixiao::cli

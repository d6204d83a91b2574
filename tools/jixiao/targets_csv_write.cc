// WriteTargetsCsv: a target set in the 申报表 layout ReadTargets reads.
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "libs/money/money.h"
#include "tools/jixiao/targets_csv.h"
#include "tools/jixiao/targets_value.h"

namespace jixiao::cli {
namespace {

namespace ipb = ::jixiao::indicator::v1;

std::string Quoted(absl::string_view cell) {
  const bool plain =
      cell.find_first_of(",\"\r\n") == absl::string_view::npos &&
      (cell.empty() || (cell.front() != ' ' && cell.back() != ' '));
  if (plain) return std::string(cell);
  return absl::StrCat("\"", absl::StrReplaceAll(cell, {{"\"", "\"\""}}), "\"");
}

void Row(std::string& out, const std::vector<std::string>& cells) {
  std::vector<std::string> quoted;
  for (const std::string& cell : cells) quoted.push_back(Quoted(cell));
  absl::StrAppend(&out, absl::StrJoin(quoted, ","), "\n");
}

// "300" for 300万元: the form's unit is in its heading.
std::string WanYuan(int64_t fen) {
  std::string text = money::FormatWanYuan(fen);
  text.resize(text.size() - std::string("万元").size());
  return text;
}

// The ids ReadTargets gives rows without an 编号: the column is written
// only when some id is not that (a set typed through the API).
bool IdsAreGenerated(
    const google::protobuf::RepeatedPtrField<ipb::TargetIndicator>& indicators,
    absl::string_view project_code, int project_index) {
  for (int i = 0; i < indicators.size(); ++i) {
    if (indicators[i].id() !=
        TargetIndicatorId(project_code, project_index, i + 1)) {
      return false;
    }
  }
  return true;
}

void IndicatorTable(
    std::string& out,
    const google::protobuf::RepeatedPtrField<ipb::TargetIndicator>& indicators,
    bool with_ids) {
  if (indicators.empty()) return;
  bool with_explanation = with_ids, with_links = false;
  for (const auto& i : indicators) {
    with_links = with_links || i.has_framework_indicator_id();
  }
  for (const auto& i : indicators) {
    with_explanation =
        with_explanation || with_links || !i.explanation().empty();
  }
  std::vector<std::string> header = {"一级指标", "二级指标", "三级指标",
                                     "指标值"};
  if (with_explanation) header.push_back("指标解释");
  if (with_links) header.push_back("评价指标");
  if (with_ids) header.push_back("编号");
  Row(out, header);
  std::string level1, level2;
  for (const ipb::TargetIndicator& i : indicators) {
    // Merged cells: 一级 and 二级 only where they change.
    const bool same1 = i.level1() == level1;
    const bool same2 = same1 && i.level2() == level2;
    std::vector<std::string> cells = {same1 ? "" : i.level1(),
                                      same2 ? "" : i.level2(), i.name(),
                                      FormatTargetValue(i)};
    if (with_explanation) cells.push_back(i.explanation());
    if (with_links) cells.push_back(i.framework_indicator_id());
    if (with_ids) cells.push_back(i.id());
    Row(out, cells);
    level1 = i.level1();
    level2 = i.level2();
  }
}

std::string YearTitle(absl::string_view form, int year) {
  return absl::StrCat(form, "（", year, "年度）");
}

}  // namespace

std::string WriteTargetsCsv(const ipb::TargetSet& targets) {
  std::string out;
  Row(out, {YearTitle("部门整体支出绩效目标申报表", targets.key().year())});
  if (!targets.tree().empty()) Row(out, {"指标体系", targets.tree()});
  if (!targets.annual_goal().empty()) {
    Row(out, {"年度总体目标", targets.annual_goal()});
  }
  if (!targets.main_tasks().empty()) {
    Row(out, {"年度主要任务", "任务名称", "主要内容", "资金总额（万元）",
              "财政拨款（万元）", "其他资金（万元）"});
    for (const ipb::MainTask& task : targets.main_tasks()) {
      const ipb::Funds& f = task.funds();
      Row(out, {"", task.name(), task.content(),
                f.has_total() ? WanYuan(f.total()) : "",
                f.has_fiscal() ? WanYuan(f.fiscal()) : "",
                f.has_other() ? WanYuan(f.other()) : ""});
    }
  }
  IndicatorTable(out, targets.indicators(),
                 !IdsAreGenerated(targets.indicators(), "", -1));
  for (int p = 0; p < targets.projects_size(); ++p) {
    const ipb::ProjectTarget& project = targets.projects(p);
    Row(out, {YearTitle("项目支出绩效目标申报表", targets.key().year())});
    Row(out, {"项目名称", project.project_name(), "项目编码",
              project.project_code()});
    const ipb::Funds& f = project.funds();
    std::vector<std::string> funds = {"资金情况（万元）"};
    if (f.has_total()) {
      funds.insert(funds.end(), {"年度资金总额", WanYuan(f.total())});
    }
    if (f.has_fiscal()) {
      funds.insert(funds.end(), {"其中：财政拨款", WanYuan(f.fiscal())});
    }
    if (f.has_other()) {
      funds.insert(funds.end(), {"其他资金", WanYuan(f.other())});
    }
    Row(out, funds);
    if (!project.annual_goal().empty()) {
      Row(out, {"年度总体目标", project.annual_goal()});
    }
    IndicatorTable(
        out, project.indicators(),
        !IdsAreGenerated(project.indicators(), project.project_code(), p));
  }
  return out;
}

}  // namespace jixiao::cli

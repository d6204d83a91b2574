#include "tools/jixiao/targets_csv.h"

#include <map>
#include <optional>
#include <tuple>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "libs/money/money.h"
#include "services/indicator/domain/targets.h"
#include "tools/jixiao/targets_value.h"

namespace jixiao::cli {
namespace {

namespace ipb = ::jixiao::indicator::v1;

// A label cell as the forms vary it: "其中：财政拨款", "资金总额（万元）",
// "项目名称：" all name the same thing.
std::string LabelOf(absl::string_view cell) {
  const std::string label = CompactLabel(cell);
  absl::string_view l = label;
  absl::ConsumePrefix(&l, "其中");
  absl::ConsumePrefix(&l, "：");
  absl::ConsumePrefix(&l, ":");
  absl::ConsumeSuffix(&l, "：");
  absl::ConsumeSuffix(&l, ":");
  absl::ConsumeSuffix(&l, "（万元）");
  return std::string(l);
}

enum class Field {
  kProjectName,
  kProjectCode,
  kTotal,
  kFiscal,
  kOther,
  kGoal,
  kTree,
  kFundsHeading,  // 资金情况（万元）: a heading, no value of its own
  kIgnored,       // on the forms, not in a target set: its value is skipped
};

std::optional<Field> FieldOf(absl::string_view label) {
  static const auto* const kFields =
      new std::map<std::string, Field, std::less<>>{
          {"项目名称", Field::kProjectName},
          {"项目编码", Field::kProjectCode},
          {"项目代码", Field::kProjectCode},
          {"年度资金总额", Field::kTotal},
          {"资金总额", Field::kTotal},
          {"财政拨款", Field::kFiscal},
          {"其他资金", Field::kOther},
          {"年度总体目标", Field::kGoal},
          {"年度目标", Field::kGoal},
          {"总体目标", Field::kGoal},
          {"指标体系", Field::kTree},
          {"资金情况", Field::kFundsHeading},
          {"主管部门", Field::kIgnored},
          {"主管部门编码", Field::kIgnored},
          {"主管部门及代码", Field::kIgnored},
          {"实施单位", Field::kIgnored},
          {"部门名称", Field::kIgnored},
          {"单位名称", Field::kIgnored},
          {"填报单位", Field::kIgnored},
          {"项目属性", Field::kIgnored},
          {"项目负责人", Field::kIgnored},
          {"项目负责人及电话", Field::kIgnored},
          {"联系电话", Field::kIgnored},
          {"项目起止时间", Field::kIgnored},
          {"项目期", Field::kIgnored},
          {"说明", Field::kIgnored},
          {"备注", Field::kIgnored},
          {"填报人", Field::kIgnored},
          {"单位负责人", Field::kIgnored},
          {"填报日期", Field::kIgnored},
      };
  const auto it = kFields->find(label);
  if (it == kFields->end()) return std::nullopt;
  return it->second;
}

// The column a target set's field is read from, by the field's last name.
absl::string_view ColumnOfField(absl::string_view field) {
  static const auto* const kColumns =
      new std::map<std::string, std::string, std::less<>>{
          {"level1", "一级指标"},
          {"level2", "二级指标"},
          {"name", "三级指标"},
          {"comparator", "指标值"},
          {"value", "指标值"},
          {"unit", "指标值"},
          {"explanation", "指标解释"},
          {"id", "编号"},
          {"project_code", "项目编码"},
          {"project_name", "项目名称"},
          {"annual_goal", "年度总体目标"},
          {"total", "年度资金总额"},
          {"fiscal", "财政拨款"},
          {"other", "其他资金"},
          {"content", "主要内容"},
          {"tree", "指标体系"},
          {"framework_indicator_id", "评价指标"},
      };
  const size_t dot = field.rfind('.');
  const absl::string_view last =
      dot == absl::string_view::npos ? field : field.substr(dot + 1);
  const auto it = kColumns->find(last);
  return it == kColumns->end() ? absl::string_view() : it->second;
}

// Where a value of the set came from.
struct Where {
  const TableRow* row = nullptr;
  std::string column;
};

// The indicator table's columns, by the header row.
struct IndicatorColumns {
  size_t level1 = 0, level2 = 0, level3 = 0, value = 0;
  std::optional<size_t> explanation, unit, id;
  std::optional<size_t> link;  // 评价指标: the evaluation framework's leaf
};

std::optional<IndicatorColumns> IndicatorHeader(const TableRow& row) {
  IndicatorColumns columns;
  bool found = false;
  for (size_t i = 0; i < row.cells.size(); ++i) {
    const std::string name = LabelOf(row.cells[i]);
    if (name == "一级指标") {
      columns.level1 = i;
      found = true;
    } else if (!found) {
      continue;  // a merged label on the left: 年度绩效指标
    } else if (name == "二级指标") {
      columns.level2 = i;
    } else if (name == "三级指标" || name == "指标内容" || name == "指标名称") {
      columns.level3 = i;
    } else if (name == "指标值" || name == "年度指标值" || name == "目标值") {
      columns.value = i;
    } else if (name == "指标解释" || name == "指标说明" || name == "备注") {
      columns.explanation = i;
    } else if (name == "计量单位" || name == "度量单位" || name == "单位") {
      columns.unit = i;
    } else if (name == "编号" || name == "指标编号") {
      columns.id = i;
    } else if (name == "评价指标" || name == "对应评价指标") {
      columns.link = i;
    }
  }
  if (!found || columns.level2 <= columns.level1 ||
      columns.level3 <= columns.level2 || columns.value <= columns.level3) {
    return std::nullopt;
  }
  return columns;
}

// The 年度主要任务 table's columns, by its header row.
struct TaskColumns {
  std::optional<size_t> name, content, total, fiscal, other;
};

TaskColumns TaskHeader(const TableRow& row) {
  TaskColumns columns;
  for (size_t i = 1; i < row.cells.size(); ++i) {
    const std::string name = LabelOf(row.cells[i]);
    if (name == "任务名称") columns.name = i;
    if (name == "主要内容") columns.content = i;
    if (name == "资金总额" || name == "预算总额" || name == "总额" ||
        name == "预算金额") {
      columns.total = i;
    }
    if (name == "财政拨款") columns.fiscal = i;
    if (name == "其他资金") columns.other = i;
  }
  return columns;
}

bool IsTitle(absl::string_view first_cell) {
  return absl::StrContains(first_cell, "绩效目标") &&
         absl::StrContains(first_cell, "表");
}

// "（2019年度）" in a title: the year the form is for, if it says.
std::optional<int> YearOf(absl::string_view text) {
  const size_t at = text.find("年度");
  if (at == absl::string_view::npos || at < 4) return std::nullopt;
  int year = 0;
  if (!absl::SimpleAtoi(text.substr(at - 4, 4), &year)) return std::nullopt;
  return year;
}

class Reader {
 public:
  explicit Reader(const ipb::TargetKey& key) { *set_.mutable_key() = key; }

  // The rows one by one, then the checks across them.
  TargetsFile Read(const std::vector<TableRow>& rows) {
    for (const TableRow& row : rows) ReadRow(row);
    if (set_.indicators_size() == 0 && set_.projects_size() == 0 &&
        errors_.empty()) {
      errors_.Add(
          "the file has no indicator table (a header row 一级指标, 二级指标, "
          "三级指标, 指标值)");
    }
    if (set_.tree().empty()) set_.set_tree(InferredTree());
    CheckIndicatorsAsTheServiceWill();
    if (errors_.empty()) CheckFunds();
    if (errors_.empty()) CheckFormsAsTheServiceWill();
    TargetsFile file;
    file.errors = errors_.Take();
    if (file.errors.empty()) file.targets = std::move(set_);
    return file;
  }

 private:
  enum class Mode { kLabels, kTasks, kIndicators };

  void Error(const Where& where, absl::string_view problem) {
    errors_.Add(*where.row, where.column, problem);
  }

  // The prefix of the current form's fields: "" or "projects[2].".
  std::string FormPath() const {
    return project_ < 0 ? "" : absl::StrCat("projects[", project_, "].");
  }

  // A title starts a form; inside a table a row is one of its rows; else
  // it starts a table or holds labels.
  void ReadRow(const TableRow& row) {
    const std::optional<size_t> first = FirstFilledCell(row);
    if (!first.has_value()) return;  // blank
    const std::string first_cell = TrimCell(row.cells[*first]);
    if (IsTitle(first_cell)) {
      StartForm(row, *first, first_cell);
      return;
    }
    if (mode_ == Mode::kIndicators) {
      const auto field = FieldOf(LabelOf(row.cells[0]));
      if (field == Field::kIgnored) return;  // 填报人 … under the table
      ReadIndicator(row);
      return;
    }
    if (mode_ == Mode::kTasks && *first > 0) {
      ReadTask(row);
      return;
    }
    mode_ = Mode::kLabels;
    if (StartTable(row, *first, first_cell)) return;
    ReadLabels(row, *first);
  }

  // A header row of the indicator table or the 年度主要任务 table: true when
  // `row` is one.
  bool StartTable(const TableRow& row, size_t first,
                  const std::string& first_cell) {
    if (auto columns = IndicatorHeader(row)) {
      indicator_columns_ = *columns;
      mode_ = Mode::kIndicators;
      levels_.Clear();
      return true;
    }
    if (LabelOf(first_cell) != "年度主要任务") return false;
    if (project_ >= 0) {
      Error({&row, ColumnLetter(first)},
            "年度主要任务 belong to the 部门整体 form, not a project's");
      return true;
    }
    task_columns_ = TaskHeader(row);
    if (!task_columns_.name) {
      Error({&row, ColumnLetter(first)},
            "the 年度主要任务 header names no 任务名称 column");
    }
    mode_ = Mode::kTasks;
    return true;
  }

  void StartForm(const TableRow& row, size_t at, const std::string& title) {
    const Where where{&row, ColumnLetter(at)};
    mode_ = Mode::kLabels;
    if (const auto year = YearOf(title);
        year.has_value() && *year != set_.key().year()) {
      Error(where, absl::StrCat("the form is for ", *year, ", the targets for ",
                                set_.key().year(), " (--year)"));
    }
    if (!absl::StrContains(title, "项目")) {
      if (!absl::StrContains(title, "部门") &&
          !absl::StrContains(title, "整体")) {
        Error(where, absl::StrCat("'", title,
                                  "' names neither 部门整体支出 nor 项目支出"));
        return;
      }
      if (project_ >= 0 || department_form_seen_) {
        Error(where,
              "a second 部门整体 form: the department-wide targets come once, "
              "before the projects'");
      }
      department_form_seen_ = true;
      return;
    }
    department_form_seen_ = true;  // what comes before is the department's
    project_ = set_.projects_size();
    set_.add_projects();
    positions_[absl::StrCat("projects[", project_, "]")] = where;
  }

  ipb::Funds* FundsOf(const Where& where) {
    if (project_ < 0) {
      Error(where,
            "the 部门整体 form holds funds per 年度主要任务 (the 年度主要任务 "
            "table)");
      return nullptr;
    }
    return set_.mutable_projects(project_)->mutable_funds();
  }

  // Label | value pairs, left to right.
  void ReadLabels(const TableRow& row, size_t first) {
    for (size_t i = first; i < row.cells.size(); ++i) {
      const std::string cell = TrimCell(row.cells[i]);
      if (cell.empty()) continue;
      const std::string label = LabelOf(cell);
      const auto field = FieldOf(label);
      if (!field.has_value()) {
        Error(
            {&row, ColumnLetter(i)},
            absl::StrCat("'", cell,
                         "' is not a label of the 申报表 (项目名称, 项目编码, "
                         "年度资金总额, 财政拨款, 其他资金, 年度总体目标 …) "
                         "nor the header of its indicator table"));
        return;
      }
      if (*field == Field::kFundsHeading) {
        if (absl::StrContains(cell, "元") && !absl::StrContains(cell, "万元")) {
          Error({&row, label}, "amounts are read in 万元");
        }
        continue;
      }
      const std::string value =
          i + 1 < row.cells.size() ? TrimCell(row.cells[i + 1]) : "";
      ++i;  // the value's cell
      SetField(*field, {&row, label}, value);
    }
  }

  void SetField(Field field, const Where& where, const std::string& value) {
    switch (field) {
      case Field::kProjectName:
      case Field::kProjectCode:
        SetProjectLabel(field, where, value);
        return;
      case Field::kTotal:
      case Field::kFiscal:
      case Field::kOther:
        SetFormFunds(field, where, value);
        return;
      case Field::kGoal:
        SetGoal(where, value);
        return;
      case Field::kTree:
        SetTree(where, value);
        return;
      case Field::kFundsHeading:
      case Field::kIgnored:
        return;
    }
  }

  // 项目名称 or 项目编码: a project form's only.
  void SetProjectLabel(Field field, const Where& where,
                       const std::string& value) {
    if (project_ < 0) {
      Error(where, absl::StrCat(where.column,
                                " belongs to a 项目支出绩效目标申报表: "
                                "start the project with its title row"));
      return;
    }
    if (value.empty()) return;
    if (field == Field::kProjectName) {
      set_.mutable_projects(project_)->set_project_name(value);
      positions_[FormPath() + "project_name"] = where;
    } else {
      set_.mutable_projects(project_)->set_project_code(value);
      positions_[FormPath() + "project_code"] = where;
    }
  }

  // 年度资金总额, 财政拨款 or 其他资金 of a project form.
  void SetFormFunds(Field field, const Where& where, const std::string& value) {
    ipb::Funds* funds = FundsOf(where);
    if (funds == nullptr || value.empty()) return;
    const auto fen = Amount(where, value);
    if (!fen.has_value()) return;
    const char* name = field == Field::kTotal    ? "total"
                       : field == Field::kFiscal ? "fiscal"
                                                 : "other";
    positions_[absl::StrCat(FormPath(), "funds.", name)] = where;
    if (field == Field::kTotal) funds->set_total(*fen);
    if (field == Field::kFiscal) funds->set_fiscal(*fen);
    if (field == Field::kOther) funds->set_other(*fen);
  }

  void SetGoal(const Where& where, const std::string& value) {
    if (value.empty()) return;
    if (project_ < 0) {
      set_.set_annual_goal(value);
    } else {
      set_.mutable_projects(project_)->set_annual_goal(value);
    }
    positions_[FormPath() + "annual_goal"] = where;
  }

  // 指标体系: the indicator tree the set is declared under.
  void SetTree(const Where& where, const std::string& value) {
    if (value == "pre2021" || value == "财预〔2015〕88号") {
      set_.set_tree("pre2021");
    } else if (value == "cz2021_101" || value == "财预〔2021〕101号") {
      set_.set_tree("cz2021_101");
    } else {
      Error(where, absl::StrCat("'", value,
                                "' is not pre2021 or cz2021_101 "
                                "(财预〔2021〕101号)"));
    }
    positions_["tree"] = where;
  }

  // 万元, exact to the 分 (at most 6 decimals); "1,234.5" and "300万元" too.
  std::optional<int64_t> Amount(const Where& where, absl::string_view cell) {
    std::string text = absl::StrReplaceAll(cell, {{",", ""}, {"，", ""}});
    absl::string_view t = text;
    absl::ConsumeSuffix(&t, "万元");
    auto fen = money::ParseAmount(TrimCell(t), money::Unit::kWanYuan);
    if (!fen.ok()) {
      Error(where, absl::StrCat("'", cell, "' is not an amount in 万元 (",
                                fen.status().message(), ")"));
      return std::nullopt;
    }
    if (*fen < 0) {
      Error(where, absl::StrCat("'", cell, "' is negative"));
      return std::nullopt;
    }
    return *fen;
  }

  void ReadTask(const TableRow& row) {
    const auto cell = [&](std::optional<size_t> at) { return CellAt(row, at); };
    const int index = set_.main_tasks_size();
    ipb::MainTask* task = set_.add_main_tasks();
    const std::string path = absl::StrCat("main_tasks[", index, "]");
    positions_[path] = {&row, ""};
    if (const std::string name = cell(task_columns_.name); !name.empty()) {
      task->set_name(name);
    }
    positions_[path + ".name"] = {&row, "任务名称"};
    if (const std::string content = cell(task_columns_.content);
        !content.empty()) {
      task->set_content(content);
    }
    positions_[path + ".content"] = {&row, "主要内容"};
    for (const auto& [column, name, label] :
         {std::tuple{task_columns_.total, "total", "资金总额"},
          std::tuple{task_columns_.fiscal, "fiscal", "财政拨款"},
          std::tuple{task_columns_.other, "other", "其他资金"}}) {
      const std::string text = cell(column);
      if (text.empty()) continue;
      const Where where{&row, label};
      positions_[absl::StrCat(path, ".funds.", name)] = where;
      const auto fen = Amount(where, text);
      if (!fen.has_value()) continue;
      ipb::Funds* funds = task->mutable_funds();
      if (absl::string_view(name) == "total") funds->set_total(*fen);
      if (absl::string_view(name) == "fiscal") funds->set_fiscal(*fen);
      if (absl::string_view(name) == "other") funds->set_other(*fen);
    }
  }

  // A row of the indicator table: its levels, its value, then the
  // indicator, added when the row has no error.
  void ReadIndicator(const TableRow& row) {
    const IndicatorColumns& c = indicator_columns_;
    const auto cell = [&](std::optional<size_t> at) { return CellAt(row, at); };
    std::string level1 = cell(c.level1), level2 = cell(c.level2);
    const std::string name = cell(c.level3), value = cell(c.value);
    if (level1.empty() && level2.empty() && name.empty() && value.empty()) {
      return;  // only the merged label on the left
    }
    const size_t errors_before = errors_.size();
    ReadLevels(row, level1, level2);
    if (name.empty()) {
      Error({&row, "三级指标"}, "is empty: the indicator's name");
    }
    const std::optional<TargetValue> parsed =
        ReadValue(row, value, cell(c.unit));
    if (errors_.size() != errors_before) return;
    AddIndicator(row, level1, level2, name, *parsed);
  }

  // The row's 一级 and 二级, blank ones continued from the rows above.
  void ReadLevels(const TableRow& row, std::string& level1,
                  std::string& level2) {
    levels_.Continue(level1, level2);
    if (level1.empty()) {
      Error({&row, "一级指标"}, "is empty, and no row above gives it");
    } else if (level2.empty()) {
      Error({&row, "二级指标"},
            absl::StrCat("is empty under a new 一级 (", level1, ")"));
    }
  }

  // The 指标值 cell with its unit (after the number or in 计量单位).
  std::optional<TargetValue> ReadValue(const TableRow& row,
                                       const std::string& value,
                                       const std::string& unit_cell) {
    auto parsed = ParseTargetValue(value);
    if (!parsed.ok()) {
      Error({&row, "指标值"}, parsed.status().message());
      return std::nullopt;
    }
    if (parsed->comparator == ipb::QUALITATIVE) return *std::move(parsed);
    if (parsed->unit.empty()) parsed->unit = unit_cell;
    if (parsed->unit.empty()) {
      Error({&row, "指标值"},
            absl::StrCat("'", value,
                         "' has no unit: write it after the number (≥90%) "
                         "or in a 计量单位 column"));
    } else if (!unit_cell.empty() && unit_cell != parsed->unit) {
      Error({&row, "计量单位"},
            absl::StrCat("'", unit_cell, "' is not the unit of '", value, "'"));
    }
    return *std::move(parsed);
  }

  void AddIndicator(const TableRow& row, const std::string& level1,
                    const std::string& level2, const std::string& name,
                    const TargetValue& parsed) {
    const IndicatorColumns& c = indicator_columns_;
    auto* indicators =
        project_ < 0 ? set_.mutable_indicators()
                     : set_.mutable_projects(project_)->mutable_indicators();
    const std::string path =
        absl::StrCat(FormPath(), "indicators[", indicators->size(), "]");
    ipb::TargetIndicator* indicator = indicators->Add();
    std::string id = CellAt(row, c.id);
    if (id.empty()) {
      id = TargetIndicatorId(
          project_ < 0 ? "" : set_.projects(project_).project_code(), project_,
          indicators->size());
    }
    indicator->set_id(id);
    indicator->set_level1(level1);
    indicator->set_level2(level2);
    indicator->set_name(name);
    indicator->set_comparator(parsed.comparator);
    indicator->set_value(parsed.value);
    if (!parsed.unit.empty()) indicator->set_unit(parsed.unit);
    if (const std::string e = CellAt(row, c.explanation); !e.empty()) {
      indicator->set_explanation(e);
    }
    if (const std::string leaf = CellAt(row, c.link); !leaf.empty()) {
      indicator->set_framework_indicator_id(leaf);
    }
    positions_[path] = {&row, ""};
    indicator_paths_.emplace_back(path, &row);
  }

  std::string InferredTree() const {
    const auto has_cost = [](const auto& indicators) {
      for (const ipb::TargetIndicator& i : indicators) {
        if (i.level1() == "成本指标") return true;
      }
      return false;
    };
    bool cost = has_cost(set_.indicators());
    for (const ipb::ProjectTarget& p : set_.projects()) {
      cost = cost || has_cost(p.indicators());
    }
    return cost ? "cz2021_101" : "pre2021";
  }

  // 财政拨款 + 其他资金 = 年度资金总额, said in the file's 万元 (the
  // service says it in 分).
  void CheckFunds() {
    const auto check = [&](const std::string& path, const ipb::Funds& funds) {
      if (!funds.has_total() || !funds.has_fiscal() || !funds.has_other() ||
          funds.fiscal() + funds.other() == funds.total()) {
        return;
      }
      const auto it = positions_.find(path + "funds.total");
      if (it == positions_.end()) return;
      Error(it->second,
            absl::StrCat(money::FormatWanYuan(funds.total()), ", but 财政拨款 ",
                         money::FormatWanYuan(funds.fiscal()), " + 其他资金 ",
                         money::FormatWanYuan(funds.other()), " = ",
                         money::FormatWanYuan(funds.fiscal() + funds.other())));
    };
    for (int i = 0; i < set_.main_tasks_size(); ++i) {
      check(absl::StrCat("main_tasks[", i, "]."), set_.main_tasks(i).funds());
    }
    for (int i = 0; i < set_.projects_size(); ++i) {
      check(absl::StrCat("projects[", i, "]."), set_.projects(i).funds());
    }
  }

  // "targets.projects[0].funds.total: is required" → "row 9, column
  // 年度资金总额: is required".
  void ServiceError(const absl::Status& status, absl::string_view path_from,
                    absl::string_view path_to) {
    absl::string_view message = status.message();
    absl::ConsumePrefix(&message, "targets.");
    const size_t colon = message.find(": ");
    if (colon == absl::string_view::npos) {
      errors_.Add(std::string(message));
      return;
    }
    std::string field(message.substr(0, colon));
    if (!path_from.empty() && absl::StartsWith(field, path_from)) {
      field = absl::StrCat(path_to, field.substr(path_from.size()));
    }
    const absl::string_view problem = message.substr(colon + 2);
    for (std::string at = field; !at.empty();) {
      if (const auto it = positions_.find(at); it != positions_.end()) {
        Where where = it->second;
        if (at != field || where.column.empty()) {
          where.column = std::string(ColumnOfField(field));
        }
        Error(where, problem);
        return;
      }
      const size_t cut = at.find_last_of(".[");
      at = cut == std::string::npos ? "" : at.substr(0, cut);
    }
    errors_.Add(absl::StrCat(field, ": ", problem));
  }

  // The service's rules, so that a file it would refuse is refused here
  // with every row named: each indicator alone (all of them reported),
  // then the forms without their indicators, then the whole (ids unique).
  void CheckIndicatorsAsTheServiceWill() {
    for (const auto& [path, row] : indicator_paths_) {
      ipb::TargetSet one;
      *one.mutable_key() = set_.key();
      one.set_tree(set_.tree());
      const ipb::TargetIndicator* indicator = Find(path);
      *one.add_indicators() = *indicator;
      if (auto s = indicator::ValidateTargetSet("targets", one); !s.ok()) {
        ServiceError(s, "indicators[0]", path);
      }
    }
  }

  void CheckFormsAsTheServiceWill() {
    ipb::TargetSet forms = set_;
    forms.clear_indicators();
    for (ipb::ProjectTarget& p : *forms.mutable_projects()) {
      p.clear_indicators();
    }
    if (auto s = indicator::ValidateTargetSet("targets", forms); !s.ok()) {
      ServiceError(s, "", "");
      return;
    }
    if (auto s = indicator::ValidateTargetSet("targets", set_); !s.ok()) {
      ServiceError(s, "", "");
    }
  }

  const ipb::TargetIndicator* Find(absl::string_view path) const {
    int project = -1, index = 0;
    absl::string_view p = path;
    if (absl::ConsumePrefix(&p, "projects[")) {
      const size_t close = p.find(']');
      (void)absl::SimpleAtoi(p.substr(0, close), &project);
      p.remove_prefix(close + 2);
    }
    absl::ConsumePrefix(&p, "indicators[");
    (void)absl::SimpleAtoi(p.substr(0, p.find(']')), &index);
    return project < 0 ? &set_.indicators(index)
                       : &set_.projects(project).indicators(index);
  }

  ipb::TargetSet set_;
  TableErrors errors_;
  std::map<std::string, Where> positions_;  // "projects[1].funds.total"
  std::vector<std::pair<std::string, const TableRow*>> indicator_paths_;
  Mode mode_ = Mode::kLabels;
  int project_ = -1;  // the form being read: -1 for the department's
  bool department_form_seen_ = false;
  IndicatorColumns indicator_columns_;
  TaskColumns task_columns_;
  MergedLevels levels_;
};

}  // namespace

std::string TargetIndicatorId(absl::string_view project_code, int project_index,
                              int number) {
  if (project_index < 0) return absl::StrCat("d", number);
  bool plain = !project_code.empty() && project_code.size() <= 30;
  for (const char c : project_code) {
    plain = plain && (absl::ascii_isalnum(static_cast<unsigned char>(c)) ||
                      c == '-' || c == '_' || c == '.');
  }
  return plain ? absl::StrCat(project_code, "-", number)
               : absl::StrCat("p", project_index + 1, "-", number);
}

TargetsFile ReadTargets(const std::vector<TableRow>& rows,
                        const ipb::TargetKey& key) {
  return Reader(key).Read(rows);
}

}  // namespace jixiao::cli

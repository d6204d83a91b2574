#include "tools/jixiao/monitoring_csv.h"

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "libs/money/decimal.h"
#include "services/indicator/domain/monitoring.h"
#include "tools/jixiao/table_reader.h"
#include "tools/jixiao/targets_value.h"

namespace jixiao::cli {
namespace {

namespace ipb = ::jixiao::indicator::v1;

// A header or label cell without the spaces and colons the forms vary.
std::string LabelOf(absl::string_view cell) {
  const std::string label = CompactLabel(cell);
  absl::string_view l = label;
  absl::ConsumeSuffix(&l, "：");
  absl::ConsumeSuffix(&l, ":");
  return std::string(l);
}

bool IsTitle(absl::string_view first_cell) {
  return absl::StrContains(first_cell, "监控") &&
         absl::StrContains(first_cell, "表");
}

bool IsFooter(absl::string_view label) {
  for (const absl::string_view footer :
       {"填报人", "填报日期", "单位负责人", "联系电话", "备注", "说明",
        "审核人", "财务负责人"}) {
    if (label == footer) return true;
  }
  return false;
}

// The indicator table's columns, by the header row: the index and the name
// the file gives it (errors quote it as the reader sees it).
struct Column {
  std::optional<size_t> at;
  std::string name;
};

struct Columns {
  Column level1, level2, level3, target, to_date, forecast, likelihood, cause,
      measure, id;
};

std::optional<Columns> Header(const std::vector<std::string>& cells) {
  Columns c;
  for (size_t i = 0; i < cells.size(); ++i) {
    const std::string n = LabelOf(cells[i]);
    Column* column = nullptr;
    if (n == "一级指标") {
      column = &c.level1;
    } else if (n == "二级指标") {
      column = &c.level2;
    } else if (n == "三级指标" || n == "指标名称" || n == "指标内容") {
      column = &c.level3;
    } else if (n == "年度指标值" || n == "指标值" || n == "年度目标值" ||
               n == "目标值") {
      column = &c.target;
    } else if (absl::StrContains(n, "可能性")) {
      column = &c.likelihood;
    } else if (absl::StrContains(n, "偏差原因")) {
      column = &c.cause;
    } else if (absl::StrContains(n, "措施")) {
      column = &c.measure;
    } else if (absl::StrContains(n, "预计")) {
      column = &c.forecast;
    } else if (absl::StrContains(n, "执行情况") ||
               absl::StrContains(n, "完成情况") ||
               absl::StrContains(n, "完成值") ||
               absl::StrContains(n, "累计完成")) {
      column = &c.to_date;
    } else if (n == "编号" || n == "指标编号") {
      column = &c.id;
    }
    if (column != nullptr && !column->at.has_value()) {
      column->at = i;
      column->name = n;
    }
  }
  if (!c.level3.at.has_value() || !c.forecast.at.has_value()) {
    return std::nullopt;
  }
  return c;
}

// A filed value as the service takes it: for a quantitative target the
// number without the target's unit and without thousands separators.
std::string FiledValue(const std::string& cell,
                       const ipb::TargetIndicator& target) {
  if (target.comparator() == ipb::QUALITATIVE) return cell;
  std::string value = absl::StrReplaceAll(cell, {{",", ""}, {"，", ""}});
  absl::string_view v = value;
  if (!target.unit().empty()) absl::ConsumeSuffix(&v, target.unit());
  return TrimCell(v);
}

// Whether a 年度指标值 cell says the target in force.
bool SaysTarget(const std::string& cell, const ipb::TargetIndicator& target) {
  if (cell == FormatTargetValue(target)) return true;
  const auto parsed = ParseTargetValue(cell);
  if (!parsed.ok() || parsed->comparator != target.comparator()) return false;
  if (target.comparator() == ipb::QUALITATIVE) {
    return parsed->value == target.value();
  }
  constexpr int kDecimals = 4;
  constexpr int64_t kMax = int64_t{1'000'000'000'000} * 10'000;
  const auto a = money::ParseDecimal(parsed->value, kDecimals, kMax);
  const auto b = money::ParseDecimal(target.value(), kDecimals, kMax);
  return a.ok() && b.ok() && *a == *b &&
         (parsed->unit.empty() || parsed->unit == target.unit());
}

class Reader {
 public:
  explicit Reader(const ipb::TargetSet& in_force) : in_force_(in_force) {}

  MonitoringFile Read(const std::vector<TableRow>& rows) {
    for (const TableRow& row : rows) ReadRow(row);
    if (!header_seen_ && errors_.empty()) {
      errors_.Add(
          "the file has no indicator table (a header row 三级指标, "
          "1-X月执行情况, 全年预计完成情况, 完成目标可能性)");
    }
    MonitoringFile file;
    file.errors = errors_.Take();
    if (file.errors.empty()) file.filing = std::move(filing_);
    return file;
  }

 private:
  // The form being read: the department's, or a project's once its labels
  // name it.
  struct Form {
    bool project = false;
    std::string code, name;
    const TableRow* code_row = nullptr;
    const TableRow* name_row = nullptr;
    // The indicators of the targets the rows are matched against; null
    // until known (a project form before its labels).
    const google::protobuf::RepeatedPtrField<ipb::TargetIndicator>* targets =
        nullptr;
  };

  void Error(const TableRow& row, absl::string_view column,
             absl::string_view problem) {
    errors_.Add(row, column, problem);
  }

  // A title starts a form, a header its table; inside the table a row is
  // an indicator's until a footer; outside it, labels.
  void ReadRow(const TableRow& row) {
    const std::optional<size_t> first = FirstFilledCell(row);
    if (!first.has_value()) return;  // blank
    const std::string first_cell = TrimCell(row.cells[*first]);
    if (IsTitle(first_cell)) {
      form_ = Form{.project = absl::StrContains(first_cell, "项目")};
      if (!form_.project) form_.targets = &in_force_.indicators();
      in_table_ = false;
      return;
    }
    if (auto columns = Header(row.cells)) {
      StartTable(row, *columns);
      return;
    }
    if (in_table_) {
      if (IsFooter(LabelOf(row.cells[*first]))) {
        in_table_ = false;
        return;
      }
      ReadIndicator(row);
      return;
    }
    ReadLabels(row);
  }

  // 项目名称 | value | 项目编码 | value; any other label row (the budget
  // execution block, 主管部门 …) is skipped.
  void ReadLabels(const TableRow& row) {
    for (size_t i = 0; i + 1 < row.cells.size(); ++i) {
      const std::string label = LabelOf(row.cells[i]);
      const bool code = label == "项目编码" || label == "项目代码";
      if (!code && label != "项目名称") continue;
      const std::string value = TrimCell(row.cells[i + 1]);
      if (!form_.project) {
        Error(row, label,
              "belongs to a project's form: start the project with its title "
              "row (项目支出绩效目标执行监控表)");
        return;
      }
      (code ? form_.code : form_.name) = value;
      (code ? form_.code_row : form_.name_row) = &row;
      ++i;
    }
  }

  void StartTable(const TableRow& row, const Columns& columns) {
    header_seen_ = true;
    in_table_ = true;
    columns_ = columns;
    levels_.Clear();
    for (const auto& [column, name] :
         {std::pair{&columns_.to_date, "1-X月执行情况"},
          std::pair{&columns_.likelihood, "完成目标可能性"}}) {
      if (!column->at.has_value()) {
        Error(row, "", absl::StrCat("the header names no ", name, " column"));
      }
      if (column->name.empty()) column->name = name;
    }
    for (const auto& [column, name] :
         {std::pair{&columns_.level1, "一级指标"},
          std::pair{&columns_.level2, "二级指标"},
          std::pair{&columns_.target, "年度指标值"},
          std::pair{&columns_.cause, "偏差原因"},
          std::pair{&columns_.measure, "纠偏措施"}}) {
      if (column->name.empty()) column->name = name;
    }
    if (form_.project) ResolveProject(row);
  }

  // The project a form is about, by its code (else its name).
  void ResolveProject(const TableRow& header) {
    form_.targets = nullptr;
    std::vector<std::string> known;
    for (const ipb::ProjectTarget& p : in_force_.projects()) {
      known.push_back(p.project_code());
      if ((!form_.code.empty() && p.project_code() == form_.code) ||
          (form_.code.empty() && !form_.name.empty() &&
           p.project_name() == form_.name)) {
        form_.targets = &p.indicators();
        form_.code = p.project_code();
        return;
      }
    }
    const std::string projects =
        known.empty() ? "none"
                      : absl::StrJoin(known, ", ");  // the codes it could be
    if (form_.code.empty() && form_.name.empty()) {
      Error(header, "",
            "a project's form names no 项目编码 or 项目名称 above its table");
    } else if (!form_.code.empty()) {
      Error(*form_.code_row, "项目编码",
            absl::StrCat("'", form_.code,
                         "' is not a project of the targets in force (",
                         projects, ")"));
    } else {
      Error(*form_.name_row, "项目名称",
            absl::StrCat("'", form_.name,
                         "' is not a project of the targets in force (",
                         projects, ")"));
    }
  }

  static std::string Cell(const TableRow& row, const Column& column) {
    return CellAt(row, column.at);
  }

  // The target indicator a row files, by 编号 or by 三级 name; null (and
  // an error) when none or more than one.
  const ipb::TargetIndicator* Match(const TableRow& row,
                                    const std::string& name,
                                    const std::string& id) {
    const std::string form = form_.project
                                 ? absl::StrCat("project ", form_.code, "'s")
                                 : std::string("the department-wide");
    std::vector<const ipb::TargetIndicator*> found;
    for (const ipb::TargetIndicator& t : *form_.targets) {
      if (id.empty() ? t.name() == name : t.id() == id) found.push_back(&t);
    }
    if (!id.empty()) {
      if (found.empty()) {
        Error(row, columns_.id.name,
              absl::StrCat("'", id, "' is not an indicator of ", form,
                           " targets in force"));
        return nullptr;
      }
      if (!name.empty() && found[0]->name() != name) {
        Error(
            row, columns_.level3.name,
            absl::StrCat("'", name, "' is not the name of ", id,
                         " in the targets in force (", found[0]->name(), ")"));
        return nullptr;
      }
      return found[0];
    }
    if (name.empty()) {
      Error(row, columns_.level3.name, "is empty: the indicator's name");
      return nullptr;
    }
    if (found.empty()) {
      Error(row, columns_.level3.name,
            absl::StrCat("'", name, "' is not an indicator of ", form,
                         " targets in force (jixiao targets show lists them)"));
      return nullptr;
    }
    if (found.size() > 1) {
      std::vector<std::string> ids;
      for (const ipb::TargetIndicator* t : found) ids.push_back(t->id());
      Error(
          row, columns_.level3.name,
          absl::StrCat("'", name, "' names ", found.size(),
                       " indicators of the targets (", absl::StrJoin(ids, ", "),
                       "): add a 编号 column to tell them apart"));
      return nullptr;
    }
    return found[0];
  }

  // A row of the table: matched to its target, checked against it, read
  // into a filed indicator, checked as the service will, then kept.
  void ReadIndicator(const TableRow& row) {
    const std::string name = Cell(row, columns_.level3);
    const std::string id = Cell(row, columns_.id);
    std::string level1 = Cell(row, columns_.level1);
    std::string level2 = Cell(row, columns_.level2);
    const std::string to_date = Cell(row, columns_.to_date);
    const std::string forecast = Cell(row, columns_.forecast);
    const std::string likelihood = Cell(row, columns_.likelihood);
    if (name.empty() && id.empty() && to_date.empty() && forecast.empty() &&
        likelihood.empty()) {
      return;  // only a merged label on the left
    }
    levels_.Continue(level1, level2);
    if (form_.targets == nullptr) return;  // the project is reported
    const size_t errors_before = errors_.size();
    const ipb::TargetIndicator* target = Match(row, name, id);
    if (target == nullptr) return;
    if (const auto seen = filed_rows_.find(target->id());
        seen != filed_rows_.end()) {
      Error(row, columns_.level3.name,
            absl::StrCat("'", target->name(), "' is filed twice (also row ",
                         seen->second->number, ")"));
      return;
    }
    filed_rows_[target->id()] = &row;
    CheckSaysTarget(row, level1, level2, *target);
    ipb::MonitoredIndicator filed = Filed(row, *target);
    if (errors_.size() != errors_before) return;
    CheckAsTheServiceWill(row, filed);
    if (errors_.size() == errors_before) {
      *filing_.add_indicators() = std::move(filed);
    }
  }

  // The row's 一级, 二级 and 年度指标值, when it gives them, are the
  // target's in force.
  void CheckSaysTarget(const TableRow& row, const std::string& level1,
                       const std::string& level2,
                       const ipb::TargetIndicator& target) {
    if (!level1.empty() && level1 != target.level1()) {
      Error(row, columns_.level1.name,
            absl::StrCat("'", level1, "' is not the 一级 of '", target.name(),
                         "' in the targets in force (", target.level1(), ")"));
    } else if (!level2.empty() && level2 != target.level2()) {
      Error(row, columns_.level2.name,
            absl::StrCat("'", level2, "' is not the 二级 of '", target.name(),
                         "' in the targets in force (", target.level2(), ")"));
    }
    if (const std::string value = Cell(row, columns_.target);
        !value.empty() && !SaysTarget(value, target)) {
      Error(row, columns_.target.name,
            absl::StrCat("'", value, "' is not the target in force (",
                         FormatTargetValue(target), ")"));
    }
  }

  // The filed indicator the row says: its values, likelihood, cause and
  // measure (each cell that cannot be read is an error).
  ipb::MonitoredIndicator Filed(const TableRow& row,
                                const ipb::TargetIndicator& target) {
    ipb::MonitoredIndicator filed;
    filed.set_indicator_id(target.id());
    filed.set_value_to_date(FiledValue(Cell(row, columns_.to_date), target));
    filed.set_forecast(FiledValue(Cell(row, columns_.forecast), target));
    if (const std::string likelihood = Cell(row, columns_.likelihood);
        likelihood.empty()) {
      Error(row, columns_.likelihood.name,
            "is empty: 确定能, 有可能 or 完全不可能");
    } else if (const auto l = ParseLikelihood(likelihood)) {
      filed.set_likelihood(*l);
    } else {
      Error(row, columns_.likelihood.name,
            absl::StrCat("'", likelihood,
                         "' is not 确定能, 有可能 or 完全不可能"));
    }
    if (const std::string cause = Cell(row, columns_.cause); !cause.empty()) {
      if (const auto c = ParseDeviationCause(cause)) {
        filed.set_deviation_cause(*c);
      } else {
        Error(row, columns_.cause.name,
              absl::StrCat("'", cause,
                           "' is not 经费保障, 制度保障, 人员保障, "
                           "硬件条件保障 or 其他"));
      }
    }
    if (const std::string measure = Cell(row, columns_.measure);
        !measure.empty()) {
      filed.set_corrective_measure(measure);
    }
    return filed;
  }

  // The service's own check of one indicator, its field named as the
  // file's column: "filing.indicators[0].forecast: …" → "row 7, column
  // 全年预计完成情况: …".
  void CheckAsTheServiceWill(const TableRow& row,
                             const ipb::MonitoredIndicator& filed) {
    ipb::MonitoringFiling one;
    *one.add_indicators() = filed;
    const auto checked = indicator::CheckFiling(one, in_force_);
    if (checked.ok()) return;
    absl::string_view message = checked.status().message();
    absl::ConsumePrefix(&message, "filing.indicators[0].");
    const std::map<std::string, std::string> columns = {
        {"indicator_id", columns_.level3.name},
        {"value_to_date", columns_.to_date.name},
        {"forecast", columns_.forecast.name},
        {"likelihood", columns_.likelihood.name},
        {"deviation_cause", columns_.cause.name},
        {"corrective_measure", columns_.measure.name}};
    const size_t colon = message.find(": ");
    if (colon != absl::string_view::npos) {
      const auto it = columns.find(std::string(message.substr(0, colon)));
      if (it != columns.end()) {
        Error(row, it->second, message.substr(colon + 2));
        return;
      }
    }
    Error(row, "", message);
  }

  const ipb::TargetSet& in_force_;
  ipb::MonitoringFiling filing_;
  TableErrors errors_;
  Form form_{.project = false, .targets = &in_force_.indicators()};
  Columns columns_;
  bool header_seen_ = false;
  bool in_table_ = false;
  MergedLevels levels_;
  std::map<std::string, const TableRow*> filed_rows_;  // by indicator id
};

}  // namespace

std::optional<ipb::Likelihood> ParseLikelihood(absl::string_view text) {
  const std::string t = LabelOf(text);
  if (t == "确定能") return ipb::CERTAIN;
  if (t == "有可能") return ipb::POSSIBLE;
  if (t == "完全不可能") return ipb::IMPOSSIBLE;
  return std::nullopt;
}

std::optional<ipb::DeviationCause> ParseDeviationCause(absl::string_view text) {
  static const auto* const kCauses =
      new std::map<std::string, ipb::DeviationCause, std::less<>>{
          {"经费保障", ipb::FUNDING},       {"经费", ipb::FUNDING},
          {"制度保障", ipb::POLICY},        {"制度", ipb::POLICY},
          {"人员保障", ipb::STAFFING},      {"人员", ipb::STAFFING},
          {"硬件条件保障", ipb::EQUIPMENT}, {"硬件条件", ipb::EQUIPMENT},
          {"硬件", ipb::EQUIPMENT},         {"其他", ipb::OTHER},
          {"其他原因", ipb::OTHER},
      };
  const auto it = kCauses->find(LabelOf(text));
  if (it == kCauses->end()) return std::nullopt;
  return it->second;
}

MonitoringFile ReadMonitoring(const std::vector<TableRow>& rows,
                              const ipb::TargetSet& in_force) {
  return Reader(in_force).Read(rows);
}

}  // namespace jixiao::cli

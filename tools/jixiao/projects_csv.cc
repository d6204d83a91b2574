#include "tools/jixiao/projects_csv.h"

#include <map>
#include <set>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "services/indicator/domain/project_filing.h"

namespace jixiao::cli {
namespace {

namespace ipb = ::jixiao::indicator::v1;

constexpr char kProject[] = "项目代码";
constexpr char kIndicator[] = "指标编号";
constexpr char kValue[] = "实际完成值";
constexpr char kLevel[] = "完成程度";
constexpr char kPercent[] = "得分比例";
constexpr char kWeight[] = "分值";
constexpr char kReason[] = "偏差原因分析";
constexpr char kImprovement[] = "改进措施";
constexpr char kSummary[] = "实际完成情况";
constexpr char kSelfScore[] = "自评得分";

std::string Trim(absl::string_view text) {
  absl::string_view t = absl::StripAsciiWhitespace(text);
  while (absl::ConsumePrefix(&t, "\u3000") ||
         absl::ConsumeSuffix(&t, "\u3000")) {
    t = absl::StripAsciiWhitespace(t);
  }
  return std::string(t);
}

std::string LabelOf(absl::string_view cell) {
  return absl::StrReplaceAll(Trim(cell), {{" ", ""}, {"\u3000", ""}});
}

std::string At(const TableRow& row, absl::string_view column) {
  std::string out = row.sheet.empty() ? "" : absl::StrCat(row.sheet, ", ");
  absl::StrAppend(&out, "row ", row.number, ", column ", column);
  return out;
}

// Where each part of a project's filing came from, to put the service's
// field path back on the file.
struct Origin {
  const TableRow* first = nullptr;    // the project's first row
  const TableRow* project = nullptr;  // its 实际完成情况 row, if any
  std::vector<const TableRow*> actuals;
};

// The column of the file a field of ActualValue is read from.
absl::string_view ColumnOf(absl::string_view field) {
  static const std::map<std::string, std::string, std::less<>> kColumns = {
      {"indicator_id", kIndicator}, {"value", kValue},
      {"achievement", kLevel},      {"percent_of_weight", kPercent},
      {"weight", kWeight},          {"deviation_reason", kReason},
      {"improvement", kImprovement}};
  const auto found = kColumns.find(field);
  return found == kColumns.end() ? absl::string_view(kIndicator)
                                 : absl::string_view(found->second);
}

// "filing.actuals[2].value: problem" → "row 9, column 实际完成值: problem".
std::string Place(const absl::Status& status, const Origin& origin) {
  absl::string_view message = status.message();
  const size_t colon = message.find(": ");
  const absl::string_view field =
      colon == absl::string_view::npos ? "" : message.substr(0, colon);
  const absl::string_view problem =
      colon == absl::string_view::npos ? message : message.substr(colon + 2);
  absl::string_view rest = field;
  if (absl::ConsumePrefix(&rest, "filing.actuals[")) {
    const size_t close = rest.find(']');
    int index = 0;
    for (const char c : rest.substr(0, close)) index = index * 10 + (c - '0');
    absl::string_view member = rest.substr(close + 1);
    absl::ConsumePrefix(&member, ".");
    if (index >= 0 && index < static_cast<int>(origin.actuals.size())) {
      return absl::StrCat(At(*origin.actuals[index], ColumnOf(member)), ": ",
                          problem);
    }
  }
  if (field == "filing.achieved_summary" || field == "filing.self_score") {
    const TableRow& row =
        origin.project != nullptr ? *origin.project : *origin.first;
    return absl::StrCat(
        At(row, field == "filing.self_score" ? kSelfScore : kSummary), ": ",
        problem);
  }
  if (absl::StartsWith(field, "filing.key")) {
    return absl::StrCat(At(*origin.first, kProject), ": ", problem);
  }
  return absl::StrCat(At(*origin.first, kIndicator), ": ", problem);
}

}  // namespace

std::optional<ipb::Achievement> ParseAchievement(absl::string_view text) {
  const std::string t = LabelOf(text);
  if (t == "达成" || t == "达成年度指标") return ipb::ACHIEVED;
  if (t == "部分达成" || t == "部分达成并具有一定效果") {
    return ipb::PARTLY_ACHIEVED;
  }
  if (t == "未达成" || t == "未达成且效果较差") return ipb::NOT_ACHIEVED;
  return std::nullopt;
}

ProjectsFile ReadProjectFilings(const std::vector<TableRow>& rows,
                                const ipb::TargetSet& in_force,
                                const ipb::ProjectKey& key) {
  ProjectsFile out;
  const auto error = [&](const TableRow& row, absl::string_view column,
                         absl::string_view problem) {
    out.errors.push_back(absl::StrCat(At(row, column), ": ", problem));
  };
  // The header: the first row naming both required columns.
  std::map<std::string, size_t> columns;
  size_t at = 0;
  for (; at < rows.size() && columns.empty(); ++at) {
    std::map<std::string, size_t> named;
    for (size_t c = 0; c < rows[at].cells.size(); ++c) {
      named.emplace(LabelOf(rows[at].cells[c]), c);
    }
    if (named.contains(kProject) && named.contains(kIndicator)) {
      columns = std::move(named);
    }
  }
  if (columns.empty()) {
    out.errors.push_back(
        absl::StrCat("no header row naming ", kProject, " and ", kIndicator));
    return out;
  }
  const auto cell = [&](const TableRow& row, const char* column) {
    const auto c = columns.find(column);
    return c == columns.end() || c->second >= row.cells.size()
               ? std::string()
               : Trim(row.cells[c->second]);
  };
  std::map<std::string, size_t> index;  // project code → filing
  std::vector<Origin> origins;
  std::set<const TableRow*> unread;  // a cell that could not be read
  for (; at < rows.size(); ++at) {
    const TableRow& row = rows[at];
    bool blank = true;
    for (const std::string& c : row.cells) blank = blank && Trim(c).empty();
    if (blank) continue;
    const std::string code = cell(row, kProject);
    if (code.empty()) {
      error(row, kProject, "is required on every row");
      continue;
    }
    auto [it, added] = index.emplace(code, out.filings.size());
    if (added) {
      ipb::ProjectFiling& f = out.filings.emplace_back();
      *f.mutable_key() = key;
      f.mutable_key()->set_project_code(code);
      origins.push_back({&row, nullptr, {}});
    }
    ipb::ProjectFiling& filing = out.filings[it->second];
    Origin& origin = origins[it->second];
    const std::string id = cell(row, kIndicator);
    if (id.empty()) {
      if (origin.project != nullptr) {
        error(row, kSummary,
              absl::StrCat(code, "'s 实际完成情况 is on row ",
                           origin.project->number, " already"));
        continue;
      }
      origin.project = &row;
      if (const std::string s = cell(row, kSummary); !s.empty()) {
        filing.set_achieved_summary(s);
      }
      if (const std::string s = cell(row, kSelfScore); !s.empty()) {
        filing.set_self_score(std::string(absl::StripSuffix(s, "分")));
      }
      continue;
    }
    ipb::ActualValue* a = filing.add_actuals();
    origin.actuals.push_back(&row);
    a->set_indicator_id(id);
    // The target's unit may follow the number.
    const ipb::ProjectTarget* project = indicator::FindProject(in_force, code);
    std::string unit;
    for (int i = 0; project != nullptr && i < project->indicators_size(); ++i) {
      if (project->indicators(i).id() == id)
        unit = project->indicators(i).unit();
    }
    if (std::string v = cell(row, kValue); !v.empty()) {
      absl::string_view number = v;
      if (!unit.empty()) absl::ConsumeSuffix(&number, unit);
      a->set_value(Trim(number));
    }
    if (const std::string level = cell(row, kLevel); !level.empty()) {
      const auto parsed = ParseAchievement(level);
      if (!parsed.has_value()) {
        error(row, kLevel,
              absl::StrCat("\"", level, "\" is not 达成, 部分达成 or 未达成"));
        unread.insert(&row);
      } else {
        a->set_achievement(*parsed);
      }
    }
    if (const std::string p = cell(row, kPercent); !p.empty()) {
      a->set_percent_of_weight(std::string(absl::StripSuffix(p, "%")));
    }
    if (const std::string w = cell(row, kWeight); !w.empty()) {
      a->set_weight(std::string(absl::StripSuffix(w, "分")));
    }
    if (const std::string r = cell(row, kReason); !r.empty()) {
      a->set_deviation_reason(r);
    }
    if (const std::string r = cell(row, kImprovement); !r.empty()) {
      a->set_improvement(r);
    }
  }
  // As the service checks: every row of a project on its own first (so
  // that each wrong row is named), then the project as a whole.
  for (size_t p = 0; p < out.filings.size(); ++p) {
    const ipb::ProjectFiling& filing = out.filings[p];
    const Origin& origin = origins[p];
    const ipb::ProjectTarget* project =
        indicator::FindProject(in_force, filing.key().project_code());
    if (project == nullptr) {
      out.errors.push_back(absl::StrCat(
          At(*origin.first, kProject), ": the approved targets (version ",
          in_force.version(), ") have no project \"",
          filing.key().project_code(), "\""));
      continue;
    }
    bool wrong = false;
    for (int i = 0; i < filing.actuals_size(); ++i) {
      if (unread.contains(origin.actuals[i])) {  // said above
        wrong = true;
        continue;
      }
      ipb::ProjectFiling one = filing;
      one.clear_actuals();
      one.clear_achieved_summary();  // checked with the whole project
      one.clear_self_score();
      *one.add_actuals() = filing.actuals(i);
      one.mutable_actuals(0)->clear_weight();  // weights: a whole 一级's
      const Origin single{origin.first, origin.project, {origin.actuals[i]}};
      absl::Status s = indicator::ValidateFilingShape(one);
      if (s.ok()) s = indicator::CheckAgainstTargets(one, *project);
      if (!s.ok()) {
        out.errors.push_back(Place(s, single));
        wrong = true;
      }
    }
    if (wrong) continue;
    absl::Status s = indicator::ValidateFilingShape(filing);
    if (s.ok()) s = indicator::CheckAgainstTargets(filing, *project);
    if (!s.ok()) out.errors.push_back(Place(s, origin));
  }
  return out;
}

}  // namespace jixiao::cli

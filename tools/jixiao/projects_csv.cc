#include "tools/jixiao/projects_csv.h"

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "services/indicator/domain/project_filing.h"
#include "tools/jixiao/table_reader.h"

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
      return absl::StrCat(PlaceOf(*origin.actuals[index], ColumnOf(member)),
                          ": ", problem);
    }
  }
  if (field == "filing.achieved_summary" || field == "filing.self_score") {
    const TableRow& row =
        origin.project != nullptr ? *origin.project : *origin.first;
    return absl::StrCat(
        PlaceOf(row, field == "filing.self_score" ? kSelfScore : kSummary),
        ": ", problem);
  }
  if (absl::StartsWith(field, "filing.key")) {
    return absl::StrCat(PlaceOf(*origin.first, kProject), ": ", problem);
  }
  return absl::StrCat(PlaceOf(*origin.first, kIndicator), ": ", problem);
}

// The header, then each row into its project's filing, then each project
// checked as the service will.
class Reader {
 public:
  Reader(const ipb::TargetSet& in_force, const ipb::ProjectKey& key)
      : in_force_(in_force), key_(key) {}

  ProjectsFile Read(const std::vector<TableRow>& rows) {
    const size_t first_row = ReadHeader(rows);
    if (columns_.empty()) {
      errors_.Add(
          absl::StrCat("no header row naming ", kProject, " and ", kIndicator));
    } else {
      for (size_t at = first_row; at < rows.size(); ++at) ReadRow(rows[at]);
      for (size_t p = 0; p < filings_.size(); ++p) CheckProject(p);
    }
    return {std::move(filings_), errors_.Take()};
  }

 private:
  // The first row naming both required columns; returns the index of the
  // row after it.
  size_t ReadHeader(const std::vector<TableRow>& rows) {
    size_t at = 0;
    for (; at < rows.size() && columns_.empty(); ++at) {
      std::map<std::string, size_t> named;
      for (size_t c = 0; c < rows[at].cells.size(); ++c) {
        named.emplace(CompactLabel(rows[at].cells[c]), c);
      }
      if (named.contains(kProject) && named.contains(kIndicator)) {
        columns_ = std::move(named);
      }
    }
    return at;
  }

  std::string Cell(const TableRow& row, const char* column) const {
    const auto c = columns_.find(column);
    return CellAt(row, c == columns_.end() ? std::nullopt
                                           : std::optional<size_t>(c->second));
  }

  // A row of a project (its code on every row): its 实际完成情况 when it
  // names no indicator, else one indicator's actual.
  void ReadRow(const TableRow& row) {
    if (!FirstFilledCell(row).has_value()) return;  // blank
    const std::string code = Cell(row, kProject);
    if (code.empty()) {
      errors_.Add(row, kProject, "is required on every row");
      return;
    }
    auto [it, added] = index_.emplace(code, filings_.size());
    if (added) {
      ipb::ProjectFiling& f = filings_.emplace_back();
      *f.mutable_key() = key_;
      f.mutable_key()->set_project_code(code);
      origins_.push_back({&row, nullptr, {}});
    }
    const std::string id = Cell(row, kIndicator);
    if (id.empty()) {
      ReadProjectRow(row, filings_[it->second], origins_[it->second]);
    } else {
      ReadActual(row, id, filings_[it->second], origins_[it->second]);
    }
  }

  // 实际完成情况 and 自评得分: one row a project.
  void ReadProjectRow(const TableRow& row, ipb::ProjectFiling& filing,
                      Origin& origin) {
    if (origin.project != nullptr) {
      errors_.Add(row, kSummary,
                  absl::StrCat(filing.key().project_code(),
                               "'s 实际完成情况 is on row ",
                               origin.project->number, " already"));
      return;
    }
    origin.project = &row;
    if (const std::string s = Cell(row, kSummary); !s.empty()) {
      filing.set_achieved_summary(s);
    }
    if (const std::string s = Cell(row, kSelfScore); !s.empty()) {
      filing.set_self_score(std::string(absl::StripSuffix(s, "分")));
    }
  }

  void ReadActual(const TableRow& row, const std::string& id,
                  ipb::ProjectFiling& filing, Origin& origin) {
    ipb::ActualValue* a = filing.add_actuals();
    origin.actuals.push_back(&row);
    a->set_indicator_id(id);
    if (std::string v = Cell(row, kValue); !v.empty()) {
      // The target's unit may follow the number.
      const std::string unit = UnitOf(filing.key().project_code(), id);
      absl::string_view number = v;
      if (!unit.empty()) absl::ConsumeSuffix(&number, unit);
      a->set_value(TrimCell(number));
    }
    if (const std::string level = Cell(row, kLevel); !level.empty()) {
      const auto parsed = ParseAchievement(level);
      if (!parsed.has_value()) {
        errors_.Add(
            row, kLevel,
            absl::StrCat("\"", level, "\" is not 达成, 部分达成 or 未达成"));
        unread_.insert(&row);
      } else {
        a->set_achievement(*parsed);
      }
    }
    if (const std::string p = Cell(row, kPercent); !p.empty()) {
      a->set_percent_of_weight(std::string(absl::StripSuffix(p, "%")));
    }
    if (const std::string w = Cell(row, kWeight); !w.empty()) {
      a->set_weight(std::string(absl::StripSuffix(w, "分")));
    }
    if (const std::string r = Cell(row, kReason); !r.empty()) {
      a->set_deviation_reason(r);
    }
    if (const std::string r = Cell(row, kImprovement); !r.empty()) {
      a->set_improvement(r);
    }
  }

  // The unit of an indicator of the approved targets ("" when unknown).
  std::string UnitOf(const std::string& project_code,
                     const std::string& id) const {
    const ipb::ProjectTarget* project =
        indicator::FindProject(in_force_, project_code);
    std::string unit;
    for (int i = 0; project != nullptr && i < project->indicators_size(); ++i) {
      if (project->indicators(i).id() == id) {
        unit = project->indicators(i).unit();
      }
    }
    return unit;
  }

  // As the service checks: every row of a project on its own first (so
  // that each wrong row is named), then the project as a whole.
  void CheckProject(size_t p) {
    const ipb::ProjectFiling& filing = filings_[p];
    const Origin& origin = origins_[p];
    const ipb::ProjectTarget* project =
        indicator::FindProject(in_force_, filing.key().project_code());
    if (project == nullptr) {
      errors_.Add(absl::StrCat(PlaceOf(*origin.first, kProject),
                               ": the approved targets (version ",
                               in_force_.version(), ") have no project \"",
                               filing.key().project_code(), "\""));
      return;
    }
    if (!CheckEachActual(filing, origin, *project)) return;
    absl::Status s = indicator::ValidateFilingShape(filing);
    if (s.ok()) s = indicator::CheckAgainstTargets(filing, *project);
    if (!s.ok()) errors_.Add(Place(s, origin));
  }

  // Each actual of a project alone; false when any is wrong.
  bool CheckEachActual(const ipb::ProjectFiling& filing, const Origin& origin,
                       const ipb::ProjectTarget& project) {
    bool wrong = false;
    for (int i = 0; i < filing.actuals_size(); ++i) {
      if (unread_.contains(origin.actuals[i])) {  // said above
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
      if (s.ok()) s = indicator::CheckAgainstTargets(one, project);
      if (!s.ok()) {
        errors_.Add(Place(s, single));
        wrong = true;
      }
    }
    return !wrong;
  }

  const ipb::TargetSet& in_force_;
  const ipb::ProjectKey& key_;
  std::map<std::string, size_t> columns_;  // by label; empty: no header
  std::vector<ipb::ProjectFiling> filings_;
  std::vector<Origin> origins_;          // of each filing
  std::map<std::string, size_t> index_;  // project code → filing
  std::set<const TableRow*> unread_;     // a cell that could not be read
  TableErrors errors_;
};

}  // namespace

std::optional<ipb::Achievement> ParseAchievement(absl::string_view text) {
  const std::string t = CompactLabel(text);
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
  return Reader(in_force, key).Read(rows);
}

}  // namespace jixiao::cli

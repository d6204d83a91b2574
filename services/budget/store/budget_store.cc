#include "services/budget/store/budget_store.h"

#include <map>
#include <set>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "libs/base/status_macros.h"
#include "services/budget/store/schema.h"
#include "services/common/storage/audit.h"
#include "services/common/storage/migrations.h"
#include "services/common/storage/row_reader.h"
#include "services/common/storage/write_epoch.h"

namespace jixiao::budget {
namespace {

using storage::Int;
using storage::OptionalInt;
using storage::ReadColumns;
using storage::Row;
using storage::Session;
using storage::Text;
using storage::Value;

std::string DepartmentEntity(absl::string_view region, absl::string_view code) {
  return absl::StrCat("department/", region, "/", code);
}

constexpr char kDepartmentColumns[] =
    "id, region_code, code, name, parent_code, kind, staff_authorized, "
    "staff_actual,"
    " staff_retired, staff_auxiliary, version";

// A department and its row id, read from kDepartmentColumns.
using DepartmentRow = std::pair<int64_t, Department>;

absl::StatusOr<DepartmentRow> DepartmentFromRow(const Row& row) {
  JIXIAO_ASSIGN_OR_RETURN(
      (auto [id, region_code, code, name, parent_code, kind, staff_authorized,
             staff_actual, staff_retired, staff_auxiliary, version]),
      ReadColumns<int64_t, std::string, std::string, std::string, std::string,
                  std::string, std::optional<int32_t>, std::optional<int32_t>,
                  std::optional<int32_t>, std::optional<int32_t>, int64_t>(
          row));
  Department d;
  d.region_code = std::move(region_code);
  d.code = std::move(code);
  d.name = std::move(name);
  d.parent_code = std::move(parent_code);
  d.kind = std::move(kind);
  d.staff_authorized = staff_authorized;
  d.staff_actual = staff_actual;
  d.staff_retired = staff_retired;
  d.staff_auxiliary = staff_auxiliary;
  d.version = version;
  return DepartmentRow{id, std::move(d)};
}

// The department with its row id, or NOT_FOUND.
absl::StatusOr<DepartmentRow> FindDepartment(Session& s,
                                             absl::string_view region,
                                             absl::string_view code) {
  JIXIAO_ASSIGN_OR_RETURN(
      auto rows,
      s.Query(
          absl::StrCat("SELECT ", kDepartmentColumns,
                       " FROM departments WHERE region_code = ? AND code = ?"),
          {Text(region), Text(code)}));
  if (rows.empty()) {
    return absl::NotFoundError(
        absl::StrCat("no department \"", code, "\" in region ", region));
  }
  return DepartmentFromRow(rows.front());
}

// Unknown departments named in a write are the caller's mistake.
absl::Status AsInvalidField(const absl::Status& status,
                            absl::string_view field) {
  if (absl::IsNotFound(status)) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": ", status.message()));
  }
  return status;
}

std::string DescribeDepartment(const Department& d) {
  const auto count = [](std::optional<int32_t> v) {
    return v ? absl::StrCat(*v) : std::string("-");
  };
  return storage::AuditObject({{"name", d.name},
                               {"parent", d.parent_code},
                               {"kind", d.kind},
                               {"编制", count(d.staff_authorized)},
                               {"在职", count(d.staff_actual)},
                               {"离退休", count(d.staff_retired)},
                               {"辅助", count(d.staff_auxiliary)}});
}

std::map<std::string, std::string> FlattenYear(const DepartmentYear& y) {
  std::map<std::string, std::string> flat;
  for (const auto& [phase, figures] : y.phases) {
    for (const Item item : AllItems()) {
      if (const auto v = figures.Get(item)) {
        flat[absl::StrCat(LabelOf(phase), ".", KeyOf(item))] = absl::StrCat(*v);
      }
    }
  }
  for (const Project& p : y.projects) {
    flat[absl::StrCat("project.", p.code)] =
        absl::StrCat(p.name, "|", p.category, "|", p.key_project, "|",
                     p.original.value_or(-1), "|", p.adjusted.value_or(-1), "|",
                     p.final.value_or(-1));
  }
  for (size_t i = 0; i < y.stated_rates.size(); ++i) {
    const StatedRate& r = y.stated_rates[i];
    flat[absl::StrCat("stated_rate.", i)] =
        absl::StrCat(r.formula_id, "|", r.item ? KeyOf(*r.item) : "", "|",
                     r.hundredths, "|", r.word);
  }
  return flat;
}

// The changed fields only, as an audit object for the old and the new side.
std::pair<std::string, std::string> DiffYears(const DepartmentYear& before,
                                              const DepartmentYear& after) {
  const auto a = FlattenYear(before);
  const auto b = FlattenYear(after);
  std::set<std::string> keys;
  for (const auto& [k, v] : a) keys.insert(k);
  for (const auto& [k, v] : b) keys.insert(k);
  std::vector<storage::AuditField> old_parts;
  std::vector<storage::AuditField> new_parts;
  for (const std::string& k : keys) {
    const auto ia = a.find(k);
    const auto ib = b.find(k);
    const std::string va = ia == a.end() ? "(absent)" : ia->second;
    const std::string vb = ib == b.end() ? "(absent)" : ib->second;
    if (va == vb) continue;
    old_parts.emplace_back(k, va);
    new_parts.emplace_back(k, vb);
  }
  return {storage::AuditObject(old_parts), storage::AuditObject(new_parts)};
}

// The department-year, or nullopt when it was never written.
// Which department-years a read covers: a SQL condition on department_id
// and year (the same in every table that holds a year's parts) and its
// parameters.
struct YearFilter {
  std::string where;
  std::vector<Value> params;
};

YearFilter OneYear(int64_t department_id, int32_t year) {
  return {"department_id = ? AND year = ?", {Int(department_id), Int(year)}};
}

// The department-years, in two years (the year and its base), of a
// region's departments whose codes are in (after, last], in byte order.
YearFilter RegionYears(absl::string_view region_code, absl::string_view after,
                       absl::string_view last, int32_t year,
                       int32_t base_year) {
  return {
      "department_id IN (SELECT id FROM departments WHERE region_code = ? AND "
      "code COLLATE BINARY > ? AND code COLLATE BINARY <= ?) AND year IN (?, "
      "?)",
      {Text(region_code), Text(after), Text(last), Int(year), Int(base_year)}};
}

using YearKey = std::pair<int64_t, int32_t>;  // department id, year

// Every department-year the filter covers, each with all its parts: one
// query a table, however many years.
absl::StatusOr<std::map<YearKey, DepartmentYear>> LoadYears(
    Session& s, const YearFilter& filter) {
  std::map<YearKey, DepartmentYear> years;
  const auto select = [&](absl::string_view columns, absl::string_view table,
                          absl::string_view order) {
    return s.Query(absl::StrCat("SELECT department_id, year, ", columns,
                                " FROM ", table, " WHERE ", filter.where,
                                " ORDER BY department_id, year", order),
                   filter.params);
  };
  JIXIAO_ASSIGN_OR_RETURN(auto headers,
                          select("version", "department_years", ""));
  for (const Row& r : headers) {
    JIXIAO_ASSIGN_OR_RETURN((auto [department_id, year, version]),
                            ReadColumns<int64_t, int32_t, int64_t>(r));
    DepartmentYear& y = years[{department_id, year}];
    y.year = year;
    y.version = version;
  }
  if (years.empty()) return years;
  // Parts of a year whose header is missing cannot exist (one transaction
  // writes both); find() guards anyway.
  const auto year_of = [&](int64_t department_id,
                           int32_t year) -> DepartmentYear* {
    const auto it = years.find({department_id, year});
    return it == years.end() ? nullptr : &it->second;
  };
  JIXIAO_ASSIGN_OR_RETURN(auto figures, select("phase, item, amount, source",
                                               "figures", ", phase, item"));
  for (const Row& r : figures) {
    JIXIAO_ASSIGN_OR_RETURN(
        (auto [department_id, year, phase_number, item_key, amount, source]),
        ReadColumns<int64_t, int32_t, int64_t, std::string, int64_t,
                    std::string>(r));
    DepartmentYear* y = year_of(department_id, year);
    const auto item = ItemByKey(item_key);
    if (y == nullptr || !item) continue;  // an item of a newer schema
    const auto phase = static_cast<Phase>(phase_number);
    y->phases[phase].Set(*item, amount);
    if (!source.empty()) y->sources[phase][*item] = std::move(source);
  }
  JIXIAO_ASSIGN_OR_RETURN(
      auto projects,
      select("code, name, category, key_project, original, adjusted, final",
             "projects", ", code"));
  for (const Row& r : projects) {
    JIXIAO_ASSIGN_OR_RETURN(
        (auto [department_id, year, code, name, category, key_project, original,
               adjusted, final]),
        ReadColumns<int64_t, int32_t, std::string, std::string, std::string,
                    bool, std::optional<int64_t>, std::optional<int64_t>,
                    std::optional<int64_t>>(r));
    if (DepartmentYear* y = year_of(department_id, year)) {
      y->projects.push_back(Project{std::move(code), std::move(name),
                                    std::move(category), key_project, original,
                                    adjusted, final});
    }
  }
  JIXIAO_ASSIGN_OR_RETURN(auto rates,
                          select("formula_id, item, hundredths, word, quote",
                                 "stated_rates", ", seq"));
  for (const Row& r : rates) {
    JIXIAO_ASSIGN_OR_RETURN(
        (auto [department_id, year, formula_id, item, hundredths, word, quote]),
        ReadColumns<int64_t, int32_t, std::string, std::string, int64_t,
                    std::string, std::string>(r));
    DepartmentYear* y = year_of(department_id, year);
    if (y == nullptr) continue;
    StatedRate rate;
    rate.formula_id = std::move(formula_id);
    rate.item = ItemByKey(item);
    rate.hundredths = hundredths;
    rate.word = std::move(word);
    rate.quote = std::move(quote);
    y->stated_rates.push_back(std::move(rate));
  }
  return years;
}

// The department-year, or nullopt when it was never written.
absl::StatusOr<std::optional<DepartmentYear>> LoadYear(Session& s,
                                                       int64_t department_id,
                                                       int32_t year) {
  JIXIAO_ASSIGN_OR_RETURN(auto years,
                          LoadYears(s, OneYear(department_id, year)));
  if (years.empty()) return std::optional<DepartmentYear>();
  return std::optional<DepartmentYear>(std::move(years.begin()->second));
}

// The ledger totals of the department-years a filter covers, by department
// id (payments up to `as_of` too).
absl::StatusOr<std::map<int64_t, LedgerSummary>> LoadLedgers(
    Session& s, const YearFilter& filter, absl::string_view as_of) {
  std::map<int64_t, LedgerSummary> ledgers;
  JIXIAO_ASSIGN_OR_RETURN(
      auto lines,
      s.Query(absl::StrCat(
                  "SELECT department_id, phase, function_code, economic_code,"
                  " SUM(amount), COUNT(*) FROM budget_lines WHERE ",
                  filter.where,
                  " GROUP BY department_id, phase, function_code, "
                  "economic_code"),
              filter.params));
  for (const Row& r : lines) {
    JIXIAO_ASSIGN_OR_RETURN((auto [department_id, phase, function_code,
                                   economic_code, amount, count]),
                            ReadColumns<int64_t, int64_t, std::string,
                                        std::string, int64_t, int64_t>(r));
    AddToTotals(ledgers[department_id].lines[static_cast<Phase>(phase)],
                function_code, economic_code, amount, count);
  }
  std::vector<Value> params = {Text(as_of.empty() ? "9999-12-31" : as_of)};
  params.insert(params.end(), filter.params.begin(), filter.params.end());
  JIXIAO_ASSIGN_OR_RETURN(
      auto paid,
      s.Query(absl::StrCat(
                  "SELECT department_id, COALESCE(SUM(amount), 0), COUNT(*),"
                  " COALESCE(SUM(CASE WHEN paid_on <= ? THEN amount ELSE 0 "
                  "END), 0) FROM payments WHERE ",
                  filter.where, " GROUP BY department_id"),
              params));
  for (const Row& r : paid) {
    JIXIAO_ASSIGN_OR_RETURN((auto [department_id, total, count, as_of_total]),
                            ReadColumns<int64_t, int64_t, int64_t, int64_t>(r));
    LedgerSummary& ledger = ledgers[department_id];
    ledger.payments_total = total;
    ledger.payments_count = count;
    ledger.payments_as_of = as_of_total;
  }
  return ledgers;
}

// Bumps (or creates) a department-year's version; returns the new one.
absl::StatusOr<int64_t> BumpYearVersion(Session& s, int64_t department_id,
                                        int32_t year) {
  JIXIAO_ASSIGN_OR_RETURN(
      auto rows,
      s.Query("INSERT INTO department_years (department_id, year, version, "
              "updated_at)"
              " VALUES (?, ?, 1, ?) ON CONFLICT (department_id, year)"
              " DO UPDATE SET version = department_years.version + 1,"
              " updated_at = excluded.updated_at RETURNING version",
              {Int(department_id), Int(year), Text(storage::NowUtc())}));
  JIXIAO_ASSIGN_OR_RETURN(auto [version], ReadColumns<int64_t>(rows.front()));
  return version;
}

absl::Status CheckParent(Session& s, const Department& d) {
  if (d.parent_code.empty()) return absl::OkStatus();
  // Walk up from the parent: it must exist, and the chain must not come
  // back to this department.
  std::string code = d.parent_code;
  for (int depth = 0; depth < 64 && !code.empty(); ++depth) {
    if (code == d.code) {
      return absl::InvalidArgumentError(
          absl::StrCat("department.parent_code: \"", d.parent_code,
                       "\" would make a cycle"));
    }
    auto parent = FindDepartment(s, d.region_code, code);
    if (!parent.ok())
      return AsInvalidField(parent.status(), "department.parent_code");
    code = parent->second.parent_code;
  }
  return absl::OkStatus();
}

std::vector<Value> DepartmentValues(const Department& d) {
  return {Text(d.name),
          Text(d.parent_code),
          Text(d.kind),
          OptionalInt(d.staff_authorized),
          OptionalInt(d.staff_actual),
          OptionalInt(d.staff_retired),
          OptionalInt(d.staff_auxiliary)};
}

}  // namespace

absl::StatusOr<std::unique_ptr<BudgetStore>> BudgetStore::Open(
    absl::string_view url) {
  JIXIAO_ASSIGN_OR_RETURN(auto db, storage::OpenDatabase(url, "budget"));
  JIXIAO_RETURN_IF_ERROR(
      storage::ApplyMigrations(*db, BudgetMigrations()).status());
  return std::unique_ptr<BudgetStore>(
      new BudgetStore(storage::CountingWrites(std::move(db))));
}

namespace {

// The department's row and its audit entry, in `s`'s transaction;
// ALREADY_EXISTS when the region has one of that code.
absl::Status InsertDepartment(Session& s, const Department& department,
                              const storage::Writer& actor) {
  if (auto existing =
          FindDepartment(s, department.region_code, department.code);
      existing.ok()) {
    return absl::AlreadyExistsError(
        absl::StrCat("department.code: \"", department.code,
                     "\" already exists in region ", department.region_code));
  } else if (!absl::IsNotFound(existing.status())) {
    return existing.status();
  }
  JIXIAO_RETURN_IF_ERROR(CheckParent(s, department));
  std::vector<Value> values = {Text(department.region_code),
                               Text(department.code)};
  for (Value& v : DepartmentValues(department)) values.push_back(std::move(v));
  values.push_back(Text(storage::NowUtc()));
  JIXIAO_RETURN_IF_ERROR(s.Execute(
      "INSERT INTO departments (region_code, code, name, parent_code, kind,"
      " staff_authorized, staff_actual, staff_retired, staff_auxiliary, "
      "updated_at,"
      " version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
      values));
  return storage::AppendAudit(
      s, actor,
      {DepartmentEntity(department.region_code, department.code),
       department.region_code, department.code},
      "", DescribeDepartment(department));
}

// A department-year's figures, projects and stated rates replaced, its
// version bumped and the change audited, in `s`'s transaction.
absl::Status WriteYear(Session& s, absl::string_view region_code,
                       absl::string_view department_code,
                       const DepartmentYear& year,
                       std::optional<int64_t> expected_version,
                       const storage::Writer& actor, int64_t* stored_version) {
  auto department = FindDepartment(s, region_code, department_code);
  if (!department.ok()) {
    return AsInvalidField(department.status(),
                          "department_year.department_code");
  }
  const int64_t id = department->first;
  JIXIAO_ASSIGN_OR_RETURN(auto before, LoadYear(s, id, year.year));
  const int64_t current_version = before ? before->version : 0;
  if (expected_version && *expected_version != current_version) {
    return absl::AbortedError(absl::StrCat(
        "expected_version: the department-year is at version ", current_version,
        ", not ", *expected_version, "; read it again and retry"));
  }
  JIXIAO_ASSIGN_OR_RETURN(auto version, BumpYearVersion(s, id, year.year));
  *stored_version = version;
  for (const char* table : {"figures", "projects", "stated_rates"}) {
    JIXIAO_RETURN_IF_ERROR(
        s.Execute(absl::StrCat("DELETE FROM ", table,
                               " WHERE department_id = ? AND year = ?"),
                  {Int(id), Int(year.year)}));
  }
  for (const auto& [phase, figures] : year.phases) {
    const auto sources = year.sources.find(phase);
    for (const Item item : AllItems()) {
      const auto v = figures.Get(item);
      if (!v) continue;
      std::string source;
      if (sources != year.sources.end()) {
        if (const auto it = sources->second.find(item);
            it != sources->second.end()) {
          source = it->second;
        }
      }
      JIXIAO_RETURN_IF_ERROR(
          s.Execute("INSERT INTO figures (department_id, year, phase, item, "
                    "amount, source)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    {Int(id), Int(year.year), Int(static_cast<int>(phase)),
                     Text(KeyOf(item)), Int(*v), Text(source)}));
    }
  }
  for (const Project& p : year.projects) {
    JIXIAO_RETURN_IF_ERROR(s.Execute(
        "INSERT INTO projects (department_id, year, code, name, category, "
        "key_project,"
        " original, adjusted, final) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {Int(id), Int(year.year), Text(p.code), Text(p.name), Text(p.category),
         Int(p.key_project ? 1 : 0), OptionalInt(p.original),
         OptionalInt(p.adjusted), OptionalInt(p.final)}));
  }
  for (size_t i = 0; i < year.stated_rates.size(); ++i) {
    const StatedRate& r = year.stated_rates[i];
    JIXIAO_RETURN_IF_ERROR(
        s.Execute("INSERT INTO stated_rates (department_id, year, seq, "
                  "formula_id, item, hundredths,"
                  " word, quote) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                  {Int(id), Int(year.year), Int(static_cast<int64_t>(i)),
                   Text(r.formula_id), Text(r.item ? KeyOf(*r.item) : ""),
                   Int(r.hundredths), Text(r.word), Text(r.quote)}));
  }
  const auto [old_text, new_text] =
      DiffYears(before ? *before : DepartmentYear{}, year);
  return storage::AppendAudit(
      s, actor,
      {absl::StrCat(DepartmentEntity(region_code, department_code), "/",
                    year.year),
       std::string(region_code), std::string(department_code), year.year},
      old_text, new_text);
}

}  // namespace

absl::StatusOr<Department> BudgetStore::CreateDepartment(
    const Department& department, const storage::Writer& actor) {
  Department stored = department;
  stored.version = 1;
  JIXIAO_RETURN_IF_ERROR(db_->Write(
      [&](Session& s) { return InsertDepartment(s, department, actor); }));
  return stored;
}

absl::StatusOr<Department> BudgetStore::UpdateDepartment(
    const Department& department, std::optional<int64_t> expected_version,
    const storage::Writer& actor, const DepartmentCheck& may_change) {
  Department stored = department;
  JIXIAO_RETURN_IF_ERROR(db_->Write([&](Session& s) -> absl::Status {
    JIXIAO_ASSIGN_OR_RETURN(
        auto existing,
        FindDepartment(s, department.region_code, department.code));
    const auto& [id, before] = existing;
    if (expected_version && *expected_version != before.version) {
      return absl::AbortedError(absl::StrCat(
          "expected_version: the department is at version ", before.version,
          ", not ", *expected_version, "; read it again and retry"));
    }
    if (may_change) JIXIAO_RETURN_IF_ERROR(may_change(before));
    JIXIAO_RETURN_IF_ERROR(CheckParent(s, department));
    std::vector<Value> values = DepartmentValues(department);
    values.push_back(Text(storage::NowUtc()));
    values.push_back(Int(id));
    JIXIAO_RETURN_IF_ERROR(
        s.Execute("UPDATE departments SET name = ?, parent_code = ?, kind = ?, "
                  "staff_authorized = ?,"
                  " staff_actual = ?, staff_retired = ?, staff_auxiliary = ?, "
                  "updated_at = ?,"
                  " version = version + 1 WHERE id = ?",
                  values));
    stored.version = before.version + 1;
    return storage::AppendAudit(
        s, actor,
        {DepartmentEntity(department.region_code, department.code),
         department.region_code, department.code},
        DescribeDepartment(before), DescribeDepartment(department));
  }));
  return stored;
}

absl::StatusOr<Department> BudgetStore::GetDepartment(
    absl::string_view region_code, absl::string_view code) {
  Department found;
  JIXIAO_RETURN_IF_ERROR(db_->Read([&](Session& s) -> absl::Status {
    JIXIAO_ASSIGN_OR_RETURN(auto d, FindDepartment(s, region_code, code));
    found = std::move(d.second);
    return absl::OkStatus();
  }));
  return found;
}

absl::StatusOr<std::vector<Department>> BudgetStore::ListDepartments(
    absl::string_view region_code, absl::string_view after_code, int limit) {
  std::vector<Department> out;
  JIXIAO_RETURN_IF_ERROR(db_->Read([&](Session& s) -> absl::Status {
    JIXIAO_ASSIGN_OR_RETURN(
        auto rows,
        s.Query(
            absl::StrCat("SELECT ", kDepartmentColumns,
                         " FROM departments WHERE region_code = ? AND code > ?"
                         " ORDER BY code LIMIT ?"),
            {Text(region_code), Text(after_code), Int(limit)}));
    for (const Row& r : rows) {
      JIXIAO_ASSIGN_OR_RETURN(auto department, DepartmentFromRow(r));
      out.push_back(std::move(department.second));
    }
    return absl::OkStatus();
  }));
  return out;
}

absl::StatusOr<DepartmentYear> BudgetStore::PutDepartmentYear(
    absl::string_view region_code, absl::string_view department_code,
    const DepartmentYear& year, std::optional<int64_t> expected_version,
    const storage::Writer& actor) {
  DepartmentYear stored = year;
  JIXIAO_RETURN_IF_ERROR(db_->Write([&](Session& s) {
    return WriteYear(s, region_code, department_code, year, expected_version,
                     actor, &stored.version);
  }));
  return stored;
}

absl::StatusOr<DepartmentYear> BudgetStore::StoreExtraction(
    absl::string_view region_code, absl::string_view department_code,
    const std::optional<Department>& new_department, const DepartmentYear& year,
    const std::optional<DepartmentYear>& prior_year,
    const storage::Writer& actor) {
  DepartmentYear stored = year;
  JIXIAO_RETURN_IF_ERROR(db_->Write([&](Session& s) -> absl::Status {
    if (new_department) {
      JIXIAO_RETURN_IF_ERROR(InsertDepartment(s, *new_department, actor));
    }
    JIXIAO_RETURN_IF_ERROR(WriteYear(s, region_code, department_code, year,
                                     std::nullopt, actor, &stored.version));
    if (!prior_year) return absl::OkStatus();
    // Only where nothing is stored for it yet, read in this transaction.
    JIXIAO_ASSIGN_OR_RETURN(const auto department,
                            FindDepartment(s, region_code, department_code));
    JIXIAO_ASSIGN_OR_RETURN(const auto prior_stored,
                            LoadYear(s, department.first, prior_year->year));
    if (prior_stored) return absl::OkStatus();
    int64_t prior_version = 0;
    return WriteYear(s, region_code, department_code, *prior_year, std::nullopt,
                     actor, &prior_version);
  }));
  return stored;
}

absl::StatusOr<DepartmentYear> BudgetStore::GetDepartmentYear(
    absl::string_view region_code, absl::string_view department_code,
    int32_t year) {
  DepartmentYear found;
  JIXIAO_RETURN_IF_ERROR(db_->Read([&](Session& s) -> absl::Status {
    JIXIAO_ASSIGN_OR_RETURN(auto department,
                            FindDepartment(s, region_code, department_code));
    JIXIAO_ASSIGN_OR_RETURN(auto loaded, LoadYear(s, department.first, year));
    if (!loaded) {
      return absl::NotFoundError(absl::StrCat("no figures for department \"",
                                              department_code, "\" in ", year));
    }
    found = std::move(*loaded);
    return absl::OkStatus();
  }));
  return found;
}

// A connection's own table of record ids to look for (a temporary table:
// never seen by another connection, gone with the connection).
constexpr char kRecordIdsToFind[] = R"sql(
CREATE TEMP TABLE IF NOT EXISTS record_ids_to_find (
  seq BIGINT NOT NULL,
  department_id BIGINT NOT NULL,
  record_id TEXT NOT NULL
);
)sql";

// The department row ids a batch names, row by row.
struct BatchDepartments {
  std::vector<int64_t> lines;
  std::vector<int64_t> payments;
};

// Resolves each department once; the first row naming an unknown one is
// the one the error names.
absl::StatusOr<BatchDepartments> ResolveDepartments(Session& s,
                                                    const LedgerBatch& batch) {
  absl::flat_hash_map<std::string, int64_t> ids;
  const auto resolve =
      [&](const std::string& code,
          absl::FunctionRef<std::string()> field) -> absl::StatusOr<int64_t> {
    if (const auto it = ids.find(code); it != ids.end()) return it->second;
    auto d = FindDepartment(s, batch.region_code, code);
    if (!d.ok()) return AsInvalidField(d.status(), field());
    ids.emplace(code, d->first);
    return d->first;
  };
  BatchDepartments resolved;
  resolved.lines.reserve(batch.lines.size());
  for (size_t i = 0; i < batch.lines.size(); ++i) {
    JIXIAO_ASSIGN_OR_RETURN(
        auto id, resolve(batch.lines[i].department_code, [i] {
          return absl::StrCat("lines[", i, "].department_code");
        }));
    resolved.lines.push_back(id);
  }
  resolved.payments.reserve(batch.payments.size());
  for (size_t i = 0; i < batch.payments.size(); ++i) {
    JIXIAO_ASSIGN_OR_RETURN(
        auto id, resolve(batch.payments[i].department_code, [i] {
          return absl::StrCat("payments[", i, "].department_code");
        }));
    resolved.payments.push_back(id);
  }
  return resolved;
}

// Finds the first payment of `batch` whose record id is stored already
// (the batch was checked against itself): stages the batch in a temporary
// table and joins it with the stored payments. The slow path, taken only
// after the unique index refused the batch, to name the row.
absl::Status FindStoredRecordId(Session& s, const LedgerBatch& batch,
                                absl::Span<const int64_t> department_ids) {
  JIXIAO_RETURN_IF_ERROR(s.ExecuteScript(kRecordIdsToFind));
  JIXIAO_RETURN_IF_ERROR(s.Execute("DELETE FROM record_ids_to_find"));
  JIXIAO_RETURN_IF_ERROR(s.BulkInsert(
      "record_ids_to_find", {"seq", "department_id", "record_id"},
      batch.payments.size(), [&](size_t i, Row& row) {
        row = {Int(static_cast<int64_t>(i)), Int(department_ids[i]),
               Text(batch.payments[i].record_id)};
      }));
  JIXIAO_ASSIGN_OR_RETURN(
      auto clash,
      s.Query(
          "SELECT s.seq, s.record_id, p.batch_id FROM record_ids_to_find s "
          "JOIN "
          "payments p ON p.department_id = s.department_id AND p.record_id = "
          "s.record_id ORDER BY s.seq LIMIT 1"));
  if (clash.empty()) return absl::OkStatus();
  JIXIAO_ASSIGN_OR_RETURN(
      (auto [seq, record_id, stored_in]),
      ReadColumns<int64_t, std::string, std::string>(clash.front()));
  // The clash is in the caller's own region (record ids are unique per
  // department): its batch is named without the region.
  const size_t slash = stored_in.find('/');
  return absl::InvalidArgumentError(absl::StrCat(
      "payments[", seq, "].record_id: \"", record_id,
      "\" is already stored (batch \"",
      slash == std::string::npos ? stored_in : stored_in.substr(slash + 1),
      "\")"));
}

namespace {

// A batch id is the caller's within its region: stored as "region/id", so
// that another region can neither take an id first nor learn that it exists.
std::string StoredBatchId(const LedgerBatch& batch) {
  return absl::StrCat(batch.region_code, "/", batch.batch_id);
}

}  // namespace

absl::StatusOr<ImportResult> BudgetStore::ImportLedger(
    const LedgerBatch& batch, const storage::Writer& actor) {
  ImportResult result;
  const std::string digest = LedgerDigest(batch);
  const std::string stored_id = StoredBatchId(batch);
  bool refused_by_index = false;
  const absl::Status status = db_->Write([&](Session& s) -> absl::Status {
    JIXIAO_ASSIGN_OR_RETURN(auto existing,
                            s.Query("SELECT digest, line_count, payment_count "
                                    "FROM import_batches WHERE "
                                    "batch_id = ?",
                                    {Text(stored_id)}));
    if (!existing.empty()) {
      JIXIAO_ASSIGN_OR_RETURN(
          (auto [stored_digest, line_count, payment_count]),
          ReadColumns<std::string, int64_t, int64_t>(existing.front()));
      if (stored_digest != digest) {
        return absl::AlreadyExistsError(absl::StrCat(
            "batch_id: \"", batch.batch_id,
            "\" was imported before with other rows; use a new batch id"));
      }
      result = ImportResult{line_count, payment_count, true};
      return absl::OkStatus();
    }
    JIXIAO_ASSIGN_OR_RETURN(auto departments, ResolveDepartments(s, batch));
    JIXIAO_RETURN_IF_ERROR(s.Execute(
        "INSERT INTO import_batches (batch_id, region_code, digest, line_count,"
        " payment_count, imported_at, actor) VALUES (?, ?, ?, ?, ?, ?, ?)",
        {Text(stored_id), Text(batch.region_code), Text(digest),
         Int(static_cast<int64_t>(batch.lines.size())),
         Int(static_cast<int64_t>(batch.payments.size())),
         Text(storage::NowUtc()), Text(actor.subject)}));
    // Many rows a statement (a statement is a round trip to PostgreSQL).
    std::set<std::pair<int64_t, int32_t>> touched;
    for (size_t i = 0; i < batch.lines.size(); ++i) {
      touched.emplace(departments.lines[i], batch.lines[i].year);
    }
    for (size_t i = 0; i < batch.payments.size(); ++i) {
      touched.emplace(departments.payments[i], batch.payments[i].year);
    }
    JIXIAO_RETURN_IF_ERROR(s.BulkInsert(
        "budget_lines",
        {"batch_id", "department_id", "year", "phase", "function_code",
         "economic_code", "project_code", "amount"},
        batch.lines.size(), [&](size_t i, Row& row) {
          const BudgetLineRow& l = batch.lines[i];
          row = {Text(stored_id),       Int(departments.lines[i]),
                 Int(l.year),           Int(static_cast<int>(l.phase)),
                 Text(l.function_code), Text(l.economic_code),
                 Text(l.project_code),  Int(l.amount)};
        }));
    // Payments go straight into their table (COPY on PostgreSQL), and its
    // unique index on (department_id, record_id) refuses a record id that
    // an earlier batch stored; which row that was is found afterwards.
    const absl::Status inserted = s.BulkInsert(
        "payments",
        {"batch_id", "department_id", "year", "record_id", "paid_on",
         "function_code", "economic_code", "project_code", "amount"},
        batch.payments.size(), [&](size_t i, Row& row) {
          const PaymentRow& p = batch.payments[i];
          row = {Text(stored_id),       Int(departments.payments[i]),
                 Int(p.year),           Text(p.record_id),
                 Text(p.paid_on),       Text(p.function_code),
                 Text(p.economic_code), Text(p.project_code),
                 Int(p.amount)};
        });
    refused_by_index = absl::IsAlreadyExists(inserted);
    JIXIAO_RETURN_IF_ERROR(inserted);
    // Whatever is computed from a department-year must see the new rows.
    for (const auto& [id, year] : touched) {
      JIXIAO_RETURN_IF_ERROR(BumpYearVersion(s, id, year).status());
    }
    result = ImportResult{static_cast<int64_t>(batch.lines.size()),
                          static_cast<int64_t>(batch.payments.size()), false};
    return storage::AppendAudit(
        s, actor,
        {absl::StrCat("ledger/", batch.region_code, "/", batch.batch_id),
         batch.region_code},
        "",
        storage::AuditObject({{"lines", absl::StrCat(batch.lines.size())},
                              {"payments", absl::StrCat(batch.payments.size())},
                              {"digest", digest}}));
  });
  if (refused_by_index) {
    // Rolled back; name the row in a second transaction, rolled back too.
    const absl::Status named = db_->Write([&](Session& s) -> absl::Status {
      JIXIAO_ASSIGN_OR_RETURN(auto departments, ResolveDepartments(s, batch));
      JIXIAO_RETURN_IF_ERROR(
          FindStoredRecordId(s, batch, departments.payments));
      return status;  // no stored record id: the index refused another row
    });
    return named;
  }
  JIXIAO_RETURN_IF_ERROR(status);
  return result;
}

absl::StatusOr<BudgetStore::VersionSet> BudgetStore::GetVersions(
    absl::string_view region_code, absl::string_view department_code,
    int32_t year) {
  VersionSet versions;
  JIXIAO_RETURN_IF_ERROR(db_->Read([&](Session& s) -> absl::Status {
    JIXIAO_ASSIGN_OR_RETURN(auto department,
                            FindDepartment(s, region_code, department_code));
    versions.department = department.second.version;
    JIXIAO_ASSIGN_OR_RETURN(
        auto rows, s.Query("SELECT year, version FROM department_years WHERE "
                           "department_id = ? "
                           "AND year IN (?, ?)",
                           {Int(department.first), Int(year), Int(year - 1)}));
    for (const Row& r : rows) {
      JIXIAO_ASSIGN_OR_RETURN((auto [stored_year, version]),
                              ReadColumns<int32_t, int64_t>(r));
      (stored_year == year ? versions.figures : versions.base_figures) =
          version;
    }
    return absl::OkStatus();
  }));
  return versions;
}

absl::StatusOr<Snapshot> BudgetStore::LoadSnapshot(
    absl::string_view region_code, absl::string_view department_code,
    int32_t year, int32_t base_year, absl::string_view as_of) {
  Snapshot snapshot;
  JIXIAO_RETURN_IF_ERROR(db_->Read([&](Session& s) -> absl::Status {
    JIXIAO_ASSIGN_OR_RETURN(auto department,
                            FindDepartment(s, region_code, department_code));
    const int64_t id = department.first;
    snapshot.department = std::move(department.second);
    JIXIAO_ASSIGN_OR_RETURN(auto current, LoadYear(s, id, year));
    if (!current) {
      return absl::NotFoundError(absl::StrCat("no figures for department \"",
                                              department_code, "\" in ", year));
    }
    snapshot.current = std::move(*current);
    JIXIAO_ASSIGN_OR_RETURN(auto base, LoadYear(s, id, base_year));
    snapshot.base = std::move(base);

    JIXIAO_ASSIGN_OR_RETURN(auto ledgers,
                            LoadLedgers(s, OneYear(id, year), as_of));
    snapshot.ledger = std::move(ledgers[id]);
    return absl::OkStatus();
  }));
  return snapshot;
}

namespace {

// Payments up to `as_of` of the department-years a filter covers, by
// department id and project code.
absl::StatusOr<
    std::map<int64_t, std::map<std::string, ExecutionSnapshot::Paid>>>
LoadPaidByProject(Session& s, const YearFilter& filter,
                  absl::string_view as_of) {
  std::vector<Value> params = filter.params;
  params.push_back(Text(as_of));
  JIXIAO_ASSIGN_OR_RETURN(
      auto rows,
      s.Query(absl::StrCat(
                  "SELECT department_id, project_code, SUM(amount), COUNT(*) "
                  "FROM payments WHERE ",
                  filter.where,
                  " AND paid_on <= ? GROUP BY department_id, project_code"),
              params));
  std::map<int64_t, std::map<std::string, ExecutionSnapshot::Paid>> paid;
  for (const Row& r : rows) {
    JIXIAO_ASSIGN_OR_RETURN(
        (auto [department_id, project_code, amount, count]),
        ReadColumns<int64_t, std::string, int64_t, int64_t>(r));
    paid[department_id][std::move(project_code)] = {amount, count};
  }
  return paid;
}

}  // namespace

absl::StatusOr<ExecutionSnapshot> BudgetStore::LoadExecution(
    absl::string_view region_code, absl::string_view department_code,
    int32_t year, absl::string_view as_of) {
  ExecutionSnapshot snapshot;
  JIXIAO_RETURN_IF_ERROR(db_->Read([&](Session& s) -> absl::Status {
    JIXIAO_ASSIGN_OR_RETURN(auto department,
                            FindDepartment(s, region_code, department_code));
    const int64_t id = department.first;
    snapshot.department = std::move(department.second);
    JIXIAO_ASSIGN_OR_RETURN(auto current, LoadYear(s, id, year));
    snapshot.year = std::move(current);
    JIXIAO_ASSIGN_OR_RETURN(auto paid,
                            LoadPaidByProject(s, OneYear(id, year), as_of));
    snapshot.paid_by_project = std::move(paid[id]);
    return absl::OkStatus();
  }));
  return snapshot;
}

namespace {

// A region's departments a page at a time, in code (byte) order, in the
// read `s`: `page` gets the departments with their row ids and the filter
// of the years of the page's departments (`year` and `base_year`), and says
// whether to go on.
absl::Status ForEachDepartmentPage(
    Session& s, absl::string_view region_code, int32_t year, int32_t base_year,
    int page_size,
    absl::FunctionRef<absl::StatusOr<bool>(std::vector<DepartmentRow>&,
                                           const YearFilter&)>
        page) {
  std::string after;
  while (true) {
    JIXIAO_ASSIGN_OR_RETURN(
        auto rows,
        s.Query(absl::StrCat("SELECT ", kDepartmentColumns,
                             " FROM departments WHERE region_code = ? AND code "
                             "COLLATE BINARY > ? ORDER BY code COLLATE BINARY "
                             "LIMIT ?"),
                {Text(region_code), Text(after), Int(page_size)}));
    if (rows.empty()) return absl::OkStatus();
    std::vector<DepartmentRow> departments;
    departments.reserve(rows.size());
    for (const Row& r : rows) {
      JIXIAO_ASSIGN_OR_RETURN(auto department, DepartmentFromRow(r));
      departments.push_back(std::move(department));
    }
    const std::string last = departments.back().second.code;
    JIXIAO_ASSIGN_OR_RETURN(
        auto more, page(departments, RegionYears(region_code, after, last, year,
                                                 base_year)));
    if (!more || static_cast<int>(departments.size()) < page_size) {
      return absl::OkStatus();
    }
    after = last;
  }
}

}  // namespace

absl::Status BudgetStore::ForEachRegionExecutionPage(
    absl::string_view region_code, int32_t year, absl::string_view as_of,
    int page_size,
    absl::FunctionRef<bool(std::vector<ExecutionSnapshot>&)> page) {
  return db_->Read([&](Session& s) -> absl::Status {
    return ForEachDepartmentPage(
        s, region_code, year, year, page_size,
        [&](std::vector<DepartmentRow>& departments,
            const YearFilter& filter) -> absl::StatusOr<bool> {
          JIXIAO_ASSIGN_OR_RETURN(auto years, LoadYears(s, filter));
          JIXIAO_ASSIGN_OR_RETURN(auto paid,
                                  LoadPaidByProject(s, filter, as_of));
          std::vector<ExecutionSnapshot> region;
          region.reserve(departments.size());
          for (auto& [id, department] : departments) {
            ExecutionSnapshot d;
            d.department = std::move(department);
            if (auto it = years.find({id, year}); it != years.end()) {
              d.year = std::move(it->second);
            }
            if (auto it = paid.find(id); it != paid.end()) {
              d.paid_by_project = std::move(it->second);
            }
            region.push_back(std::move(d));
          }
          return page(region);
        });
  });
}

absl::Status BudgetStore::ForEachRegionPage(
    absl::string_view region_code, int32_t year, int32_t base_year,
    int page_size,
    absl::FunctionRef<bool(std::vector<RegionDepartment>&)> page) {
  return db_->Read([&](Session& s) -> absl::Status {
    return ForEachDepartmentPage(
        s, region_code, year, base_year, page_size,
        [&](std::vector<DepartmentRow>& departments,
            const YearFilter& filter) -> absl::StatusOr<bool> {
          JIXIAO_ASSIGN_OR_RETURN(auto years, LoadYears(s, filter));
          JIXIAO_ASSIGN_OR_RETURN(auto ledgers, LoadLedgers(s, filter, ""));
          std::vector<RegionDepartment> region;
          region.reserve(departments.size());
          for (auto& [id, department] : departments) {
            RegionDepartment d;
            d.department = std::move(department);
            if (auto it = years.find({id, year}); it != years.end()) {
              d.current = std::move(it->second);
            }
            if (auto it = years.find({id, base_year}); it != years.end()) {
              d.base = std::move(it->second);
            }
            if (auto it = ledgers.find(id); it != ledgers.end()) {
              d.ledger = std::move(it->second);
            }
            region.push_back(std::move(d));
          }
          return page(region);
        });
  });
}

}  // namespace jixiao::budget

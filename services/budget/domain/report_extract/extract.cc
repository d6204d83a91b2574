#include "services/budget/domain/report_extract/extract.h"

#include <re2/re2.h>

#include <algorithm>
#include <map>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "libs/money/money.h"
#include "libs/money/percent.h"
#include "services/budget/domain/report_extract/counts.h"
#include "services/budget/domain/report_extract/figures.h"
#include "services/budget/domain/report_extract/project_form.h"
#include "services/budget/domain/report_extract/prose.h"
#include "services/budget/domain/report_extract/rates.h"
#include "services/budget/domain/report_extract/tables.h"
#include "services/budget/domain/report_extract/text.h"
#include "services/budget/domain/report_extract/tokens.h"

namespace jixiao::report_extract {

const std::vector<std::string>& FigureKeys() {
  static const std::vector<std::string> keys = {
      "staff_authorized",  "staff_actual",
      "staff_retired",     "staff_auxiliary",
      "budget_basic",      "budget_personnel",
      "budget_public",     "budget_project",
      "carryover_prior",   "revenue_final",
      "expenditure_final", "basic_final",
      "project_final",     "balance_end",
      "sangong_total",     "sangong_total_prior",
      "vehicle_total",     "vehicle_purchase",
      "vehicle_operation", "vehicle_total_prior",
      "reception",         "reception_prior",
      "overseas",          "overseas_prior",
      "self_score",        "grade"};
  return keys;
}

namespace {

using budget::Item;
using budget::Phase;

std::optional<int64_t> Fen(const std::map<std::string, Figure>& f,
                           const std::string& key) {
  const auto it = f.find(key);
  if (it == f.end() || it->second.unit != "万元") return std::nullopt;
  auto v = money::ParseAmount(it->second.value, money::Unit::kWanYuan);
  return v.ok() ? std::optional<int64_t>(*v) : std::nullopt;
}

void Build(Extraction& e) {
  const auto& f = e.figures;
  budget::Department& d = e.as_department;
  d.name = e.department;
  const auto count = [&](const char* key) -> std::optional<int32_t> {
    const auto it = f.find(key);
    if (it == f.end()) return std::nullopt;
    int32_t v = 0;
    if (!absl::SimpleAtoi(it->second.value, &v)) return std::nullopt;
    return v;
  };
  d.staff_authorized = count("staff_authorized");
  d.staff_actual = count("staff_actual");
  d.staff_retired = count("staff_retired");
  d.staff_auxiliary = count("staff_auxiliary");
  e.as_year.year = e.year.value_or(0);
  e.as_prior_year.year = e.as_year.year - 1;
  const auto set = [&](budget::DepartmentYear& y, Phase phase, Item item,
                       const char* key) {
    if (const auto v = Fen(f, key)) {
      y.phases[phase].Set(item, *v);
      y.sources[phase][item] = f.at(key).quote;
    }
  };
  set(e.as_year, Phase::kOriginal, Item::kBasicExpenditure, "budget_basic");
  set(e.as_year, Phase::kOriginal, Item::kPersonnel, "budget_personnel");
  set(e.as_year, Phase::kOriginal, Item::kPublicFunds, "budget_public");
  set(e.as_year, Phase::kOriginal, Item::kProjectExpenditure, "budget_project");
  set(e.as_year, Phase::kFinal, Item::kCarryoverPrior, "carryover_prior");
  set(e.as_year, Phase::kFinal, Item::kRevenueTotal, "revenue_final");
  set(e.as_year, Phase::kFinal, Item::kTotalExpenditure, "expenditure_final");
  set(e.as_year, Phase::kFinal, Item::kBasicExpenditure, "basic_final");
  set(e.as_year, Phase::kFinal, Item::kPersonnel, "personnel_final");
  set(e.as_year, Phase::kFinal, Item::kPublicFunds, "public_final");
  set(e.as_year, Phase::kFinal, Item::kProjectExpenditure, "project_final");
  set(e.as_year, Phase::kFinal, Item::kCarryoverYearEnd, "balance_end");
  set(e.as_year, Phase::kFinal, Item::kThreePublicTotal, "sangong_total");
  set(e.as_year, Phase::kFinal, Item::kVehicleTotal, "vehicle_total");
  set(e.as_year, Phase::kFinal, Item::kVehiclePurchase, "vehicle_purchase");
  set(e.as_year, Phase::kFinal, Item::kVehicleOperation, "vehicle_operation");
  set(e.as_year, Phase::kFinal, Item::kReception, "reception");
  set(e.as_year, Phase::kFinal, Item::kAbroad, "overseas");
  set(e.as_prior_year, Phase::kFinal, Item::kThreePublicTotal,
      "sangong_total_prior");
  set(e.as_prior_year, Phase::kFinal, Item::kVehicleTotal,
      "vehicle_total_prior");
  set(e.as_prior_year, Phase::kFinal, Item::kReception, "reception_prior");
  set(e.as_prior_year, Phase::kFinal, Item::kAbroad, "overseas_prior");
  static const std::map<std::string, Item> kItems = {
      {"sangong_total", Item::kThreePublicTotal},
      {"vehicle_total", Item::kVehicleTotal},
      {"reception", Item::kReception},
      {"overseas", Item::kAbroad}};
  // The checker judges a stated change against the year before (T3, or U1
  // when a unit slip explains it) to ±0.01 point; a change stated as "16%"
  // for 16.22% holds at the precision it is stated with, so a change stated
  // more coarsely than to hundredths goes to it (and is stored) only when it
  // fails at its own precision.
  for (const ClaimedChange& c : e.claimed_changes) {
    const auto item = kItems.find(c.item);
    if (item == kItems.end() || c.computed.empty()) continue;
    const size_t dot = c.stated.find('.');
    const bool hundredths_stated =
        dot != std::string::npos && c.stated.size() - dot - 1 == 2;
    if (c.agrees && !hundredths_stated) continue;
    auto hundredths = money::ParsePercentHundredths(c.stated);
    if (!hundredths.ok()) continue;
    e.as_year.stated_rates.push_back(
        {"yoy_change", item->second, *hundredths, c.word, c.quote});
  }
}

// T1 needs the vehicles' total; where the text gives only its parts, their
// sum stands in for the checker. It is neither shown nor stored.
budget::DepartmentYear ForTheChecker(const Extraction& e) {
  budget::DepartmentYear y = e.as_year;
  const auto& f = e.figures;
  if (!f.contains("vehicle_total")) {
    const auto purchase = Fen(f, "vehicle_purchase");
    const auto operation = Fen(f, "vehicle_operation");
    if (purchase || operation) {
      y.phases[Phase::kFinal].Set(Item::kVehicleTotal,
                                  purchase.value_or(0) + operation.value_or(0));
    }
  }
  return y;
}

const char* SeverityWord(budget::Severity s) {
  switch (s) {
    case budget::Severity::kError:
      return "error";
    case budget::Severity::kWarning:
      return "warning";
    default:
      return "info";
  }
}

}  // namespace

std::string Normalize(absl::string_view text) {
  std::string s(text);
  // Full-width digits and the punctuation numbers use.
  for (int d = 0; d <= 9; ++d) {
    const char32_t wide = 0xFF10 + d;
    const std::string utf8 = {static_cast<char>(0xE0 | (wide >> 12)),
                              static_cast<char>(0x80 | ((wide >> 6) & 0x3F)),
                              static_cast<char>(0x80 | (wide & 0x3F))};
    absl::StrReplaceAll({{utf8, std::string(1, static_cast<char>('0' + d))}},
                        &s);
  }
  absl::StrReplaceAll(
      {{"．", "."}, {"％", "%"}, {"\u3000", " "}, {"：", ":"}, {"\r", ""}}, &s);
  // A number broken across lines in running text ("支出决算数为14025.\n3万元")
  // is joined. A line that is only a number is a table cell, one a line:
  // it is left alone.
  static const RE2 pure_number(R"(\s*-?[0-9]+(?:\.[0-9]+)?\s*)");
  std::vector<std::string> lines = absl::StrSplit(s, '\n');
  std::string joined;
  for (size_t i = 0; i < lines.size(); ++i) {
    joined.append(lines[i]);
    if (i + 1 == lines.size()) break;
    const std::string& line = lines[i];
    const std::string& next = lines[i + 1];
    const auto ends_in_number = [](const std::string& l) {
      const size_t end = l.find_last_not_of(" \t");
      return end != std::string::npos &&
             (absl::ascii_isdigit(l[end]) || l[end] == '.');
    };
    const size_t first = next.find_first_not_of(" \t");
    const bool next_starts_number =
        first != std::string::npos &&
        (absl::ascii_isdigit(next[first]) || next[first] == '.');
    if (ends_in_number(line) && next_starts_number &&
        !RE2::FullMatch(line, pure_number) &&
        !RE2::FullMatch(next, pure_number)) {
      lines[i + 1] = next.substr(first);
      while (!joined.empty() &&
             (joined.back() == ' ' || joined.back() == '\t')) {
        joined.pop_back();
      }
      continue;  // no newline: the number goes on
    }
    joined.push_back('\n');
  }
  s = std::move(joined);
  return s;
}

namespace {

// One amount written in 元 in one place and in 万元 in another ("年末结转和
// 结余资金为5862.89万元" … "年末结转和结余5862.89元"): U1, whatever the sums.
void UnitSlips(const Text& text, const Tokens& tokens,
               const std::vector<Reading>& readings,
               std::vector<TextFinding>* findings) {
  std::map<std::pair<int, std::string>, size_t> seen;
  for (size_t i = 0; i < readings.size(); ++i) {
    const Token& t = tokens.numbers[i];
    const Reading& r = readings[i];
    if (r.item == report_extract::Item::kNone || r.change || !r.fen ||
        *r.fen == 0 || (t.unit != Unit::kYuan && t.unit != Unit::kWan)) {
      continue;
    }
    std::string digits = t.digits;
    if (digits.find('.') != std::string::npos) {
      while (digits.back() == '0') digits.pop_back();
      if (digits.back() == '.') digits.pop_back();
    }
    const auto key = std::make_pair(static_cast<int>(r.item), digits);
    const auto [it, fresh] = seen.emplace(key, i);
    if (fresh || tokens.numbers[it->second].unit == t.unit) continue;
    const size_t first = it->second;
    findings->push_back(
        {"U1", "error",
         absl::StrCat(
             "同一数额先后写作", t.unit == Unit::kYuan ? "万元" : "元", "与",
             t.unit == Unit::kYuan ? "元" : "万元", "：「",
             text.Quote(readings[first].quote_begin, tokens.numbers[first].end),
             "」与「", text.Quote(r.quote_begin, t.end), "」")});
    seen.erase(it);
  }
}

void ReadTitle(const std::string& text, Extraction& e) {
  static const RE2 title(
      R"(([^\s，,。]{2,30}?)\s*([0-9]{4})\s*年(?:度)?\s*(?:部门整体支出)?绩效(?:自评|评价|自我评价)报告)");
  static const RE2 accounts(
      R"(([^\s，,。:]{2,30}?)\s*([0-9]{4})\s*年(?:度)?\s*(?:部门|单位)?决算)");
  std::string department;
  int year = 0;
  if (RE2::PartialMatch(text.substr(0, 4096), title, &department, &year) ||
      RE2::PartialMatch(text.substr(0, 4096), accounts, &department, &year)) {
    e.department = department;
    e.year = year;
  }
}

void ReadGrade(const std::string& text, std::map<std::string, Figure>& f) {
  static const RE2 grade(
      R"(((?:自评结果|评价等级|评价结果|等级)为?\s*["“”「]?(优|良|中|差)))");
  std::string quote;
  std::string value;
  if (RE2::PartialMatch(text, grade, &quote, &value)) {
    f["grade"] = {value, "", quote};
  }
}

}  // namespace

Extraction Extract(absl::string_view raw) {
  Extraction e;
  const Text text(raw);
  const Tokens tokens = Tokenize(text.str());
  const std::vector<Reading> readings = ReadProse(text, tokens);
  std::vector<Candidate> candidates = ProseCandidates(text, tokens, readings);
  for (Candidate& c : ReadTables(text, Cells(text.str()))) {
    candidates.push_back(std::move(c));
  }
  e.figures = Choose(std::move(candidates));
  ReadGrade(text.str(), e.figures);
  ReadTitle(text.str(), e);
  std::vector<TextFinding> text_findings;
  CheckStatedRates(text, tokens, readings, e.figures, &e.claimed_changes,
                   &text_findings);
  Build(e);
  const budget::LedgerSummary no_ledger;
  const budget::DepartmentYear checked_year = ForTheChecker(e);
  const budget::ConsistencyResult checked =
      budget::CheckConsistency({e.as_department, checked_year, &e.as_prior_year,
                                no_ledger, budget::kDefaultTolerance});
  for (const budget::Finding& f : checked.findings) {
    e.findings.push_back({f.identity, SeverityWord(f.severity), f.message});
  }
  UnitSlips(text, tokens, readings, &text_findings);
  CheckCounts(text, tokens, &text_findings);
  CheckProjectForms(text, &text_findings);
  for (TextFinding& f : text_findings) e.findings.push_back(std::move(f));
  return e;
}

}  // namespace jixiao::report_extract

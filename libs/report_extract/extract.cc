#include "libs/report_extract/extract.h"

#include <re2/re2.h>

#include <algorithm>
#include <functional>
#include <memory>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "libs/money/decimal.h"
#include "libs/money/money.h"
#include "libs/money/percent.h"
#include "services/common/log.h"

namespace jixiao::report_extract {
namespace {

using budget::Item;
using budget::Phase;

// A number and its unit as the text writes them.
constexpr char kAmount[] = R"(\s*([0-9]+(?:\.[0-9]+)?)\s*(万元|亿元|元))";

enum class Context { kAny, kBudget, kFinal };

struct Pattern {
  const char* key;
  Context context;
  std::string regex;  // capture 1: number; capture 2 (amounts): unit
  bool amount;        // false: a count of people
};

const std::vector<Pattern>& Patterns() {
  static const std::vector<Pattern> patterns = {
      {"staff_authorized", Context::kAny,
       R"(编制(?:数)?(?:为|共)?\s*([0-9]+)\s*(?:人|名))", false},
      {"staff_actual", Context::kAny,
       R"((?:实有在职|年末实有|在职)(?:人员|人数|职工)?(?:数)?(?:为)?\s*([0-9]+)\s*(?:人|名))",
       false},
      {"staff_auxiliary", Context::kAny,
       R"((?:辅助人员|辅警|编外人员|聘用人员)(?:数)?(?:为)?\s*([0-9]+)\s*(?:人|名))",
       false},
      {"budget_basic", Context::kBudget,
       std::string(R"(基本支出(?:预算)?(?:数)?(?:为)?)") + kAmount, true},
      {"budget_personnel", Context::kBudget,
       std::string(R"(人员经费(?:为)?)") + kAmount, true},
      {"budget_public", Context::kBudget,
       std::string(R"((?:公用经费|一般商品和服务支出|商品和服务支出)(?:为)?)") +
           kAmount,
       true},
      {"budget_project", Context::kBudget,
       std::string(R"(项目支出(?:预算)?(?:数)?(?:为)?)") + kAmount, true},
      {"carryover_prior", Context::kAny,
       std::string(
           R"((?:上年结转(?:结余)?|年初结转和结余)(?:指标|资金)?(?:为)?)") +
           kAmount,
       true},
      {"revenue_final", Context::kAny,
       std::string(R"((?:决算总收入|本年收入(?:合计)?|收入合计)(?:为)?)") +
           kAmount,
       true},
      {"expenditure_final", Context::kAny,
       std::string(
           R"((?:决算总支出|支出决算数|本年支出(?:合计)?|支出合计)(?:为)?)") +
           kAmount,
       true},
      {"basic_final", Context::kFinal,
       std::string(R"(基本支出(?:为)?)") + kAmount, true},
      {"personnel_final", Context::kFinal,
       std::string(R"(人员经费(?:为)?)") + kAmount, true},
      {"public_final", Context::kFinal,
       std::string(R"(公用经费(?:为)?)") + kAmount, true},
      {"project_final", Context::kFinal,
       std::string(R"(项目支出(?:为)?)") + kAmount, true},
      {"balance_end", Context::kAny,
       std::string(R"(年末(?:结转)?(?:和)?结余(?:为)?)") + kAmount, true},
  };
  return patterns;
}

// The keys that go into the JSON (the rest only feed the checker).
const std::vector<std::string>& OutputKeys() {
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

// 万元 text for an amount: exact, whatever unit the text used.
std::optional<std::string> ToWan(const std::string& number,
                                 const std::string& unit) {
  absl::StatusOr<int64_t> fen = absl::InvalidArgumentError("");
  if (unit == "亿元") {
    fen = money::ParseDecimal(number, 10, money::kMaxAmount);
  } else {
    fen = money::ParseAmountWithUnit(number + unit);
  }
  if (!fen.ok()) return std::nullopt;
  return money::FormatDecimal(*fen, 6);
}

std::optional<int64_t> Fen(const std::map<std::string, Figure>& f,
                           const std::string& key) {
  const auto it = f.find(key);
  if (it == f.end() || it->second.unit != "万元") return std::nullopt;
  auto v = money::ParseAmount(it->second.value, money::Unit::kWanYuan);
  return v.ok() ? std::optional<int64_t>(*v) : std::nullopt;
}

// Sentences with the line they stand in (context comes from the line).
struct Sentence {
  std::string text;
  Context context;
};

std::vector<Sentence> Sentences(const std::string& text) {
  std::vector<Sentence> out;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    const bool final_ctx = line.find("决算") != absl::string_view::npos;
    const bool budget_ctx =
        !final_ctx && line.find("预算") != absl::string_view::npos;
    const Context context = final_ctx    ? Context::kFinal
                            : budget_ctx ? Context::kBudget
                                         : Context::kAny;
    // Multi-byte delimiters: replace them, then split (ByAnyChar would cut
    // UTF-8 characters apart byte by byte).
    const std::string marked = absl::StrReplaceAll(
        line, {{"。", "\x1f"}, {"；", "\x1f"}, {";", "\x1f"}});
    for (absl::string_view s : absl::StrSplit(marked, '\x1f')) {
      s = absl::StripAsciiWhitespace(s);
      if (!s.empty()) out.push_back({std::string(s), context});
    }
  }
  return out;
}

// The three-public clause: items with their amounts, each item's prior
// year ("上年决算数…") and stated change ("下降了7.68%"), where a prior or a
// change belongs to the last item outside parentheses.
void ScanThreePublic(const Sentence& s, std::map<std::string, Figure>& figures,
                     std::vector<ClaimedChange>& changes) {
  if (s.text.find("三公") == std::string::npos &&
      s.text.find("公务接待") == std::string::npos &&
      s.text.find("公务用车") == std::string::npos) {
    return;
  }
  static const RE2 token(
      R"((三公.{0,6}?经费(?:支出|决算数|合计|总额)*|公务用车购置及运行(?:维护)?费|公务用车购置费|)"
      R"(公务用车运行(?:维护)?费|公务接待费|因公出国(?:\(境\)|（境）)?费|)"
      R"(上年(?:决算数|同期|为)?|下降了?|减少了?|降低了?|增长了?|增加了?|上升了?))"
      R"([”"」]?\s*(?:决算数|支出|为)?\s*([0-9]+(?:\.[0-9]+)?)\s*(万元|亿元|元|%))");
  re2::StringPiece input(s.text);
  std::string label;
  std::string number;
  std::string unit;
  std::string current;  // the last item outside parentheses
  const char* last_end = s.text.data();
  int depth = 0;
  while (RE2::FindAndConsume(&input, token, &label, &number, &unit)) {
    const char* start = input.data();
    // Count parentheses between the previous token and this one.
    for (const char* p = last_end; p < start; ++p) {
      const absl::string_view rest(p, start - p);
      if (absl::StartsWith(rest, "（") || *p == '(') ++depth;
      if (absl::StartsWith(rest, "）") || *p == ')')
        depth = std::max(0, depth - 1);
    }
    last_end = start;
    std::string key;
    if (absl::StartsWith(label, "三公")) key = "sangong_total";
    if (absl::StartsWith(label, "公务用车购置及运行")) key = "vehicle_total";
    if (label == "公务用车购置费") key = "vehicle_purchase";
    if (absl::StartsWith(label, "公务用车运行")) key = "vehicle_operation";
    if (label == "公务接待费") key = "reception";
    if (absl::StartsWith(label, "因公出国")) key = "overseas";
    const bool inside = depth > 0;
    if (!key.empty() && unit != "%") {
      if (auto wan = ToWan(number, unit); wan && !figures.contains(key)) {
        figures[key] = {*wan, "万元", s.text};
        if (!inside) current = key;
      }
      continue;
    }
    if (current.empty()) continue;
    if (absl::StartsWith(label, "上年") && unit != "%") {
      const std::string prior = current == "sangong_total"
                                    ? "sangong_total_prior"
                                    : current + "_prior";
      if (auto wan = ToWan(number, unit); wan && !figures.contains(prior)) {
        // Kept as written: a prior in 元 beside a current in 万元 is what
        // the unit check looks for.
        figures[prior] = {*wan, "万元", s.text};
      }
      continue;
    }
    if (unit == "%") {
      const bool down = label.find("下降") != std::string::npos ||
                        label.find("减少") != std::string::npos ||
                        label.find("降低") != std::string::npos;
      ClaimedChange c;
      c.item = current;
      c.word = std::string(absl::StripSuffix(label, "了"));
      c.stated = absl::StrCat(down ? "-" : "", number);
      c.quote = s.text;
      changes.push_back(std::move(c));
    }
  }
}

int64_t WanFen(const std::string& wan) {
  auto v = money::ParseAmount(wan, money::Unit::kWanYuan);
  return v.ok() ? *v : 0;
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
  for (ClaimedChange& c : e.claimed_changes) {
    const auto item = kItems.find(c.item);
    if (item == kItems.end()) continue;
    auto hundredths = money::ParsePercentHundredths(c.stated);
    if (!hundredths.ok()) continue;
    e.as_year.stated_rates.push_back(
        {"yoy_change", item->second, *hundredths, c.word, c.quote});
    const auto now = e.as_year.Figures(Phase::kFinal).Get(item->second);
    const auto before =
        e.as_prior_year.Figures(Phase::kFinal).Get(item->second);
    if (now && before && *before != 0) {
      c.computed = money::FormatRatioPercent(*now - *before, *before);
      c.agrees =
          money::RatioMatchesPercent(*now - *before, *before, *hundredths, 1);
    }
  }
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

// "共设28个派出所，分别为漳江派出所、…" : the count against the list.
void CheckCounts(const std::string& text, std::vector<TextFinding>& findings) {
  static const RE2 counted(
      R"((?:共设|共有|共)([0-9]+)个([^，,。]{1,12})[，,](?:分别(?:为|是)|包括)[：:]?([^。]*)。)");
  re2::StringPiece input(text);
  std::string n;
  std::string what;
  std::string list;
  while (RE2::FindAndConsume(&input, counted, &n, &what, &list)) {
    const std::vector<std::string> items =
        absl::StrSplit(absl::StrReplaceAll(list, {{"、", ","}, {"，", ","}}),
                       ',', absl::SkipWhitespace());
    int stated = 0;
    if (!absl::SimpleAtoi(n, &stated) || items.size() < 2) continue;
    if (static_cast<int>(items.size()) != stated) {
      findings.push_back({"U2", "warning",
                          absl::StrCat("报告称共有", stated, "个", what,
                                       "，但列出了", items.size(), "个。")});
    }
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
  // A number broken across lines ("12669.\n13", "1266\n9.13") is joined.
  static const RE2 split(R"(([0-9.])[ \t]*\n[ \t]*([0-9.]))");
  while (RE2::GlobalReplace(&s, split, R"(\1\2)") > 0) {
  }
  return s;
}

Extraction Extract(absl::string_view raw) {
  Extraction e;
  const std::string text = Normalize(raw);
  static const RE2 title(
      R"(([^\s，。]{2,30}?)\s*([0-9]{4})\s*年(?:度)?\s*(?:部门整体支出)?绩效(?:自评|评价|自我评价)报告)");
  std::string department;
  int year = 0;
  if (RE2::PartialMatch(text, title, &department, &year)) {
    e.department = department;
    e.year = year;
  }
  static const std::vector<std::unique_ptr<RE2>>& compiled = *[] {
    auto* all = new std::vector<std::unique_ptr<RE2>>();
    for (const Pattern& p : Patterns())
      all->push_back(std::make_unique<RE2>(p.regex));
    return all;
  }();
  const std::vector<Sentence> sentences = Sentences(text);
  for (const Sentence& s : sentences) {
    for (size_t i = 0; i < Patterns().size(); ++i) {
      const Pattern& p = Patterns()[i];
      if (e.figures.contains(p.key)) continue;
      if (p.context != Context::kAny && p.context != s.context) continue;
      std::string number;
      std::string unit;
      const bool found =
          p.amount ? RE2::PartialMatch(s.text, *compiled[i], &number, &unit)
                   : RE2::PartialMatch(s.text, *compiled[i], &number);
      if (!found) continue;
      if (p.amount) {
        if (auto wan = ToWan(number, unit))
          e.figures[p.key] = {*wan, "万元", s.text};
      } else {
        e.figures[p.key] = {number, "人", s.text};
      }
    }
    // 离退休: 离休 and 退休 (the seed writes "退人") counted together.
    if (!e.figures.contains("staff_retired")) {
      static const RE2 retired(R"(离休(?:人员)?\s*([0-9]+)\s*人)");
      static const RE2 pension(R"(退(?:休|人)(?:人员)?\s*([0-9]+)\s*人)");
      int a = 0;
      int b = 0;
      const bool has_a = RE2::PartialMatch(s.text, retired, &a);
      const bool has_b = RE2::PartialMatch(s.text, pension, &b);
      if (has_a || has_b)
        e.figures["staff_retired"] = {absl::StrCat(a + b), "人", s.text};
    }
    ScanThreePublic(s, e.figures, e.claimed_changes);
    static const RE2 score(R"(自评得分\s*([0-9]+(?:\.[0-9]+)?)\s*分)");
    static const RE2 grade(
        R"((?:自评结果|评价等级|评价结果|等级)为?\s*["“”「]?(优|良|中|差))");
    std::string v;
    if (!e.figures.contains("self_score") &&
        RE2::PartialMatch(s.text, score, &v)) {
      e.figures["self_score"] = {v, "分", s.text};
    }
    if (!e.figures.contains("grade") && RE2::PartialMatch(s.text, grade, &v)) {
      e.figures["grade"] = {v, "", s.text};
    }
  }
  Build(e);
  const budget::LedgerSummary no_ledger;
  const budget::ConsistencyResult checked =
      budget::CheckConsistency({e.as_department, e.as_year, &e.as_prior_year,
                                no_ledger, budget::kDefaultTolerance});
  for (const budget::Finding& f : checked.findings) {
    e.findings.push_back({f.identity, SeverityWord(f.severity), f.message});
  }
  for (const ClaimedChange& c : e.claimed_changes) {
    if (!c.computed.empty() && !c.agrees) {
      const bool explained =
          std::any_of(e.findings.begin(), e.findings.end(),
                      [](const TextFinding& t) { return t.identity == "U1"; });
      if (!explained) {
        e.findings.push_back(
            {"T3", "error",
             absl::StrCat("报告称变动", c.stated, "%，按所列数据为", c.computed,
                          "%：", c.quote)});
      }
    }
  }
  CheckCounts(text, e.findings);
  return e;
}

std::string ToJson(const Extraction& e) {
  std::string out = "{\"department\":";
  log::AppendJsonString(&out, e.department);
  absl::StrAppend(&out, ",\"year\":", e.year ? absl::StrCat(*e.year) : "null",
                  ",\"figures\":{");
  bool first = true;
  for (const std::string& key : OutputKeys()) {
    const auto it = e.figures.find(key);
    if (it == e.figures.end()) continue;
    absl::StrAppend(&out, first ? "" : ",", "\"", key, "\":{\"value\":");
    log::AppendJsonString(&out, it->second.value);
    out.append(",\"unit\":");
    log::AppendJsonString(&out, it->second.unit);
    out.append(",\"quote\":");
    log::AppendJsonString(&out, it->second.quote);
    out.append("}");
    first = false;
  }
  out.append("},\"claimed_changes\":[");
  first = true;
  for (const ClaimedChange& c : e.claimed_changes) {
    absl::StrAppend(&out, first ? "" : ",", "{\"item\":\"", c.item,
                    "\",\"word\":");
    log::AppendJsonString(&out, c.word);
    absl::StrAppend(
        &out, ",\"stated\":\"", c.stated, "\",\"computed\":",
        c.computed.empty() ? "null" : absl::StrCat("\"", c.computed, "\""),
        ",\"agrees\":", c.agrees ? "true" : "false", ",\"quote\":");
    log::AppendJsonString(&out, c.quote);
    out.append("}");
    first = false;
  }
  out.append("],\"findings\":[");
  first = true;
  for (const TextFinding& f : e.findings) {
    absl::StrAppend(&out, first ? "" : ",", "{\"identity\":\"", f.identity,
                    "\",\"severity\":\"", f.severity, "\",\"message\":");
    log::AppendJsonString(&out, f.message);
    out.append("}");
    first = false;
  }
  out.append("]}\n");
  return out;
}

}  // namespace jixiao::report_extract

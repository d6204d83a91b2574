#include "libs/report_extract/extract.h"

#include <re2/re2.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <set>

#include "absl/strings/ascii.h"
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

}  // namespace

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
      R"((?:共设|共有|内设|下设|设有|共)([^，。0-9]{0,8}?)([0-9]+)个([^，,。]{0,12})[，,])"
      R"((?:分别(?:为|是)|包括)[:]?([^。]*)。)");
  re2::StringPiece input(text);
  std::string before;
  std::string n;
  std::string after;
  std::string list;
  while (RE2::FindAndConsume(&input, counted, &before, &n, &after, &list)) {
    const std::string what = after.empty() ? before : after;
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

// Tables flattened to text, one cell a line (a 基础数据表 copied out of
// Word or a PDF): a run of column headings (上年决算数 / 本年预算数 /
// 本年决算数), then rows of a label and one number per column.
void ReadTables(const std::string& text,
                std::map<std::string, Figure>& figures) {
  std::vector<std::string> lines;
  for (absl::string_view l : absl::StrSplit(text, '\n')) {
    lines.emplace_back(absl::StripAsciiWhitespace(l));
  }
  static const std::set<std::string, std::less<>> kColumns = {
      "上年决算数", "本年预算数", "本年决算数", "预算数",
      "决算数",     "上年数",     "本年数"};
  // Label → {key for a budget column, key for this year's final column,
  //          key for last year's final column}.
  struct Row {
    const char* budget;
    const char* final_;
    const char* prior;
  };
  static const std::map<std::string, Row, std::less<>> kRows = {
      {"编制数", {nullptr, "staff_authorized", nullptr}},
      {"年末实际在职人数", {nullptr, "staff_actual", nullptr}},
      {"实有人数", {nullptr, "staff_actual", nullptr}},
      {"支出合计", {nullptr, "expenditure_final", nullptr}},
      {"基本支出", {"budget_basic", "basic_final", nullptr}},
      {"人员经费", {"budget_personnel", "personnel_final", nullptr}},
      {"公用经费", {"budget_public", "public_final", nullptr}},
      {"项目支出", {"budget_project", "project_final", nullptr}},
      {"三公经费", {nullptr, "sangong_total", "sangong_total_prior"}},
      {"“三公”经费", {nullptr, "sangong_total", "sangong_total_prior"}},
      {"公务用车购置和维护经费",
       {nullptr, "vehicle_total", "vehicle_total_prior"}},
      {"公务用车购置及运行维护费",
       {nullptr, "vehicle_total", "vehicle_total_prior"}},
      {"公车购置", {nullptr, "vehicle_purchase", nullptr}},
      {"公车运行维护", {nullptr, "vehicle_operation", nullptr}},
      {"出国经费", {nullptr, "overseas", "overseas_prior"}},
      {"因公出国(境)费", {nullptr, "overseas", "overseas_prior"}},
      {"公务接待", {nullptr, "reception", "reception_prior"}},
      {"公务接待费", {nullptr, "reception", "reception_prior"}}};
  static const RE2 number(R"(-?[0-9]+(?:\.[0-9]+)?)");
  std::string unit = "万元";
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].find("单位") != std::string::npos) {
      if (lines[i].find("万元") != std::string::npos) {
        unit = "万元";
      } else if (lines[i].find("元") != std::string::npos) {
        unit = "元";
      }
    }
    if (!kColumns.contains(lines[i])) continue;
    std::vector<std::string> columns;
    size_t j = i;
    while (j < lines.size() && kColumns.contains(lines[j]))
      columns.push_back(lines[j++]);
    // Rows until a line that is neither a known label nor a number.
    while (j < lines.size()) {
      std::string label(absl::StripPrefix(
          absl::StripPrefix(absl::StripAsciiWhitespace(lines[j]), "其中:"),
          "其中"));
      static const RE2 numbering(R"(^[0-9一二三四五六七八九十]+[.、．]\s*)");
      RE2::Replace(&label, numbering, "");
      const auto row = kRows.find(label);
      if (row == kRows.end()) break;
      std::vector<std::string> cells;
      size_t k = j + 1;
      while (k < lines.size() && cells.size() < columns.size() &&
             RE2::FullMatch(lines[k], number)) {
        cells.push_back(lines[k++]);
      }
      for (size_t c = 0; c < cells.size(); ++c) {
        const std::string& column = columns[c];
        const bool budget = column.find("预算") != std::string::npos;
        const bool prior = column.find("上年") != std::string::npos;
        const char* key = budget  ? row->second.budget
                          : prior ? row->second.prior
                                  : row->second.final_;
        if (key == nullptr || figures.contains(key)) continue;
        const std::string quote =
            absl::StrCat(label, "（", column, "）：", cells[c]);
        if (absl::StartsWith(key, "staff_")) {
          figures[key] = {cells[c], "人", quote};
        } else if (auto wan = ToWan(cells[c], unit)) {
          figures[key] = {*wan, "万元", absl::StrCat(quote, unit)};
        }
      }
      j = k;
    }
    i = j;
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
    static const RE2 score(
        R"(自评(?:得分|分数)(?:为)?\s*([0-9]+(?:\.[0-9]+)?)\s*分)");
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
  ReadTables(text, e.figures);
  Build(e);
  const budget::LedgerSummary no_ledger;
  const budget::ConsistencyResult checked =
      budget::CheckConsistency({e.as_department, e.as_year, &e.as_prior_year,
                                no_ledger, budget::kDefaultTolerance});
  for (const budget::Finding& f : checked.findings) {
    e.findings.push_back({f.identity, SeverityWord(f.severity), f.message});
  }
  // Stated changes are checked by the checker (T3, or U1 when a unit slip
  // explains them); counts only text shows.
  CheckCounts(text, e.findings);
  return e;
}

std::string ToJson(const Extraction& e) {
  std::string out = "{\"department\":";
  log::AppendJsonString(&out, e.department);
  absl::StrAppend(&out, ",\"year\":", e.year ? absl::StrCat(*e.year) : "null",
                  ",\"figures\":{");
  bool first = true;
  for (const std::string& key : FigureKeys()) {
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

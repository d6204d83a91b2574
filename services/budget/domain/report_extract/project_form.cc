#include "services/budget/domain/report_extract/project_form.h"

#include <optional>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "services/budget/domain/report_extract/amount.h"
#include "services/budget/domain/report_extract/tables.h"

namespace jixiao::report_extract {
namespace {

constexpr int64_t kTolerance = 10'000;  // 0.01万元
constexpr size_t kMaxColumns = 10;

struct Word {
  std::string text;
  size_t begin = 0;
  size_t end = 0;
};

// Cells split further at blanks: a form flattened into one line of text
// keeps its cells apart only by spaces. Blank cells drop out; the columns
// are matched by order.
std::vector<Word> Words(const std::string& s) {
  std::vector<Word> out;
  size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '|') {
      ++i;
      continue;
    }
    Word w;
    w.begin = i;
    while (i < s.size() && s[i] != ' ' && s[i] != '\t' && s[i] != '\n' &&
           s[i] != '|') {
      ++i;
    }
    w.end = i;
    w.text = s.substr(w.begin, w.end - w.begin);
    // "年初\n预算数": a heading broken in two.
    if (!out.empty() &&
        (out.back().text == "年初" || out.back().text == "全年") &&
        (w.text == "预算数" || w.text == "执行数")) {
      out.back().text += w.text;
      out.back().end = w.end;
      continue;
    }
    out.push_back(std::move(w));
  }
  return out;
}

enum class Col { kOther, kInitial, kBudget, kSpent, kRate };

std::optional<Col> Heading(const std::string& w) {
  if (w == "年初预算数" || w == "年初预算") return Col::kInitial;
  if (w == "全年预算数" || w == "调整后预算数" || w == "调整预算数") {
    return Col::kBudget;
  }
  if (w == "全年执行数" || w == "预算执行数" || w == "执行数") {
    return Col::kSpent;
  }
  if (w == "执行率" || w == "预算执行率") return Col::kRate;
  if (w == "分值" || w == "权重" || w == "得分" || w == "原因") {
    return Col::kOther;
  }
  return std::nullopt;
}

bool TotalRow(absl::string_view w) {
  w = absl::StripSuffix(w, ":");
  return w == "年度资金总额" || w == "总额";
}

bool PartRow(absl::string_view w) {
  return absl::StrContains(w, "财政拨款") || absl::StrContains(w, "财政资金") ||
         absl::StrContains(w, "上年结转") || absl::StrContains(w, "其他资金") ||
         absl::StrContains(w, "单位资金") ||
         absl::StrContains(w, "财政专户管理资金");
}

struct Row {
  std::vector<std::string> cells;  // digits; "%" kept apart
  std::vector<bool> percent;
  size_t end = 0;
};

Row Values(const std::vector<Word>& words, size_t* i, size_t columns) {
  Row row;
  row.end = words[*i].end;
  ++*i;
  while (*i < words.size() && row.cells.size() < columns) {
    std::string digits;
    bool percent = false;
    if (!NumberCell(words[*i].text, &digits, &percent)) break;
    row.cells.push_back(digits);
    row.percent.push_back(percent);
    row.end = words[*i].end;
    ++*i;
  }
  return row;
}

std::optional<int64_t> CellValue(const Row& row, const std::vector<Col>& cols,
                                 Col want) {
  for (size_t k = 0; k < cols.size() && k < row.cells.size(); ++k) {
    if (cols[k] == want && !row.percent[k])
      return ToFen(row.cells[k], Unit::kWan);
  }
  return std::nullopt;
}

}  // namespace

void CheckProjectForms(const Text& text, std::vector<TextFinding>* findings) {
  const std::vector<Word> words = Words(text.str());
  size_t i = 0;
  while (i < words.size()) {
    if (Heading(words[i].text) != Col::kInitial) {
      ++i;
      continue;
    }
    std::vector<Col> cols;
    while (i < words.size() && cols.size() < kMaxColumns) {
      const auto h = Heading(words[i].text);
      if (!h) break;
      cols.push_back(*h);
      ++i;
    }
    // The total row, within a few cells of the headings.
    size_t limit = std::min(words.size(), i + 30);
    while (i < limit && !TotalRow(words[i].text)) ++i;
    if (i >= limit) continue;
    const size_t quote_begin = words[i].begin;
    const Row total = Values(words, &i, cols.size());
    std::vector<Row> parts;
    limit = std::min(words.size(), i + 40);
    while (i < limit) {
      if (Heading(words[i].text) == Col::kInitial) break;
      if (PartRow(words[i].text)) {
        parts.push_back(Values(words, &i, cols.size()));
      } else {
        ++i;
      }
    }
    size_t quote_end = total.end;
    for (const Row& p : parts) {
      if (!p.cells.empty()) quote_end = std::max(quote_end, p.end);
    }
    const std::string quote = text.Quote(quote_begin, quote_end);
    // X2: a part above its whole.
    for (const Col c : {Col::kInitial, Col::kBudget, Col::kSpent}) {
      const auto whole = CellValue(total, cols, c);
      if (!whole) continue;
      bool found = false;
      for (const Row& p : parts) {
        const auto part = CellValue(p, cols, c);
        if (part && *part > *whole + kTolerance) {
          findings->push_back(
              {"X2", "warning",
               absl::StrCat("项目资金：合计行为", WanText(*whole),
                            "万元，其中一项为", WanText(*part),
                            "万元，部分大于合计：「", quote, "」")});
          found = true;
          break;
        }
      }
      if (found) break;
    }
    // X1: the stated 执行率 against 执行数 ÷ 预算数.
    std::optional<size_t> rate_col;
    for (size_t k = 0; k < cols.size(); ++k) {
      if (cols[k] == Col::kRate) rate_col = k;
    }
    if (!rate_col || *rate_col >= total.cells.size()) continue;
    const std::string& stated_digits = total.cells[*rate_col];
    const int decimals = stated_digits.find('.') == std::string::npos
                             ? 0
                             : static_cast<int>(stated_digits.size() -
                                                stated_digits.find('.') - 1);
    const auto stated = ScaledPercent(stated_digits, decimals);
    auto budget = CellValue(total, cols, Col::kBudget);
    auto spent = CellValue(total, cols, Col::kSpent);
    if (!stated || !budget || !spent) continue;
    if (*budget == 0 && *spent == 0) {
      int64_t b = 0;
      int64_t x = 0;
      for (const Row& p : parts) {
        b += CellValue(p, cols, Col::kBudget).value_or(0);
        x += CellValue(p, cols, Col::kSpent).value_or(0);
      }
      budget = b;
      spent = x;
    }
    if (*budget <= 0) continue;
    if (RateAgrees(*spent, *budget, *stated, decimals)) continue;
    findings->push_back(
        {"X1", "warning",
         absl::StrCat("项目资金：执行率填报为", stated_digits, "%，按执行数",
                      WanText(*spent), "万元、预算数", WanText(*budget),
                      "万元计算为", RateText(*spent, *budget), "%：「", quote,
                      "」")});
  }
}

}  // namespace jixiao::report_extract

#include "services/budget/domain/report_extract/tables.h"

#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "services/budget/domain/report_extract/amount.h"
#include "services/budget/domain/report_extract/labels.h"

namespace jixiao::report_extract {
namespace {

constexpr size_t kMaxLabelBytes = 48;  // a longer cell is prose: the end
constexpr int kMaxRows = 40;

struct Column {
  std::string name;
  Phase phase = Phase::kUnknown;
  bool used = true;  // false: a sub-column that is not the group's 合计
};

std::optional<Phase> ColumnPhase(const std::string& squeezed) {
  static constexpr struct {
    const char* name;
    Phase phase;
  } kColumns[] = {
      {"上年决算数", Phase::kPrior},  {"上年决算", Phase::kPrior},
      {"上年数", Phase::kPrior},      {"本年预算数", Phase::kBudget},
      {"预算数", Phase::kBudget},     {"年初预算数", Phase::kBudget},
      {"全年预算数", Phase::kBudget}, {"调整预算数", Phase::kBudget},
      {"本年决算数", Phase::kFinal},  {"决算数", Phase::kFinal},
      {"本年数", Phase::kFinal},      {"本年实际数", Phase::kFinal},
  };
  for (const auto& c : kColumns) {
    if (squeezed == c.name) return c.phase;
  }
  return std::nullopt;
}

bool SubColumn(const std::string& squeezed) {
  return squeezed == "合计" || squeezed == "一般公共预算" ||
         squeezed == "政府性基金" || squeezed == "国有资本经营预算";
}

// The item a row label names: "其中:公务用车运行维护费", "2.基本支出".
Item RowItem(std::string label, bool* total) {
  *total = false;
  for (const char* quote : {"“", "”", "\"", "(", ")", "境"}) {
    for (size_t at = label.find(quote); at != std::string::npos;
         at = label.find(quote)) {
      label.erase(at, absl::string_view(quote).size());
    }
  }
  // "因公出国(境)费" without its aside reads as 因公出国费.
  absl::string_view l = label;
  l = absl::StripPrefix(l, "其中:");
  l = absl::StripPrefix(l, "其中");
  while (!l.empty() && (absl::ascii_isdigit(static_cast<unsigned char>(l[0])) ||
                        l[0] == '.')) {
    l.remove_prefix(1);
  }
  l = absl::StripPrefix(l, "、");
  if (l == "合计" || l == "总计") {
    *total = true;
    return Item::kNone;
  }
  Phase ignored = Phase::kUnknown;
  const absl::string_view core = StripFillers(l, &ignored);
  for (const absl::string_view candidate : {l, core}) {
    if (auto m = LabelAtEnd(candidate); m && m->begin == 0) return m->item;
  }
  return Item::kNone;
}

}  // namespace

std::vector<Cell> Cells(const std::string& s) {
  std::vector<Cell> out;
  size_t line = 0;
  while (line < s.size()) {
    size_t end = s.find('\n', line);
    if (end == std::string::npos) end = s.size();
    const absl::string_view text(s.data() + line, end - line);
    const auto add = [&](size_t from, size_t to) {
      const absl::string_view piece(s.data() + from, to - from);
      Cell c;
      c.text = std::string(absl::StripAsciiWhitespace(piece));
      c.squeezed = Squeeze(c.text);
      c.begin = from;
      c.end = to;
      out.push_back(std::move(c));
    };
    if (text.find('|') != absl::string_view::npos) {
      size_t from = line;
      for (size_t i = line; i <= end; ++i) {
        if (i < end && s[i] != '|') continue;
        const absl::string_view piece(s.data() + from, i - from);
        // What follows the last bar is no cell when it is blank.
        if (!(i == end && absl::StripAsciiWhitespace(piece).empty())) {
          add(from, i);
        }
        from = i + 1;
      }
    } else if (!text.empty()) {
      add(line, end);
    }
    line = end + 1;
  }
  return out;
}

bool NumberCell(const std::string& squeezed, std::string* digits,
                bool* percent) {
  digits->clear();
  *percent = false;
  absl::string_view v = squeezed;
  if (absl::ConsumeSuffix(&v, "%")) *percent = true;
  bool negative = absl::ConsumePrefix(&v, "-");
  bool dot = false;
  bool any = false;
  for (const char c : v) {
    if (absl::ascii_isdigit(static_cast<unsigned char>(c))) {
      digits->push_back(c);
      any = true;
    } else if (c == '.' && !dot && any) {
      digits->push_back(c);
      dot = true;
    } else if (c == ',' && !dot && any) {
      continue;
    } else {
      return false;
    }
  }
  if (!any || digits->back() == '.' || digits->size() > 20) return false;
  if (negative) digits->insert(digits->begin(), '-');
  return true;
}

std::vector<Candidate> ReadTables(const Text& text,
                                  const std::vector<Cell>& cells) {
  std::vector<Candidate> out;
  Unit unit = Unit::kWan;
  size_t i = 0;
  while (i < cells.size()) {
    const Cell& cell = cells[i];
    if (cell.squeezed.find("单位") != std::string::npos) {
      if (cell.squeezed.find("万元") != std::string::npos) {
        unit = Unit::kWan;
      } else if (cell.squeezed.find("元") != std::string::npos) {
        unit = Unit::kYuan;
      }
    }
    if (!ColumnPhase(cell.squeezed)) {
      ++i;
      continue;
    }
    // The headings: a run of column names (blank cells between them).
    std::vector<Column> columns;
    size_t j = i;
    while (j < cells.size() &&
           (ColumnPhase(cells[j].squeezed) || cells[j].squeezed.empty())) {
      if (const auto p = ColumnPhase(cells[j].squeezed)) {
        columns.push_back({cells[j].squeezed, *p, true});
      }
      ++j;
    }
    // A second level under them: each group split into 合计 / funds.
    std::vector<std::string> subs;
    size_t k = j;
    while (k < cells.size() &&
           (SubColumn(cells[k].squeezed) || cells[k].squeezed.empty())) {
      if (!cells[k].squeezed.empty()) subs.push_back(cells[k].squeezed);
      ++k;
    }
    if (subs.size() >= 2 && subs.size() % columns.size() == 0) {
      const size_t per = subs.size() / columns.size();
      std::vector<Column> leaves;
      for (size_t s = 0; s < subs.size(); ++s) {
        Column c = columns[s / per];
        c.used = subs[s] == "合计";
        c.name = absl::StrCat(c.name, subs[s]);
        leaves.push_back(c);
      }
      columns = std::move(leaves);
      j = k;
    }
    // Rows: a label, then one cell per column (a blank cell is no figure).
    struct Pending {
      Candidate candidate;
      Phase phase;
    };
    std::vector<Pending> totals;
    bool three_public = false;
    int rows = 0;
    while (j < cells.size() && rows < kMaxRows) {
      // A bar line between rows is a blank cell, not the end.
      while (j < cells.size() && cells[j].squeezed.empty()) ++j;
      if (j >= cells.size()) break;
      const Cell& label = cells[j];
      std::string digits;
      bool percent = false;
      if (ColumnPhase(label.squeezed) ||
          label.squeezed.size() > kMaxLabelBytes ||
          NumberCell(label.squeezed, &digits, &percent)) {
        break;
      }
      ++rows;
      bool total = false;
      const Item item = RowItem(label.squeezed, &total);
      if (IsThreePublic(item)) three_public = true;
      size_t c = 0;
      ++j;
      while (j < cells.size() && c < columns.size()) {
        const Cell& value = cells[j];
        if (!value.squeezed.empty() &&
            !NumberCell(value.squeezed, &digits, &percent)) {
          break;
        }
        const Column& column = columns[c++];
        ++j;
        if (value.squeezed.empty() || percent || !column.used) continue;
        Candidate cand;
        cand.strength = 3;
        cand.position = value.begin;
        cand.figure.quote =
            absl::StrCat(label.text, "（", column.name, "）：", value.text);
        if (IsStaff(item)) {
          if (digits.find('.') != std::string::npos || digits[0] == '-') {
            continue;
          }
          cand.key = KeyFor(item, column.phase);
          cand.figure.value = digits;
          cand.figure.unit = "人";
        } else {
          const auto fen = ToFen(digits, unit);
          if (!fen) continue;
          cand.figure.value = WanText(*fen);
          cand.figure.unit = "万元";
          absl::StrAppend(&cand.figure.quote,
                          unit == Unit::kYuan ? "元" : "万元");
          if (total) {
            totals.push_back({std::move(cand), column.phase});
            continue;
          }
          cand.key = KeyFor(item, column.phase);
        }
        if (!cand.key.empty()) out.push_back(std::move(cand));
      }
    }
    // 合计 is the 三公 total only in a table of 三公 items.
    if (three_public) {
      for (Pending& p : totals) {
        p.candidate.key = KeyFor(Item::kSangong, p.phase);
        if (!p.candidate.key.empty()) out.push_back(std::move(p.candidate));
      }
    }
    i = std::max(j, i + 1);
  }
  return out;
}

}  // namespace jixiao::report_extract

#include "services/budget/domain/report_extract/tokens.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "services/budget/domain/report_extract/text.h"

namespace jixiao::report_extract {
namespace {

constexpr size_t kMaxDigits = 24;  // longer runs are ids, not amounts

bool Digit(absl::string_view s, size_t i) {
  return i < s.size() && absl::ascii_isdigit(static_cast<unsigned char>(s[i]));
}

// Where the run of spaces and tabs starting at i ends.
size_t SkipBlanks(absl::string_view s, size_t i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  return i;
}

// Skips blanks and line breaks (at most `max_breaks` of them).
size_t SkipBreaks(absl::string_view s, size_t i, int max_breaks, int* breaks) {
  *breaks = 0;
  while (i < s.size()) {
    if (s[i] == ' ' || s[i] == '\t') {
      ++i;
    } else if (s[i] == '\n' && *breaks < max_breaks) {
      ++*breaks;
      ++i;
    } else {
      break;
    }
  }
  return i;
}

struct UnitWord {
  const char* text;
  Unit unit;
};

// Longest first. "万" alone is a 万元 whose 元 a line break or a slip lost.
constexpr UnitWord kUnits[] = {
    {"亿元", Unit::kYi},    {"万元", Unit::kWan},     {"元", Unit::kYuan},
    {"%", Unit::kPercent},  {"‰", Unit::kOther},      {"人次", Unit::kOther},
    {"人", Unit::kPerson},  {"名", Unit::kPerson},    {"个", Unit::kCount},
    {"分", Unit::kPoint},   {"年", Unit::kDate},      {"月", Unit::kDate},
    {"日", Unit::kDate},    {"辆", Unit::kOther},     {"台", Unit::kOther},
    {"次", Unit::kOther},   {"批", Unit::kOther},     {"张", Unit::kOther},
    {"亩", Unit::kOther},   {"平方米", Unit::kOther}, {"㎡", Unit::kOther},
    {"家", Unit::kOther},   {"所", Unit::kOther},     {"间", Unit::kOther},
    {"项", Unit::kOther},   {"户", Unit::kOther},     {"号", Unit::kOther},
    {"岁", Unit::kOther},   {"天", Unit::kOther},     {"小时", Unit::kOther},
    {"公里", Unit::kOther}, {"万", Unit::kWan},
};

// The unit at s[i] (after blanks, and after one line break inside "万\n元").
Unit ReadUnit(absl::string_view s, size_t i, size_t* end) {
  i = SkipBlanks(s, i);
  for (const UnitWord& u : kUnits) {
    if (!absl::StartsWith(s.substr(i), u.text)) continue;
    size_t after = i + absl::string_view(u.text).size();
    if (u.unit == Unit::kWan && absl::string_view(u.text) == "万") {
      int breaks = 0;
      const size_t next = SkipBreaks(s, after, 1, &breaks);
      if (absl::StartsWith(s.substr(next), "元")) after = next + 3;
    }
    *end = after;
    return u.unit;
  }
  *end = i;
  return Unit::kNone;
}

bool SentenceEnd(absl::string_view s, size_t i) {
  return absl::StartsWith(s.substr(i), "。") || s[i] == ';' || s[i] == '!' ||
         s[i] == '?';
}

// A line that starts an item of a list: "1.", "(二)", "三、", "2、".
bool StartsItem(absl::string_view line) {
  line = absl::StripLeadingAsciiWhitespace(line);
  if (line.empty()) return false;
  if (line[0] == '(' || line[0] == '|') return true;
  size_t i = 0;
  while (i < line.size() &&
         absl::ascii_isdigit(static_cast<unsigned char>(line[i])))
    ++i;
  if (i > 0 && i < line.size() &&
      (line[i] == '.' || absl::StartsWith(line.substr(i), "、"))) {
    return i + 1 >= line.size() ||
           !absl::ascii_isdigit(static_cast<unsigned char>(line[i + 1]));
  }
  static constexpr const char* kNumerals[] = {"一", "二", "三", "四", "五",
                                              "六", "七", "八", "九", "十"};
  for (const char* n : kNumerals) {
    if (absl::StartsWith(line, n)) {
      size_t j = 3;
      while (j + 3 <= line.size() && (absl::StartsWith(line.substr(j), "十") ||
                                      absl::StartsWith(line.substr(j), "一") ||
                                      absl::StartsWith(line.substr(j), "二") ||
                                      absl::StartsWith(line.substr(j), "三"))) {
        j += 3;
      }
      return absl::StartsWith(line.substr(j), "、");
    }
  }
  return false;
}

// True when the line (or the '|' cell) holding [begin, end) holds nothing
// else but blanks.
bool Alone(absl::string_view s, size_t begin, size_t end) {
  size_t a = begin;
  while (a > 0 && s[a - 1] != '\n' && s[a - 1] != '|') {
    if (s[a - 1] != ' ' && s[a - 1] != '\t' && s[a - 1] != '-') return false;
    --a;
  }
  size_t b = end;
  while (b < s.size() && s[b] != '\n' && s[b] != '|') {
    if (s[b] != ' ' && s[b] != '\t') return false;
    ++b;
  }
  return true;
}

bool LineIsOnlyNumber(absl::string_view s, size_t line_begin) {
  size_t i = SkipBlanks(s, line_begin);
  if (!Digit(s, i)) return false;
  while (i < s.size() && (Digit(s, i) || s[i] == '.' || s[i] == ',')) ++i;
  i = SkipBlanks(s, i);
  return i >= s.size() || s[i] == '\n' || s[i] == '|';
}

}  // namespace

int Token::decimals() const {
  const size_t dot = digits.find('.');
  return dot == std::string::npos ? 0
                                  : static_cast<int>(digits.size() - dot - 1);
}

Tokens Tokenize(absl::string_view s) {
  Tokens out;
  out.sentence_start.push_back(0);
  out.line_start.push_back(0);
  int depth = 0;
  size_t line_begin = 0;
  for (size_t i = 0; i < s.size();) {
    const char c = s[i];
    if (c == '\n') {
      ++i;
      line_begin = i;
      out.line_start.push_back(i);
      // A blank line, or a line that opens a list item, ends a sentence.
      const size_t next_end = s.find('\n', i);
      const absl::string_view next = s.substr(
          i, next_end == absl::string_view::npos ? s.size() - i : next_end - i);
      if (absl::StripAsciiWhitespace(next).empty() || StartsItem(next) ||
          (i >= 2 && s[i - 2] == '|')) {
        out.sentence_start.push_back(i);
        depth = 0;
      }
      continue;
    }
    if (SentenceEnd(s, i)) {
      i += CharLength(s, i);
      out.sentence_start.push_back(i);
      depth = 0;
      continue;
    }
    if (c == '(') ++depth;
    if (c == ')' && depth > 0) --depth;
    if (!Digit(s, i) || (i > 0 && (Digit(s, i - 1) || s[i - 1] == '.'))) {
      i += CharLength(s, i);
      continue;
    }
    Token t;
    t.begin = i;
    t.negative = i > 0 && s[i - 1] == '-' && (i < 2 || !Digit(s, i - 2));
    size_t j = i;
    while (Digit(s, j)) t.digits.push_back(s[j++]);
    // Thousands separators: groups of exactly three digits.
    if (t.digits.size() <= 3) {
      while (j < s.size() && s[j] == ',' && Digit(s, j + 1) &&
             Digit(s, j + 2) && Digit(s, j + 3) && !Digit(s, j + 4)) {
        t.digits.append(s.data() + j + 1, 3);
        j += 4;
      }
    }
    // A number broken across lines in running text: "14025.\n3万元" and
    // "1266\n9.13万元". A line that is only a number is a table cell.
    int breaks = 0;
    if (j < s.size() && s[j] == '.') {
      const size_t k = SkipBreaks(s, j + 1, 3, &breaks);
      if (Digit(s, k)) {
        t.digits.push_back('.');
        j = k;
        while (Digit(s, j)) t.digits.push_back(s[j++]);
      }
    } else {
      const size_t k = SkipBreaks(s, j, 1, &breaks);
      if (breaks == 1 && Digit(s, k) && !LineIsOnlyNumber(s, line_begin) &&
          !LineIsOnlyNumber(s, s.rfind('\n', k) + 1)) {
        j = k;
        while (Digit(s, j)) t.digits.push_back(s[j++]);
        if (j < s.size() && s[j] == '.' && Digit(s, j + 1)) {
          t.digits.push_back(s[j++]);
          while (Digit(s, j)) t.digits.push_back(s[j++]);
        }
      }
    }
    t.num_end = j;
    t.unit = ReadUnit(s, j, &t.end);
    if (t.unit == Unit::kNone) t.end = j;
    t.sentence = static_cast<int>(out.sentence_start.size()) - 1;
    t.line = static_cast<int>(out.line_start.size()) - 1;
    t.depth = depth;
    t.alone = Alone(s, t.begin - (t.negative ? 1 : 0), t.end);
    if (t.digits.size() <= kMaxDigits) out.numbers.push_back(std::move(t));
    // Line breaks inside a number still count as lines.
    for (size_t k = i; k < j; ++k) {
      if (s[k] == '\n') out.line_start.push_back(k + 1);
    }
    i = j;
  }
  return out;
}

}  // namespace jixiao::report_extract

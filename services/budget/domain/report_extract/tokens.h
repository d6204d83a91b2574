// Numbers in the folded text, with what the text says about each: its
// unit, where it stands (sentence, line, parentheses, alone in a table
// cell), so that figures can be chosen by context rather than by one
// regular expression per phrasing.
#ifndef JIXIAO_SERVICES_BUDGET_DOMAIN_REPORT_EXTRACT_TOKENS_H_
#define JIXIAO_SERVICES_BUDGET_DOMAIN_REPORT_EXTRACT_TOKENS_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace jixiao::report_extract {

enum class Unit {
  kNone,     // a bare number: a table cell, a year in a title, a list mark
  kYuan,     // 元
  kWan,      // 万元 (and a truncated "万")
  kYi,       // 亿元
  kPercent,  // %
  kPerson,   // 人, 名
  kCount,    // 个
  kPoint,    // 分 (a score)
  kDate,     // 年, 月, 日: never a figure
  kOther,  // 辆, 次, 台, 平方米 …: counted things that are not figures
};

inline bool IsMoney(Unit u) {
  return u == Unit::kYuan || u == Unit::kWan || u == Unit::kYi;
}

struct Token {
  std::string digits;  // "25754899.39": separators and line breaks removed
  bool negative = false;
  Unit unit = Unit::kNone;
  size_t begin = 0;    // the first digit, in the folded text
  size_t num_end = 0;  // after the last digit
  size_t end = 0;      // after the unit
  int sentence = 0;    // index of the sentence it stands in
  int line = 0;        // index of its line
  int depth = 0;       // parentheses open around it within its sentence
  bool alone = false;  // the only thing in its table cell or line

  int decimals() const;  // digits after the point: the stated precision
};

struct Tokens {
  std::vector<Token> numbers;
  std::vector<size_t> sentence_start;  // folded offset of each sentence
  std::vector<size_t> line_start;      // folded offset of each line
};

// Bounded work: one pass over the text, each number's look-ahead capped.
Tokens Tokenize(absl::string_view folded);

}  // namespace jixiao::report_extract

#endif  // JIXIAO_SERVICES_BUDGET_DOMAIN_REPORT_EXTRACT_TOKENS_H_

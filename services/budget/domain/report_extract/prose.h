// Reads each number of running text as a figure, by its context: the
// label nearest before it (with the filler words between them stripped),
// the phase its words name (预算, 决算, the year before), or, for a clause
// with no label of its own ("支出预算为30.8万元,支出决算为25.7万元"), the
// subject of the clause before it. A number with no label is no figure.
#ifndef JIXIAO_SERVICES_BUDGET_DOMAIN_REPORT_EXTRACT_PROSE_H_
#define JIXIAO_SERVICES_BUDGET_DOMAIN_REPORT_EXTRACT_PROSE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "services/budget/domain/report_extract/labels.h"
#include "services/budget/domain/report_extract/text.h"
#include "services/budget/domain/report_extract/tokens.h"

namespace jixiao::report_extract {

struct Reading {
  Item item = Item::kNone;
  Phase phase = Phase::kUnknown;
  std::string key;      // the figure key, "" when it feeds none
  int strength = 0;     // 3 its own label, 2 inherited, 1 loose
  bool change = false;  // an amount of change ("增加1.14万元")
  int change_sign = 0;  // +1 增加, -1 减少
  bool explicit_phase = false;
  std::optional<int64_t> fen;    // an amount, in 分
  std::optional<int64_t> count;  // a headcount
  std::string score;             // a self-score, as written
  size_t quote_begin = 0;        // folded offset where its quote starts
};

// One reading per token of `tokens.numbers`, in the same order.
std::vector<Reading> ReadProse(const Text& text, const Tokens& tokens);

// The phase of what stands at folded offset `at` when its own words do not
// say: its sentence, its line, the headings above it; else 决算.
Phase ContextPhase(const std::string& folded, const Tokens& tokens,
                   const Token& token);

}  // namespace jixiao::report_extract

#endif  // JIXIAO_SERVICES_BUDGET_DOMAIN_REPORT_EXTRACT_PROSE_H_

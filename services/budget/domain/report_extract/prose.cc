#include "services/budget/domain/report_extract/prose.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/string_view.h"
#include "services/budget/domain/report_extract/amount.h"

namespace jixiao::report_extract {
namespace {

constexpr size_t kMaxContext = 240;  // bytes: about 80 characters
constexpr size_t kMaxQuote = 240;
// Bounded work per number: a sentence of many thousand numbers (a table
// with no full stop, hostile input) is looked back into this far only.
constexpr size_t kMaxLookBack = 64;
constexpr size_t kMaxPhaseText = 600;  // bytes before a number for its phase

constexpr absl::string_view kQuoteMarks[] = {"“",  "”",  "‘",  "’",  "「", "」",
                                             "『", "』", "《", "》", "\"", "'"};

bool IsRevenueSide(Item item) {
  return item == Item::kRevenue || item == Item::kRevenueAmbiguous ||
         item == Item::kRevenuePart || item == Item::kCarryover ||
         item == Item::kBalance;
}

// The text before a number as the label matcher sees it: from the number
// before it at the same depth, with parenthesised asides dropped, other
// numbers as '#', and blanks, bars and quotation marks removed.
std::string Context(const std::string& s, const Tokens& tokens, size_t index,
                    size_t begin, int depth, bool keep_asides = false) {
  const Token& t = tokens.numbers[index];
  std::string out;
  int d = depth;
  size_t k = 0;
  // Tokens that start inside the context become '#'.
  k = static_cast<size_t>(
      std::lower_bound(tokens.numbers.begin(),
                       tokens.numbers.begin() + static_cast<long>(index), begin,
                       [](const Token& a, size_t at) { return a.begin < at; }) -
      tokens.numbers.begin());
  for (size_t i = begin; i < t.begin;) {
    if (k < index && tokens.numbers[k].begin == i) {
      if (d == t.depth || keep_asides) {
        out.push_back('#');
        // "8个项目": the count stays readable as a count.
        if (tokens.numbers[k].unit == Unit::kCount) out.append("个");
      }
      i = std::max(tokens.numbers[k].end, i + 1);
      ++k;
      continue;
    }
    const char c = s[i];
    if (c == '(') {
      ++d;
      ++i;
      continue;
    }
    if (c == ')') {
      if (d > 0) --d;
      // Where an aside ends shows in the text that keeps asides.
      if (keep_asides && d == t.depth) out.push_back(')');
      ++i;
      continue;
    }
    const size_t n = CharLength(s, i);
    if ((d != t.depth && !keep_asides) || c == ' ' || c == '\t' || c == '\n' ||
        c == '|') {
      i += n;
      continue;
    }
    bool mark = false;
    for (absl::string_view q : kQuoteMarks) {
      if (absl::StartsWith(absl::string_view(s).substr(i), q)) mark = true;
    }
    if (!mark) out.append(s, i, n);
    i += n;
  }
  return out;
}

bool HasSuffixParen(absl::string_view s) {
  return !s.empty() && s.back() == ')';
}

size_t Utf8Start(const std::string& s, size_t i) {
  while (i > 0 && i < s.size() &&
         (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) {
    ++i;
  }
  return i;
}

// Where the clause holding `at` starts: after the last ',' or ':' before
// it, not before `floor`.
size_t ClauseStart(const std::string& s, size_t at, size_t floor) {
  const size_t cap = at > kMaxQuote ? Utf8Start(s, at - kMaxQuote) : 0;
  floor = std::max(floor, cap);
  for (size_t i = at; i > floor; --i) {
    const char c = s[i - 1];
    if (c == ',' || c == ';') return i;
  }
  return floor;
}

}  // namespace

Phase ContextPhase(const std::string& s, const Tokens& tokens, const Token& t) {
  const size_t floor =
      t.begin > kMaxPhaseText ? Utf8Start(s, t.begin - kMaxPhaseText) : 0;
  const size_t sentence = std::max(tokens.sentence_start[t.sentence], floor);
  if (const Phase p =
          PhaseIn(absl::string_view(s).substr(sentence, t.begin - sentence));
      p != Phase::kUnknown) {
    return p;
  }
  const size_t line = std::max(tokens.line_start[t.line], floor);
  if (const Phase p =
          PhaseIn(absl::string_view(s).substr(line, t.begin - line));
      p != Phase::kUnknown) {
    return p;
  }
  // The headings above: the nearest short line without a comma or a full
  // stop that names a phase ("三、支出决算情况说明").
  constexpr size_t kMaxHeading = 90;
  for (int l = t.line - 1; l >= 0 && l >= t.line - 40; --l) {
    const size_t from = tokens.line_start[l];
    const size_t to = tokens.line_start[l + 1];
    const absl::string_view line(s.data() + from, to - from);
    if (line.size() > kMaxHeading || absl::StrContains(line, "。") ||
        absl::StrContains(line, ",")) {
      continue;  // prose, or a line of it broken by a PDF
    }
    if (const Phase p = PhaseIn(line); p != Phase::kUnknown) return p;
  }
  return Phase::kFinal;
}

std::vector<Reading> ReadProse(const Text& text, const Tokens& tokens) {
  const std::string& s = text.str();
  std::vector<Reading> out(tokens.numbers.size());
  for (size_t i = 0; i < tokens.numbers.size(); ++i) {
    const Token& t = tokens.numbers[i];
    Reading& r = out[i];
    if (t.unit == Unit::kDate || t.unit == Unit::kOther ||
        t.unit == Unit::kPercent) {
      continue;
    }
    if (IsMoney(t.unit)) {
      r.fen = ToFen(t.digits, t.unit);
      if (r.fen && t.negative) r.fen = -*r.fen;
    }
    // The number before it in its sentence, at its depth (dates and counts
    // of things skipped: they are part of the words).
    std::optional<size_t> prev;
    for (size_t j = i; j-- > 0 && i - j <= kMaxLookBack;) {
      const Token& p = tokens.numbers[j];
      if (p.sentence != t.sentence) break;
      if (p.unit == Unit::kDate || p.unit == Unit::kCount ||
          p.depth > t.depth) {
        continue;
      }
      prev = j;
      break;
    }
    const size_t sentence_begin = tokens.sentence_start[t.sentence];
    size_t begin = prev ? tokens.numbers[*prev].end : sentence_begin;
    if (t.begin - begin > kMaxContext) {
      begin = Utf8Start(s, t.begin - kMaxContext);
    }
    const int start_depth = prev ? tokens.numbers[*prev].depth : 0;
    const std::string context = Context(s, tokens, i, begin, start_depth);
    r.quote_begin = ClauseStart(s, t.begin, sentence_begin);
    int sign = 0;
    if (EndsWithChangeWord(context, &sign)) {
      r.change = true;
      r.change_sign = sign;
      continue;
    }
    // Strip the fillers one at a time; the label is searched from the
    // most stripped text back to the least ("三公经费支出决算数" is 三公,
    // "2019年度支出决算数" is the department's 支出).
    std::vector<absl::string_view> levels = {context};
    std::vector<Phase> phases = {Phase::kUnknown};
    bool saw_spending_word = false;
    for (absl::string_view cur = context;;) {
      Phase p = Phase::kUnknown;
      const absl::string_view before = cur;
      if (!StripOneFiller(&cur, &p)) break;
      if (absl::EndsWith(before, "支出")) saw_spending_word = true;
      levels.push_back(cur);
      phases.push_back(p);
    }
    std::optional<LabelMatch> label;
    size_t level = 0;
    // An aside right before the number names its subject ("公车运行费
    // (“三公”经费)决算总额2771万元"): the text with asides is read first.
    const std::string flat =
        Context(s, tokens, i, begin, start_depth, /*keep_asides=*/true);
    {
      absl::string_view cur = flat;
      Phase p = Phase::kUnknown;
      bool stripped_aside = false;
      for (;;) {
        if (auto m = LabelAtEnd(cur); m && stripped_aside) {
          label = m;
          break;
        }
        const absl::string_view before = cur;
        if (!StripOneFiller(&cur, &p)) break;
        if (HasSuffixParen(before)) stripped_aside = true;
      }
    }
    if (label) {
      // Its own fillers are those of the text without the aside.
      level = levels.size() - 1;
    }
    for (size_t k = levels.size(); !label && k-- > 0;) {
      if (auto m = LabelAtEnd(levels[k])) {
        label = m;
        level = k;
        break;
      }
    }
    Phase own = Phase::kUnknown;
    const size_t upto = label ? level : levels.size() - 1;
    for (size_t k = 1; k <= upto; ++k) {
      if (phases[k] != Phase::kUnknown) {
        own = phases[k];
        break;
      }
    }
    // The previous reading with an item in this sentence, at this depth.
    const Reading* subject = nullptr;
    for (size_t j = i; j-- > 0 && i - j <= kMaxLookBack;) {
      if (tokens.numbers[j].sentence != t.sentence) break;
      if (tokens.numbers[j].depth != t.depth) continue;
      if (out[j].item != Item::kNone && !out[j].change) {
        subject = &out[j];
        break;
      }
    }
    if (label) {
      const absl::string_view before = levels[level].substr(0, label->begin);
      if ((label->item == Item::kRevenue ||
           label->item == Item::kRevenueAmbiguous ||
           label->item == Item::kExpenditure) &&
          FundPrefix(before)) {
        continue;  // 财政拨款本年收入: one fund's, not the department's
      }
      r.item = label->item;
      r.strength = label->strength == 2 ? 3 : 1;
    } else if (levels.back().empty() || levels.back() == "#") {
      if (subject != nullptr &&
          !(saw_spending_word && IsRevenueSide(subject->item))) {
        r.item = subject->item;
        r.strength = 2;
        r.quote_begin = subject->quote_begin;
        if (own == Phase::kUnknown && subject->phase != Phase::kPrior) {
          own = subject->explicit_phase ? subject->phase : Phase::kUnknown;
        }
      } else if (saw_spending_word) {
        // A bare 支出: the department's, unless the sentence is about an
        // item of its own ("公务接待24批次,210人次,支出2.05万元").
        const size_t from = t.begin - sentence_begin > 2 * kMaxContext
                                ? Utf8Start(s, t.begin - 2 * kMaxContext)
                                : sentence_begin;
        const auto named = LastLabel(Context(s, tokens, i, from, 0));
        if (named && !IsRevenueSide(named->item) &&
            named->item != Item::kExpenditure) {
          continue;
        }
        r.item = Item::kExpenditure;
        r.strength = 1;
      } else {
        continue;
      }
    } else if (saw_spending_word) {
      // "马关卫生院单位支出为468.738万元": 支出 after the unit's name.
      absl::string_view rest = levels.back();
      if (!SubjectBoundary(rest) || FundPrefix(rest) || subject != nullptr) {
        continue;
      }
      const auto named = LastLabel(rest);
      if (named && !IsRevenueSide(named->item)) continue;
      r.item = Item::kExpenditure;
      r.strength = 1;
    } else {
      continue;
    }
    // What the number is.
    if (IsStaff(r.item)) {
      const bool counts =
          t.unit == Unit::kPerson ||
          (t.unit == Unit::kCount && (r.item == Item::kStaffAuthorized ||
                                      r.item == Item::kStaffAuthorizedPart));
      int64_t n = 0;
      if (!counts || t.decimals() > 0 || !absl::SimpleAtoi(t.digits, &n) ||
          n > 1'000'000) {
        r.item = Item::kNone;
        continue;
      }
      r.count = n;
    } else if (r.item == Item::kSelfScore) {
      if ((t.unit != Unit::kPoint && t.unit != Unit::kNone) ||
          t.digits.size() > 6) {
        r.item = Item::kNone;
        continue;
      }
      int64_t whole = 0;
      const std::string integral = t.digits.substr(0, t.digits.find('.'));
      if (!absl::SimpleAtoi(integral, &whole) || whole > 100) {
        r.item = Item::kNone;
        continue;
      }
      r.score = t.digits;
    } else {
      Unit unit = t.unit;
      if (unit == Unit::kNone && r.strength == 2 && subject != nullptr) {
        // "较上年2.08减少0.03万元": a bare prior in its subject's unit.
        for (size_t j = i; j-- > 0 && i - j <= kMaxLookBack;) {
          if (tokens.numbers[j].sentence != t.sentence) break;
          if (IsMoney(tokens.numbers[j].unit)) {
            unit = tokens.numbers[j].unit;
            break;
          }
        }
      }
      if (!IsMoney(unit)) {
        r.item = Item::kNone;
        continue;
      }
      r.fen = ToFen(t.digits, unit);
      if (!r.fen) {
        r.item = Item::kNone;
        continue;
      }
      if (t.negative) r.fen = -*r.fen;
    }
    r.explicit_phase = own != Phase::kUnknown;
    r.phase = own != Phase::kUnknown ? own : ContextPhase(s, tokens, t);
    r.key = KeyFor(r.item, r.phase);
  }
  return out;
}

}  // namespace jixiao::report_extract

#include "services/budget/domain/report_extract/figures.h"

#include <algorithm>
#include <optional>

#include "absl/strings/str_cat.h"
#include "services/budget/domain/report_extract/amount.h"

namespace jixiao::report_extract {
namespace {

constexpr int64_t kTolerance = 10'000;  // 0.01万元, as the checker's
constexpr size_t kMaxParts = 64;        // lines of revenue read under a total

Figure FigureOf(const Text& text, const Token& t, const Reading& r) {
  Figure f;
  f.quote = text.Quote(r.quote_begin, t.end);
  if (r.fen) {
    f.value = WanText(*r.fen);
    f.unit = "万元";
  } else if (r.count) {
    f.value = absl::StrCat(*r.count);
    f.unit = "人";
  } else {
    f.value = r.score;
    f.unit = "分";
  }
  return f;
}

// Parts of one total given in one sentence: their sum, quoted from the
// first part to the last.
std::optional<Candidate> SumOfParts(const Text& text, const Tokens& tokens,
                                    const std::vector<Reading>& readings,
                                    Item part, const std::string& key) {
  for (size_t i = 0; i < readings.size(); ++i) {
    if (readings[i].item != part || !readings[i].count) continue;
    const int sentence = tokens.numbers[i].sentence;
    int64_t sum = 0;
    size_t last = i;
    for (size_t j = i;
         j < readings.size() && tokens.numbers[j].sentence == sentence; ++j) {
      if (readings[j].item != part || !readings[j].count) continue;
      sum += *readings[j].count;
      last = j;
    }
    Candidate c;
    c.key = key;
    c.figure.value = absl::StrCat(sum);
    c.figure.unit = "人";
    c.figure.quote =
        text.Quote(readings[i].quote_begin, tokens.numbers[last].end);
    c.strength = 2;
    c.position = tokens.numbers[i].begin;
    return c;
  }
  return std::nullopt;
}

// 收入总计 (or 总收入) may or may not include the carry-over; the revenue
// lines listed under it decide. If it is their sum, it is 本年收入; if it
// is their sum and the carry-over, or neither, 本年收入 is their sum.
std::optional<Candidate> AmbiguousRevenue(const Text& text,
                                          const Tokens& tokens,
                                          const std::vector<Reading>& readings,
                                          size_t total) {
  const int64_t stated = *readings[total].fen;
  int64_t parts = 0;
  int count = 0;
  size_t first = 0;
  size_t last = 0;
  const int line = tokens.numbers[total].line;
  for (size_t j = total + 1; j < readings.size() && j - total <= kMaxParts;
       ++j) {
    const Reading& r = readings[j];
    if (tokens.numbers[j].line > line + 15) break;
    if (r.change || r.item == Item::kNone || r.item == Item::kCarryover) {
      continue;
    }
    if (r.item != Item::kRevenuePart || !r.fen) break;
    if (count++ == 0) first = j;
    parts += *r.fen;
    if (*r.fen != 0) last = j;
  }
  Candidate c;
  c.key = "revenue_final";
  c.figure.unit = "万元";
  c.strength = 1;
  c.position = tokens.numbers[total].begin;
  const int64_t gap = stated - parts;
  if (count < 2 || (gap <= kTolerance && gap >= -kTolerance)) {
    c.figure = FigureOf(text, tokens.numbers[total], readings[total]);
    return c;
  }
  c.figure.value = WanText(parts);
  c.figure.quote =
      text.Quote(readings[first].quote_begin, tokens.numbers[last].end);
  return c;
}

}  // namespace

std::vector<Candidate> ProseCandidates(const Text& text, const Tokens& tokens,
                                       const std::vector<Reading>& readings) {
  std::vector<Candidate> out;
  bool have[4] = {false, false, false, false};
  const Item totals[4] = {Item::kStaffAuthorized, Item::kStaffRetired,
                          Item::kStaffAuxiliary, Item::kNone};
  for (size_t i = 0; i < readings.size(); ++i) {
    const Reading& r = readings[i];
    if (r.change || r.key.empty()) continue;
    for (int k = 0; k < 3; ++k) {
      if (r.item == totals[k]) have[k] = true;
    }
    if (r.item == Item::kStaffAuthorizedPart ||
        r.item == Item::kStaffRetiredPart ||
        r.item == Item::kStaffAuxiliaryPart) {
      continue;
    }
    if (r.item == Item::kRevenueAmbiguous && r.fen) {
      if (auto c = AmbiguousRevenue(text, tokens, readings, i)) {
        out.push_back(*std::move(c));
      }
      continue;
    }
    Candidate c;
    c.key = r.key;
    c.figure = FigureOf(text, tokens.numbers[i], r);
    c.strength = r.strength;
    c.position = tokens.numbers[i].begin;
    out.push_back(std::move(c));
  }
  const struct {
    Item part;
    int total;
    const char* key;
  } kParts[] = {{Item::kStaffAuthorizedPart, 0, "staff_authorized"},
                {Item::kStaffRetiredPart, 1, "staff_retired"},
                {Item::kStaffAuxiliaryPart, 2, "staff_auxiliary"}};
  for (const auto& p : kParts) {
    if (have[p.total]) continue;
    if (auto c = SumOfParts(text, tokens, readings, p.part, p.key)) {
      out.push_back(*std::move(c));
    }
  }
  return out;
}

std::map<std::string, Figure> Choose(std::vector<Candidate> candidates) {
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) {
                     if (a.strength != b.strength) {
                       return a.strength > b.strength;
                     }
                     return a.position < b.position;
                   });
  std::map<std::string, Figure> out;
  for (Candidate& c : candidates) {
    if (!out.contains(c.key)) out[c.key] = std::move(c.figure);
  }
  return out;
}

}  // namespace jixiao::report_extract

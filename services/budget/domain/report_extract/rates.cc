#include "services/budget/domain/report_extract/rates.h"

#include <algorithm>
#include <optional>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "libs/money/money.h"
#include "services/budget/domain/report_extract/amount.h"
#include "services/budget/domain/report_extract/labels.h"

namespace jixiao::report_extract {
namespace {

constexpr size_t kMaxSubjects = 6;
constexpr size_t kMaxLookBack = 64;   // numbers, for bounded work
constexpr size_t kMaxSentence = 600;  // bytes before a rate that are read

std::string Between(const std::string& s, size_t from, size_t to) {
  if (to <= from) return "";
  std::string out = Squeeze(absl::string_view(s).substr(from, to - from));
  return out;
}

bool HasSuffix(absl::string_view s, absl::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.substr(s.size() - suffix.size()) == suffix;
}

std::optional<int64_t> FigureFen(const std::map<std::string, Figure>& figures,
                                 const std::string& key) {
  const auto it = figures.find(key);
  if (it == figures.end() || it->second.unit != "万元") return std::nullopt;
  return ToFen(it->second.value, Unit::kWan);
}

std::string PriorKey(const std::string& key) {
  return key == "sangong_total" ? "sangong_total_prior" : key + "_prior";
}

// The token before `index` in its sentence, dates skipped.
std::optional<size_t> PreviousToken(const Tokens& tokens, size_t index) {
  for (size_t j = index; j-- > 0;) {
    if (tokens.numbers[j].sentence != tokens.numbers[index].sentence) break;
    if (tokens.numbers[j].unit == Unit::kDate) continue;
    return j;
  }
  return std::nullopt;
}

struct Subject {
  size_t token;
  int64_t fen;
  Item item;
};

// Amounts a rate may be about, nearest first: stated amounts (not changes,
// not priors) before `before` in its sentence, else in the sentence before.
std::vector<Subject> Subjects(const Tokens& tokens,
                              const std::vector<Reading>& readings,
                              size_t before, int depth) {
  std::vector<Subject> out;
  const int sentence = tokens.numbers[before].sentence;
  for (int pass = 0; pass < 2 && out.empty(); ++pass) {
    const int wanted = sentence - pass;
    for (size_t j = before;
         j-- > 0 && out.size() < kMaxSubjects && before - j <= kMaxLookBack;) {
      const Token& t = tokens.numbers[j];
      if (t.sentence < wanted) break;
      if (t.sentence != wanted || t.depth > depth) continue;
      const Reading& r = readings[j];
      if (!r.fen || r.change || r.phase == Phase::kPrior ||
          (pass == 0 && r.phase == Phase::kBudget && r.explicit_phase)) {
        continue;
      }
      out.push_back({j, *r.fen, r.item});
    }
  }
  return out;
}

std::string Figures(int64_t fen) { return WanText(fen) + "万元"; }

}  // namespace

void CheckStatedRates(const Text& text, const Tokens& tokens,
                      const std::vector<Reading>& readings,
                      const std::map<std::string, Figure>& figures,
                      std::vector<ClaimedChange>* changes,
                      std::vector<TextFinding>* findings) {
  const std::string& s = text.str();
  for (size_t p = 0; p < tokens.numbers.size(); ++p) {
    const Token& rate = tokens.numbers[p];
    if (rate.unit != Unit::kPercent) continue;
    const auto stated = ScaledPercent(rate.digits, rate.decimals());
    if (!stated) continue;
    const auto prev = PreviousToken(tokens, p);
    size_t sentence_begin = std::max(
        tokens.sentence_start[rate.sentence],
        rate.begin > kMaxSentence ? rate.begin - kMaxSentence : size_t{0});
    while (sentence_begin < rate.begin &&
           (static_cast<unsigned char>(s[sentence_begin]) & 0xC0) == 0x80) {
      ++sentence_begin;
    }
    const size_t from = prev ? tokens.numbers[*prev].end : sentence_begin;
    const std::string between = Between(s, from, rate.begin);
    if (between.find("占") != std::string::npos ||
        between.find("各") != std::string::npos ||
        between.find("分别") != std::string::npos ||
        absl::StartsWith(absl::string_view(s).substr(rate.end), "、")) {
      continue;
    }
    const std::string upto_rate = Between(s, sentence_begin, rate.end);
    int word_sign = 0;
    const bool completion = HasSuffix(between, "完成年初预算的") ||
                            HasSuffix(between, "完成预算的") ||
                            HasSuffix(between, "完成年初预算") ||
                            HasSuffix(between, "完成预算");
    if (!completion && !EndsWithChangeWord(between, &word_sign)) continue;
    if (completion) {
      // A: the 决算 amount before the rate; B: its budget, stated before it
      // or as "比年初预算减少D" after it.
      const std::vector<Subject> subjects =
          Subjects(tokens, readings, p, rate.depth);
      if (subjects.empty()) continue;
      const Subject& a = subjects.front();
      if (tokens.numbers[a.token].sentence != rate.sentence) continue;
      std::optional<int64_t> budget;
      for (size_t j = a.token; j-- > 0 && a.token - j <= kMaxLookBack;) {
        if (tokens.numbers[j].sentence != rate.sentence) break;
        const Reading& r = readings[j];
        if (r.fen && !r.change && r.phase == Phase::kBudget &&
            r.explicit_phase) {
          budget = *r.fen;
          break;
        }
      }
      size_t quote_end = rate.end;
      if (!budget && p + 1 < tokens.numbers.size()) {
        const Token& d = tokens.numbers[p + 1];
        const Reading& r = readings[p + 1];
        if (d.sentence == rate.sentence && r.change && r.fen &&
            Between(s, rate.end, d.begin).find("预算") != std::string::npos) {
          budget = a.fen - r.change_sign * *r.fen;
          quote_end = d.end;
        }
      }
      if (!budget || *budget <= 0) continue;
      if (RateAgrees(a.fen, *budget, *stated, rate.decimals())) continue;
      findings->push_back(
          {"X1", "warning",
           absl::StrCat("报告称完成预算的", rate.digits, "%，按所列数额（",
                        Figures(a.fen), "，预算", Figures(*budget), "）计算为",
                        RateText(a.fen, *budget), "%：「",
                        text.Quote(readings[a.token].quote_begin, quote_end),
                        "」")});
      continue;
    }
    // A change: the amount of change right before the rate, if any, and a
    // prior stated as an amount ("较上年2.08", "比上年累计支出433万元").
    std::optional<size_t> delta;
    if (prev && readings[*prev].change && readings[*prev].fen) delta = *prev;
    std::optional<size_t> prior;
    const size_t from_token = delta ? *delta : p;
    for (size_t j = from_token; j-- > 0 && from_token - j <= kMaxLookBack;) {
      if (tokens.numbers[j].sentence != rate.sentence) break;
      if (readings[j].fen && !readings[j].change &&
          readings[j].phase == Phase::kPrior) {
        prior = j;
        break;
      }
      if (readings[j].fen && !readings[j].change) break;
    }
    const size_t anchor = prior ? *prior : delta ? *delta : p;
    std::vector<Subject> subjects =
        Subjects(tokens, readings, anchor, rate.depth);
    // "“三公”经费决算数比2020年增加43万元,增长4.83%": the subject is named,
    // its amount stated elsewhere.
    if (subjects.empty() ||
        (tokens.numbers[subjects.front().token].sentence != rate.sentence &&
         LastLabel(upto_rate))) {
      subjects.clear();
      const auto named = LastLabel(upto_rate);
      if (named && PhaseIn(upto_rate) == Phase::kFinal) {
        const std::string key = KeyFor(named->item, Phase::kFinal);
        if (const auto fen = FigureFen(figures, key)) {
          subjects.push_back({p, *fen, named->item});
        }
      }
    }
    if (subjects.empty()) continue;
    const bool against_budget =
        Between(s, tokens.numbers[subjects.front().token].end, rate.begin)
            .find("预算") != std::string::npos;
    const Subject& main = subjects.front();
    const std::string key = KeyFor(main.item, Phase::kFinal);
    const bool three_public = IsThreePublic(main.item) && !against_budget;
    const size_t quote_begin =
        main.token == p ? sentence_begin : readings[main.token].quote_begin;
    const std::string quote = text.Quote(quote_begin, rate.end);
    const int sign = word_sign;
    if (three_public) {
      ClaimedChange c;
      c.item = key;
      c.word = std::string(
          between.substr(between.size() >= 6 ? between.size() - 6 : 0));
      for (const char* w : {"下降", "减少", "降低", "增长", "增加", "上升"}) {
        if (between.find(w) != std::string::npos) c.word = w;
      }
      c.stated = absl::StrCat(sign < 0 ? "-" : "", rate.digits);
      c.quote = quote;
      const auto now = FigureFen(figures, key);
      const auto before = FigureFen(figures, PriorKey(key));
      if (now && before && *before != 0) {
        c.computed = RateText(*now - *before, *before);
        c.agrees =
            RateAgrees(*now - *before, *before, *stated, rate.decimals()) &&
            ((*now - *before < 0) == (sign < 0) || *now == *before);
        changes->push_back(std::move(c));
        continue;  // the checker judges it against the year before
      }
      changes->push_back(std::move(c));
    }
    if (!delta && !prior) continue;
    // Try each subject: the rate holds if it fits any of them.
    bool holds = false;
    std::optional<Subject> judged;
    int64_t judged_prior = 0;
    for (const Subject& a : subjects) {
      int64_t base = 0;
      if (prior) {
        base = *readings[*prior].fen;
      } else {
        base = a.fen - readings[*delta].change_sign * *readings[*delta].fen;
      }
      if (base <= 0) continue;
      const int64_t change = a.fen - base;
      if (RateAgrees(change, base, *stated, rate.decimals())) {
        holds = true;
        break;
      }
      if (!judged) {
        judged = a;
        judged_prior = base;
      }
    }
    if (holds || !judged) continue;
    if (three_public && !changes->empty()) {
      changes->back().computed =
          RateText(judged->fen - judged_prior, judged_prior);
    }
    findings->push_back(
        {three_public ? "T3" : "X1", "warning",
         absl::StrCat("报告称", three_public ? "与上年相比" : "",
                      sign < 0 ? "下降" : "增长", rate.digits,
                      "%，按所列数额（本年", Figures(judged->fen), "，对比基数",
                      Figures(judged_prior), "）计算为",
                      RateText(judged->fen - judged_prior, judged_prior),
                      "%：「",
                      text.Quote(judged->token == p
                                     ? sentence_begin
                                     : readings[judged->token].quote_begin,
                                 rate.end),
                      "」")});
  }
}

}  // namespace jixiao::report_extract

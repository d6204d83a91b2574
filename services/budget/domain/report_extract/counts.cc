#include "services/budget/domain/report_extract/counts.h"

#include <re2/re2.h>

#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"

namespace jixiao::report_extract {
namespace {

constexpr int kMaxListed = 500;
constexpr size_t kMaxParts = 64;  // numbers after a count that are read

// "共设28个派出所，分别为漳江派出所、…。": the count against the names.
void ListedCounts(const std::string& s, std::vector<TextFinding>* findings) {
  static const RE2 counted(
      R"((?:共设|共有|内设|下设|设有|共|设)([^，,。0-9]{0,8}?)([0-9]+)个([^，,。]{0,12})[，,])"
      R"((?:分别(?:为|是)|包括)[:]?([^。]*)。)");
  re2::StringPiece input(s);
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
    if (!absl::SimpleAtoi(n, &stated) || stated > kMaxListed ||
        items.size() < 2) {
      continue;
    }
    if (static_cast<int>(items.size()) != stated) {
      findings->push_back({"U2", "warning",
                           absl::StrCat("报告称共有", stated, "个", what,
                                        "，但列出了", items.size(), "个。")});
    }
  }
}

// The two characters before `at` (a noun such as 项目), or "".
std::string NounBefore(const std::string& s, size_t at) {
  if (at < 6) return "";
  return s.substr(at - 6, 6);
}

// "实施项目共15个(…),年初批复预算8个项目…,年中增加8个项目": the count of a
// noun against the counts of the same noun that follow it in the sentence,
// outside parentheses and not after 其中.
void PartsOfACount(const Text& text, const Tokens& tokens,
                   std::vector<TextFinding>* findings) {
  const std::string& s = text.str();
  const auto& numbers = tokens.numbers;
  for (size_t i = 0; i < numbers.size(); ++i) {
    const Token& total = numbers[i];
    if (total.unit != Unit::kCount || total.depth != 0 ||
        total.decimals() > 0 || total.begin < 3 ||
        absl::string_view(s).substr(total.begin - 3, 3) != "共") {
      continue;
    }
    const std::string noun = NounBefore(s, total.begin - 3);
    if (noun.empty()) continue;
    int64_t stated = 0;
    if (!absl::SimpleAtoi(total.digits, &stated)) continue;
    int64_t sum = 0;
    int parts = 0;
    size_t last = total.end;
    for (size_t j = i + 1; j < numbers.size() && j - i <= kMaxParts; ++j) {
      const Token& part = numbers[j];
      if (part.sentence != total.sentence) break;
      if (part.unit != Unit::kCount || part.depth != 0) continue;
      const absl::string_view gap(s.data() + total.end, part.begin - total.end);
      if (gap.find("其中") != absl::string_view::npos) break;
      if (absl::string_view(s).substr(part.end, noun.size()) != noun) continue;
      int64_t n = 0;
      if (!absl::SimpleAtoi(part.digits, &n)) continue;
      sum += n;
      ++parts;
      last = part.end + noun.size();
    }
    if (parts < 2 || sum == stated) continue;
    findings->push_back(
        {"X2", "warning",
         absl::StrCat("报告称共", stated, "个", noun, "，所列各部分合计", sum,
                      "个：「", text.Quote(total.begin - 3 - noun.size(), last),
                      "」")});
  }
}

}  // namespace

void CheckCounts(const Text& text, const Tokens& tokens,
                 std::vector<TextFinding>* findings) {
  ListedCounts(text.str(), findings);
  PartsOfACount(text, tokens, findings);
}

}  // namespace jixiao::report_extract

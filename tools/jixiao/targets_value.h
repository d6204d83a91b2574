// A 指标值 cell of a 申报表 and back: the comparator, the value and the unit
// in one string, as the forms write them (docs/domain.md §9.1.3).
#ifndef JIXIAO_TOOLS_JIXIAO_TARGETS_VALUE_H_
#define JIXIAO_TOOLS_JIXIAO_TARGETS_VALUE_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "jixiao/indicator/v1/indicator.pb.h"
#include "jixiao/indicator/v1/targets.pb.h"

namespace jixiao::cli {

struct TargetValue {
  indicator::v1::Comparator comparator = indicator::v1::COMPARATOR_UNSPECIFIED;
  std::string value;  // a decimal, or the words of a 定性 target
  std::string unit;   // "" for 定性, or when the text gives none
};

// "≥95%", ">=95%", "不低于95%", "不少于95%", "达到95%", "95%以上" are
// AT_LEAST; "≤30天", "<=30天", "不高于30天", "不超过30天", "30天以内" AT_MOST;
// "=12个", "等于12个" EQUAL; words without a leading number ("好/较好",
// "定性：明显提升", "不低于上年") are 定性. Full-width digits and signs
// are read as ASCII. A bare or approximate number ("95%", "约95%"), a strict
// > or <, and a symbol without a number are errors quoting the cell.
absl::StatusOr<TargetValue> ParseTargetValue(absl::string_view text);

// The cell ParseTargetValue reads back to the same comparator, value and
// unit: "≥95%", "好", or "定性：…" for words that would read otherwise.
std::string FormatTargetValue(const indicator::v1::TargetIndicator& indicator);

}  // namespace jixiao::cli

#endif  // JIXIAO_TOOLS_JIXIAO_TARGETS_VALUE_H_

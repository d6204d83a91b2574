#include "services/budget/domain/rate.h"

#include <limits>
#include <numeric>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "libs/money/percent.h"

namespace jixiao::budget {
namespace {

__int128 Gcd(__int128 a, __int128 b) {
  if (a < 0) a = -a;
  if (b < 0) b = -b;
  while (b != 0) {
    const __int128 t = a % b;
    a = b;
    b = t;
  }
  return a;
}

bool FitsInt64(__int128 v) {
  return v >= std::numeric_limits<int64_t>::min() &&
         v <= std::numeric_limits<int64_t>::max();
}

}  // namespace

std::string Rate::Percent() const {
  if (!computable) return "";
  return money::FormatRatioPercent(numerator, denominator);
}

RateBuilder::RateBuilder(absl::string_view formula_id, absl::string_view name,
                         absl::string_view formula) {
  rate_.formula_id = std::string(formula_id);
  rate_.name = std::string(name);
  rate_.formula = std::string(formula);
}

std::optional<int64_t> RateBuilder::Need(absl::string_view name,
                                         std::optional<int64_t> value,
                                         InputUnit unit,
                                         absl::string_view note) {
  if (!value.has_value()) {
    missing_.emplace_back(name);
    return std::nullopt;
  }
  rate_.inputs.push_back(
      RateInput{std::string(name), *value, unit, std::string(note)});
  return value;
}

Rate RateBuilder::Finish(std::optional<__int128> numerator,
                         std::optional<__int128> denominator) {
  if (!missing_.empty()) {
    rate_.reason = absl::StrCat("缺少数据：", absl::StrJoin(missing_, "、"));
    return rate_;
  }
  if (!numerator.has_value() || !denominator.has_value()) {
    rate_.reason = "缺少数据";
    return rate_;
  }
  if (*denominator == 0) {
    rate_.reason = "分母为零，无法计算";
    return rate_;
  }
  __int128 n = *numerator;
  __int128 d = *denominator;
  if (!FitsInt64(n) || !FitsInt64(d)) {
    const __int128 g = Gcd(n, d);
    n /= g;
    d /= g;
  }
  if (!FitsInt64(n) || !FitsInt64(d)) {
    rate_.reason = "数值超出可计算范围";
    return rate_;
  }
  rate_.computable = true;
  rate_.numerator = static_cast<int64_t>(n);
  rate_.denominator = static_cast<int64_t>(d);
  return rate_;
}

}  // namespace jixiao::budget

#include "libs/money/percent.h"

#include <cstdlib>
#include <limits>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "libs/money/decimal.h"

namespace jixiao::money {

int64_t RatioToScaledPercent(int64_t numerator, int64_t denominator,
                             int decimals) {
  __int128 scale = 100;
  for (int i = 0; i < decimals; ++i) scale *= 10;
  __int128 n = static_cast<__int128>(numerator) * scale;
  __int128 d = denominator;
  if (d < 0) {
    n = -n;
    d = -d;
  }
  __int128 q = n / d;
  const __int128 r = n % d;  // same sign as n
  const __int128 twice_r = r < 0 ? -2 * r : 2 * r;
  if (twice_r >= d) q += (n < 0) ? -1 : 1;
  // A ratio beyond the int64 range has no meaning here; saturate, never wrap.
  if (q > std::numeric_limits<int64_t>::max()) {
    return std::numeric_limits<int64_t>::max();
  }
  if (q < std::numeric_limits<int64_t>::min()) {
    return std::numeric_limits<int64_t>::min();
  }
  return static_cast<int64_t>(q);
}

int64_t RatioToHundredthsOfPercent(int64_t numerator, int64_t denominator) {
  return RatioToScaledPercent(numerator, denominator, 2);
}

std::string FormatHundredths(int64_t hundredths) {
  const bool negative = hundredths < 0;
  const uint64_t magnitude =
      negative ? 0 - static_cast<uint64_t>(hundredths) : hundredths;
  const uint64_t fraction = magnitude % 100;
  return absl::StrCat(negative ? "-" : "", magnitude / 100, ".",
                      fraction < 10 ? "0" : "", fraction);
}

std::string FormatRatioPercent(int64_t numerator, int64_t denominator) {
  return FormatHundredths(RatioToHundredthsOfPercent(numerator, denominator));
}

absl::StatusOr<int64_t> ParsePercentHundredths(absl::string_view text) {
  absl::ConsumeSuffix(&text, "%");
  // ±10^9 % is far beyond any rate a report states.
  auto hundredths = ParseDecimal(text, 2, 100'000'000'000);
  if (!hundredths.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "\"", text, "\" is not a percent with at most two decimals"));
  }
  return hundredths;
}

bool RatioMatchesPercent(int64_t numerator, int64_t denominator,
                         int64_t stated_hundredths,
                         int64_t tolerance_hundredths) {
  // |n/d·10000 − s| ≤ t  ⇔  |n·10000 − s·d| ≤ t·|d|
  const __int128 d = denominator;
  const __int128 lhs = static_cast<__int128>(numerator) * 10000 -
                       static_cast<__int128>(stated_hundredths) * d;
  const __int128 abs_lhs = lhs < 0 ? -lhs : lhs;
  const __int128 abs_d = d < 0 ? -d : d;
  return abs_lhs <= static_cast<__int128>(tolerance_hundredths) * abs_d;
}

}  // namespace jixiao::money

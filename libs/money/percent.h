// Rates as exact fractions. A rate is kept as numerator / denominator from
// exact inputs and turned into a two-decimal percent only for display or
// for comparison with a percent a report states.
#ifndef JIXIAO_LIBS_MONEY_PERCENT_H_
#define JIXIAO_LIBS_MONEY_PERCENT_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace jixiao::money {

// numerator / denominator × 100, rounded half away from zero to hundredths
// of a percent (basis points of 1%): 381/408 → 9338. denominator != 0.
// Saturates at the int64 limits.
int64_t RatioToHundredthsOfPercent(int64_t numerator, int64_t denominator);

// numerator / denominator × 100 at `decimals` decimals (scaled integer),
// rounded half away from zero: (381, 408, 4) → 933824. Saturates.
int64_t RatioToScaledPercent(int64_t numerator, int64_t denominator,
                             int decimals);

// "93.38", "-7.68", "0.00": the display form of RatioToHundredthsOfPercent.
std::string FormatRatioPercent(int64_t numerator, int64_t denominator);

// Formats hundredths of a percent: -768 → "-7.68".
std::string FormatHundredths(int64_t hundredths);

// Parses a stated percent with at most two decimals ("-7.68", "21.27",
// "100") into hundredths of a percent. A trailing '%' is allowed.
absl::StatusOr<int64_t> ParsePercentHundredths(absl::string_view text);

// |numerator / denominator × 100 − stated / 100| ≤ tolerance / 100, exactly.
bool RatioMatchesPercent(int64_t numerator, int64_t denominator,
                         int64_t stated_hundredths,
                         int64_t tolerance_hundredths);

}  // namespace jixiao::money

#endif  // JIXIAO_LIBS_MONEY_PERCENT_H_

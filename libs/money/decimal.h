// Exact decimals as scaled integers: "2.5" at 2 decimals is 250. Used for
// weights and scores (hundredths of a point) and indicator values
// (ten-thousandths), so that no value passes through floating point.
#ifndef JIXIAO_LIBS_MONEY_DECIMAL_H_
#define JIXIAO_LIBS_MONEY_DECIMAL_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace jixiao::money {

// Parses an optional '-' (or '+'), digits and at most one '.', with no more
// than `decimals` significant decimals, into value × 10^decimals. Fails
// beyond ±`max_abs` (in scaled units).
absl::StatusOr<int64_t> ParseDecimal(absl::string_view text, int decimals,
                                     int64_t max_abs);

// The shortest exact text: 250 at 2 decimals is "2.5", -3 is "-0.03".
std::string FormatDecimal(int64_t scaled, int decimals);

}  // namespace jixiao::money

#endif  // JIXIAO_LIBS_MONEY_DECIMAL_H_

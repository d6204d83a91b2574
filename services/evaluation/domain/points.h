// Exact points, shared by every scorer of the evaluation service: scores and
// weights in hundredths of a point, indicator values in ten-thousandths,
// decimal text in and out, and the one rounding rule (half away from zero).
// No floating point anywhere on the path.
#ifndef JIXIAO_SERVICES_EVALUATION_DOMAIN_POINTS_H_
#define JIXIAO_SERVICES_EVALUATION_DOMAIN_POINTS_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace jixiao::evaluation {

inline constexpr int kPointDecimals = 2;  // scores in hundredths of a point
inline constexpr int kValueDecimals = 4;  // values in ten-thousandths
inline constexpr int64_t kValueScale = 10'000;

// Parses a decimal a peer already validated; 0 if it does not parse.
int64_t ParseScaled(absl::string_view text, int decimals);
inline int64_t ParsePoints(absl::string_view text) {
  return ParseScaled(text, kPointDecimals);
}
inline int64_t ParseValue(absl::string_view text) {
  return ParseScaled(text, kValueDecimals);
}

// The shortest exact text: 250 → "2.5", 934 → "9.34".
std::string FormatPoints(int64_t centi);
std::string FormatValue(int64_t value);

// num / den rounded half away from zero; den != 0.
int64_t RoundDiv(__int128 num, __int128 den);

}  // namespace jixiao::evaluation

#endif  // JIXIAO_SERVICES_EVALUATION_DOMAIN_POINTS_H_

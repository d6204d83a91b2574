#include "services/evaluation/domain/points.h"

#include "libs/money/decimal.h"

namespace jixiao::evaluation {

int64_t ParseScaled(absl::string_view text, int decimals) {
  auto v = money::ParseDecimal(text, decimals, INT64_MAX / 1000);
  return v.ok() ? *v : 0;
}

std::string FormatPoints(int64_t centi) {
  return money::FormatDecimal(centi, kPointDecimals);
}

std::string FormatValue(int64_t value) {
  return money::FormatDecimal(value, kValueDecimals);
}

int64_t RoundDiv(__int128 num, __int128 den) {
  if (den < 0) {
    num = -num;
    den = -den;
  }
  __int128 q = num / den;
  const __int128 r = num % den;
  if ((r < 0 ? -r : r) * 2 >= den) q += num < 0 ? -1 : 1;
  return static_cast<int64_t>(q);
}

}  // namespace jixiao::evaluation

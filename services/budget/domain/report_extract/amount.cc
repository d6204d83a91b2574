#include "services/budget/domain/report_extract/amount.h"

#include "libs/money/decimal.h"
#include "libs/money/money.h"
#include "libs/money/percent.h"

namespace jixiao::report_extract {

std::optional<int64_t> ToFen(const std::string& digits, Unit unit) {
  int decimals = 0;
  switch (unit) {
    case Unit::kYuan:
      decimals = 2;
      break;
    case Unit::kWan:
      decimals = 6;
      break;
    case Unit::kYi:
      decimals = 10;
      break;
    default:
      return std::nullopt;
  }
  auto fen = money::ParseDecimal(digits, decimals, money::kMaxAmount);
  if (!fen.ok()) return std::nullopt;
  return *fen;
}

std::string WanText(int64_t fen) { return money::FormatDecimal(fen, 6); }

std::optional<int64_t> ScaledPercent(const std::string& digits, int decimals) {
  if (decimals > 9) return std::nullopt;
  auto v = money::ParseDecimal(digits, decimals, int64_t{1} << 60);
  if (!v.ok()) return std::nullopt;
  return *v;
}

bool RateAgrees(int64_t numerator, int64_t denominator, int64_t stated_scaled,
                int decimals) {
  if (denominator == 0 || decimals < 0 || decimals > 9) return false;
  // Magnitudes: the sign of a change is its word's.
  const auto abs = [](__int128 v) { return v < 0 ? -v : v; };
  __int128 scale = 100;
  for (int i = 0; i < decimals; ++i) scale *= 10;
  const __int128 n = abs(numerator) * scale;
  const __int128 d = abs(denominator);
  const __int128 stated = abs(stated_scaled);
  const __int128 truncated = n / d;
  const __int128 rounded = (2 * n + d) / (2 * d);
  if (stated == truncated || stated == rounded) return true;
  // Within 0.01 point: |n / d − stated| ≤ scale / 10^4.
  return abs(n - stated * d) * 10000 <= scale * d;
}

std::string RateText(int64_t numerator, int64_t denominator) {
  return money::FormatRatioPercent(numerator, denominator);
}

}  // namespace jixiao::report_extract

// Money is integer 分 (fen) in int64: in storage, in arithmetic, on the wire.
// Decimal text ("12669.13万元") is parsed exactly and printed exactly; there
// is no floating point anywhere on the path.
#ifndef JIXIAO_LIBS_MONEY_MONEY_H_
#define JIXIAO_LIBS_MONEY_MONEY_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace jixiao::money {

using Fen = int64_t;

inline constexpr Fen kFenPerYuan = 100;
inline constexpr Fen kFenPerWanYuan = 1'000'000;
// 10^15 分 = 10 万亿元: far above any department's figure, and low enough
// that sums of thousands of amounts cannot overflow int64.
inline constexpr Fen kMaxAmount = 1'000'000'000'000'000;

enum class Unit { kFen, kYuan, kWanYuan };

// Parses a decimal ("12669.13", "-7", "0.5") in `unit` into 分. Fails on
// anything but an optional '-', digits and one '.', on more decimals than
// the unit can carry exactly (元: 2, 万元: 6, 分: 0), and beyond kMaxAmount.
absl::StatusOr<Fen> ParseAmount(absl::string_view text, Unit unit);

// Parses "12669.13万元", "405.53元" or "100分" (the unit is required).
absl::StatusOr<Fen> ParseAmountWithUnit(absl::string_view text);

// "12669.13万元", "0.040553万元", "-3万元": exact, trailing zeros trimmed.
std::string FormatWanYuan(Fen amount);

// "405.53元", "-0.07元": exact, always two decimals.
std::string FormatYuan(Fen amount);

}  // namespace jixiao::money

#endif  // JIXIAO_LIBS_MONEY_MONEY_H_

#include "libs/money/money.h"

#include <limits>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "libs/money/decimal.h"

namespace jixiao::money {
namespace {

int DecimalsOf(Unit unit) {
  switch (unit) {
    case Unit::kFen:
      return 0;
    case Unit::kYuan:
      return 2;
    case Unit::kWanYuan:
      return 6;
  }
  return 0;
}

}  // namespace

absl::StatusOr<Fen> ParseAmount(absl::string_view text, Unit unit) {
  // At the unit's own number of decimals, the scaled value counts 分: 万元 at
  // 6 decimals, 元 at 2, 分 at 0.
  auto fen = ParseDecimal(text, DecimalsOf(unit), kMaxAmount);
  if (!fen.ok() && absl::StrContains(fen.status().message(), "decimals")) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", text, "\" is finer than 1 分"));
  }
  return fen;
}

absl::StatusOr<Fen> ParseAmountWithUnit(absl::string_view text) {
  absl::string_view number = text;
  if (absl::ConsumeSuffix(&number, "万元")) {
    return ParseAmount(number, Unit::kWanYuan);
  }
  if (absl::ConsumeSuffix(&number, "元"))
    return ParseAmount(number, Unit::kYuan);
  if (absl::ConsumeSuffix(&number, "分"))
    return ParseAmount(number, Unit::kFen);
  return absl::InvalidArgumentError(
      absl::StrCat("\"", text, "\" has no unit: write it as 万元, 元 or 分"));
}

std::string FormatWanYuan(Fen amount) {
  return absl::StrCat(FormatDecimal(amount, 6), "万元");
}

std::string FormatYuan(Fen amount) {
  const bool negative = amount < 0;
  const unsigned __int128 magnitude =
      negative ? static_cast<unsigned __int128>(-static_cast<__int128>(amount))
               : static_cast<unsigned __int128>(amount);
  const auto fraction = static_cast<uint64_t>(magnitude % kFenPerYuan);
  return absl::StrCat(negative ? "-" : "",
                      static_cast<uint64_t>(magnitude / kFenPerYuan), ".",
                      fraction < 10 ? "0" : "", fraction, "元");
}

}  // namespace jixiao::money

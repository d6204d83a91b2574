#include "libs/money/money.h"

#include <limits>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

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
  const std::string original(text);
  bool negative = false;
  if (absl::ConsumePrefix(&text, "-")) negative = true;
  if (text.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("not a number: \"", original, "\""));
  }
  const int max_decimals = DecimalsOf(unit);
  __int128 value = 0;
  int decimals = -1;  // -1 until the decimal point is seen
  bool any_digit = false;
  for (const char c : text) {
    if (c == '.') {
      if (decimals >= 0) {
        return absl::InvalidArgumentError(
            absl::StrCat("not a number: \"", original, "\""));
      }
      decimals = 0;
      continue;
    }
    if (c < '0' || c > '9') {
      return absl::InvalidArgumentError(
          absl::StrCat("not a number: \"", original, "\""));
    }
    any_digit = true;
    if (decimals >= 0) {
      if (decimals == max_decimals) {
        if (c != '0') {
          return absl::InvalidArgumentError(
              absl::StrCat("\"", original, "\" is finer than 1 分"));
        }
        continue;
      }
      ++decimals;
    }
    value = value * 10 + (c - '0');
    if (value > static_cast<__int128>(kMaxAmount) * 1'000'000) {
      return absl::InvalidArgumentError(
          absl::StrCat("\"", original, "\" is out of range"));
    }
  }
  if (!any_digit) {
    return absl::InvalidArgumentError(
        absl::StrCat("not a number: \"", original, "\""));
  }
  for (int d = decimals < 0 ? 0 : decimals; d < max_decimals; ++d) value *= 10;
  // `value` now counts units of 10^-max_decimals of `unit`, which is 1 分
  // for each unit (万元 at 6 decimals, 元 at 2, 分 at 0).
  if (value > kMaxAmount) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", original, "\" is out of range"));
  }
  const Fen fen = static_cast<Fen>(value);
  return negative ? -fen : fen;
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
  const bool negative = amount < 0;
  // Work in unsigned 128 bits so that the most negative int64 prints too.
  unsigned __int128 magnitude =
      negative ? static_cast<unsigned __int128>(-static_cast<__int128>(amount))
               : static_cast<unsigned __int128>(amount);
  const auto whole = static_cast<uint64_t>(magnitude / kFenPerWanYuan);
  auto fraction = static_cast<uint64_t>(magnitude % kFenPerWanYuan);
  std::string out = negative ? "-" : "";
  absl::StrAppend(&out, whole);
  if (fraction != 0) {
    std::string digits = std::to_string(fraction);
    digits.insert(0, 6 - digits.size(), '0');
    while (!digits.empty() && digits.back() == '0') digits.pop_back();
    absl::StrAppend(&out, ".", digits);
  }
  absl::StrAppend(&out, "万元");
  return out;
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

bool AddWouldOverflow(Fen a, Fen b) {
  Fen ignored;
  return __builtin_add_overflow(a, b, &ignored);
}

}  // namespace jixiao::money

#include "libs/money/decimal.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace jixiao::money {

absl::StatusOr<int64_t> ParseDecimal(absl::string_view text, int decimals,
                                     int64_t max_abs) {
  const std::string original(text);
  const auto not_a_number = [&original] {
    return absl::InvalidArgumentError(
        absl::StrCat("not a number: \"", original, "\""));
  };
  bool negative = false;
  if (absl::ConsumePrefix(&text, "-")) {
    negative = true;
  } else {
    absl::ConsumePrefix(&text, "+");
  }
  __int128 value = 0;
  int seen_decimals = -1;  // -1 until the decimal point
  bool any_digit = false;
  for (const char c : text) {
    if (c == '.') {
      if (seen_decimals >= 0) return not_a_number();
      seen_decimals = 0;
      continue;
    }
    if (c < '0' || c > '9') return not_a_number();
    any_digit = true;
    if (seen_decimals >= 0) {
      if (seen_decimals == decimals) {
        if (c != '0') {
          return absl::InvalidArgumentError(absl::StrCat(
              "\"", original, "\" has more than ", decimals, " decimals"));
        }
        continue;
      }
      ++seen_decimals;
    }
    value = value * 10 + (c - '0');
    if (value > static_cast<__int128>(max_abs) * 1000000000) {
      return absl::InvalidArgumentError(
          absl::StrCat("\"", original, "\" is out of range"));
    }
  }
  if (!any_digit) return not_a_number();
  for (int d = seen_decimals < 0 ? 0 : seen_decimals; d < decimals; ++d) {
    value *= 10;
  }
  if (value > max_abs) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", original, "\" is out of range"));
  }
  const auto scaled = static_cast<int64_t>(value);
  return negative ? -scaled : scaled;
}

std::string FormatDecimal(int64_t scaled, int decimals) {
  const bool negative = scaled < 0;
  const unsigned __int128 magnitude =
      negative ? static_cast<unsigned __int128>(-static_cast<__int128>(scaled))
               : static_cast<unsigned __int128>(scaled);
  uint64_t factor = 1;
  for (int i = 0; i < decimals; ++i) factor *= 10;
  std::string out = negative ? "-" : "";
  absl::StrAppend(&out, static_cast<uint64_t>(magnitude / factor));
  auto fraction = static_cast<uint64_t>(magnitude % factor);
  if (fraction != 0) {
    std::string digits = std::to_string(fraction);
    digits.insert(0, decimals - digits.size(), '0');
    while (!digits.empty() && digits.back() == '0') digits.pop_back();
    absl::StrAppend(&out, ".", digits);
  }
  return out;
}

}  // namespace jixiao::money

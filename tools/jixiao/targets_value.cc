#include "tools/jixiao/targets_value.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "tools/jixiao/table_reader.h"

namespace jixiao::cli {
namespace {

namespace ipb = ::jixiao::indicator::v1;

// What the forms use beside ASCII: full-width digits and signs (typed with
// a Chinese input method) and the variant ≧ ≦.
std::string Normalize(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const auto byte = [&](size_t k) {
      return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0;
    };
    if (byte(0) == 0xEF && byte(1) == 0xBC && byte(2) >= 0x90 &&
        byte(2) <= 0x99) {  // ０-９
      out.push_back(static_cast<char>('0' + byte(2) - 0x90));
      i += 2;
      continue;
    }
    if (byte(0) == 0xEF && byte(1) == 0xBC) {
      const char* ascii = byte(2) == 0x85   ? "%"
                          : byte(2) == 0x8E ? "."
                          : byte(2) == 0x9E ? ">"
                          : byte(2) == 0x9C ? "<"
                          : byte(2) == 0x9D ? "="
                          : byte(2) == 0x8B ? "+"
                          : byte(2) == 0x8D ? "-"
                                            : nullptr;
      if (ascii != nullptr) {
        out += ascii;
        i += 2;
        continue;
      }
    }
    out.push_back(text[i]);
  }
  out = absl::StrReplaceAll(out, {{"≧", "≥"}, {"≦", "≤"}});
  return TrimCell(out);
}

std::string WithoutSpaces(absl::string_view text) {
  return absl::StrReplaceAll(text, {{" ", ""}, {"\u3000", ""}, {"\t", ""}});
}

// A leading decimal ("95", "-3.5", "+2") and what follows it.
std::pair<std::string, absl::string_view> SplitNumber(absl::string_view text) {
  size_t i = 0;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
  const size_t digits_from = i;
  while (i < text.size() && absl::ascii_isdigit(text[i])) ++i;
  if (i == digits_from) return {"", text};
  if (i + 1 < text.size() && text[i] == '.' &&
      absl::ascii_isdigit(text[i + 1])) {
    ++i;
    while (i < text.size() && absl::ascii_isdigit(text[i])) ++i;
  }
  std::string number(text.substr(0, i));
  if (number[0] == '+') number.erase(0, 1);
  return {number, text.substr(i)};
}

int CountChars(absl::string_view utf8) {
  int n = 0;
  for (const char c : utf8) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

bool HasDigit(absl::string_view text) {
  for (const char c : text) {
    if (absl::ascii_isdigit(c)) return true;
  }
  return false;
}

enum class Kind { kAtLeast, kAtMost, kEqual, kGreater, kLess };

struct Prefix {
  absl::string_view text;
  Kind kind;
  bool symbol;  // a sign must be followed by a number; words need not be
};

// Longer spellings before the shorter ones they begin with (不低于 before
// 低于, 大于等于 before 大于, >= before >). "达到" reads "reaches": at least.
constexpr Prefix kPrefixes[] = {
    {"≥", Kind::kAtLeast, true},         {">=", Kind::kAtLeast, true},
    {"=>", Kind::kAtLeast, true},        {"大于或等于", Kind::kAtLeast, false},
    {"大于等于", Kind::kAtLeast, false}, {"不低于", Kind::kAtLeast, false},
    {"不少于", Kind::kAtLeast, false},   {"不小于", Kind::kAtLeast, false},
    {"至少", Kind::kAtLeast, false},     {"达到", Kind::kAtLeast, false},
    {"≤", Kind::kAtMost, true},          {"<=", Kind::kAtMost, true},
    {"=<", Kind::kAtMost, true},         {"小于或等于", Kind::kAtMost, false},
    {"小于等于", Kind::kAtMost, false},  {"不高于", Kind::kAtMost, false},
    {"不超过", Kind::kAtMost, false},    {"不多于", Kind::kAtMost, false},
    {"不大于", Kind::kAtMost, false},    {"控制在", Kind::kAtMost, false},
    {"=", Kind::kEqual, true},           {"等于", Kind::kEqual, false},
    {">", Kind::kGreater, true},         {"大于", Kind::kGreater, false},
    {"高于", Kind::kGreater, false},     {"超过", Kind::kGreater, false},
    {"多于", Kind::kGreater, false},     {"<", Kind::kLess, true},
    {"小于", Kind::kLess, false},        {"低于", Kind::kLess, false},
    {"少于", Kind::kLess, false},
};

ipb::Comparator ComparatorOf(Kind kind) {
  switch (kind) {
    case Kind::kAtLeast:
      return ipb::AT_LEAST;
    case Kind::kAtMost:
      return ipb::AT_MOST;
    default:
      return ipb::EQUAL;
  }
}

absl::Status Refuse(absl::string_view text, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("'", text, "' ", why));
}

TargetValue Qualitative(std::string words) {
  return {ipb::QUALITATIVE, std::move(words), ""};
}

}  // namespace

absl::StatusOr<TargetValue> ParseTargetValue(absl::string_view text) {
  const std::string cell = Normalize(text);
  if (cell.empty()) return absl::InvalidArgumentError("is empty");
  const std::string compact = WithoutSpaces(cell);
  absl::string_view rest = compact;
  if (absl::ConsumePrefix(&rest, "定性")) {
    absl::string_view words = cell;
    absl::ConsumePrefix(&words, "定性");
    while (absl::ConsumePrefix(&words, "：") ||
           absl::ConsumePrefix(&words, ":") ||
           absl::ConsumePrefix(&words, " ")) {
    }
    if (words.empty()) return Refuse(text, "gives 定性 and no words");
    return Qualitative(std::string(words));
  }
  for (const Prefix& prefix : kPrefixes) {
    if (!absl::ConsumePrefix(&rest, prefix.text)) continue;
    auto [number, unit] = SplitNumber(rest);
    if (number.empty()) {
      if (prefix.symbol) {
        return Refuse(text, absl::StrCat("has no number after ", prefix.text));
      }
      return Qualitative(cell);  // "不低于上年": words
    }
    if (prefix.kind == Kind::kGreater || prefix.kind == Kind::kLess) {
      return Refuse(
          text, absl::StrCat("is a strict comparison: a target is ≥, ≤ or "
                             "= (write ",
                             prefix.kind == Kind::kGreater ? "≥" : "≤", number,
                             unit, ")"));
    }
    // "控制在30天以内": the suffix repeats the comparator.
    for (const absl::string_view suffix : {"以内", "以下", "以上"}) {
      if (absl::ConsumeSuffix(&unit, suffix)) break;
    }
    return TargetValue{ComparatorOf(prefix.kind), std::move(number),
                       std::string(unit)};
  }
  // A number first: "95%以上" and "30天以内" say their comparator after it;
  // "95%", "约95%" and "95%左右" say none.
  bool approximate = false;
  for (const absl::string_view about : {"大约", "约为", "约", "近"}) {
    if (absl::ConsumePrefix(&rest, about)) approximate = true;
  }
  if (absl::ConsumeSuffix(&rest, "左右")) approximate = true;
  auto [number, after] = SplitNumber(rest);
  if (number.empty()) return Qualitative(cell);
  if (!approximate) {
    for (const auto& [suffix, comparator] :
         {std::pair{"及以上", ipb::AT_LEAST}, std::pair{"以上", ipb::AT_LEAST},
          std::pair{"及以下", ipb::AT_MOST}, std::pair{"以下", ipb::AT_MOST},
          std::pair{"以内", ipb::AT_MOST}}) {
      if (absl::ConsumeSuffix(&after, suffix)) {
        return TargetValue{comparator, std::move(number), std::string(after)};
      }
    }
  }
  if (approximate || (!HasDigit(after) && CountChars(after) <= 4)) {
    return Refuse(text,
                  "is not a comparator and a value (write it as ≥95%, ≤30天 "
                  "or =12个; a 定性 target in words)");
  }
  return Qualitative(cell);  // "2019年12月底前完成"
}

std::string FormatTargetValue(const ipb::TargetIndicator& indicator) {
  switch (indicator.comparator()) {
    case ipb::AT_LEAST:
      return absl::StrCat("≥", indicator.value(), indicator.unit());
    case ipb::AT_MOST:
      return absl::StrCat("≤", indicator.value(), indicator.unit());
    case ipb::EQUAL:
      return absl::StrCat("=", indicator.value(), indicator.unit());
    default:
      break;
  }
  const auto read = ParseTargetValue(indicator.value());
  if (read.ok() && read->comparator == ipb::QUALITATIVE &&
      read->value == indicator.value()) {
    return indicator.value();
  }
  return absl::StrCat("定性：", indicator.value());
}

}  // namespace jixiao::cli

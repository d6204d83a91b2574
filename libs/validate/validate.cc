#include "libs/validate/validate.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "libs/base/status_macros.h"

namespace jixiao::validate {

absl::Status Invalid(absl::string_view field, absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", problem));
}

bool AllDigits(absl::string_view value) {
  if (value.empty()) return false;
  for (const char c : value) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

int CountChars(absl::string_view utf8) {
  int count = 0;
  for (const char c : utf8) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

bool IsLegalMetadataValue(absl::string_view value) {
  if (value.empty()) return false;
  for (const char c : value) {
    if (c < 0x20 || c > 0x7E) return false;
  }
  return true;
}

bool IsValidUtf8(absl::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    int extra = 0;
    uint32_t code = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      extra = 1;
      code = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
      code = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3;
      code = c & 0x07;
    } else {
      return false;
    }
    if (i + extra >= text.size()) return false;  // truncated sequence
    for (int k = 1; k <= extra; ++k) {
      const auto cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      code = (code << 6) | (cc & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    static constexpr uint32_t kMinForLength[] = {0, 0x80, 0x800, 0x10000};
    if (code < kMinForLength[extra] || code > 0x10FFFF ||
        (code >= 0xD800 && code <= 0xDFFF)) {
      return false;
    }
    i += extra + 1;
  }
  return true;
}

absl::Status ValidateRegionCode(absl::string_view field,
                                absl::string_view value) {
  if (value.size() != 6 || !AllDigits(value)) {
    return Invalid(
        field,
        absl::StrCat("a region code (行政区划代码) is six digits, got \"",
                     IsValidUtf8(value) ? value : "<not UTF-8>", "\""));
  }
  return absl::OkStatus();
}

absl::Status ValidateDepartmentCode(absl::string_view field,
                                    absl::string_view value) {
  if (value.empty() || value.size() > 32) {
    return Invalid(field, "a department code is 1 to 32 characters");
  }
  for (const char c : value) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-' &&
        c != '_' && c != '.') {
      return Invalid(
          field,
          "a department code uses only letters, digits, '-', '_' and '.'");
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateText(absl::string_view field, absl::string_view value,
                          int max_chars, bool required) {
  if (!IsValidUtf8(value)) return Invalid(field, "is not valid UTF-8");
  if (required && value.empty()) return Invalid(field, "is required");
  for (const char c : value) {
    if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') {
      return Invalid(field, "contains a control character");
    }
  }
  if (CountChars(value) > max_chars) {
    return Invalid(field,
                   absl::StrCat("is longer than ", max_chars, " characters"));
  }
  return absl::OkStatus();
}

absl::Status ValidateYear(absl::string_view field, int32_t year) {
  if (year < kMinYear || year > kMaxYear) {
    return Invalid(field, absl::StrCat("must be between ", kMinYear, " and ",
                                       kMaxYear, ", got ", year));
  }
  return absl::OkStatus();
}

absl::Status ValidateDepartmentYearKey(absl::string_view prefix,
                                       absl::string_view region_code,
                                       absl::string_view department_code,
                                       int32_t year) {
  JIXIAO_RETURN_IF_ERROR(
      ValidateRegionCode(absl::StrCat(prefix, "region_code"), region_code));
  JIXIAO_RETURN_IF_ERROR(ValidateDepartmentCode(
      absl::StrCat(prefix, "department_code"), department_code));
  return ValidateYear(absl::StrCat(prefix, "year"), year);
}

}  // namespace jixiao::validate

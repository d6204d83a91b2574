// Input checks every service shares. Each returns INVALID_ARGUMENT with a
// message that starts with the offending field's path ("department.name: is
// not valid UTF-8"), so that the caller knows what to fix.
#ifndef JIXIAO_LIBS_VALIDATE_VALIDATE_H_
#define JIXIAO_LIBS_VALIDATE_VALIDATE_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace jixiao::validate {

inline constexpr int32_t kMinYear = 2000;
inline constexpr int32_t kMaxYear = 2100;

// INVALID_ARGUMENT "field: problem".
absl::Status Invalid(absl::string_view field, absl::string_view problem);

bool IsValidUtf8(absl::string_view text);
// Whether gRPC takes `value` as the value of a text metadata entry (non-empty,
// printable ASCII: 0x20 to 0x7E). gRPC aborts the process that adds any
// other, so every value sent is checked against this first.
bool IsLegalMetadataValue(absl::string_view value);
bool AllDigits(absl::string_view value);
int CountChars(absl::string_view utf8);

// 行政区划代码: six digits.
absl::Status ValidateRegionCode(absl::string_view field,
                                absl::string_view value);
// A code (department, project, record, indicator): 1 to 32 of letters,
// digits, '-', '_' and '.'.
absl::Status ValidateDepartmentCode(absl::string_view field,
                                    absl::string_view value);
// Valid UTF-8 without control characters, at most `max_chars` characters.
absl::Status ValidateText(absl::string_view field, absl::string_view value,
                          int max_chars, bool required);
absl::Status ValidateYear(absl::string_view field, int32_t year);

// A department-year key: `prefix`region_code, `prefix`department_code and
// `prefix`year ("key." or "").
absl::Status ValidateDepartmentYearKey(absl::string_view prefix,
                                       absl::string_view region_code,
                                       absl::string_view department_code,
                                       int32_t year);

}  // namespace jixiao::validate

#endif  // JIXIAO_LIBS_VALIDATE_VALIDATE_H_

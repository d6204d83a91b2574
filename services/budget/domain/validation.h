// Input rules for the budget service. Each check returns INVALID_ARGUMENT
// with a message that starts with the offending field's path, so that a
// caller (or a person reading the CLI's output) knows what to fix.
#ifndef JIXIAO_SERVICES_BUDGET_DOMAIN_VALIDATION_H_
#define JIXIAO_SERVICES_BUDGET_DOMAIN_VALIDATION_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "libs/validate/validate.h"
#include "services/budget/domain/model.h"

namespace jixiao::budget {

// The generic checks, under the names this domain has always used.
using validate::IsValidUtf8;
using validate::ValidateDepartmentCode;
using validate::ValidateRegionCode;
using validate::ValidateText;
using validate::ValidateYear;

inline constexpr int kMaxNameChars = 200;
inline constexpr int kMaxNoteChars = 2000;
inline constexpr int32_t kMaxHeadcount = 1'000'000;

// 功能分类: 类/款/项 = 3/5/7 digits, the 支出 classes 2xx.
absl::Status ValidateFunctionCode(absl::string_view field,
                                  absl::string_view value);
// 经济分类: 类/款 = 3/5 digits, 部门 (3xx) or 政府 (5xx) classification.
absl::Status ValidateEconomicCode(absl::string_view field,
                                  absl::string_view value);
absl::Status ValidateAmount(absl::string_view field, Fen value);
// YYYY-MM-DD, a real date, inside `year`.
absl::Status ValidateDateInYear(absl::string_view field,
                                absl::string_view value, int32_t year);

absl::Status ValidateDepartment(const Department& department);

// The department's master data that scores depend on and that the finance
// bureau sets (编制 drives 在职人员控制率; parent and kind place it): a
// department may report its own staff in post, retired and auxiliary, and
// rename itself, but not change these. PERMISSION_DENIED naming the first
// field the proposal changes, when `by_department`.
absl::Status CheckMasterDataChange(const Department& stored,
                                   const Department& proposed,
                                   bool by_department);
absl::Status ValidateDepartmentYear(const DepartmentYear& year);

}  // namespace jixiao::budget

#endif  // JIXIAO_SERVICES_BUDGET_DOMAIN_VALIDATION_H_

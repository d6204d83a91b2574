#include "services/budget/domain/validation.h"

#include <algorithm>
#include <initializer_list>
#include <set>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "libs/base/status_macros.h"
#include "libs/validate/validate.h"

namespace jixiao::budget {
namespace {

using validate::AllDigits;
using validate::Invalid;

absl::Status ValidateHeadcount(absl::string_view field,
                               std::optional<int32_t> v) {
  if (v && (*v < 0 || *v > kMaxHeadcount)) {
    return Invalid(field, absl::StrCat("must be between 0 and ", kMaxHeadcount,
                                       ", got ", *v));
  }
  return absl::OkStatus();
}

// 政府收支分类科目 codes: digits, one of the level lengths, a known class.
absl::Status ValidateClassificationCode(absl::string_view field,
                                        absl::string_view value,
                                        std::initializer_list<size_t> lengths,
                                        absl::string_view first_digits,
                                        absl::string_view shape) {
  const bool length_ok =
      std::find(lengths.begin(), lengths.end(), value.size()) != lengths.end();
  if (!AllDigits(value) || !length_ok ||
      first_digits.find(value[0]) == absl::string_view::npos) {
    return Invalid(
        field, absl::StrCat(shape, ", got \"",
                            IsValidUtf8(value) ? value : "<not UTF-8>", "\""));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateFunctionCode(absl::string_view field,
                                  absl::string_view value) {
  return ValidateClassificationCode(field, value, {3, 5, 7}, "2",
                                    "a 功能分类 code is 3, 5 or 7 digits "
                                    "starting with 2 (类/款/项, e.g. 2040201)");
}

absl::Status ValidateEconomicCode(absl::string_view field,
                                  absl::string_view value) {
  return ValidateClassificationCode(field, value, {3, 5}, "35",
                                    "a 经济分类 code is 3 or 5 digits starting "
                                    "with 3 or 5 (类/款, e.g. 30101)");
}

absl::Status ValidateAmount(absl::string_view field, Fen value) {
  if (value < 0) {
    return Invalid(field,
                   absl::StrCat("must not be negative, got ", value, " 分"));
  }
  if (value > money::kMaxAmount) {
    return Invalid(field, absl::StrCat("exceeds the largest amount, ",
                                       money::kMaxAmount, " 分"));
  }
  return absl::OkStatus();
}

absl::Status ValidateDateInYear(absl::string_view field,
                                absl::string_view value, int32_t year) {
  int y = 0, m = 0, d = 0;
  const bool shaped =
      value.size() == 10 && value[4] == '-' && value[7] == '-' &&
      absl::SimpleAtoi(value.substr(0, 4), &y) &&
      absl::SimpleAtoi(value.substr(5, 2), &m) &&
      absl::SimpleAtoi(value.substr(8, 2), &d) &&
      AllDigits(value.substr(0, 4)) && AllDigits(value.substr(5, 2)) &&
      AllDigits(value.substr(8, 2));
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (!shaped || m < 1 || m > 12 || d < 1 || d > kDays[m - 1] ||
      (m == 2 && d == 29 && !leap)) {
    return Invalid(field, "must be a date YYYY-MM-DD");
  }
  if (y != year) return Invalid(field, absl::StrCat("must fall in ", year));
  return absl::OkStatus();
}

absl::Status ValidateDepartment(const Department& d) {
  JIXIAO_RETURN_IF_ERROR(
      ValidateRegionCode("department.region_code", d.region_code));
  JIXIAO_RETURN_IF_ERROR(ValidateDepartmentCode("department.code", d.code));
  JIXIAO_RETURN_IF_ERROR(
      ValidateText("department.name", d.name, kMaxNameChars, true));
  if (!d.parent_code.empty()) {
    JIXIAO_RETURN_IF_ERROR(
        ValidateDepartmentCode("department.parent_code", d.parent_code));
    if (d.parent_code == d.code) {
      return Invalid("department.parent_code",
                     "a department cannot be its own parent");
    }
  }
  JIXIAO_RETURN_IF_ERROR(ValidateText("department.kind", d.kind, 50, false));
  for (const auto& [field, value] :
       {std::pair{"department.staff_authorized", d.staff_authorized},
        std::pair{"department.staff_actual", d.staff_actual},
        std::pair{"department.staff_retired", d.staff_retired},
        std::pair{"department.staff_auxiliary", d.staff_auxiliary}}) {
    JIXIAO_RETURN_IF_ERROR(ValidateHeadcount(field, value));
  }
  return absl::OkStatus();
}

absl::Status ValidateDepartmentYear(const DepartmentYear& y) {
  JIXIAO_RETURN_IF_ERROR(ValidateYear("department_year.year", y.year));
  for (const auto& [phase, figures] : y.phases) {
    for (const Item item : AllItems()) {
      if (const auto v = figures.Get(item)) {
        const std::string field = absl::StrCat(
            "department_year.phases[", LabelOf(phase), "].", KeyOf(item));
        JIXIAO_RETURN_IF_ERROR(ValidateAmount(field, *v));
      }
    }
  }
  for (const auto& [phase, sources] : y.sources) {
    for (const auto& [item, text] : sources) {
      const std::string field =
          absl::StrCat("department_year.phases[", LabelOf(phase), "].sources[",
                       KeyOf(item), "]");
      JIXIAO_RETURN_IF_ERROR(ValidateText(field, text, kMaxNoteChars, false));
      if (!y.Figures(phase).Has(item)) {
        return Invalid(field, "names a figure that is not given");
      }
    }
  }
  std::set<std::string> codes;
  for (size_t i = 0; i < y.projects.size(); ++i) {
    const Project& p = y.projects[i];
    const std::string field = absl::StrCat("department_year.projects[", i, "]");
    JIXIAO_RETURN_IF_ERROR(ValidateDepartmentCode(field + ".code", p.code));
    if (!codes.insert(p.code).second) {
      return Invalid(field + ".code",
                     absl::StrCat("duplicate project code \"", p.code, "\""));
    }
    JIXIAO_RETURN_IF_ERROR(
        ValidateText(field + ".name", p.name, kMaxNameChars, true));
    JIXIAO_RETURN_IF_ERROR(
        ValidateText(field + ".category", p.category, 50, false));
    for (const auto& [name, v] :
         {std::pair{".original", p.original},
          std::pair{".adjusted", p.adjusted}, std::pair{".final", p.final}}) {
      if (v) {
        JIXIAO_RETURN_IF_ERROR(ValidateAmount(field + name, *v));
      }
    }
  }
  for (size_t i = 0; i < y.stated_rates.size(); ++i) {
    const StatedRate& r = y.stated_rates[i];
    const std::string field =
        absl::StrCat("department_year.stated_rates[", i, "]");
    if (r.formula_id.empty())
      return Invalid(field + ".formula_id", "is required");
    JIXIAO_RETURN_IF_ERROR(
        ValidateText(field + ".formula_id", r.formula_id, 64, true));
    if (r.formula_id == "yoy_change" && !r.item) {
      return Invalid(field + ".item",
                     "names the figure whose change is stated");
    }
    JIXIAO_RETURN_IF_ERROR(ValidateText(field + ".word", r.word, 20, false));
    JIXIAO_RETURN_IF_ERROR(
        ValidateText(field + ".quote", r.quote, kMaxNoteChars, false));
  }
  return absl::OkStatus();
}

absl::Status CheckMasterDataChange(const Department& stored,
                                   const Department& proposed,
                                   bool by_department) {
  if (!by_department) return absl::OkStatus();
  const auto refuse = [](absl::string_view field, absl::string_view what) {
    return absl::PermissionDeniedError(absl::StrCat(
        "department.", field, ": ", what,
        " is set by the finance bureau; a department may not change it (ask "
        "the bureau: its change is kept in the audit trail)"));
  };
  if (proposed.staff_authorized != stored.staff_authorized) {
    return refuse("staff_authorized", "编制数 (authorized staff)");
  }
  if (proposed.parent_code != stored.parent_code) {
    return refuse("parent_code", "the parent department");
  }
  if (proposed.kind != stored.kind) {
    return refuse("kind", "the kind of unit");
  }
  return absl::OkStatus();
}

}  // namespace jixiao::budget

#include "services/budget/domain/validation.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace jixiao::budget {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

TEST(Validation, Utf8) {
  EXPECT_TRUE(IsValidUtf8("桃源县公安局"));
  EXPECT_TRUE(IsValidUtf8("ascii"));
  EXPECT_FALSE(IsValidUtf8("\xff"));
  EXPECT_FALSE(IsValidUtf8("\xe6\xa1"));          // truncated
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xb0\xec\xd4\xb4"));  // GBK bytes of 桃源
}

TEST(Validation, Codes) {
  EXPECT_TRUE(ValidateRegionCode("r", "430725").ok());
  EXPECT_FALSE(ValidateRegionCode("r", "43072").ok());
  EXPECT_FALSE(ValidateRegionCode("r", "43072a").ok());
  EXPECT_TRUE(ValidateFunctionCode("f", "204").ok());
  EXPECT_TRUE(ValidateFunctionCode("f", "20402").ok());
  EXPECT_TRUE(ValidateFunctionCode("f", "2040201").ok());
  EXPECT_FALSE(ValidateFunctionCode("f", "2040").ok());
  EXPECT_FALSE(ValidateFunctionCode("f", "3040201").ok());
  EXPECT_FALSE(ValidateFunctionCode("f", "20402011").ok());
  EXPECT_TRUE(ValidateEconomicCode("e", "301").ok());
  EXPECT_TRUE(ValidateEconomicCode("e", "30217").ok());
  EXPECT_TRUE(ValidateEconomicCode("e", "50201").ok());
  EXPECT_FALSE(ValidateEconomicCode("e", "3021").ok());
  EXPECT_FALSE(ValidateEconomicCode("e", "2021").ok());
  EXPECT_FALSE(ValidateEconomicCode("e", "40201").ok());
  const auto s = ValidateEconomicCode("lines[7].economic_code", "30x17");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.message()), StartsWith("lines[7].economic_code: "));
}

TEST(Validation, YearsDatesAmounts) {
  EXPECT_TRUE(ValidateYear("y", 2019).ok());
  EXPECT_FALSE(ValidateYear("y", 1999).ok());
  EXPECT_FALSE(ValidateYear("y", 2101).ok());
  EXPECT_TRUE(ValidateDateInYear("d", "2019-02-28", 2019).ok());
  EXPECT_FALSE(ValidateDateInYear("d", "2019-02-29", 2019).ok());
  EXPECT_TRUE(ValidateDateInYear("d", "2020-02-29", 2020).ok());
  EXPECT_FALSE(ValidateDateInYear("d", "2019-13-01", 2019).ok());
  EXPECT_FALSE(ValidateDateInYear("d", "2019-1-01", 2019).ok());
  EXPECT_THAT(
      std::string(ValidateDateInYear("d", "2018-12-31", 2019).message()),
      HasSubstr("2019"));
  EXPECT_TRUE(ValidateAmount("a", 0).ok());
  EXPECT_FALSE(ValidateAmount("a", -1).ok());
  EXPECT_FALSE(ValidateAmount("a", money::kMaxAmount + 1).ok());
}

TEST(Validation, DepartmentNamesTheField) {
  Department d{.region_code = "430725", .code = "psb", .name = "桃源县公安局"};
  EXPECT_TRUE(ValidateDepartment(d).ok());
  d.staff_actual = -1;
  EXPECT_THAT(std::string(ValidateDepartment(d).message()),
              StartsWith("department.staff_actual: "));
  d.staff_actual = 381;
  d.name = std::string(201, 'x');
  EXPECT_THAT(std::string(ValidateDepartment(d).message()),
              StartsWith("department.name: "));
  d.name = "\xb0\xec";
  EXPECT_THAT(std::string(ValidateDepartment(d).message()), HasSubstr("UTF-8"));
  d.name = "名";
  d.parent_code = "psb";
  EXPECT_THAT(std::string(ValidateDepartment(d).message()),
              StartsWith("department.parent_code: "));
}

TEST(Validation, DepartmentYearNamesPhaseAndFigure) {
  DepartmentYear y{.year = 2019};
  y.phases[Phase::kFinal].Set(Item::kReception, -5);
  EXPECT_EQ(std::string(ValidateDepartmentYear(y).message()),
            "department_year.phases[决算].reception: must not be negative, got "
            "-5 分");
  y.phases[Phase::kFinal].Set(Item::kReception, 5);
  y.projects = {{.code = "p", .name = "a"}, {.code = "p", .name = "b"}};
  EXPECT_THAT(std::string(ValidateDepartmentYear(y).message()),
              StartsWith("department_year.projects[1].code"));
  y.projects.clear();
  y.stated_rates = {{.formula_id = "yoy_change"}};
  EXPECT_THAT(std::string(ValidateDepartmentYear(y).message()),
              StartsWith("department_year.stated_rates[0].item"));
}

}  // namespace
}  // namespace jixiao::budget

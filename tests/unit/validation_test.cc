#include "services/budget/domain/validation.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/status_matchers.h"

namespace jixiao::budget {
namespace {

using ::jixiao::test_support::IsOk;
using ::jixiao::test_support::StatusIs;
using ::testing::Not;

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
  EXPECT_THAT(ValidateRegionCode("r", "430725"), IsOk());
  EXPECT_THAT(ValidateRegionCode("r", "43072"), Not(IsOk()));
  EXPECT_THAT(ValidateRegionCode("r", "43072a"), Not(IsOk()));
  EXPECT_THAT(ValidateFunctionCode("f", "204"), IsOk());
  EXPECT_THAT(ValidateFunctionCode("f", "20402"), IsOk());
  EXPECT_THAT(ValidateFunctionCode("f", "2040201"), IsOk());
  EXPECT_THAT(ValidateFunctionCode("f", "2040"), Not(IsOk()));
  EXPECT_THAT(ValidateFunctionCode("f", "3040201"), Not(IsOk()));
  EXPECT_THAT(ValidateFunctionCode("f", "20402011"), Not(IsOk()));
  EXPECT_THAT(ValidateEconomicCode("e", "301"), IsOk());
  EXPECT_THAT(ValidateEconomicCode("e", "30217"), IsOk());
  EXPECT_THAT(ValidateEconomicCode("e", "50201"), IsOk());
  EXPECT_THAT(ValidateEconomicCode("e", "3021"), Not(IsOk()));
  EXPECT_THAT(ValidateEconomicCode("e", "2021"), Not(IsOk()));
  EXPECT_THAT(ValidateEconomicCode("e", "40201"), Not(IsOk()));
  const auto s = ValidateEconomicCode("lines[7].economic_code", "30x17");
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(std::string(s.message()), StartsWith("lines[7].economic_code: "));
}

TEST(Validation, YearsDatesAmounts) {
  EXPECT_THAT(ValidateYear("y", 2019), IsOk());
  EXPECT_THAT(ValidateYear("y", 1999), Not(IsOk()));
  EXPECT_THAT(ValidateYear("y", 2101), Not(IsOk()));
  EXPECT_THAT(ValidateDateInYear("d", "2019-02-28", 2019), IsOk());
  EXPECT_THAT(ValidateDateInYear("d", "2019-02-29", 2019), Not(IsOk()));
  EXPECT_THAT(ValidateDateInYear("d", "2020-02-29", 2020), IsOk());
  EXPECT_THAT(ValidateDateInYear("d", "2019-13-01", 2019), Not(IsOk()));
  EXPECT_THAT(ValidateDateInYear("d", "2019-1-01", 2019), Not(IsOk()));
  EXPECT_THAT(
      std::string(ValidateDateInYear("d", "2018-12-31", 2019).message()),
      HasSubstr("2019"));
  EXPECT_THAT(ValidateAmount("a", 0), IsOk());
  EXPECT_THAT(ValidateAmount("a", -1), Not(IsOk()));
  EXPECT_THAT(ValidateAmount("a", money::kMaxAmount + 1), Not(IsOk()));
}

TEST(Validation, DepartmentNamesTheField) {
  Department d{.region_code = "430725", .code = "psb", .name = "桃源县公安局"};
  EXPECT_THAT(ValidateDepartment(d), IsOk());
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

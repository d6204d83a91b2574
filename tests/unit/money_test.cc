#include "libs/money/money.h"

#include "gtest/gtest.h"
#include "libs/money/decimal.h"
#include "libs/money/percent.h"
#include "tests/support/status_matchers.h"

namespace jixiao::money {
namespace {

using ::jixiao::test_support::IsOk;
using ::testing::Not;

TEST(ParseAmount, WanYuanIsExactToTheFen) {
  EXPECT_EQ(*ParseAmount("12669.13", Unit::kWanYuan), 12'669'130'000);
  EXPECT_EQ(*ParseAmount("0.000001", Unit::kWanYuan), 1);
  EXPECT_EQ(*ParseAmount("148.2", Unit::kWanYuan), 148'200'000);
  EXPECT_EQ(*ParseAmount("470", Unit::kWanYuan), 470'000'000);
  EXPECT_EQ(*ParseAmount("-3.5", Unit::kWanYuan), -3'500'000);
}

TEST(ParseAmount, YuanAndFen) {
  EXPECT_EQ(*ParseAmount("405.53", Unit::kYuan), 40553);
  EXPECT_EQ(*ParseAmount("405.530", Unit::kYuan),
            40553);  // trailing zeros are exact
  EXPECT_EQ(*ParseAmount("7", Unit::kFen), 7);
}

TEST(ParseAmount, RejectsWhatIsNotExact) {
  EXPECT_THAT(ParseAmount("405.535", Unit::kYuan),
              Not(IsOk()));  // finer than 1 分
  EXPECT_THAT(ParseAmount("0.0000001", Unit::kWanYuan),
              Not(IsOk()));  // finer than 1 分
  EXPECT_THAT(ParseAmount("1.5", Unit::kFen), Not(IsOk()));
  EXPECT_THAT(ParseAmount("", Unit::kYuan), Not(IsOk()));
  EXPECT_THAT(ParseAmount("-", Unit::kYuan), Not(IsOk()));
  EXPECT_THAT(ParseAmount("1,000", Unit::kYuan), Not(IsOk()));
  EXPECT_THAT(ParseAmount("1.2.3", Unit::kYuan), Not(IsOk()));
  EXPECT_THAT(ParseAmount("1e5", Unit::kYuan), Not(IsOk()));
  EXPECT_THAT(ParseAmount(".", Unit::kYuan), Not(IsOk()));
}

TEST(ParseAmount, RejectsOutOfRange) {
  // kMaxAmount 分 = 10^13 元 = 10^9 万元.
  EXPECT_THAT(ParseAmount("1000000000", Unit::kWanYuan), IsOk());
  EXPECT_THAT(ParseAmount("1000000000.000001", Unit::kWanYuan), Not(IsOk()));
  EXPECT_THAT(ParseAmount("99999999999999999999999999", Unit::kFen),
              Not(IsOk()));
}

TEST(ParseAmountWithUnit, NeedsAUnit) {
  EXPECT_EQ(*ParseAmountWithUnit("9312.02万元"), 9'312'020'000);
  EXPECT_EQ(*ParseAmountWithUnit("405.53元"), 40553);
  EXPECT_EQ(*ParseAmountWithUnit("12分"), 12);
  EXPECT_THAT(ParseAmountWithUnit("405.53"), Not(IsOk()));
  EXPECT_THAT(ParseAmountWithUnit("405.53美元x"), Not(IsOk()));
}

TEST(Format, WanYuanAndYuan) {
  EXPECT_EQ(FormatWanYuan(12'669'130'000), "12669.13万元");
  EXPECT_EQ(FormatWanYuan(470'000'000), "470万元");
  EXPECT_EQ(FormatWanYuan(40553), "0.040553万元");
  EXPECT_EQ(FormatWanYuan(-2'249'950'000), "-2249.95万元");
  EXPECT_EQ(FormatWanYuan(0), "0万元");
  EXPECT_EQ(FormatWanYuan(INT64_MIN), "-9223372036854.775808万元");
  EXPECT_EQ(FormatYuan(40553), "405.53元");
  EXPECT_EQ(FormatYuan(-7), "-0.07元");
}

TEST(Percent, RoundsHalfAwayFromZero) {
  EXPECT_EQ(RatioToHundredthsOfPercent(381, 408), 9338);  // 93.382…
  EXPECT_EQ(FormatRatioPercent(381, 408), "93.38");
  EXPECT_EQ(RatioToHundredthsOfPercent(1, 8), 1250);   // exactly 12.5
  EXPECT_EQ(RatioToHundredthsOfPercent(1, 80000), 0);  // 0.00125 → 0.00
  EXPECT_EQ(RatioToHundredthsOfPercent(1, 20000), 1);  // 0.005 → 0.01 (half up)
  EXPECT_EQ(RatioToHundredthsOfPercent(-1, 20000), -1);  // −0.005 → −0.01
  EXPECT_EQ(RatioToHundredthsOfPercent(1, -20000), -1);
  EXPECT_EQ(FormatHundredths(-768), "-7.68");
  EXPECT_EQ(FormatHundredths(5), "0.05");
  // The seed's 公务用车 change: (374.39 − 405.53) / 405.53 = −7.679…%.
  EXPECT_EQ(FormatRatioPercent(374'390'000 - 405'530'000, 405'530'000),
            "-7.68");
}

TEST(Percent, NoOverflowOnLargeAmounts) {
  EXPECT_EQ(RatioToHundredthsOfPercent(kMaxAmount, kMaxAmount), 10000);
  EXPECT_EQ(RatioToHundredthsOfPercent(kMaxAmount, kMaxAmount / 2), 20000);
  EXPECT_EQ(RatioToHundredthsOfPercent(kMaxAmount, 1), INT64_MAX);  // saturates
  EXPECT_EQ(RatioToHundredthsOfPercent(-kMaxAmount, 1), INT64_MIN);
}

TEST(Percent, ParsesStatedPercents) {
  EXPECT_EQ(*ParsePercentHundredths("-7.68"), -768);
  EXPECT_EQ(*ParsePercentHundredths("21.27%"), 2127);
  EXPECT_EQ(*ParsePercentHundredths("100"), 10000);
  EXPECT_EQ(*ParsePercentHundredths("+0.5"), 50);
  EXPECT_THAT(ParsePercentHundredths("7.685"), Not(IsOk()));
  EXPECT_THAT(ParsePercentHundredths("abc"), Not(IsOk()));
  EXPECT_THAT(ParsePercentHundredths(""), Not(IsOk()));
}

TEST(Percent, MatchesWithinTolerance) {
  // −7.6788…% agrees with a stated −7.68 at ±0.01, not with −7.66.
  EXPECT_TRUE(RatioMatchesPercent(-31'140'000, 405'530'000, -768, 1));
  EXPECT_FALSE(RatioMatchesPercent(-31'140'000, 405'530'000, -766, 1));
  EXPECT_TRUE(RatioMatchesPercent(1, 2, 5000, 0));
  EXPECT_FALSE(RatioMatchesPercent(1, 2, 5001, 0));
}

}  // namespace
}  // namespace jixiao::money

namespace jixiao::money {
namespace {

TEST(Decimal, ParsesAndFormatsExactly) {
  EXPECT_EQ(*ParseDecimal("2.5", 2, 100000), 250);
  EXPECT_EQ(*ParseDecimal("-0.03", 2, 100000), -3);
  EXPECT_EQ(*ParseDecimal("+7", 4, 1000000), 70000);
  EXPECT_EQ(*ParseDecimal("93.3800", 2, 100000), 9338);
  EXPECT_THAT(ParseDecimal("93.385", 2, 100000), Not(IsOk()));
  EXPECT_THAT(ParseDecimal("1000.01", 2, 100000),
              Not(IsOk()));  // beyond max_abs
  EXPECT_THAT(ParseDecimal("", 2, 100), Not(IsOk()));
  EXPECT_THAT(ParseDecimal("1..2", 2, 100), Not(IsOk()));
  EXPECT_EQ(FormatDecimal(250, 2), "2.5");
  EXPECT_EQ(FormatDecimal(-3, 2), "-0.03");
  EXPECT_EQ(FormatDecimal(933800, 4), "93.38");
  EXPECT_EQ(FormatDecimal(0, 4), "0");
}

}  // namespace
}  // namespace jixiao::money

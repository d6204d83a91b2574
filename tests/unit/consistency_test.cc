#include "services/budget/domain/consistency.h"

#include <algorithm>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace jixiao::budget {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr Fen kWan = 1'000'000;  // 1万元 in 分

struct Fixture {
  Department department{
      .region_code = "430725", .code = "d1", .name = "测试单位"};
  DepartmentYear current{.year = 2019};
  std::optional<DepartmentYear> prior;
  LedgerSummary ledger;
  Fen tolerance = kDefaultTolerance;

  PhaseFigures& Final() { return current.phases[Phase::kFinal]; }
  PhaseFigures& Original() { return current.phases[Phase::kOriginal]; }

  ConsistencyResult Check() {
    return CheckConsistency(ConsistencyInput{
        department, current, prior ? &*prior : nullptr, ledger, tolerance});
  }
};

std::vector<std::string> Ids(const ConsistencyResult& r) {
  std::vector<std::string> ids;
  for (const Finding& f : r.findings) ids.push_back(f.identity);
  return ids;
}

TEST(Consistency, NothingReportedNothingFound) {
  Fixture f;
  const auto r = f.Check();
  EXPECT_THAT(r.findings, IsEmpty());
  EXPECT_EQ(r.identities_checked, 0);
}

TEST(Consistency, B1HoldsAndBreaks) {
  Fixture f;
  f.Final().Set(Item::kBasicExpenditure, 100 * kWan);
  f.Final().Set(Item::kPersonnel, 60 * kWan);
  f.Final().Set(Item::kPublicFunds, 40 * kWan);
  EXPECT_THAT(f.Check().findings, IsEmpty());
  f.Final().Set(Item::kPublicFunds, 41 * kWan);
  const auto r = f.Check();
  ASSERT_THAT(Ids(r), ElementsAre("B1"));
  EXPECT_EQ(r.findings[0].severity, Severity::kError);
  EXPECT_EQ(r.findings[0].difference, -1 * kWan);
  EXPECT_EQ(r.findings[0].phase, Phase::kFinal);
  EXPECT_THAT(r.findings[0].message, HasSubstr("基本支出100万元"));
  EXPECT_THAT(r.findings[0].message, HasSubstr("相差1万元"));
}

TEST(Consistency, B1Reads302WhenPublicFundsIsNotStated) {
  Fixture f;
  f.Original().Set(Item::kBasicExpenditure, 100 * kWan);
  f.Original().Set(Item::kPersonnel, 60 * kWan);
  f.Original().Set(Item::kGoodsServices302, 30 * kWan);
  EXPECT_THAT(Ids(f.Check()), ElementsAre("B1"));
}

TEST(Consistency, ToleranceIsInclusive) {
  Fixture f;
  f.Final().Set(Item::kPersonnel, 100 * kWan);
  f.Final().Set(Item::kWages301, 60 * kWan);
  f.Final().Set(Item::kFamilySubsidies303, 40 * kWan + kDefaultTolerance);
  EXPECT_THAT(f.Check().findings, IsEmpty());
  f.Final().Set(Item::kFamilySubsidies303, 40 * kWan + kDefaultTolerance + 1);
  EXPECT_THAT(Ids(f.Check()), ElementsAre("B2"));
  f.tolerance = 0;
  f.Final().Set(Item::kFamilySubsidies303, 40 * kWan + 1);
  EXPECT_THAT(Ids(f.Check()), ElementsAre("B2"));
}

TEST(Consistency, MissingRequiredPartIsSaidNotGuessed) {
  Fixture f;
  f.Final().Set(Item::kPersonnel, 100 * kWan);
  f.Final().Set(Item::kWages301, 60 * kWan);
  const auto r = f.Check();
  EXPECT_THAT(r.findings, IsEmpty());
  EXPECT_THAT(r.not_checked,
              ::testing::Contains(::testing::AllOf(
                  HasSubstr("B2"), HasSubstr("对个人和家庭的补助(303)"))));
}

TEST(Consistency, B3WithAndWithoutCapital310) {
  Fixture f;
  f.Final().Set(Item::kPublicFunds, 50 * kWan);
  f.Final().Set(Item::kGoodsServices302, 45 * kWan);
  EXPECT_THAT(Ids(f.Check()), ElementsAre("B3"));
  // The optional 310 part could explain the gap: a warning, not an error.
  EXPECT_EQ(f.Check().findings[0].severity, Severity::kWarning);
  f.Final().Set(Item::kBasicCapital310, 5 * kWan);
  EXPECT_THAT(f.Check().findings, IsEmpty());
}

TEST(Consistency, B4AgainstCategoriesAndProjects) {
  Fixture f;
  f.Final().Set(Item::kProjectExpenditure, 100 * kWan);
  f.Final().Set(Item::kProjectCapitalConstruction, 70 * kWan);
  f.Final().Set(Item::kProjectAdministrative, 30 * kWan);
  f.current.projects = {{.code = "p1", .name = "甲", .final = 70 * kWan},
                        {.code = "p2", .name = "乙", .final = 20 * kWan}};
  const auto r = f.Check();
  ASSERT_THAT(Ids(r), ElementsAre("B4"));
  EXPECT_EQ(r.findings[0].difference, 10 * kWan);
  EXPECT_THAT(r.findings[0].message, HasSubstr("2个项目合计90万元"));
}

TEST(Consistency, B5CountsOptionalOutlays) {
  Fixture f;
  f.Final().Set(Item::kTotalExpenditure, 110 * kWan);
  f.Final().Set(Item::kBasicExpenditure, 80 * kWan);
  f.Final().Set(Item::kProjectExpenditure, 20 * kWan);
  auto r = f.Check();
  ASSERT_THAT(Ids(r), ElementsAre("B5"));
  EXPECT_EQ(r.findings[0].severity,
            Severity::kWarning);  // 上缴上级 etc. unreported
  f.Final().Set(Item::kBusinessExpenditure, 10 * kWan);
  EXPECT_THAT(f.Check().findings, IsEmpty());
  // Parts larger than the total cannot be explained by anything missing.
  f.Final().Set(Item::kBusinessExpenditure, 20 * kWan);
  r = f.Check();
  ASSERT_THAT(Ids(r), ElementsAre("B5"));
  EXPECT_EQ(r.findings[0].severity, Severity::kError);
}

TEST(Consistency, B6LinesAgainstFigures) {
  Fixture f;
  f.Original().Set(Item::kTotalExpenditure, 100 * kWan);
  f.Original().Set(Item::kWages301, 60 * kWan);
  auto& lines = f.ledger.lines[Phase::kOriginal];
  lines.total = 100 * kWan;
  lines.count = 3;
  lines.by_economic = {{"301", 50 * kWan}, {"302", 50 * kWan}};
  const auto r = f.Check();
  ASSERT_THAT(Ids(r), ElementsAre("B6"));
  EXPECT_THAT(r.findings[0].message, HasSubstr("工资福利支出(301)60万元"));
  EXPECT_EQ(r.findings[0].difference, 10 * kWan);
}

TEST(Consistency, B7AndB8Revenue) {
  Fixture f;
  f.Final().Set(Item::kRevenueTotal, 100 * kWan);
  f.Final().Set(Item::kRevenueFiscal, 90 * kWan);
  f.Final().Set(Item::kRevenueOther, 10 * kWan);
  f.Final().Set(Item::kRevenueGeneralBudget, 80 * kWan);
  f.Final().Set(Item::kRevenueGovFund, 10 * kWan);
  EXPECT_THAT(f.Check().findings, IsEmpty());
  f.Final().Set(Item::kRevenueGovFund, 15 * kWan);
  EXPECT_THAT(Ids(f.Check()), ElementsAre("B8"));
}

TEST(Consistency, B9BalanceAndB11Overspend) {
  Fixture f;
  f.Final().Set(Item::kCarryoverPrior, 10 * kWan);
  f.Final().Set(Item::kRevenueTotal, 100 * kWan);
  f.Final().Set(Item::kTotalExpenditure, 95 * kWan);
  f.Final().Set(Item::kCarryoverYearEnd, 15 * kWan);
  f.Final().Set(Item::kRevenueGrandTotal, 110 * kWan);
  EXPECT_THAT(f.Check().findings, IsEmpty());
  f.Final().Set(Item::kCarryoverYearEnd, 25 * kWan);
  auto r = f.Check();
  ASSERT_THAT(Ids(r), ElementsAre("B9"));
  EXPECT_EQ(r.findings[0].difference, -10 * kWan);
  f.Final().Set(Item::kCarryoverYearEnd, 0);
  f.Final().Set(Item::kTotalExpenditure, 120 * kWan);
  r = f.Check();
  EXPECT_THAT(Ids(r), ElementsAre("B9", "B11"));
  EXPECT_EQ(r.findings[1].difference, 10 * kWan);
}

TEST(Consistency, B12CopiedBreakdown) {
  Fixture f;
  for (PhaseFigures* p : {&f.Original(), &f.Final()}) {
    p->Set(Item::kBasicExpenditure, 80 * kWan);
    p->Set(Item::kPersonnel, 60 * kWan);
    p->Set(Item::kPublicFunds, 20 * kWan);
    p->Set(Item::kProjectExpenditure, 20 * kWan);
  }
  f.Original().Set(Item::kTotalExpenditure, 100 * kWan);
  f.Final().Set(Item::kTotalExpenditure, 100 * kWan);
  EXPECT_THAT(f.Check().findings, IsEmpty());  // same totals: a copy is no sign
  f.Final().Set(Item::kTotalExpenditure, 90 * kWan);
  const auto r = f.Check();
  EXPECT_THAT(Ids(r), ElementsAre("B5", "B12"));
  EXPECT_EQ(r.findings[1].severity, Severity::kWarning);
  EXPECT_EQ(r.findings[1].difference, -10 * kWan);
}

TEST(Consistency, T1MissingComponentIsAWarningAndComplete) {
  Fixture f;
  f.Final().Set(Item::kThreePublicTotal, 100 * kWan);
  f.Final().Set(Item::kVehicleTotal, 60 * kWan);
  f.Final().Set(Item::kReception, 30 * kWan);
  auto r = f.Check();
  ASSERT_THAT(Ids(r), ElementsAre("T1"));
  EXPECT_EQ(r.findings[0].severity, Severity::kWarning);
  EXPECT_THAT(r.findings[0].message, HasSubstr("未列明因公出国(境)费"));
  f.Final().Set(Item::kAbroad, 5 * kWan);
  r = f.Check();
  ASSERT_THAT(Ids(r), ElementsAre("T1"));
  EXPECT_EQ(r.findings[0].severity, Severity::kError);
  f.Final().Set(Item::kAbroad, 10 * kWan);
  EXPECT_THAT(f.Check().findings, IsEmpty());
}

TEST(Consistency, T2VehicleParts) {
  Fixture f;
  f.Final().Set(Item::kVehicleTotal, 60 * kWan);
  f.Final().Set(Item::kVehiclePurchase, 20 * kWan);
  f.Final().Set(Item::kVehicleOperation, 30 * kWan);
  EXPECT_THAT(Ids(f.Check()), ElementsAre("T2"));
}

TEST(Consistency, U1AFigureInTheWrongUnit) {
  Fixture f;
  f.Final().Set(Item::kThreePublicTotal, 495'230'000);
  f.Final().Set(Item::kVehicleTotal, 40553);  // "405.53元"
  f.Final().Set(Item::kReception, 89'700'000);
  const auto r = f.Check();
  ASSERT_THAT(Ids(r), ElementsAre("U1"));
  EXPECT_THAT(r.findings[0].message, HasSubstr("405.53元"));
  EXPECT_THAT(r.findings[0].message, HasSubstr("按405.53万元计"));
  EXPECT_EQ(r.findings[0].values[1].fen, 405'530'000);
}

TEST(Consistency, T3StatedChangeAgreesOrNot) {
  Fixture f;
  f.prior = DepartmentYear{.year = 2018};
  f.prior->phases[Phase::kFinal].Set(Item::kReception, 89'700'000);
  f.Final().Set(Item::kReception, 70'620'000);
  f.current.stated_rates = {{.formula_id = "yoy_change",
                             .item = Item::kReception,
                             .hundredths = 2127,
                             .word = "下降"}};
  auto r = f.Check();
  EXPECT_THAT(r.findings, IsEmpty());
  EXPECT_EQ(r.identities_checked, 1);
  f.current.stated_rates[0].hundredths = 2000;
  r = f.Check();
  ASSERT_THAT(Ids(r), ElementsAre("T3"));
  EXPECT_THAT(r.findings[0].message, HasSubstr("-21.27%"));
  // The right size with the wrong word.
  f.current.stated_rates[0] = {.formula_id = "yoy_change",
                               .item = Item::kReception,
                               .hundredths = -2127,
                               .word = ""};
  EXPECT_THAT(f.Check().findings, IsEmpty());
  f.current.stated_rates[0].word = "增长";
  f.current.stated_rates[0].hundredths = 2127;
  EXPECT_THAT(Ids(f.Check()), ElementsAre("T3"));
}

TEST(Consistency, T3WithoutThePriorYearIsNotChecked) {
  Fixture f;
  f.Final().Set(Item::kReception, 70'620'000);
  f.current.stated_rates = {{.formula_id = "yoy_change",
                             .item = Item::kReception,
                             .hundredths = 2127,
                             .word = "下降"}};
  const auto r = f.Check();
  EXPECT_THAT(r.findings, IsEmpty());
  EXPECT_EQ(r.identities_checked, 0);
  EXPECT_THAT(r.not_checked, ::testing::Contains(HasSubstr("T3")));
}

TEST(Consistency, T4ThreePublicOverBudget) {
  Fixture f;
  f.Original().Set(Item::kThreePublicTotal, 100 * kWan);
  f.Final().Set(Item::kThreePublicTotal, 100 * kWan);
  EXPECT_THAT(f.Check().findings, IsEmpty());
  f.Final().Set(Item::kThreePublicTotal, 101 * kWan);
  EXPECT_THAT(Ids(f.Check()), ElementsAre("T4"));
  // The adjusted budget, when reported, is the one that counts.
  f.current.phases[Phase::kAdjusted].Set(Item::kThreePublicTotal, 110 * kWan);
  EXPECT_THAT(f.Check().findings, IsEmpty());
}

TEST(Consistency, T5RunningCostWithinPublicFunds) {
  Fixture f;
  f.Final().Set(Item::kPublicFunds, 10 * kWan);
  f.Final().Set(Item::kAdminRunningCost, 12 * kWan);
  EXPECT_THAT(Ids(f.Check()), ElementsAre("T5"));
}

TEST(Consistency, P1StatedStaffControlRate) {
  Fixture f;
  f.department.staff_authorized = 408;
  f.department.staff_actual = 381;
  f.current.stated_rates = {
      {.formula_id = "staff_control", .hundredths = 9338}};
  EXPECT_THAT(f.Check().findings, IsEmpty());
  f.current.stated_rates[0].hundredths = 9500;
  const auto r = f.Check();
  ASSERT_THAT(Ids(r), ElementsAre("P1"));
  EXPECT_THAT(r.findings[0].message, HasSubstr("93.38%"));
}

TEST(Consistency, R1ExecutionOverFull) {
  Fixture f;
  f.Original().Set(Item::kTotalExpenditure, 100 * kWan);
  f.Final().Set(Item::kCarryoverPrior, 0);
  f.Final().Set(Item::kTotalExpenditure, 100 * kWan);
  EXPECT_THAT(f.Check().findings, IsEmpty());
  f.Final().Set(Item::kTotalExpenditure, 101 * kWan);
  EXPECT_THAT(Ids(f.Check()), ElementsAre("R1"));
}

}  // namespace
}  // namespace jixiao::budget

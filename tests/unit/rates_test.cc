#include "services/budget/domain/rates.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace jixiao::budget {
namespace {

using ::testing::HasSubstr;

constexpr Fen kWan = 1'000'000;

struct Fixture {
  Department department;
  DepartmentYear current{.year = 2019};
  std::optional<DepartmentYear> prior;
  LedgerSummary ledger;
  bool has_as_of = false;
  std::optional<int64_t> planned;

  Rate Get(const std::string& id) {
    const auto rates =
        ComputeRates(RateContext{department, current, prior ? &*prior : nullptr,
                                 ledger, has_as_of, planned});
    for (const Rate& r : rates) {
      if (r.formula_id == id) return r;
    }
    ADD_FAILURE() << "no rate " << id;
    return {};
  }
};

TEST(Rates, EveryRateIsReturnedEvenWithNoData) {
  Fixture f;
  const auto rates =
      ComputeRates(RateContext{f.department, f.current, nullptr, f.ledger});
  EXPECT_EQ(rates.size(), 14u);
  for (const Rate& r : rates) {
    EXPECT_FALSE(r.computable) << r.formula_id;
    EXPECT_THAT(r.reason, HasSubstr("缺少")) << r.formula_id;
    EXPECT_EQ(r.Percent(), "");
  }
}

TEST(Rates, StaffControlFromHeadcounts) {
  Fixture f;
  f.department.staff_authorized = 408;
  f.department.staff_actual = 381;
  const Rate r = f.Get("staff_control");
  ASSERT_TRUE(r.computable);
  EXPECT_EQ(r.numerator, 381);
  EXPECT_EQ(r.denominator, 408);
  EXPECT_EQ(r.Percent(), "93.38");
  ASSERT_EQ(r.inputs.size(), 2u);
  EXPECT_EQ(r.inputs[0].unit, InputUnit::kPerson);
}

TEST(Rates, ZeroDenominatorIsNotComputableWithAReason) {
  Fixture f;
  f.department.staff_authorized = 0;
  f.department.staff_actual = 3;
  const Rate r = f.Get("staff_control");
  EXPECT_FALSE(r.computable);
  EXPECT_THAT(r.reason, HasSubstr("分母为零"));
}

TEST(Rates, BudgetCompletionInItsHunanForm) {
  // (上年结转 + 年初预算 + 追加 − 年末结余) / (上年结转 + 年初预算 + 追加)
  Fixture f;
  f.current.phases[Phase::kOriginal].Set(Item::kTotalExpenditure, 1000 * kWan);
  f.current.phases[Phase::kAdjusted].Set(Item::kSupplement, 100 * kWan);
  f.current.phases[Phase::kFinal].Set(Item::kCarryoverPrior, 50 * kWan);
  f.current.phases[Phase::kFinal].Set(Item::kCarryoverYearEnd, 115 * kWan);
  const Rate r = f.Get("budget_completion_hunan");
  ASSERT_TRUE(r.computable) << r.reason;
  EXPECT_EQ(r.numerator, 1035 * kWan);
  EXPECT_EQ(r.denominator, 1150 * kWan);
  EXPECT_EQ(r.Percent(), "90.00");
  EXPECT_EQ(f.Get("budget_control").Percent(), "10.00");
  // 调整率 also needs 追减; absent, it is not computable.
  EXPECT_FALSE(f.Get("budget_adjustment").computable);
  f.current.phases[Phase::kAdjusted].Set(Item::kReduction, 20 * kWan);
  EXPECT_EQ(f.Get("budget_adjustment").Percent(), "12.00");
}

TEST(Rates, TotalsAreDerivedOnlyFromStatedParts) {
  Fixture f;
  f.current.phases[Phase::kOriginal].Set(Item::kBasicExpenditure, 9312'020'000);
  f.current.phases[Phase::kOriginal].Set(Item::kProjectExpenditure,
                                         5607'060'000);
  f.current.phases[Phase::kFinal].Set(Item::kTotalExpenditure, 12669'130'000);
  f.current.phases[Phase::kFinal].Set(Item::kCarryoverPrior, 599'850'000);
  const Rate r = f.Get("execution_rate");
  ASSERT_TRUE(r.computable);
  EXPECT_EQ(r.denominator, 14919'080'000 + 599'850'000);
  EXPECT_EQ(r.Percent(), "81.64");
  EXPECT_THAT(r.inputs[1].note, HasSubstr("由基本支出 + 项目支出得出"));
  // An adjusted budget, when reported, replaces the original.
  f.current.phases[Phase::kAdjusted].Set(Item::kTotalExpenditure,
                                         13000'000'000);
  EXPECT_EQ(f.Get("execution_rate").denominator, 13000'000'000 + 599'850'000);
}

TEST(Rates, ControlRatesAndChanges) {
  Fixture f;
  f.current.phases[Phase::kOriginal].Set(Item::kThreePublicTotal, 500 * kWan);
  f.current.phases[Phase::kFinal].Set(Item::kThreePublicTotal, 470 * kWan);
  f.current.phases[Phase::kOriginal].Set(Item::kProcurement, 200 * kWan);
  f.current.phases[Phase::kFinal].Set(Item::kProcurement, 150 * kWan);
  f.prior = DepartmentYear{.year = 2018};
  f.prior->phases[Phase::kFinal].Set(Item::kThreePublicTotal, 495'230'000);
  f.prior->phases[Phase::kOriginal].Set(Item::kThreePublicTotal, 400 * kWan);
  EXPECT_EQ(f.Get("three_public_control").Percent(), "94.00");
  EXPECT_EQ(f.Get("procurement_execution").Percent(), "75.00");
  EXPECT_EQ(f.Get("three_public_change_final").Percent(), "-5.09");
  EXPECT_EQ(f.Get("three_public_change_budget").Percent(), "25.00");
}

TEST(Rates, PaymentProgressNeedsAsOfAndPlan) {
  Fixture f;
  f.current.phases[Phase::kOriginal].Set(Item::kTotalExpenditure, 1000 * kWan);
  f.ledger.payments_as_of = 450 * kWan;
  EXPECT_FALSE(f.Get("payment_progress").computable);
  f.has_as_of = true;
  EXPECT_FALSE(f.Get("payment_progress").computable);
  f.planned = 5000;  // 50% planned by that date; 45% paid
  const Rate r = f.Get("payment_progress");
  ASSERT_TRUE(r.computable) << r.reason;
  EXPECT_EQ(r.Percent(), "90.00");
}

TEST(Rates, KeySpendingShareFromProjects) {
  Fixture f;
  f.current.projects = {{.code = "a",
                         .name = "扫黑除恶",
                         .key_project = true,
                         .original = 30 * kWan},
                        {.code = "b", .name = "办公", .original = 70 * kWan}};
  EXPECT_EQ(f.Get("key_spending_share").Percent(), "30.00");
}

}  // namespace
}  // namespace jixiao::budget

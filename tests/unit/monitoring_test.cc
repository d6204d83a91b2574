// Mid-year monitoring's domain (services/indicator/domain/monitoring.cc):
// time progress, execution rates and the warnings with their figures.
#include "services/indicator/domain/monitoring.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/status_matchers.h"

namespace jixiao::indicator {
namespace {

using ::jixiao::test_support::IsOk;
using ::testing::Not;

using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr int64_t kWan = 1'000'000;  // 分 in 1万元

TEST(MonitoringTest, TimeProgressCountsTheAsOfDay) {
  auto july = ParseDay("as_of", "2019-07-31");
  ASSERT_THAT(july, IsOk());
  EXPECT_EQ(july->day, 212);
  EXPECT_EQ(TimeProgressBp(*july), 5808);  // 212 / 365
  auto leap = ParseDay("as_of", "2020-12-31");
  ASSERT_THAT(leap, IsOk());
  EXPECT_EQ(leap->day, 366);
  EXPECT_EQ(TimeProgressBp(*leap), 10000);
  EXPECT_EQ(TimeProgressBp(*ParseDay("as_of", "2019-01-01")), 27);  // 1/365
  EXPECT_THAT(ParseDay("as_of", "2019-02-29"), Not(IsOk()));
  EXPECT_THAT(ParseDay("as_of", "2019-7-31"), Not(IsOk()));
  EXPECT_THAT(std::string(ParseDay("round.as_of", "x").status().message()),
              StartsWith("round.as_of"));
}

pb::MonitoringRound July() {
  pb::MonitoringRound round;
  round.mutable_key()->set_region_code("430725");
  round.mutable_key()->set_round_id("2019-07");
  round.set_year(2019);
  round.set_as_of("2019-07-31");
  round.set_due("2019-08-20");
  round.set_lag_threshold_bp(1000);
  return round;
}

TEST(MonitoringTest, RoundsAreChecked) {
  EXPECT_TRUE(ValidateRound(July()).ok());
  pb::MonitoringRound r = July();
  r.set_as_of("2020-07-31");
  EXPECT_THAT(std::string(ValidateRound(r).message()),
              StartsWith("round.as_of"));
  r = July();
  r.set_due("2019-07-01");
  EXPECT_THAT(std::string(ValidateRound(r).message()), StartsWith("round.due"));
  r = July();
  r.set_lag_threshold_bp(0);
  EXPECT_THAT(std::string(ValidateRound(r).message()),
              StartsWith("round.lag_threshold_bp"));
}

TEST(MonitoringTest, WarningsNameTheirFigures) {
  Spending s;
  s.figures_stored = true;
  s.budget = 100 * kWan;
  s.paid = 12'340'000;  // 12.34万元: 12.34%
  s.projects = {{"P001", "农村公路养护", 200 * kWan, 150 * kWan},
                {"P002", "客运站运营补贴", 100 * kWan, 0},
                {"P003", "无预算", std::nullopt, 0}};
  const pb::Execution e =
      ComputeExecution("2019-07-31", *ParseDay("as_of", "2019-07-31"), s);
  EXPECT_EQ(e.time_progress_bp(), 5808);
  EXPECT_EQ(e.execution_bp(), 1234);
  EXPECT_EQ(e.projects(0).execution_bp(), 7500);
  EXPECT_FALSE(e.projects(2).has_execution_bp());

  pb::MonitoringFiling filing;
  pb::MonitoredIndicator* miss = filing.add_indicators();
  miss->set_indicator_id("P001-1");
  miss->set_project_code("P001");
  miss->set_name("养护里程");
  miss->set_comparator(pb::AT_LEAST);
  miss->set_target_value("120");
  miss->set_unit("公里");
  miss->set_forecast("100");
  miss->set_likelihood(pb::POSSIBLE);
  pb::MonitoredIndicator* met = filing.add_indicators();
  *met = *miss;
  met->set_indicator_id("P001-2");
  met->set_forecast("130");
  const auto warnings = ComputeWarnings(July(), "jtj", e, &filing);
  ASSERT_EQ(warnings.size(), 3u);
  EXPECT_EQ(warnings[0].id(), "execution_lag");
  EXPECT_THAT(warnings[0].message(),
              HasSubstr("执行率 12.34%，时间进度 58.08%，相差 45.74 "
                        "个百分点，超过阈值 10 个百分点"));
  EXPECT_EQ(warnings[1].id(), "no_payments/P002");
  EXPECT_THAT(warnings[1].message(), HasSubstr("全年预算 100万元"));
  EXPECT_EQ(warnings[2].id(), "target/P001-1");
  EXPECT_EQ(warnings[2].kind(), pb::TARGET_AT_RISK);
  EXPECT_THAT(warnings[2].message(),
              HasSubstr("目标 ≥120公里，全年预计 100公里"));
}

TEST(MonitoringTest, AFilingIsCheckedAgainstTheTargetsInForce) {
  pb::TargetSet targets;
  pb::TargetIndicator* i = targets.add_indicators();
  i->set_id("d1");
  i->set_name("破案数");
  i->set_comparator(pb::AT_LEAST);
  i->set_value("300");
  i->set_unit("件");
  pb::MonitoringFiling sent;
  pb::MonitoredIndicator* m = sent.add_indicators();
  m->set_indicator_id("d1");
  m->set_value_to_date("150");
  m->set_forecast("280");
  m->set_likelihood(pb::POSSIBLE);
  auto checked = CheckFiling(sent, targets);
  EXPECT_THAT(std::string(checked.status().message()),
              StartsWith("filing.indicators[0].deviation_cause"));
  m->set_deviation_cause(pb::STAFFING);
  m->set_corrective_measure("抽调警力开展专项行动");
  checked = CheckFiling(sent, targets);
  ASSERT_THAT(checked, IsOk()) << checked.status();
  EXPECT_EQ(checked->indicators(0).target_value(), "300");
  m->set_forecast("许多");
  EXPECT_THAT(std::string(CheckFiling(sent, targets).status().message()),
              StartsWith("filing.indicators[0].forecast"));
  m->set_forecast("280");
  m->set_likelihood(pb::LIKELIHOOD_UNSPECIFIED);
  EXPECT_THAT(std::string(CheckFiling(sent, targets).status().message()),
              StartsWith("filing.indicators[0].likelihood"));
  m->set_likelihood(pb::CERTAIN);
  m->set_indicator_id("d9");
  EXPECT_THAT(std::string(CheckFiling(sent, targets).status().message()),
              StartsWith("filing.indicators[0].indicator_id"));
}

}  // namespace
}  // namespace jixiao::indicator

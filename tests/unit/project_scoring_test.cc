// The 项目支出绩效自评表 scored by hand: every figure below is worked out
// in the comment beside it, in hundredths of a point.
#include "services/evaluation/domain/project_scoring.h"

#include <fstream>
#include <sstream>

#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "services/evaluation/project_form.h"
#include "services/evaluation/project_schemes.h"
#include "tests/support/status_matchers.h"

namespace jixiao::evaluation {
namespace {

using ::jixiao::test_support::IsOk;

namespace ipb = ::jixiao::indicator::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

std::vector<v1::ProjectScheme> Schemes() {
  auto schemes = LoadProjectSchemes("");  // the built-in file
  EXPECT_THAT(schemes, IsOk()) << schemes.status();
  return *schemes;
}

void Add(ipb::ProjectTarget& t, const std::string& id,
         const std::string& level1, ipb::Comparator c, const std::string& value,
         const std::string& unit) {
  ipb::TargetIndicator* i = t.add_indicators();
  i->set_id(id);
  i->set_level1(level1);
  i->set_level2("二级");
  i->set_name(absl::StrCat("指标", id));
  i->set_comparator(c);
  i->set_value(value);
  i->set_unit(unit);
}

// 产出: P1-1 ≥ 100 个, P1-2 定性; 效益: P1-3 ≤ 10 天; 满意度: P1-4 ≥ 90 %.
ipb::ProjectTarget Target() {
  ipb::ProjectTarget t;
  t.set_project_code("P1");
  t.set_project_name("农村公路养护");
  t.set_annual_goal("完成养护100个");
  Add(t, "P1-1", "产出指标", ipb::AT_LEAST, "100", "个");
  Add(t, "P1-2", "产出指标", ipb::QUALITATIVE, "明显改善", "");
  Add(t, "P1-3", "效益指标", ipb::AT_MOST, "10", "天");
  Add(t, "P1-4", "满意度指标", ipb::AT_LEAST, "90", "%");
  return t;
}

ipb::ActualValue* Actual(ipb::ProjectFiling& f, const std::string& id,
                         const std::string& value) {
  ipb::ActualValue* a = f.add_actuals();
  a->set_indicator_id(id);
  if (!value.empty()) a->set_value(value);
  return a;
}

ipb::ProjectFiling Filing(const std::string& p11, const std::string& p12_pct,
                          const std::string& p13, const std::string& p14) {
  ipb::ProjectFiling f;
  f.mutable_key()->set_project_code("P1");
  f.set_achieved_summary("完成养护96个");
  f.set_status(ipb::SUBMITTED);
  f.set_version(3);
  Actual(f, "P1-1", p11)->set_deviation_reason("雨季停工");
  ipb::ActualValue* q = Actual(f, "P1-2", "");
  q->set_achievement(ipb::ACHIEVED);
  q->set_percent_of_weight(p12_pct);
  Actual(f, "P1-3", p13);
  Actual(f, "P1-4", p14);
  return f;
}

ProjectInputs Inputs(const ipb::ProjectTarget& t, const ipb::ProjectFiling* f,
                     int64_t full_year, int64_t executed) {
  ProjectInputs in;
  in.key.set_region_code("430725");
  in.key.set_department_code("d1");
  in.key.set_year(2023);
  in.department_name = "交通运输局";
  in.target = &t;
  in.targets_version = 2;
  in.filing = f;
  in.money.known = true;
  in.money.original = full_year;
  in.money.full_year = full_year;
  in.money.executed = executed;
  return in;
}

const v1::ProjectIndicatorResult& Line(const v1::ProjectResult& r,
                                       const std::string& id) {
  for (const auto& i : r.indicators()) {
    if (i.indicator_id() == id) return i;
  }
  static const v1::ProjectIndicatorResult none;
  ADD_FAILURE() << "no line " << id;
  return none;
}

TEST(ProjectScoring, EveryRuleByHand) {
  const ipb::ProjectTarget t = Target();
  const ipb::ProjectFiling f = Filing("96", "85", "12", "95");
  // 执行: 10 × 381万 ÷ 408万 = 9.338… → 9.34.
  const v1::ProjectResult r = ScoreProject(
      Inputs(t, &f, 408'000'000, 381'000'000), Schemes(), DefaultGradeBands());
  EXPECT_EQ(r.funds().rate(), "93.38");
  EXPECT_EQ(r.funds().score(), "9.34");
  EXPECT_THAT(r.funds().explanation(),
              HasSubstr("全年执行数381万元 ÷ 全年预算数408万元 = 93.38%"));
  // 产出 50 shared by two: 25 each. 96 of ≥ 100: 25 × 96 ÷ 100 = 24.
  EXPECT_EQ(Line(r, "P1-1").weight(), "25");
  EXPECT_EQ(Line(r, "P1-1").score(), "24");
  EXPECT_EQ(Line(r, "P1-1").target(), "≥ 100 个");
  EXPECT_EQ(Line(r, "P1-1").actual(), "96 个");
  EXPECT_EQ(Line(r, "P1-1").deviation_reason(), "雨季停工");
  EXPECT_THAT(Line(r, "P1-1").rule(),
              HasSubstr("得分 = 分值25 × 完成值96 ÷ 指标值100 = 24分"));
  // 定性, 85% of 25 = 21.25.
  EXPECT_EQ(Line(r, "P1-2").score(), "21.25");
  EXPECT_THAT(Line(r, "P1-2").rule(), HasSubstr("该档为分值的80.00%–100.00%"));
  // ≤ 10 天, 12 天: 30 × 10 ÷ 12 = 25.
  EXPECT_EQ(Line(r, "P1-3").weight(), "30");
  EXPECT_EQ(Line(r, "P1-3").score(), "25");
  EXPECT_THAT(Line(r, "P1-3").rule(), HasSubstr("反向指标"));
  // 95% of ≥ 90%: over-achieved, full 10 and no more.
  EXPECT_EQ(Line(r, "P1-4").score(), "10");
  EXPECT_THAT(Line(r, "P1-4").rule(), HasSubstr("超额完成不加分"));
  // 9.34 + 24 + 21.25 + 25 + 10 = 89.59: 良.
  EXPECT_EQ(r.total(), "89.59");
  EXPECT_EQ(r.grade(), "良");
  EXPECT_TRUE(r.complete());
  EXPECT_TRUE(r.missing().empty());
  EXPECT_EQ(r.scheme_id(), "cz2020_10");
  EXPECT_EQ(r.filing_status(), "已提交");
  EXPECT_EQ(r.filing_version(), 3);
  EXPECT_EQ(r.achieved_summary(), "完成养护96个");
  // The form's order: 产出, 效益, 满意度.
  std::vector<std::string> order;
  for (const auto& i : r.indicators()) order.push_back(i.indicator_id());
  EXPECT_THAT(order, ElementsAre("P1-1", "P1-2", "P1-3", "P1-4"));
}

TEST(ProjectScoring, ExactlyNinetyIsExcellent) {
  const ipb::ProjectTarget t = Target();
  // 10 (executed all) + 25 + 20 (80% of 25) + 30 + 10 × 45 ÷ 90 = 5 → 90.
  const ipb::ProjectFiling f = Filing("100", "80", "10", "45");
  const v1::ProjectResult r =
      ScoreProject(Inputs(t, &f, 100, 100), Schemes(), DefaultGradeBands());
  EXPECT_EQ(r.total(), "90");
  EXPECT_EQ(r.grade(), "优");
  // One hundredth less is 良: 10 × 44.9 ÷ 90 = 4.988… → 4.99, total 89.99.
  const ipb::ProjectFiling g = Filing("100", "80", "10", "44.9");
  const v1::ProjectResult s =
      ScoreProject(Inputs(t, &g, 100, 100), Schemes(), DefaultGradeBands());
  EXPECT_EQ(Line(s, "P1-4").score(), "4.99");
  EXPECT_EQ(s.total(), "89.99");
  EXPECT_EQ(s.grade(), "良");
}

TEST(ProjectScoring, EqualSharesGiveTheRemainderToTheFirst) {
  ipb::ProjectTarget t;
  t.set_project_code("P1");
  // 产出 50 by three: 5000 = 1667 + 1667 + 1666.
  Add(t, "a", "产出指标", ipb::AT_LEAST, "3", "个");
  Add(t, "b", "产出指标", ipb::AT_LEAST, "3", "个");
  Add(t, "c", "成本指标", ipb::AT_MOST, "3", "万元");  // 成本 counts as 产出
  Add(t, "d", "效益指标", ipb::EQUAL, "100", "%");
  Add(t, "e", "满意度指标", ipb::AT_LEAST, "90", "%");
  ipb::ProjectFiling f;
  Actual(f, "a", "1");  // 16.67 × 1 ÷ 3 = 5.5566… → 5.56
  Actual(f, "b", "3");
  Actual(f, "c", "0");   // ≤ with nothing spent: full
  Actual(f, "d", "98");  // =: 30 × 98 ÷ 100 = 29.4
  Actual(f, "e", "90");
  const v1::ProjectResult r =
      ScoreProject(Inputs(t, &f, 300, 100), Schemes(), DefaultGradeBands());
  EXPECT_EQ(Line(r, "a").weight(), "16.67");
  EXPECT_EQ(Line(r, "b").weight(), "16.67");
  EXPECT_EQ(Line(r, "c").weight(), "16.66");
  EXPECT_EQ(Line(r, "a").score(), "5.56");
  EXPECT_EQ(Line(r, "c").score(), "16.66");
  EXPECT_EQ(Line(r, "d").score(), "29.4");
  EXPECT_THAT(Line(r, "d").rule(), HasSubstr("较小值98 ÷ 较大值100"));
  // 执行 10 × 100 ÷ 300 = 3.333… → 3.33.
  EXPECT_EQ(r.funds().score(), "3.33");
  // 3.33 + 5.56 + 16.67 + 16.66 + 29.4 + 10 = 81.62.
  EXPECT_EQ(r.total(), "81.62");
}

TEST(ProjectScoring, OverExecutionAndOverAchievementAreCapped) {
  const ipb::ProjectTarget t = Target();
  const ipb::ProjectFiling f = Filing("150", "100", "1", "100");
  const v1::ProjectResult r =
      ScoreProject(Inputs(t, &f, 100, 130), Schemes(), DefaultGradeBands());
  EXPECT_EQ(r.funds().rate(), "130.00");
  EXPECT_EQ(r.funds().score(), "10");
  EXPECT_THAT(r.funds().explanation(), HasSubstr("按100%计"));
  EXPECT_EQ(Line(r, "P1-1").score(), "25");
  EXPECT_EQ(r.total(), "100");
}

TEST(ProjectScoring, NoSatisfactionIndicatorMovesItsWeightToEffect) {
  ipb::ProjectTarget t;
  t.set_project_code("P1");
  Add(t, "a", "产出指标", ipb::AT_LEAST, "10", "个");
  Add(t, "b", "效益指标", ipb::AT_LEAST, "10", "个");
  ipb::ProjectFiling f;
  Actual(f, "a", "10");
  Actual(f, "b", "5");  // 40 × 5 ÷ 10 = 20
  const v1::ProjectResult r =
      ScoreProject(Inputs(t, &f, 100, 100), Schemes(), DefaultGradeBands());
  EXPECT_EQ(Line(r, "b").weight(), "40");
  EXPECT_EQ(Line(r, "b").score(), "20");
  EXPECT_THAT(Line(r, "b").rule(), HasSubstr("并入效益指标"));
  EXPECT_EQ(r.total(), "80");  // 10 + 50 + 20
  EXPECT_TRUE(r.complete());
}

TEST(ProjectScoring, QingshenWeighsNoSatisfaction) {
  const ipb::ProjectTarget t = Target();
  ipb::ProjectFiling f = Filing("100", "100", "10", "0");
  f.set_scheme_id("sc_qingshen_2023");
  const v1::ProjectResult r =
      ScoreProject(Inputs(t, &f, 100, 100), Schemes(), DefaultGradeBands());
  EXPECT_EQ(Line(r, "P1-1").weight(), "30");  // 产出 60 by two
  EXPECT_EQ(Line(r, "P1-4").weight(), "0");
  EXPECT_EQ(r.total(), "100");
}

TEST(ProjectScoring, FiledWeightsAreUsedWhenTheyAddUp) {
  const ipb::ProjectTarget t = Target();
  ipb::ProjectFiling f = Filing("50", "100", "10", "90");
  f.mutable_actuals(0)->set_weight("30");  // P1-1
  f.mutable_actuals(1)->set_weight("20");  // P1-2
  const v1::ProjectResult r =
      ScoreProject(Inputs(t, &f, 100, 100), Schemes(), DefaultGradeBands());
  EXPECT_EQ(Line(r, "P1-1").weight(), "30");
  EXPECT_EQ(Line(r, "P1-1").score(), "15");  // 30 × 50 ÷ 100
  EXPECT_TRUE(r.complete());
  // 30 + 25 ≠ 50: equal shares, and the result says so.
  f.mutable_actuals(1)->set_weight("25");
  const v1::ProjectResult s =
      ScoreProject(Inputs(t, &f, 100, 100), Schemes(), DefaultGradeBands());
  EXPECT_EQ(Line(s, "P1-1").weight(), "25");
  EXPECT_FALSE(s.complete());
  EXPECT_THAT(s.missing(0), HasSubstr("填报的分值合计55分，不等于50分"));
}

TEST(ProjectScoring, MissingActualScoresZeroAndIsListed) {
  const ipb::ProjectTarget t = Target();
  ipb::ProjectFiling f = Filing("", "85", "10", "90");
  const v1::ProjectResult r =
      ScoreProject(Inputs(t, &f, 100, 100), Schemes(), DefaultGradeBands());
  EXPECT_EQ(Line(r, "P1-1").score(), "0");
  EXPECT_EQ(Line(r, "P1-1").status(), v1::MISSING);
  EXPECT_FALSE(r.complete());
  ASSERT_EQ(r.missing_size(), 1);
  EXPECT_THAT(r.missing(0), HasSubstr("P1-1 指标P1-1：未填报实际完成值"));
  EXPECT_EQ(r.total(), "71.25");  // 10 + 0 + 21.25 + 30 + 10
}

TEST(ProjectScoring, NoFilingScoresExecutionOnly) {
  const ipb::ProjectTarget t = Target();
  const v1::ProjectResult r = ScoreProject(Inputs(t, nullptr, 200, 100),
                                           Schemes(), DefaultGradeBands());
  EXPECT_EQ(r.total(), "5");
  EXPECT_EQ(r.grade(), "差");
  EXPECT_FALSE(r.complete());
  EXPECT_EQ(r.filing_version(), 0);
  EXPECT_EQ(r.filing_status(), "");
  EXPECT_THAT(r.missing(0), HasSubstr("未填报项目支出绩效自评表"));
  EXPECT_EQ(r.missing_size(), 5);  // the form, and each of four indicators
}

TEST(ProjectScoring, ZeroOrUnknownBudgetScoresNoExecution) {
  const ipb::ProjectTarget t = Target();
  const ipb::ProjectFiling f = Filing("100", "100", "10", "90");
  const v1::ProjectResult zero =
      ScoreProject(Inputs(t, &f, 0, 0), Schemes(), DefaultGradeBands());
  EXPECT_EQ(zero.funds().score(), "0");
  EXPECT_FALSE(zero.complete());
  EXPECT_EQ(zero.total(), "90");
  ProjectInputs unknown = Inputs(t, &f, 0, 0);
  unknown.money = ProjectMoney{};
  const v1::ProjectResult u =
      ScoreProject(unknown, Schemes(), DefaultGradeBands());
  EXPECT_THAT(u.funds().explanation(), HasSubstr("预算数据中本年度没有该项目"));
  EXPECT_FALSE(u.complete());
}

TEST(ProjectScoring, UnknownSchemeIsSaidNotScored) {
  const ipb::ProjectTarget t = Target();
  ipb::ProjectFiling f = Filing("100", "100", "10", "90");
  f.set_scheme_id("nowhere");
  f.set_self_score("95");
  const v1::ProjectResult r =
      ScoreProject(Inputs(t, &f, 100, 100), Schemes(), DefaultGradeBands());
  EXPECT_FALSE(r.complete());
  EXPECT_EQ(r.grade(), "");
  EXPECT_THAT(r.missing(0), HasSubstr("评分方案“nowhere”不存在"));
}

TEST(ProjectScoring, SelfScoreDifference) {
  const ipb::ProjectTarget t = Target();
  ipb::ProjectFiling f = Filing("96", "85", "12", "95");
  f.set_self_score("95.5");
  const v1::ProjectResult r = ScoreProject(
      Inputs(t, &f, 408'000'000, 381'000'000), Schemes(), DefaultGradeBands());
  EXPECT_EQ(r.self_score(), "95.5");
  EXPECT_EQ(r.difference(), "5.91");  // 95.5 − 89.59
}

TEST(ProjectSchemes, BuiltInAndValidation) {
  const auto schemes = Schemes();
  ASSERT_EQ(schemes.size(), 3u);
  EXPECT_EQ(schemes[0].id(), "cz2020_10");
  EXPECT_TRUE(schemes[0].satisfaction_to_effect());
  EXPECT_EQ(schemes[2].execution(), "20");
  const auto bad = ParseProjectSchemes(
      R"({"schemes": [{"id": "cz2020_10", "name": "n", "source": "s",
          "execution": "10", "output": "50", "effect": "30",
          "satisfaction": "5"}]})");
  EXPECT_THAT(bad.status().message(), HasSubstr("add up to 95, not 100"));
  const auto negative = ParseProjectSchemes(
      R"({"schemes": [{"id": "cz2020_10", "name": "n", "source": "s",
          "execution": "-10", "output": "70", "effect": "30",
          "satisfaction": "10"}]})");
  EXPECT_THAT(negative.status().message(), HasSubstr("schemes[0].execution"));
  EXPECT_THAT(ParseProjectSchemes("{"), Not(IsOk()));
  EXPECT_THAT(ParseProjectSchemes(R"({"schemes": []})").status().message(),
              HasSubstr("cz2020_10"));
}

TEST(ProjectForm, MoneyInWanYuanExactly) {
  EXPECT_EQ(WanYuan2(408'000'000), "408.00");
  EXPECT_EQ(WanYuan2(12'345'678), "12.35");
  EXPECT_EQ(WanYuan2(5'000), "0.01");  // half a hundredth: away from zero
  EXPECT_EQ(WanYuan2(4'999), "0.00");
}

TEST(ProjectForm, SameDataSameBytesAndEscaped) {
  ipb::ProjectTarget t = Target();
  t.set_project_name("<script>x</script>|");
  const ipb::ProjectFiling f = Filing("96", "85", "12", "95");
  const v1::ProjectResult r = ScoreProject(
      Inputs(t, &f, 408'000'000, 381'000'000), Schemes(), DefaultGradeBands());
  const auto schemes = Schemes();
  const std::string md = RenderProjectForm(r, &schemes[0], v1::MARKDOWN);
  EXPECT_EQ(md, RenderProjectForm(r, &schemes[0], v1::MARKDOWN));
  EXPECT_THAT(md, HasSubstr("| 年度资金总额 | 408.00 | 408.00 | 381.00 | 10 | "
                            "93.38% | 9.34 |"));
  EXPECT_THAT(md, HasSubstr("偏差原因分析及改进措施"));
  EXPECT_THAT(md, HasSubstr("雨季停工"));
  EXPECT_THAT(md, HasSubstr("89.59"));
  const std::string html = RenderProjectForm(r, &schemes[0], v1::HTML);
  EXPECT_THAT(html, Not(HasSubstr("<script>")));
  EXPECT_THAT(html, HasSubstr("&lt;script&gt;"));
}

}  // namespace
}  // namespace jixiao::evaluation

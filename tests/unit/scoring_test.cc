#include "services/evaluation/domain/scoring.h"

#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "tests/support/frameworks.h"
#include "tests/support/status_matchers.h"

namespace jixiao::evaluation {
namespace {

using ::jixiao::test_support::IsOk;
using ::testing::Not;

namespace ipb = ::jixiao::indicator::v1;
using ::testing::HasSubstr;

template <typename M>
M Json(const std::string& json) {
  M m;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(json, &m).ok())
      << json;
  return m;
}

ipb::Node Leaf(const std::string& weight, const std::string& rule,
               const std::string& unit = "%") {
  auto node = Json<ipb::Node>(absl::StrCat(
      R"({"id": "x", "name": "指标", "level": 3, "weight": ")", weight,
      R"(", "unit": ")", unit, R"(", "rule": )", rule, "}"));
  return node;
}

ipb::IndicatorValue Actual(const std::string& value) {
  return Json<ipb::IndicatorValue>(
      absl::StrCat(R"({"indicatorId": "x", "actual": {"value": ")", value,
                   R"(", "unit": "%"}})"));
}

std::string ScoreOf(const ipb::Node& leaf, const ipb::IndicatorValue& value) {
  return ScoreLeaf(leaf, value).score();
}

const char kCap[] =
    R"({"type": "CAP_DEDUCT_PER_POINT", "limit": "100", "beyond": "ABOVE", "deductPerPoint": "0.5"})";

TEST(Scoring, CapDeductPerPoint) {
  const ipb::Node leaf = Leaf("5", kCap);
  EXPECT_EQ(ScoreOf(leaf, Actual("93.3824")), "5");
  EXPECT_EQ(ScoreOf(leaf, Actual("100")), "5");    // exactly 100%: full
  EXPECT_EQ(ScoreOf(leaf, Actual("101")), "4.5");  // one point over
  EXPECT_EQ(ScoreOf(leaf, Actual("100.5")),
            "4.75");                             // part of a point, prorated
  EXPECT_EQ(ScoreOf(leaf, Actual("120")), "0");  // 扣完为止: never below 0
  const auto scored = ScoreLeaf(leaf, Actual("101"));
  ASSERT_EQ(scored.deductions_size(), 1);
  EXPECT_EQ(scored.deductions(0).points(), "0.5");
  EXPECT_THAT(scored.explanation(),
              HasSubstr("超过100% 1个百分点，每个百分点扣0.5分"));
  // 三公经费变动率: ≤ 0 is full.
  const ipb::Node change = Leaf(
      "5",
      R"({"type": "CAP_DEDUCT_PER_POINT", "limit": "0", "beyond": "ABOVE", "deductPerPoint": "0.5"})");
  EXPECT_EQ(ScoreOf(change, Actual("-5.0947")), "5");
  EXPECT_EQ(ScoreOf(change, Actual("98.31")), "0");
  // BELOW: 支付进度率 ≥ 100%.
  const ipb::Node below = Leaf(
      "2",
      R"({"type": "CAP_DEDUCT_PER_POINT", "limit": "100", "beyond": "BELOW", "deductPerPoint": "0.1"})");
  EXPECT_EQ(ScoreOf(below, Actual("95")), "1.5");
}

std::string Step(const std::string& rounding, const std::string& value,
                 const std::string& beyond = "BELOW") {
  const ipb::Node leaf =
      Leaf("5", absl::StrCat(R"({"type": "STEP_DEDUCT_BELOW", "limit": "100",
      "step": "5", "deductPerStep": "2", "beyond": ")",
                             beyond, R"(", "rounding": ")", rounding, R"("})"));
  return ScoreOf(leaf, Actual(value));
}

TEST(Scoring, StepDeductUnderEachRoundingMode) {
  // 每低于5%扣2分.
  EXPECT_EQ(Step("PARTIAL_STEP_COUNTS", "100"), "5");
  EXPECT_EQ(Step("PARTIAL_STEP_COUNTS", "99"), "3");  // a partial step counts
  EXPECT_EQ(Step("PARTIAL_STEP_COUNTS", "95"), "3");  // exactly one step
  EXPECT_EQ(Step("PARTIAL_STEP_COUNTS", "94.9999"), "1");
  EXPECT_EQ(Step("PARTIAL_STEP_COUNTS", "80"), "0");  // the floor
  EXPECT_EQ(Step("WHOLE_STEPS_ONLY", "99"),
            "5");  // a partial step costs nothing
  EXPECT_EQ(Step("WHOLE_STEPS_ONLY", "95"), "3");
  EXPECT_EQ(Step("WHOLE_STEPS_ONLY", "90.0001"), "3");
  EXPECT_EQ(Step("PRORATED", "97.5"), "4");  // half a step: 1 point
  EXPECT_EQ(Step("PRORATED", "99"), "4.6");
  // 楼堂馆所: 每超出5%扣2分.
  EXPECT_EQ(Step("PARTIAL_STEP_COUNTS", "100", "ABOVE"), "5");
  EXPECT_EQ(Step("PARTIAL_STEP_COUNTS", "101", "ABOVE"), "3");
}

TEST(Scoring, BandsAtTheirEdges) {
  const ipb::Node leaf = Leaf("5", R"({"type": "BANDED", "bands": [
      {"upper": "0", "upperInclusive": true, "score": "5"},
      {"upper": "10", "upperInclusive": true, "score": "4"},
      {"upper": "20", "upperInclusive": true, "score": "3"},
      {"upper": "30", "upperInclusive": true, "score": "2"},
      {"score": "0"}]})");
  EXPECT_EQ(ScoreOf(leaf, Actual("0")), "5");
  EXPECT_EQ(ScoreOf(leaf, Actual("0.0001")), "4");
  EXPECT_EQ(ScoreOf(leaf, Actual("10")), "4");
  EXPECT_EQ(ScoreOf(leaf, Actual("10.0001")), "3");
  EXPECT_EQ(ScoreOf(leaf, Actual("30")), "2");
  EXPECT_EQ(ScoreOf(leaf, Actual("30.0001")), "0");
}

TEST(Scoring, ProportionalBothWays) {
  const ipb::Node positive =
      Leaf("5", R"({"type": "PROPORTIONAL", "direction": "POSITIVE"})");
  auto v = Actual("98");
  v.mutable_target()->set_comparator(ipb::AT_LEAST);
  v.mutable_target()->set_value("100");
  EXPECT_EQ(ScoreOf(positive, v), "4.9");
  v.mutable_actual()->set_value("120");
  EXPECT_EQ(ScoreOf(positive, v), "5");  // never above the weight
  EXPECT_EQ(ScoreLeaf(positive, Actual("98")).status(),
            v1::MISSING);  // no target
  const ipb::Node negative =
      Leaf("5", R"({"type": "PROPORTIONAL", "direction": "NEGATIVE"})");
  v.mutable_actual()->set_value("125");
  EXPECT_EQ(ScoreOf(negative, v), "4");
  v.mutable_actual()->set_value("80");
  EXPECT_EQ(ScoreOf(negative, v), "5");
}

TEST(Scoring, QualitativeTiersAtTheirEdges) {
  const ipb::Node leaf = Leaf("8", R"({"type": "QUALITATIVE_TIERS", "tiers": [
      {"name": "达成", "minShare": "80", "maxShare": "100"},
      {"name": "部分达成", "minShare": "60", "maxShare": "80"},
      {"name": "未达成", "minShare": "0", "maxShare": "60"}]})",
                              "");
  auto v = Json<ipb::IndicatorValue>(
      R"({"actual": {"tier": "达成", "share": "90"}})");
  EXPECT_EQ(ScoreOf(leaf, v), "7.2");
  v.mutable_actual()->set_share("100");
  EXPECT_EQ(ScoreOf(leaf, v), "8");
  v.mutable_actual()->set_share("80");
  EXPECT_EQ(ScoreOf(leaf, v), "6.4");
  v.mutable_actual()->clear_share();  // no share: the tier's lower bound
  EXPECT_EQ(ScoreOf(leaf, v), "6.4");
  EXPECT_THAT(ScoreLeaf(leaf, v).explanation(), HasSubstr("按档位下限"));
  v.mutable_actual()->set_tier("未达成");
  EXPECT_EQ(ScoreOf(leaf, v), "0");
}

TEST(Scoring, ChecklistsDeductPerMissingItem) {
  const ipb::Node leaf =
      Leaf("4", R"({"type": "CHECKLIST", "items": ["甲", "乙", "丙"],
      "deductPerMissing": "1.5"})",
           "");
  auto v =
      Json<ipb::IndicatorValue>(R"({"actual": {"itemsMet": ["甲", "丙"]}})");
  const auto scored = ScoreLeaf(leaf, v);
  EXPECT_EQ(scored.score(), "2.5");
  ASSERT_EQ(scored.deductions_size(), 1);
  EXPECT_EQ(scored.deductions(0).reason(), "不符合：乙");
  v.mutable_actual()->clear_items_met();
  EXPECT_EQ(ScoreOf(leaf, v), "0");  // 4.5 deducted from 4: floor at 0
}

TEST(Scoring, NotApplicableAndExecutionRate) {
  const ipb::Node na = Leaf(
      "5",
      R"({"type": "NA_FULL", "whenApplicable": {"type": "STEP_DEDUCT_BELOW",
      "beyond": "ABOVE", "limit": "100", "step": "5", "deductPerStep": "2",
      "rounding": "PARTIAL_STEP_COUNTS"}})");
  auto v = Json<ipb::IndicatorValue>(R"({"actual": {"notApplicable": true}})");
  const auto scored = ScoreLeaf(na, v);
  EXPECT_EQ(scored.score(), "5");
  EXPECT_EQ(scored.status(), v1::NOT_APPLICABLE);
  EXPECT_EQ(ScoreOf(na, Actual("106")), "1");
  const ipb::Node exec = Leaf("10", R"({"type": "EXEC_RATE"})");
  EXPECT_EQ(ScoreOf(exec, Actual("81.6376")), "8.16");
  EXPECT_EQ(ScoreOf(exec, Actual("105")), "10");
}

TEST(Scoring, MissingValuesAreScoredAsTheFrameworkSaysAndListed) {
  ipb::Node leaf = Leaf("5", kCap);
  const ipb::IndicatorValue none;
  auto zero = ScoreLeaf(leaf, none);
  EXPECT_EQ(zero.status(), v1::MISSING);
  EXPECT_EQ(zero.score(), "0");
  EXPECT_THAT(zero.explanation(), HasSubstr("未填报"));
  leaf.mutable_rule()->set_missing(ipb::NOT_APPLICABLE);
  EXPECT_EQ(ScoreLeaf(leaf, none).score(), "5");
  EXPECT_EQ(ScoreLeaf(leaf, none).status(), v1::NOT_APPLICABLE);
  leaf.mutable_rule()->set_missing(ipb::REQUIRED);
  EXPECT_EQ(ScoreLeaf(leaf, none).status(), v1::FAILED);
  // A derived value the budget figures cannot give is missing, with why.
  leaf.mutable_rule()->set_missing(ipb::ZERO);
  auto derived = Json<ipb::IndicatorValue>(R"({"source": "DERIVED",
      "derivation": {"computable": false, "reason": "缺少数据：本年追加预算"}})");
  auto scored = ScoreLeaf(leaf, derived);
  EXPECT_EQ(scored.status(), v1::MISSING);
  EXPECT_THAT(scored.explanation(), HasSubstr("缺少数据：本年追加预算"));
}

TEST(Scoring, GradesAtTheirBounds) {
  const auto& bands = DefaultGradeBands();
  EXPECT_EQ(GradeOf(9000, 10000, bands), "优");
  EXPECT_EQ(GradeOf(8999, 10000, bands), "良");
  EXPECT_EQ(GradeOf(8000, 10000, bands), "良");
  EXPECT_EQ(GradeOf(6000, 10000, bands), "中");
  EXPECT_EQ(GradeOf(5999, 10000, bands), "差");
  EXPECT_EQ(GradeOf(0, 10000, bands), "差");
  EXPECT_EQ(GradeOf(4500, 5000, bands), "优");  // 90% of a 50-point total
  auto custom = ParseGradeBands("A:85,B:70,C:0");
  ASSERT_THAT(custom, IsOk());
  EXPECT_EQ(GradeOf(8500, 10000, *custom), "A");
  EXPECT_THAT(ParseGradeBands("优:90,良:95,差:0"), Not(IsOk()));
  EXPECT_THAT(ParseGradeBands("优:90,良:80"), Not(IsOk()));
  EXPECT_THAT(ParseGradeBands("优=90"), Not(IsOk()));
}

TEST(Scoring, AWholeFrameworkAddsUp) {
  const auto framework =
      test_support::BuiltInFramework("caiyu-2020-10-project.json");
  std::vector<ipb::IndicatorValue> values;
  auto exec = Actual("90");
  exec.set_indicator_id("1");
  values.push_back(exec);
  for (const char* id : {"2.1", "2.2", "2.3", "4.1"}) {
    auto v = Actual("100");
    v.set_indicator_id(id);
    v.mutable_target()->set_comparator(ipb::AT_LEAST);
    v.mutable_target()->set_value("100");
    values.push_back(v);
  }
  auto cost = Actual("125");
  cost.set_indicator_id("2.4");
  cost.mutable_target()->set_comparator(ipb::AT_MOST);
  cost.mutable_target()->set_value("100");
  values.push_back(cost);
  for (const char* id : {"3.2", "3.4"}) {
    auto v = Json<ipb::IndicatorValue>(
        R"({"actual": {"tier": "达成年度指标", "share": "100"}})");
    v.set_indicator_id(id);
    values.push_back(v);
  }
  auto na = Json<ipb::IndicatorValue>(
      R"({"indicatorId": "3.1", "actual": {"notApplicable": true}})");
  values.push_back(na);
  // 3.3 生态效益 left out: NA_FULL with missing = NOT_APPLICABLE ⇒ full,
  // listed.
  const Scored scored =
      Score(framework, {values.begin(), values.end()}, DefaultGradeBands());
  // 执行 9 + 产出 (15 + 15 + 10 + 8) + 效益 30 + 满意度 10 = 97
  EXPECT_EQ(scored.total, 9700);
  EXPECT_EQ(scored.grade, "优");
  EXPECT_TRUE(scored.complete);
  ASSERT_EQ(scored.missing.size(), 1u);
  EXPECT_THAT(scored.missing[0], HasSubstr("3.3"));
  EXPECT_EQ(scored.indicators[0].score(), "9");
  for (const auto& i : scored.indicators) {
    if (i.id() == "2") {
      EXPECT_EQ(i.score(), "48");
    }
    if (i.id() == "3") {
      EXPECT_EQ(i.score(), "30");
    }
  }
}

}  // namespace
}  // namespace jixiao::evaluation

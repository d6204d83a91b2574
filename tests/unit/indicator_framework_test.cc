#include <fstream>
#include <sstream>

#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "services/indicator/domain/framework.h"
#include "tests/support/status_matchers.h"

namespace jixiao::indicator {
namespace {

using ::jixiao::test_support::IsOk;
using ::jixiao::test_support::StatusIs;
using ::testing::Not;

using ::testing::HasSubstr;
using ::testing::StartsWith;

pb::Framework Parse(const std::string& json) {
  pb::Framework f;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(json, &f).ok())
      << json;
  return f;
}

// A small valid framework: 投入 40 (one leaf) and 产出 60 (two leaves).
pb::Framework Small() {
  return Parse(R"({"id": "small", "name": "小框架", "regionCode": "430725",
    "year": 2019, "nodes": [
      {"id": "1", "name": "投入", "weight": "40"},
      {"id": "1.1", "parentId": "1", "name": "在职人员控制率", "weight": "40",
       "unit": "%", "source": "DERIVED", "formulaId": "staff_control",
       "rule": {"type": "CAP_DEDUCT_PER_POINT", "limit": "100", "beyond": "ABOVE",
                "deductPerPoint": "0.5"}},
      {"id": "2", "name": "产出", "weight": "60"},
      {"id": "2.1", "parentId": "2", "name": "实际完成率", "weight": "30.5",
       "unit": "%", "rule": {"type": "PROPORTIONAL", "direction": "POSITIVE"}},
      {"id": "2.2", "parentId": "2", "name": "社会效益", "weight": "29.5",
       "rule": {"type": "QUALITATIVE_TIERS", "tiers": [
         {"name": "达成", "minShare": "80", "maxShare": "100"},
         {"name": "部分达成", "minShare": "60", "maxShare": "80"},
         {"name": "未达成", "minShare": "0", "maxShare": "60"}]}}]})");
}

std::string ErrorOf(pb::Framework f) {
  const absl::Status s = NormalizeFramework(&f);
  EXPECT_THAT(s, Not(IsOk()));
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kInvalidArgument));
  return std::string(s.message());
}

TEST(Framework, NormalizeSetsLevelsAndTotal) {
  pb::Framework f = Small();
  f.set_version(9);
  ASSERT_THAT(NormalizeFramework(&f), IsOk());
  EXPECT_EQ(f.total(), "100");
  EXPECT_FALSE(f.has_version());
  EXPECT_EQ(FindNode(f, "1")->level(), 1);
  EXPECT_EQ(FindNode(f, "2.2")->level(), 2);
  EXPECT_EQ(FindNode(f, "2.1")->source(), pb::ENTERED);  // the default
  EXPECT_EQ(KindOf(*FindNode(f, "2.2")), ValueKind::kTier);
}

TEST(Framework, WeightsMustAddUp) {
  pb::Framework f = Small();
  f.mutable_nodes(3)->set_weight("30");  // 2.1: 30 + 29.5 ≠ 60
  EXPECT_THAT(ErrorOf(f), StartsWith("framework.nodes[2].weight: is 60 but its "
                                     "children's weights sum to 59.5"));
  f = Small();
  f.set_total("90");
  EXPECT_THAT(ErrorOf(f),
              HasSubstr("一级 weights sum to 100, not the total 90"));
  f = Small();
  f.mutable_nodes(1)->set_weight("-1");
  EXPECT_THAT(ErrorOf(f), StartsWith("framework.nodes[1].weight"));
  f = Small();
  f.mutable_nodes(1)->set_weight("4.005");
  EXPECT_THAT(ErrorOf(f), StartsWith("framework.nodes[1].weight"));
}

TEST(Framework, TreeShape) {
  pb::Framework f = Small();
  f.mutable_nodes(4)->set_id("2.1");
  EXPECT_THAT(ErrorOf(f),
              StartsWith("framework.nodes[4].id: \"2.1\" appears twice"));
  f = Small();
  f.mutable_nodes(3)->set_parent_id("9");
  EXPECT_THAT(ErrorOf(f),
              StartsWith("framework.nodes[3].parent_id: no indicator"));
  f = Small();
  f.mutable_nodes(0)->set_parent_id("1.1");  // 1 → 1.1 → 1
  EXPECT_THAT(ErrorOf(f), HasSubstr("comes back"));
  f = Small();  // a fourth level
  auto* deep = f.add_nodes();
  deep->set_id("2.2.1.1");
  deep->set_parent_id("2.2.1");
  deep->set_name("第四级");
  deep->set_weight("29.5");
  auto* mid = f.add_nodes();
  mid->set_id("2.2.1");
  mid->set_parent_id("2.2");
  mid->set_name("第三级");
  mid->set_weight("29.5");
  EXPECT_THAT(ErrorOf(f), HasSubstr("deeper"));
  f = Small();
  f.clear_nodes();
  EXPECT_THAT(ErrorOf(f), StartsWith("framework.nodes: needs indicators"));
}

TEST(Framework, RulesAndTheirParameters) {
  pb::Framework f = Small();
  f.mutable_nodes(1)->clear_rule();
  EXPECT_THAT(ErrorOf(f), StartsWith("framework.nodes[1].rule: a leaf needs"));
  f = Small();
  f.mutable_nodes(0)->mutable_rule()->set_type(pb::EXEC_RATE);
  EXPECT_THAT(ErrorOf(f), StartsWith("framework.nodes[0].rule: only leaves"));
  f = Small();
  // Under proto2 an unknown enum number never reaches a message (it parses
  // into the unknown fields), so the type the validator sees is unset.
  f.mutable_nodes(1)->mutable_rule()->set_type(pb::RULE_TYPE_UNSPECIFIED);
  EXPECT_THAT(ErrorOf(f), StartsWith("framework.nodes[1].rule.type"));
  f = Small();
  f.mutable_nodes(1)->mutable_rule()->set_deduct_per_point("0");
  EXPECT_THAT(
      ErrorOf(f),
      StartsWith(
          "framework.nodes[1].rule.deduct_per_point: must be more than 0"));
  f = Small();
  f.mutable_nodes(1)->mutable_rule()->clear_beyond();
  EXPECT_THAT(ErrorOf(f), StartsWith("framework.nodes[1].rule.beyond"));
  f = Small();
  f.mutable_nodes(4)->mutable_rule()->mutable_tiers(1)->set_max_share("85");
  EXPECT_THAT(ErrorOf(f),
              StartsWith("framework.nodes[4].rule.tiers: tiers overlap"));
  f = Small();
  auto* banded = f.mutable_nodes(3)->mutable_rule();
  banded->Clear();
  banded->set_type(pb::BANDED);
  auto* b1 = banded->add_bands();
  b1->set_upper("10");
  b1->set_score("30.5");
  auto* b2 = banded->add_bands();
  b2->set_upper("5");
  b2->set_score("10");
  EXPECT_THAT(
      ErrorOf(f),
      StartsWith("framework.nodes[3].rule.bands[1].upper: bands must rise"));
  b2->set_upper("20");
  b2->set_score("31");
  EXPECT_THAT(ErrorOf(f), StartsWith("framework.nodes[3].rule.bands[1].score"));
  f = Small();
  auto* step = f.mutable_nodes(3)->mutable_rule();
  step->Clear();
  step->set_type(pb::STEP_DEDUCT_BELOW);
  step->set_limit("100");
  step->set_step("5");
  step->set_deduct_per_step("2");
  EXPECT_THAT(ErrorOf(f), StartsWith("framework.nodes[3].rule.rounding"));
  f = Small();
  auto* na = f.mutable_nodes(3)->mutable_rule();
  na->Clear();
  na->set_type(pb::NA_FULL);
  EXPECT_THAT(ErrorOf(f),
              StartsWith("framework.nodes[3].rule.when_applicable"));
  f = Small();
  auto* checklist = f.mutable_nodes(3)->mutable_rule();
  checklist->Clear();
  checklist->set_type(pb::CHECKLIST);
  checklist->set_deduct_per_missing("1");
  EXPECT_THAT(ErrorOf(f), StartsWith("framework.nodes[3].rule.items"));
}

TEST(Framework, DerivedIndicatorsNameABudgetRateInPercent) {
  pb::Framework f = Small();
  f.mutable_nodes(1)->set_formula_id("staff_happiness");
  EXPECT_THAT(ErrorOf(f), StartsWith("framework.nodes[1].formula_id"));
  f = Small();
  f.mutable_nodes(1)->set_unit("人");
  EXPECT_THAT(ErrorOf(f),
              StartsWith("framework.nodes[1].unit: a derived rate is in %"));
  f = Small();
  f.mutable_nodes(3)->set_formula_id("staff_control");  // entered
  EXPECT_THAT(ErrorOf(f), StartsWith("framework.nodes[3].formula_id"));
  for (const char* id : {"staff_control", "budget_completion_hunan",
                         "execution_rate", "key_spending_share"}) {
    EXPECT_TRUE(IsDerivableFormula(id)) << id;
  }
}

}  // namespace
}  // namespace jixiao::indicator

namespace jixiao::indicator {
namespace {

// The example of docs/frameworks.md is a valid framework.
TEST(Framework, TheDocumentedExampleIsValid) {
  std::ifstream in(std::string(JIXIAO_SOURCE_DIR) + "/docs/frameworks.md");
  std::stringstream text;
  text << in.rdbuf();
  const std::string doc = text.str();
  const size_t start = doc.find("```json\n");
  ASSERT_NE(start, std::string::npos);
  const size_t end = doc.find("```", start + 8);
  pb::Framework f = Parse(doc.substr(start + 8, end - start - 8));
  const absl::Status status = NormalizeFramework(&f);
  EXPECT_THAT(status, IsOk()) << status;
  EXPECT_EQ(Leaves(f).size(), 5u);
}

}  // namespace
}  // namespace jixiao::indicator

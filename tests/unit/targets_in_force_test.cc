// The year-end evaluation's targets from the declared performance targets
// (services/indicator/domain/targets_in_force.h), on the Hunan framework.
#include "services/indicator/domain/targets_in_force.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/indicator/domain/framework.h"
#include "tests/support/frameworks.h"
#include "tests/support/status_matchers.h"

namespace jixiao::indicator {
namespace {

using ::jixiao::test_support::IsOk;
using ::jixiao::test_support::StatusIs;

using ::testing::HasSubstr;

const pb::Framework& Hunan() {
  static const pb::Framework f =
      test_support::BuiltInFramework("hunan-county-department-2019.json");
  return f;
}

// An evaluation with a typed target on 3.1.1 and 4.1.2, one value a leaf.
pb::Evaluation Typed() {
  pb::Evaluation e;
  e.set_status(pb::DRAFT);
  for (const pb::Node* leaf : Leaves(Hunan())) {
    pb::IndicatorValue* v = e.add_values();
    v->set_indicator_id(leaf->id());
    if (leaf->id() == "3.1.1" || leaf->id() == "4.1.2") {
      v->mutable_target()->set_comparator(pb::AT_LEAST);
      v->mutable_target()->set_value("100");
      v->mutable_target()->set_unit("%");
    }
  }
  return e;
}

const pb::IndicatorValue& ValueOf(const pb::Evaluation& e,
                                  const std::string& id) {
  for (const auto& v : e.values()) {
    if (v.indicator_id() == id) return v;
  }
  static const pb::IndicatorValue none;
  return none;
}

pb::TargetSet InForce() {
  pb::TargetSet t;
  t.set_version(3);
  t.set_status(pb::TARGET_APPROVED);
  pb::TargetIndicator* rate = t.add_indicators();
  rate->set_id("d4");
  rate->set_comparator(pb::AT_LEAST);
  rate->set_value("95");
  rate->set_unit("%");
  rate->set_framework_indicator_id("3.1.1");
  pb::TargetIndicator* count = t.add_indicators();
  count->set_id("d5");
  count->set_comparator(pb::AT_LEAST);
  count->set_value("12");
  count->set_unit("个");  // 3.1.3 is measured in %: cannot be its target
  count->set_framework_indicator_id("3.1.3");
  return t;
}

TEST(TargetsInForce, NoneDeclaredKeepsTheTypedTargets) {
  pb::Evaluation e = Typed();
  ApplyDeclaredTargets({}, Hunan(), &e);
  EXPECT_EQ(ValueOf(e, "3.1.1").target().value(), "100");
  EXPECT_EQ(e.targets_version(), 0);
  EXPECT_THAT(CheckTypedTarget("values[0].target", {}), IsOk());
}

TEST(TargetsInForce, LinkedLeavesTakeTheApprovedTargetOthersNone) {
  const pb::TargetSet approved = InForce();
  pb::Evaluation e = Typed();
  ApplyDeclaredTargets({4, &approved}, Hunan(), &e);
  EXPECT_EQ(e.targets_version(), 4);
  EXPECT_EQ(e.targets_in_force(), 3);
  const pb::IndicatorValue& linked = ValueOf(e, "3.1.1");
  EXPECT_EQ(linked.target().value(), "95");
  EXPECT_EQ(linked.target_origin().target_indicator_id(), "d4");
  EXPECT_EQ(linked.target_origin().targets_version(), 3);
  EXPECT_FALSE(ValueOf(e, "4.1.2").has_target());  // typed, not linked
  const pb::IndicatorValue& misfit = ValueOf(e, "3.1.3");
  EXPECT_FALSE(misfit.has_target());
  EXPECT_THAT(misfit.target_origin().problem(), HasSubstr("\"个\""));
  EXPECT_THAT(
      std::string(
          CheckTypedTarget("values[2].target", {4, &approved}).message()),
      HasSubstr("values[2].target: comes from the approved performance "
                "targets (绩效目标, version 3)"));
}

TEST(TargetsInForce, DeclaredButNotApprovedMeansNoTargets) {
  pb::Evaluation e = Typed();
  ApplyDeclaredTargets({2, nullptr}, Hunan(), &e);
  EXPECT_FALSE(ValueOf(e, "3.1.1").has_target());
  EXPECT_EQ(e.targets_in_force(), 0);
  EXPECT_THAT(CheckTypedTarget("values[0].target", {2, nullptr}),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(TargetsInForce, AnApprovedEvaluationIsFrozen) {
  const pb::TargetSet approved = InForce();
  pb::Evaluation e = Typed();
  e.set_status(pb::APPROVED);
  ApplyDeclaredTargets({4, &approved}, Hunan(), &e);
  EXPECT_EQ(ValueOf(e, "3.1.1").target().value(), "100");
  EXPECT_EQ(e.targets_in_force(), 0);  // typed before any were declared
  pb::Evaluation from_targets = Typed();
  ApplyDeclaredTargets({4, &approved}, Hunan(), &from_targets);
  from_targets.set_status(pb::APPROVED);
  ApplyDeclaredTargets({}, Hunan(), &from_targets);
  EXPECT_EQ(from_targets.targets_in_force(), 3);
  EXPECT_EQ(ValueOf(from_targets, "3.1.1").target().value(), "95");
}

}  // namespace
}  // namespace jixiao::indicator

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/indicator/domain/framework.h"
#include "services/indicator/domain/values.h"
#include "services/indicator/domain/workflow.h"
#include "tests/support/frameworks.h"
#include "tests/support/status_matchers.h"

namespace jixiao::indicator {
namespace {

using ::jixiao::test_support::StatusIs;

using ::testing::HasSubstr;
using ::testing::StartsWith;

const pb::Framework& Hunan() {
  static const pb::Framework f =
      test_support::BuiltInFramework("hunan-county-department-2019.json");
  return f;
}

pb::IndicatorValue Number(const std::string& id, const std::string& value,
                          const std::string& unit = "%") {
  pb::IndicatorValue v;
  v.set_indicator_id(id);
  v.mutable_actual()->set_value(value);
  v.mutable_actual()->set_unit(unit);
  return v;
}

std::string Check(const std::string& id, pb::IndicatorValue v) {
  return std::string(
      ValidateEnteredValue("values[0]", *FindNode(Hunan(), id), &v).message());
}

TEST(Values, NumbersWithTheirUnit) {
  pb::IndicatorValue v = Number("3.1.1", "98.5");
  EXPECT_TRUE(
      ValidateEnteredValue("values[0]", *FindNode(Hunan(), "3.1.1"), &v).ok());
  EXPECT_EQ(v.source(), pb::ENTERED);
  EXPECT_THAT(Check("3.1.1", Number("3.1.1", "98.5", "个")),
              StartsWith("values[0].actual.unit: the unit is \"个\""));
  EXPECT_THAT(Check("3.1.1", Number("3.1.1", "-1")),
              StartsWith("values[0].actual.value: must not be below 0"));
  EXPECT_THAT(Check("3.1.1", Number("3.1.1", "abc")),
              StartsWith("values[0].actual.value"));
}

TEST(Values, KindsMustMatch) {
  pb::IndicatorValue tier_on_number;
  tier_on_number.set_indicator_id("3.1.1");
  tier_on_number.mutable_actual()->set_tier("达成年度指标");
  EXPECT_THAT(
      Check("3.1.1", tier_on_number),
      StartsWith(
          "values[0].actual.tier: indicator 3.1.1 实际完成率 takes a number"));
  // 社会效益 is judged in tiers: a number where a tier is due is refused.
  EXPECT_THAT(Check("4.1.1", Number("4.1.1", "90", "")),
              StartsWith("values[0].actual.value"));
  pb::IndicatorValue tier;
  tier.set_indicator_id("4.1.1");
  tier.mutable_actual()->set_tier("达成年度指标");
  tier.mutable_actual()->set_share("95");
  EXPECT_EQ(Check("4.1.1", tier), "");
  tier.mutable_actual()->set_share("70");
  EXPECT_THAT(Check("4.1.1", tier),
              StartsWith("values[0].actual.share: must lie within"));
  tier.mutable_actual()->set_tier("优秀");
  EXPECT_THAT(Check("4.1.1", tier),
              StartsWith("values[0].actual.tier: \"优秀\" is not a tier"));
}

TEST(Values, ChecklistsAndNotApplicable) {
  pb::IndicatorValue items;
  items.set_indicator_id("2.2.3");
  items.mutable_actual()->add_items_met("按规定内容公开预决算信息");
  EXPECT_EQ(Check("2.2.3", items), "");
  items.mutable_actual()->add_items_met("按时吃饭");
  EXPECT_THAT(Check("2.2.3", items),
              StartsWith("values[0].actual.items_met[1]"));
  pb::IndicatorValue na;
  na.set_indicator_id("2.1.3");  // 楼堂馆所: not applicable means full
  na.mutable_actual()->set_not_applicable(true);
  EXPECT_EQ(Check("2.1.3", na), "");
  na.set_indicator_id("3.1.1");
  EXPECT_THAT(Check("3.1.1", na),
              StartsWith("values[0].actual.not_applicable"));
}

TEST(Values, DerivedTakeTargetsNotActuals) {
  EXPECT_THAT(
      Check("1.1.1", Number("1.1.1", "93")),
      StartsWith(
          "values[0].actual: indicator 1.1.1 在职人员控制率 is derived"));
  pb::IndicatorValue target;
  target.set_indicator_id("1.1.1");
  target.mutable_target()->set_comparator(pb::AT_MOST);
  target.mutable_target()->set_value("100");
  target.mutable_target()->set_unit("%");
  target.set_evidence("机构编制部门核定编制408人");
  EXPECT_EQ(Check("1.1.1", target), "");
  target.mutable_target()->set_comparator(pb::QUALITATIVE);
  EXPECT_THAT(Check("1.1.1", target), StartsWith("values[0].target.value"));
  // 三公变动率 may fall below 0.
  pb::IndicatorValue negative_target;
  negative_target.mutable_target()->set_comparator(pb::AT_MOST);
  negative_target.mutable_target()->set_value("-5");
  negative_target.mutable_target()->set_unit("%");
  EXPECT_EQ(Check("1.1.2", negative_target), "");
}

TEST(Values, SelfScoreWithinTheWeight) {
  pb::IndicatorValue v = Number("3.1.1", "100");
  v.set_self_score("5");
  EXPECT_EQ(Check("3.1.1", v), "");
  v.set_self_score("5.01");
  EXPECT_THAT(Check("3.1.1", v),
              StartsWith("values[0].self_score: must be between 0 and 5"));
}

pb::Actor Actor(pb::Role role, const std::string& department = "") {
  pb::Actor a;
  a.set_subject("someone");
  a.set_role(role);
  if (!department.empty()) a.set_department_code(department);
  return a;
}

TEST(Workflow, TheDepartmentFillsAndSubmitsTheFinanceBureauDecides) {
  const auto dept = Actor(pb::DEPARTMENT, "psb");
  const auto finance = Actor(pb::FINANCE);
  EXPECT_EQ(*Transition(pb::DRAFT, Action::kEdit, dept, "psb"), pb::DRAFT);
  EXPECT_EQ(*Transition(pb::DRAFT, Action::kSubmit, dept, "psb"),
            pb::SUBMITTED);
  EXPECT_EQ(*Transition(pb::SUBMITTED, Action::kReturn, finance, "psb"),
            pb::RETURNED);
  EXPECT_EQ(*Transition(pb::RETURNED, Action::kEdit, dept, "psb"),
            pb::RETURNED);
  EXPECT_EQ(*Transition(pb::RETURNED, Action::kSubmit, dept, "psb"),
            pb::SUBMITTED);
  EXPECT_EQ(*Transition(pb::SUBMITTED, Action::kApprove, finance, "psb"),
            pb::APPROVED);
  EXPECT_EQ(
      *Transition(pb::SUBMITTED, Action::kApprove, Actor(pb::ADMIN), "psb"),
      pb::APPROVED);
}

TEST(Workflow, RefusalsSayWhy) {
  const auto dept = Actor(pb::DEPARTMENT, "psb");
  const auto finance = Actor(pb::FINANCE);
  auto frozen = Transition(pb::APPROVED, Action::kEdit, dept, "psb");
  EXPECT_THAT(frozen.status(), StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(std::string(frozen.status().message()), HasSubstr("frozen"));
  EXPECT_THAT(Transition(pb::SUBMITTED, Action::kEdit, dept, "psb").status(),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(Transition(pb::DRAFT, Action::kApprove, finance, "psb").status(),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(Transition(pb::SUBMITTED, Action::kApprove, dept, "psb").status(),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(Transition(pb::DRAFT, Action::kEdit, finance, "psb").status(),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(Transition(pb::DRAFT, Action::kEdit,
                         Actor(pb::DEPARTMENT, "other"), "psb")
                  .status(),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(
      std::string(
          ValidateActor("actor", Actor(pb::ROLE_UNSPECIFIED)).message()),
      StartsWith("actor.role"));
  EXPECT_THAT(
      std::string(ValidateActor("actor", Actor(pb::DEPARTMENT)).message()),
      StartsWith("actor.department_code"));
}

}  // namespace
}  // namespace jixiao::indicator

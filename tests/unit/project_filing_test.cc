// Project self-evaluation filings' domain
// (services/indicator/domain/project_filing.cc): a filing's shape, and the
// filing against its project's approved targets, each refusal naming its
// field.
#include "services/indicator/domain/project_filing.h"

#include <string>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/status_matchers.h"

namespace jixiao::indicator {
namespace {

using ::jixiao::test_support::IsOk;
using ::jixiao::test_support::StatusIs;

using ::testing::HasSubstr;
using ::testing::StartsWith;

void AddIndicator(pb::ProjectTarget* p, const std::string& id,
                  const std::string& level1, pb::Comparator comparator,
                  const std::string& value, const std::string& unit) {
  pb::TargetIndicator* i = p->add_indicators();
  i->set_id(id);
  i->set_level1(level1);
  i->set_level2("数量指标");
  i->set_name("指标" + id);
  i->set_comparator(comparator);
  i->set_value(value);
  i->set_unit(unit);
}

// P001: 养护里程 ≥ 120 公里, 单价 ≤ 5 万元 (成本 under 产出 for weights),
// 通行条件 定性, 满意度 ≥ 90%.
pb::ProjectTarget Project() {
  pb::ProjectTarget p;
  p.set_project_code("P001");
  AddIndicator(&p, "P001-1", "产出指标", pb::AT_LEAST, "120", "公里");
  AddIndicator(&p, "P001-2", "成本指标", pb::AT_MOST, "5", "万元");
  AddIndicator(&p, "P001-3", "效益指标", pb::QUALITATIVE, "明显改善", "");
  AddIndicator(&p, "P001-4", "满意度指标", pb::AT_LEAST, "90", "%");
  return p;
}

pb::ProjectFiling Filing() {
  pb::ProjectFiling f;
  f.mutable_key()->set_region_code("430725");
  f.mutable_key()->set_department_code("jtj");
  f.mutable_key()->set_year(2024);
  f.mutable_key()->set_project_code("P001");
  f.set_achieved_summary("完成养护 126 公里。");
  pb::ActualValue* a = f.add_actuals();
  a->set_indicator_id("P001-1");
  a->set_value("126");
  a = f.add_actuals();
  a->set_indicator_id("P001-2");
  a->set_value("4.8");
  a = f.add_actuals();
  a->set_indicator_id("P001-3");
  a->set_achievement(pb::ACHIEVED);
  a->set_percent_of_weight("90");
  a = f.add_actuals();
  a->set_indicator_id("P001-4");
  a->set_value("95.5");
  return f;
}

// The field a refusal names: its message up to the first ':'.
std::string FieldOf(const absl::Status& status) {
  const std::string message(status.message());
  return message.substr(0, message.find(':'));
}

absl::Status Check(const pb::ProjectFiling& f) {
  if (absl::Status s = ValidateFilingShape(f); !s.ok()) return s;
  return CheckAgainstTargets(f, Project());
}

TEST(ProjectFilingTest, AFilingThatMeetsItsTargetsPasses) {
  EXPECT_TRUE(Check(Filing()).ok()) << Check(Filing());
  EXPECT_TRUE(CheckComplete(Filing(), Project()).ok());
}

TEST(ProjectFilingTest, TheShapeIsCheckedFieldByField) {
  const struct {
    void (*change)(pb::ProjectFiling&);
    std::string field;
  } cases[] = {
      {[](pb::ProjectFiling& f) { f.mutable_key()->set_project_code(""); },
       "filing.key.project_code"},
      {[](pb::ProjectFiling& f) { f.mutable_key()->set_year(1999); },
       "filing.key.year"},
      {[](pb::ProjectFiling& f) {
         f.set_achieved_summary(std::string(2001, 'x'));
       },
       "filing.achieved_summary"},
      {[](pb::ProjectFiling& f) { f.mutable_actuals(1)->set_value("4,8"); },
       "filing.actuals[1].value"},
      {[](pb::ProjectFiling& f) { f.mutable_actuals(0)->set_value("1.23456"); },
       "filing.actuals[0].value"},
      {[](pb::ProjectFiling& f) {
         f.mutable_actuals(2)->set_percent_of_weight("79.99");
       },
       "filing.actuals[2].percent_of_weight"},
      {[](pb::ProjectFiling& f) {
         f.mutable_actuals(2)->set_percent_of_weight("100.5");
       },
       "filing.actuals[2].percent_of_weight"},
      {[](pb::ProjectFiling& f) { f.mutable_actuals(0)->set_weight("-1"); },
       "filing.actuals[0].weight"},
      {[](pb::ProjectFiling& f) {
         f.mutable_actuals(0)->set_deviation_reason(std::string(1001, 'x'));
       },
       "filing.actuals[0].deviation_reason"},
      {[](pb::ProjectFiling& f) {
         f.mutable_actuals(0)->set_evidence_note("a\x01b");
       },
       "filing.actuals[0].evidence_note"},
      {[](pb::ProjectFiling& f) { f.set_self_score("100.01"); },
       "filing.self_score"},
      {[](pb::ProjectFiling& f) { f.set_self_score("92.555"); },
       "filing.self_score"},
      {[](pb::ProjectFiling& f) { f.set_scheme_id("CZ2020"); },
       "filing.scheme_id"},
      {[](pb::ProjectFiling& f) { f.set_scheme_id(std::string(41, 'a')); },
       "filing.scheme_id"},
      {[](pb::ProjectFiling& f) {
         for (int i = 0; i < 200; ++i) f.add_actuals()->set_indicator_id("x");
       },
       "filing.actuals"},
  };
  for (const auto& c : cases) {
    pb::ProjectFiling f = Filing();
    c.change(f);
    const absl::Status s = ValidateFilingShape(f);
    EXPECT_THAT(s, StatusIs(absl::StatusCode::kInvalidArgument)) << c.field;
    EXPECT_EQ(FieldOf(s), c.field) << s;
  }
  pb::ProjectFiling f = Filing();
  f.set_self_score("92.5");
  f.set_scheme_id("sichuan_qingshen_2023");
  EXPECT_THAT(ValidateFilingShape(f), IsOk());
}

TEST(ProjectFilingTest, TheBandsOfTheLevels) {
  for (const auto& [level, percent, ok] :
       {std::tuple{pb::ACHIEVED, "80", true},
        std::tuple{pb::ACHIEVED, "100", true},
        std::tuple{pb::ACHIEVED, "79.99", false},
        std::tuple{pb::PARTLY_ACHIEVED, "60", true},
        std::tuple{pb::PARTLY_ACHIEVED, "79.99", true},
        std::tuple{pb::PARTLY_ACHIEVED, "80", false},
        std::tuple{pb::NOT_ACHIEVED, "0", true},
        std::tuple{pb::NOT_ACHIEVED, "59.99", true},
        std::tuple{pb::NOT_ACHIEVED, "60", false}}) {
    pb::ProjectFiling f = Filing();
    pb::ActualValue* a = f.mutable_actuals(2);
    a->set_achievement(level);
    a->set_percent_of_weight(percent);
    a->set_deviation_reason("经费晚到");
    a->set_improvement("提前申请");
    EXPECT_EQ(Check(f).ok(), ok) << AchievementName(level) << " " << percent;
    if (!ok) {
      EXPECT_EQ(FieldOf(Check(f)), "filing.actuals[2].percent_of_weight");
    }
  }
}

TEST(ProjectFilingTest, ActualsMatchTheProjectsIndicators) {
  pb::ProjectFiling f = Filing();
  f.mutable_actuals(1)->set_indicator_id("P002-1");
  EXPECT_EQ(FieldOf(Check(f)), "filing.actuals[1].indicator_id");
  EXPECT_THAT(std::string(Check(f).message()),
              HasSubstr("not an indicator of P001"));
  f = Filing();
  f.mutable_actuals(1)->set_indicator_id("P001-1");
  EXPECT_THAT(std::string(Check(f).message()),
              StartsWith("filing.actuals[1].indicator_id: \"P001-1\" is "
                         "filed twice"));
  // A measured indicator takes a value, not a level; a 定性 one the
  // reverse.
  f = Filing();
  f.mutable_actuals(0)->clear_value();
  EXPECT_EQ(FieldOf(Check(f)), "filing.actuals[0].value");
  f = Filing();
  f.mutable_actuals(0)->set_achievement(pb::ACHIEVED);
  EXPECT_EQ(FieldOf(Check(f)), "filing.actuals[0].achievement");
  f = Filing();
  f.mutable_actuals(0)->set_percent_of_weight("90");
  EXPECT_EQ(FieldOf(Check(f)), "filing.actuals[0].percent_of_weight");
  f = Filing();
  f.mutable_actuals(2)->set_value("1");
  EXPECT_EQ(FieldOf(Check(f)), "filing.actuals[2].value");
  f = Filing();
  f.mutable_actuals(2)->clear_achievement();
  EXPECT_EQ(FieldOf(Check(f)), "filing.actuals[2].achievement");
  f = Filing();
  f.mutable_actuals(2)->clear_percent_of_weight();
  EXPECT_EQ(FieldOf(Check(f)), "filing.actuals[2].percent_of_weight");
}

TEST(ProjectFilingTest, AMissedTargetNeedsItsReasonAndImprovement) {
  // ≥ 120 with 119.5; ≤ 5 with 5.01; 定性 部分达成; = differing.
  const struct {
    int index;
    std::string value;
    pb::Achievement level;
    std::string percent;
  } misses[] = {{0, "119.5", pb::ACHIEVEMENT_UNSPECIFIED, ""},
                {1, "5.01", pb::ACHIEVEMENT_UNSPECIFIED, ""},
                {2, "", pb::PARTLY_ACHIEVED, "70"},
                {2, "", pb::NOT_ACHIEVED, "30"}};
  for (const auto& m : misses) {
    pb::ProjectFiling f = Filing();
    pb::ActualValue* a = f.mutable_actuals(m.index);
    if (m.value.empty()) {
      a->set_achievement(m.level);
      a->set_percent_of_weight(m.percent);
    } else {
      a->set_value(m.value);
    }
    const std::string at = absl::StrCat("filing.actuals[", m.index, "]");
    EXPECT_EQ(FieldOf(Check(f)), at + ".deviation_reason") << Check(f);
    a->set_deviation_reason("汛期道路损毁，部分路段延后");
    EXPECT_EQ(FieldOf(Check(f)), at + ".improvement") << Check(f);
    a->set_improvement("次年一季度完成剩余路段");
    EXPECT_THAT(Check(f), IsOk()) << Check(f);
  }
  // Met exactly, or beaten: no reason needed.
  pb::ProjectFiling f = Filing();
  f.mutable_actuals(0)->set_value("120");
  f.mutable_actuals(1)->set_value("5");
  EXPECT_THAT(Check(f), IsOk());
  // = must be met exactly.
  pb::ProjectTarget p = Project();
  p.mutable_indicators(0)->set_comparator(pb::EQUAL);
  f = Filing();
  EXPECT_EQ(FieldOf(CheckAgainstTargets(f, p)),
            "filing.actuals[0].deviation_reason");
}

TEST(ProjectFilingTest, WeightsAreGivenForAWholeFirstLevelOrNone) {
  pb::ProjectFiling f = Filing();
  // 产出 and 成本 are weighed together: a weight for one needs the other's.
  f.mutable_actuals(0)->set_weight("30");
  EXPECT_EQ(FieldOf(Check(f)), "filing.actuals[1].weight");
  EXPECT_THAT(std::string(Check(f).message()), HasSubstr("产出指标"));
  f.mutable_actuals(1)->set_weight("20");
  EXPECT_THAT(Check(f), IsOk()) << Check(f);
  // With weights, every indicator of the 一级 must be filed.
  f.mutable_actuals()->DeleteSubrange(1, 1);
  EXPECT_EQ(FieldOf(Check(f)), "filing.actuals");
  EXPECT_THAT(std::string(Check(f).message()), HasSubstr("P001-2"));
  // Without weights, a partial draft is fine; submission wants them all.
  f = Filing();
  f.mutable_actuals()->DeleteSubrange(1, 1);
  EXPECT_THAT(Check(f), IsOk());
  const absl::Status incomplete = CheckComplete(f, Project());
  EXPECT_THAT(incomplete, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(std::string(incomplete.message()),
              StartsWith("filing.actuals: indicator \"P001-2\""));
  f = Filing();
  f.clear_achieved_summary();
  EXPECT_THAT(std::string(CheckComplete(f, Project()).message()),
              StartsWith("filing.achieved_summary"));
}

TEST(ProjectFilingTest, WhatTheServiceSetsIsNotTakenFromTheCaller) {
  pb::ProjectFiling f = Filing();
  f.set_status(pb::APPROVED);
  f.set_version(7);
  f.set_targets_version(3);
  f.set_return_reason("x");
  f.set_changed_by("me");
  f.set_changed_at("now");
  const pb::ProjectFiling content = FiledContent(f);
  EXPECT_FALSE(content.has_status());
  EXPECT_FALSE(content.has_version());
  EXPECT_FALSE(content.has_targets_version());
  EXPECT_FALSE(content.has_return_reason());
  EXPECT_FALSE(content.has_changed_by());
  EXPECT_FALSE(content.has_changed_at());
  EXPECT_EQ(content.actuals_size(), 4);
}

TEST(ProjectFilingTest, FindsTheProjectOfTheTargets) {
  pb::TargetSet set;
  *set.add_projects() = Project();
  set.add_projects()->set_project_code("P002");
  ASSERT_NE(FindProject(set, "P002"), nullptr);
  EXPECT_EQ(FindProject(set, "P002")->project_code(), "P002");
  EXPECT_EQ(FindProject(set, "P003"), nullptr);
}

}  // namespace
}  // namespace jixiao::indicator

// The monitoring filing reader of `jixiao monitoring file`: the indicator
// part of the national 绩效监控表 (merged cells, a project's form, units on
// the values), each kind of bad row with its row and column and nothing
// read, and the demo filing against the demo targets.
#include "tools/jixiao/monitoring_csv.h"

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/status_matchers.h"
#include "tests/support/target_indicator.h"

namespace jixiao::cli {
namespace {

using ::jixiao::test_support::IsOk;

namespace ipb = ::jixiao::indicator::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

using ::jixiao::testing::AddIndicator;

// Approved targets: three department-wide indicators and project P001's.
ipb::TargetSet InForce() {
  ipb::TargetSet set;
  set.mutable_key()->set_region_code("430725");
  set.mutable_key()->set_department_code("taoyuan-psb");
  set.mutable_key()->set_year(2019);
  set.set_tree("pre2021");
  AddIndicator(set.mutable_indicators(), "d1", "产出指标", "数量指标",
               "刑事案件破案数", ipb::AT_LEAST, "300", "件");
  AddIndicator(set.mutable_indicators(), "d2", "效益指标", "社会效益指标",
               "社会治安状况", ipb::QUALITATIVE, "好/较好", "");
  AddIndicator(set.mutable_indicators(), "d3", "满意度指标",
               "服务对象满意度指标", "群众安全感满意度", ipb::AT_LEAST, "90",
               "%");
  ipb::ProjectTarget* p = set.add_projects();
  p->set_project_code("P001");
  p->set_project_name("刑侦办案经费");
  p->mutable_funds()->set_total(300'000'000);
  AddIndicator(p->mutable_indicators(), "P001-1", "产出指标", "数量指标",
               "办案数", ipb::AT_LEAST, "300", "件");
  AddIndicator(p->mutable_indicators(), "P001-2", "成本指标", "经济成本指标",
               "单案经费", ipb::AT_MOST, "1.5", "万元");
  return set;
}

MonitoringFile Read(const std::string& csv,
                    const ipb::TargetSet& in_force = InForce()) {
  auto rows = ReadTable(csv, Encoding::kAuto);
  EXPECT_THAT(rows, IsOk()) << rows.status();
  return ReadMonitoring(*rows, in_force);
}

constexpr char kHeader[] =
    "一级指标,二级指标,三级指标,年度指标值,1-7月执行情况,全年预计完成情况,"
    "完成目标可能性,偏差原因,纠偏措施\n";

TEST(MonitoringCsvTest, ReadsTheDepartmentAndAProjectFormWithMergedCells) {
  const std::string csv =
      std::string(
          "部门整体支出绩效目标执行监控表（2019年1-7月）,,,,,,,,\n"
          "说明,任意说明文字,,,,,,,\n"
          "预算执行情况,全年预算数,300,1-7月执行数,120,,,,\n") +
      kHeader +
      "产出指标,数量指标,刑事案件破案数,≥300件,\"1,150件\",290件,有可能,"
      "人员保障,抽调警力专项攻坚\n"
      "效益指标,社会效益指标,社会治安状况,好/较好,警情下降,较好,确定能,,\n"
      "满意度,服务对象满意度,群众安全感满意度,≥90%,89.5%,91%,确定能,,\n"
      "填报人,张三,,,,,,,\n"
      "项目支出绩效目标执行监控表,,,,,,,,\n"
      "项目名称,刑侦办案经费,项目编码,P001,,,,,\n" +
      kHeader +
      "产出指标,数量指标,办案数,≥300件,160,310,确定能,,\n"
      "成本指标,经济成本指标,单案经费,≤1.5万元,1.2万元,1.6,完全不可能,"
      "经费,压减非必要支出\n";
  const MonitoringFile file = Read(csv);
  ASSERT_THAT(file.errors, IsEmpty());
  const auto& filed = file.filing.indicators();
  ASSERT_THAT(filed, SizeIs(5));
  EXPECT_EQ(filed[0].indicator_id(), "d1");
  EXPECT_EQ(filed[0].value_to_date(), "1150");  // the unit and "," taken off
  EXPECT_EQ(filed[0].forecast(), "290");
  EXPECT_EQ(filed[0].likelihood(), ipb::POSSIBLE);
  EXPECT_EQ(filed[0].deviation_cause(), ipb::STAFFING);
  EXPECT_EQ(filed[0].corrective_measure(), "抽调警力专项攻坚");
  EXPECT_EQ(filed[1].indicator_id(), "d2");
  EXPECT_EQ(filed[1].value_to_date(), "警情下降");  // 定性: words
  EXPECT_FALSE(filed[1].has_deviation_cause());
  EXPECT_EQ(filed[2].indicator_id(), "d3");
  EXPECT_EQ(filed[2].value_to_date(), "89.5");
  EXPECT_EQ(filed[3].indicator_id(), "P001-1");
  EXPECT_EQ(filed[4].indicator_id(), "P001-2");
  EXPECT_EQ(filed[4].forecast(), "1.6");
  EXPECT_EQ(filed[4].likelihood(), ipb::IMPOSSIBLE);
  EXPECT_EQ(filed[4].deviation_cause(), ipb::FUNDING);
}

TEST(MonitoringCsvTest, EveryBadRowNamesItsRowAndColumnAndNothingIsRead) {
  const std::string csv =
      std::string(kHeader) +
      // row 2: not an indicator of the targets
      "产出指标,数量指标,刑事案件侦破数,≥300件,150,300,确定能,,\n"
      // row 3: the likelihood and the cause
      ",,刑事案件破案数,≥300件,150,300,基本能,天气,加强巡防\n"
      // row 4: a quantitative forecast in words
      "满意度指标,服务对象满意度指标,群众安全感满意度,≥90%,89,较高,确定能,,\n"
      // row 5: filed twice
      ",,群众安全感满意度,≥90%,89,91,确定能,,\n"
      // row 6: a 年度指标值 that is not the target in force
      "效益指标,社会效益指标,社会治安状况,明显好转,平稳,较好,有可能,,"
      "加强巡防\n";
  const MonitoringFile file = Read(csv);
  EXPECT_THAT(file.filing.indicators(), IsEmpty());
  EXPECT_THAT(
      file.errors,
      ElementsAre(
          HasSubstr("row 2, column 三级指标: '刑事案件侦破数' is not an "
                    "indicator of the department-wide targets in force"),
          "row 3, column 完成目标可能性: '基本能' is not 确定能, 有可能 or "
          "完全不可能",
          HasSubstr("row 3, column 偏差原因: '天气' is not 经费保障"),
          HasSubstr("row 4, column 全年预计完成情况: \"较高\" is not a "
                    "decimal"),
          "row 5, column 三级指标: '群众安全感满意度' is filed twice (also "
          "row 4)",
          "row 6, column 年度指标值: '明显好转' is not the target in force "
          "(好/较好)"));
}

TEST(MonitoringCsvTest, ADeviationNeedsItsCauseAndMeasureAsTheServiceSays) {
  const MonitoringFile file =
      Read(std::string(kHeader) +
           "效益指标,社会效益指标,社会治安状况,好/较好,平稳,一般,"
           "完全不可能,,加强巡防\n"
           "满意度指标,服务对象满意度指标,群众安全感满意度,≥90%,85,88,"
           "有可能,人员保障,\n");
  EXPECT_THAT(file.errors,
              ElementsAre(HasSubstr("row 2, column 偏差原因: a target not "
                                    "certain to be met needs its cause"),
                          HasSubstr("row 3, column 纠偏措施: a target not "
                                    "certain to be met needs its 纠偏措施")));
}

TEST(MonitoringCsvTest, AProjectOrAColumnTheTargetsDoNotHaveIsRefused) {
  const MonitoringFile unknown =
      Read(std::string("项目支出绩效目标执行监控表\n"
                       "项目名称,办案经费,项目编码,P009\n") +
           kHeader + "产出指标,数量指标,办案数,≥300件,160,310,确定能,,\n");
  EXPECT_THAT(unknown.errors,
              ElementsAre("row 2, column 项目编码: 'P009' is not a project "
                          "of the targets in force (P001)"));
  const MonitoringFile no_likelihood = Read(
      "一级指标,二级指标,三级指标,1-7月执行情况,全年预计完成情况\n"
      "产出指标,数量指标,刑事案件破案数,150,300\n");
  EXPECT_THAT(no_likelihood.errors,
              ::testing::Contains("row 1: the header names no 完成目标可能性 "
                                  "column"));
  EXPECT_THAT(Read("刑事案件破案数,150,300\n").errors,
              ElementsAre(HasSubstr("the file has no indicator table")));
  // A department-wide form does not take a project's labels.
  EXPECT_THAT(Read(std::string("项目名称,刑侦办案经费\n") + kHeader).errors,
              ElementsAre(HasSubstr("row 1, column 项目名称: belongs to a "
                                    "project's form")));
}

TEST(MonitoringCsvTest, TwoIndicatorsOfOneNameNeedTheNumberColumn) {
  ipb::TargetSet set = InForce();
  AddIndicator(set.mutable_indicators(), "d4", "满意度指标",
               "服务对象满意度指标", "群众安全感满意度", ipb::AT_LEAST, "85",
               "%");
  const std::string row =
      "满意度指标,服务对象满意度指标,群众安全感满意度,,89,91,确定能,,";
  EXPECT_THAT(
      Read(std::string(kHeader) + row + "\n", set).errors,
      ElementsAre(HasSubstr("row 2, column 三级指标: "
                            "'群众安全感满意度' names 2 indicators of "
                            "the targets (d3, d4): add a 编号 column")));
  const MonitoringFile numbered =
      Read(std::string("编号,") + kHeader + "d4," + row + "\n", set);
  ASSERT_THAT(numbered.errors, IsEmpty());
  EXPECT_EQ(numbered.filing.indicators(0).indicator_id(), "d4");
  EXPECT_THAT(
      Read(std::string("编号,") + kHeader + "d9," + row + "\n", set).errors,
      ElementsAre("row 2, column 编号: 'd9' is not an indicator of "
                  "the department-wide targets in force"));
}

TEST(MonitoringCsvTest, LikelihoodsAndCausesAsTheNationalTemplateSpellsThem) {
  EXPECT_EQ(ParseLikelihood("确定能"), ipb::CERTAIN);
  EXPECT_EQ(ParseLikelihood(" 有可能 "), ipb::POSSIBLE);
  EXPECT_EQ(ParseLikelihood("完全不可能"), ipb::IMPOSSIBLE);
  EXPECT_EQ(ParseLikelihood("不可能"), std::nullopt);
  EXPECT_EQ(ParseDeviationCause("经费保障"), ipb::FUNDING);
  EXPECT_EQ(ParseDeviationCause("制度保障"), ipb::POLICY);
  EXPECT_EQ(ParseDeviationCause("人员保障"), ipb::STAFFING);
  EXPECT_EQ(ParseDeviationCause("硬件条件保障"), ipb::EQUIPMENT);
  EXPECT_EQ(ParseDeviationCause("其他"), ipb::OTHER);
  EXPECT_EQ(ParseDeviationCause("资金"), std::nullopt);
}

std::string Demo(const std::string& name) {
  std::ifstream in(std::string(JIXIAO_SOURCE_DIR) + "/deploy/demo/" + name,
                   std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(MonitoringCsvTest, TheDemoFilingReadsAgainstTheDemoTargets) {
  auto target_rows =
      ReadTable(Demo("taoyuan-psb-2019-targets.csv"), Encoding::kAuto);
  ASSERT_THAT(target_rows, IsOk());
  ipb::TargetKey key;
  key.set_region_code("430725");
  key.set_department_code("taoyuan-psb");
  key.set_year(2019);
  const TargetsFile targets = ReadTargets(*target_rows, key);
  ASSERT_THAT(targets.errors, IsEmpty());
  const MonitoringFile file =
      Read(Demo("taoyuan-psb-2019-07-monitoring.csv"), targets.targets);
  ASSERT_THAT(file.errors, IsEmpty());
  ASSERT_THAT(file.filing.indicators(), SizeIs(15));
  int impossible = 0;
  for (const ipb::MonitoredIndicator& i : file.filing.indicators()) {
    if (i.likelihood() != ipb::IMPOSSIBLE) continue;
    ++impossible;
    EXPECT_EQ(i.indicator_id(), "d9");
    EXPECT_EQ(i.forecast(), "20");
    EXPECT_EQ(i.deviation_cause(), ipb::EQUIPMENT);
  }
  EXPECT_EQ(impossible, 1);
}

}  // namespace
}  // namespace jixiao::cli

// The 申报表 reader and writer of `jixiao targets`: the national layout
// (department-wide and project forms, merged cells), every comparator
// spelling, 万元 exact in 分, GBK, each kind of bad row with its row and
// column, and export → import giving the same set.
#include "tools/jixiao/targets_csv.h"

#include <iconv.h>

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "tests/support/status_matchers.h"
#include "tools/jixiao/targets_value.h"

namespace jixiao::cli {
namespace {

using ::jixiao::test_support::IsOk;
using ::testing::Not;

namespace ipb = ::jixiao::indicator::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

ipb::TargetKey Key() {
  ipb::TargetKey key;
  key.set_region_code("430725");
  key.set_department_code("taoyuan-psb");
  key.set_year(2019);
  return key;
}

TargetsFile Read(const std::string& csv) {
  auto rows = ReadTable(csv, Encoding::kAuto);
  EXPECT_THAT(rows, IsOk()) << rows.status();
  return ReadTargets(*rows, Key());
}

constexpr char kForms[] =
    "部门整体支出绩效目标申报表（2019年度）,,,,\n"
    "年度总体目标,全县刑事案件破案率、群众安全感稳步提升。,,,\n"
    "年度主要任务,任务名称,主要内容,资金总额（万元）,财政拨款（万元）,"
    "其他资金（万元）\n"
    ",打击刑事犯罪,\"侦破刑事案件, 追逃\",300.5,300,0.5\n"
    "一级指标,二级指标,三级指标,指标值,指标解释\n"
    "产出指标,数量指标,刑事案件破案数,≥300件,公安机关年内侦破的刑事案件\n"
    ",,开展专项行动次数,不少于12次,\n"
    ",质量指标,刑事案件破案率,>=85%,\n"
    ",时效指标,接警到场时间,≤15分钟,\n"
    "效益指标,社会效益指标,社会治安状况,好/较好,\n"
    "满意度指标,服务对象满意度指标,群众安全感满意度,≥90%,\n"
    "\n"
    "项目支出绩效目标申报表（2019年度）,,,,\n"
    "项目名称,刑侦办案经费,项目编码,P001,\n"
    "资金情况（万元）,年度资金总额,300,其中：财政拨款,250,其他资金,50\n"
    "年度总体目标,保障刑侦办案。,,,\n"
    "一级指标,二级指标,三级指标,指标值\n"
    "产出,数量,办案数,≥300件\n"
    "效益,社会效益,破案率,明显提升\n"
    "满意度,服务对象满意度,办案对象满意度,≥90%\n";

TEST(TargetsCsvTest, ReadsTheDepartmentFormAndAProjectForm) {
  const TargetsFile file = Read(kForms);
  ASSERT_THAT(file.errors, IsEmpty());
  const ipb::TargetSet& set = file.targets;
  EXPECT_EQ(set.key().department_code(), "taoyuan-psb");
  EXPECT_EQ(set.tree(), "pre2021");
  EXPECT_EQ(set.annual_goal(), "全县刑事案件破案率、群众安全感稳步提升。");
  ASSERT_EQ(set.main_tasks_size(), 1);
  EXPECT_EQ(set.main_tasks(0).content(), "侦破刑事案件, 追逃");
  EXPECT_EQ(set.main_tasks(0).funds().total(), 300'500'000);
  EXPECT_EQ(set.main_tasks(0).funds().other(), 500'000);
  ASSERT_EQ(set.indicators_size(), 6);
  const ipb::TargetIndicator& first = set.indicators(0);
  EXPECT_EQ(first.id(), "d1");
  EXPECT_EQ(first.comparator(), ipb::AT_LEAST);
  EXPECT_EQ(first.value(), "300");
  EXPECT_EQ(first.unit(), "件");
  EXPECT_EQ(first.explanation(), "公安机关年内侦破的刑事案件");
  // Merged cells: the blank 一级 and 二级 continue the row above.
  EXPECT_EQ(set.indicators(1).level1(), "产出指标");
  EXPECT_EQ(set.indicators(1).level2(), "数量指标");
  EXPECT_EQ(set.indicators(2).level1(), "产出指标");
  EXPECT_EQ(set.indicators(2).level2(), "质量指标");
  EXPECT_EQ(set.indicators(3).comparator(), ipb::AT_MOST);
  EXPECT_EQ(set.indicators(4).comparator(), ipb::QUALITATIVE);
  EXPECT_EQ(set.indicators(4).value(), "好/较好");
  EXPECT_FALSE(set.indicators(4).has_unit());
  ASSERT_EQ(set.projects_size(), 1);
  const ipb::ProjectTarget& project = set.projects(0);
  EXPECT_EQ(project.project_code(), "P001");
  EXPECT_EQ(project.project_name(), "刑侦办案经费");
  EXPECT_EQ(project.funds().total(), 300'000'000);
  EXPECT_EQ(project.funds().fiscal(), 250'000'000);
  EXPECT_EQ(project.funds().other(), 50'000'000);
  EXPECT_EQ(project.annual_goal(), "保障刑侦办案。");
  ASSERT_EQ(project.indicators_size(), 3);
  // "产出" and "数量" are the tree's 产出指标 and 数量指标.
  EXPECT_EQ(project.indicators(0).id(), "P001-1");
  EXPECT_EQ(project.indicators(0).level1(), "产出指标");
  EXPECT_EQ(project.indicators(0).level2(), "数量指标");
}

TEST(TargetsCsvTest, ComparatorSpellings) {
  struct Case {
    const char* text;
    ipb::Comparator comparator;
    const char* value;
    const char* unit;
  };
  for (const Case& c : {
           Case{"≥95%", ipb::AT_LEAST, "95", "%"},
           Case{"≧95%", ipb::AT_LEAST, "95", "%"},
           Case{">=95%", ipb::AT_LEAST, "95", "%"},
           Case{"＞＝９５％", ipb::AT_LEAST, "95", "%"},
           Case{"不低于95%", ipb::AT_LEAST, "95", "%"},
           Case{"不少于12次", ipb::AT_LEAST, "12", "次"},
           Case{"达到100%", ipb::AT_LEAST, "100", "%"},
           Case{"95%以上", ipb::AT_LEAST, "95", "%"},
           Case{"≥ 95 %", ipb::AT_LEAST, "95", "%"},
           Case{"≤30天", ipb::AT_MOST, "30", "天"},
           Case{"<=30天", ipb::AT_MOST, "30", "天"},
           Case{"不高于5%", ipb::AT_MOST, "5", "%"},
           Case{"不超过300万元", ipb::AT_MOST, "300", "万元"},
           Case{"30天以内", ipb::AT_MOST, "30", "天"},
           Case{"控制在30天以内", ipb::AT_MOST, "30", "天"},
           Case{"=12个", ipb::EQUAL, "12", "个"},
           Case{"＝12个", ipb::EQUAL, "12", "个"},
           Case{"等于1.5小时", ipb::EQUAL, "1.5", "小时"},
           Case{"≥-3.5%", ipb::AT_LEAST, "-3.5", "%"},
           Case{"好/较好", ipb::QUALITATIVE, "好/较好", ""},
           Case{"定性：明显提升", ipb::QUALITATIVE, "明显提升", ""},
           Case{"不低于上年", ipb::QUALITATIVE, "不低于上年", ""},
           Case{"2019年12月底前完成", ipb::QUALITATIVE, "2019年12月底前完成",
                ""},
       }) {
    auto parsed = ParseTargetValue(c.text);
    ASSERT_THAT(parsed, IsOk()) << c.text << ": " << parsed.status();
    EXPECT_EQ(parsed->comparator, c.comparator) << c.text;
    EXPECT_EQ(parsed->value, c.value) << c.text;
    EXPECT_EQ(parsed->unit, c.unit) << c.text;
  }
}

TEST(TargetsCsvTest, ValuesThatSayNoComparatorAreRefusedWithWhy) {
  for (const auto& [text, why] : {
           std::pair{"约95%", "'约95%' is not a comparator and a value"},
           std::pair{"95%", "'95%' is not a comparator and a value"},
           std::pair{"95%左右", "is not a comparator and a value"},
           std::pair{">95%", "'>95%' is a strict comparison"},
           std::pair{"高于90%", "is a strict comparison"},
           std::pair{"<5天", "(write ≤5天)"},
           std::pair{"≥好", "'≥好' has no number after ≥"},
           std::pair{"", "is empty"},
           std::pair{"定性：", "gives 定性 and no words"},
       }) {
    auto parsed = ParseTargetValue(text);
    ASSERT_THAT(parsed, Not(IsOk())) << text;
    EXPECT_THAT(parsed.status().message(), HasSubstr(why)) << text;
  }
}

TEST(TargetsCsvTest, EachBadRowNamesItsRowAndColumnAndNothingIsRead) {
  const TargetsFile file = Read(
      "部门整体支出绩效目标申报表（2018年度）\n"      // 1
      "一级指标,二级指标,三级指标,指标值,计量单位\n"  // 2
      ",数量指标,破案数,≥300件\n"                     // 3
      "产出指标,,专项行动次数,≥12次\n"                // 4
      ",质量指标,破案率,约95%\n"                      // 5
      ",时效指标,到场时间,>15分钟\n"                  // 6
      "效益指标,社会效益指标,,≥90\n"                  // 7
      ",,治安状况,≥90,分\n"                           // 8
      ",,治安状况2,≥90%,分\n"                         // 9
      ",环境效益指标,空气,≥90%\n"                     // 10
      ",社会效益指标,空气2,≥90.123456%\n"             // 11
      "项目支出绩效目标申报表\n"                      // 12
      "项目名称,刑侦办案经费,项目编码,P001\n"         // 13
      "资金情况（万元）,年度资金总额,300.1234567\n"   // 14
      "乱写,x\n");                                    // 15
  EXPECT_THAT(
      file.errors,
      ElementsAre(
          "row 1, column A: the form is for 2018, the targets for 2019 "
          "(--year)",
          "row 3, column 一级指标: is empty, and no row above gives it",
          "row 4, column 二级指标: is empty under a new 一级 (产出指标)",
          HasSubstr("row 5, column 指标值: '约95%' is not a comparator and a "
                    "value"),
          HasSubstr("row 6, column 指标值: '>15分钟' is a strict comparison"),
          "row 7, column 三级指标: is empty: the indicator's name",
          HasSubstr("row 7, column 指标值: '≥90' has no unit"),
          "row 9, column 计量单位: '分' is not the unit of '≥90%'",
          "row 14, column 年度资金总额: '300.1234567' is not an amount in 万元 "
          "(\"300.1234567\" is finer than 1 分)",
          HasSubstr("row 15, column A: '乱写' is not a label of the 申报表"),
          // The service's own rules, each indicator on its row.
          "row 10, column 二级指标: \"环境效益指标\" is not a 二级 of 效益指标",
          HasSubstr("row 11, column 指标值: a quantitative target is a "
                    "decimal (at most 4 decimals)")));
  EXPECT_EQ(file.targets.ByteSizeLong(), 0u);
}

TEST(TargetsCsvTest, FormErrorsNameTheirLabel) {
  const std::string indicators =
      "一级指标,二级指标,三级指标,指标值\n"
      "产出指标,数量指标,破案数,≥300件\n";
  EXPECT_THAT(Read("项目支出绩效目标申报表\n"
                   "项目名称,刑侦办案经费,项目编码,P001\n"
                   "资金情况（万元）,年度资金总额,300,其中：财政拨款,250,"
                   "其他资金,40\n" +
                   indicators)
                  .errors,
              ElementsAre("row 3, column 年度资金总额: 300万元, but 财政拨款 "
                          "250万元 + 其他资金 40万元 = 290万元"));
  EXPECT_THAT(Read("项目支出绩效目标申报表\n"
                   "项目名称,刑侦办案经费\n"
                   "资金情况（万元）,年度资金总额,300\n" +
                   indicators)
                  .errors,
              ElementsAre("row 1, column 项目编码: is required"));
  EXPECT_THAT(Read("部门整体支出绩效目标申报表\n"
                   "年度资金总额,300\n" +
                   indicators)
                  .errors,
              ElementsAre(HasSubstr("row 2, column 年度资金总额: the 部门整体 "
                                    "form holds funds per 年度主要任务")));
  EXPECT_THAT(Read("一级指标,二级指标,三级指标,指标值,指标解释,编号\n"
                   "产出指标,数量指标,破案数,≥300件,,a1\n"
                   ",,结案数,≥300件,,a1\n")
                  .errors,
              ElementsAre("row 3, column 编号: \"a1\" is used twice"));
  EXPECT_THAT(Read("年度总体目标,x\n").errors,
              ElementsAre(HasSubstr("the file has no indicator table")));
}

TEST(TargetsCsvTest, WanYuanAreExactInFen) {
  const auto total = [](const std::string& amount) {
    const TargetsFile file = Read(
        "项目支出绩效目标申报表\n项目名称,x,项目编码,P1\n"
        "资金情况（万元）,年度资金总额,\"" +
        amount +
        "\"\n一级指标,二级指标,三级指标,指标值\n"
        "产出指标,数量指标,a,≥1个\n");
    return file.errors.empty() ? file.targets.projects(0).funds().total() : -1;
  };
  EXPECT_EQ(total("0.000001"), 1);
  EXPECT_EQ(total("1234.567891"), 1'234'567'891);
  EXPECT_EQ(total("1,234.5"), 1'234'500'000);
  EXPECT_EQ(total("300万元"), 300'000'000);
  EXPECT_EQ(total("0.0000001"), -1);
  EXPECT_EQ(total("-1"), -1);
  EXPECT_EQ(total("三百"), -1);
}

TEST(TargetsCsvTest, TheTreeFollowsTheFileAndAUnitColumnIsRead) {
  const TargetsFile cost = Read(
      "一级指标,二级指标,三级指标,指标值,计量单位\n"
      "产出指标,数量指标,破案数,≥300,件\n"
      "成本指标,经济成本指标,人均办案成本,≤2,万元\n");
  ASSERT_THAT(cost.errors, IsEmpty());
  EXPECT_EQ(cost.targets.tree(), "cz2021_101");
  EXPECT_EQ(cost.targets.indicators(0).unit(), "件");
  // Under the older tree 成本 is a 二级 of 产出.
  EXPECT_THAT(Read("指标体系,pre2021\n"
                   "一级指标,二级指标,三级指标,指标值\n"
                   "成本指标,经济成本指标,人均办案成本,≤2万元\n")
                  .errors,
              ElementsAre(HasSubstr("row 3, column 一级指标: \"成本指标\" is "
                                    "not a 一级 of the pre2021 tree")));
}

std::string ToGbk(const std::string& utf8) {
  iconv_t cd = iconv_open("GBK", "UTF-8");
  std::string in = utf8, out(utf8.size() * 2, '\0');
  char* in_ptr = in.data();
  char* out_ptr = out.data();
  size_t in_left = in.size(), out_left = out.size();
  EXPECT_NE(iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left),
            static_cast<size_t>(-1));
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}

TEST(TargetsCsvTest, GbkReadsAsUtf8) {
  const std::string gbk = ToGbk(kForms);
  ASSERT_NE(gbk, kForms);
  auto rows = ReadTable(gbk, Encoding::kAuto);
  ASSERT_THAT(rows, IsOk()) << rows.status();
  const TargetsFile file = ReadTargets(*rows, Key());
  ASSERT_THAT(file.errors, IsEmpty());
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(
      file.targets, Read(kForms).targets));
  EXPECT_THAT(ReadTable(gbk, Encoding::kUtf8), Not(IsOk()));
}

TEST(TargetsCsvTest, WhatIsWrittenReadsBackToTheSameSet) {
  const TargetsFile file = Read(kForms);
  ASSERT_THAT(file.errors, IsEmpty());
  const std::string csv = WriteTargetsCsv(file.targets);
  EXPECT_THAT(csv, HasSubstr("项目名称,刑侦办案经费,项目编码,P001\n"));
  EXPECT_THAT(csv, HasSubstr("资金情况（万元）,年度资金总额,300,其中：财政拨款,"
                             "250,其他资金,50\n"));
  EXPECT_THAT(csv, HasSubstr(",,开展专项行动次数,≥12次,\n"));
  const TargetsFile again = Read(csv);
  ASSERT_THAT(again.errors, IsEmpty()) << csv;
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(again.targets,
                                                                 file.targets))
      << csv;

  // A set typed through the API: its own ids, and 定性 words that read as
  // a number, keep both.
  ipb::TargetSet typed = file.targets;
  typed.mutable_indicators(0)->set_id("crime-1");
  typed.mutable_indicators(4)->set_value("95%");
  typed.mutable_projects(0)->mutable_indicators(1)->set_value("≥好");
  typed.mutable_indicators(5)->set_framework_indicator_id("4.1.2");
  const std::string typed_csv = WriteTargetsCsv(typed);
  EXPECT_THAT(typed_csv, HasSubstr("指标值,指标解释,评价指标,编号\n"));
  EXPECT_THAT(typed_csv, HasSubstr("群众安全感满意度,≥90%,,4.1.2,d6\n"));
  EXPECT_THAT(typed_csv, HasSubstr("定性：95%"));
  const TargetsFile typed_again = Read(typed_csv);
  ASSERT_THAT(typed_again.errors, IsEmpty()) << typed_csv;
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(
      typed_again.targets, typed))
      << typed_csv;
}

TEST(TargetsCsvTest, ALinkToTheEvaluationIsTheDepartmentsOnly) {
  const TargetsFile linked = Read(
      "一级指标,二级指标,三级指标,指标值,评价指标\n"
      "产出指标,数量指标,重点工作实际完成率,≥100%,3.1.1\n"
      "项目支出绩效目标申报表\n"
      "项目名称,x,项目编码,P1\n"
      "资金情况（万元）,年度资金总额,1\n"
      "一级指标,二级指标,三级指标,指标值,评价指标\n"
      "产出指标,数量指标,办案数,≥1件,3.1.2\n");
  EXPECT_THAT(linked.errors,
              ElementsAre(HasSubstr("row 7, column 评价指标: only a "
                                    "department-wide indicator")));
}

TEST(TargetsCsvTest, RowsOfASecondSheetSayTheirSheet) {
  std::vector<TableRow> rows = {
      {"sheet 1", 1, {"一级指标", "二级指标", "三级指标", "指标值"}},
      {"sheet 1", 2, {"产出指标", "数量指标", "破案数", "≥300件"}},
      {"sheet 2", 1, {"项目支出绩效目标申报表"}},
      {"sheet 2", 2, {"项目名称", "x", "项目编码", "P1"}},
      {"sheet 2", 3, {"资金情况（万元）", "年度资金总额", "1"}},
      {"sheet 2", 4, {"一级指标", "二级指标", "三级指标", "指标值"}},
      {"sheet 2", 5, {"产出指标", "数量指标", "破案数", "95%"}},
  };
  EXPECT_THAT(ReadTargets(rows, Key()).errors,
              ElementsAre(HasSubstr("sheet 2, row 5, column 指标值: '95%'")));
}

}  // namespace
}  // namespace jixiao::cli

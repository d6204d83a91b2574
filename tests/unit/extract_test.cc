// The legacy-report extractor on the seed and on reports of the same genre
// written for these tests: narrative with full-width digits, 亿元 and a
// number broken across lines; tables flattened to one cell a line, in 元.
#include "services/budget/domain/report_extract/extract.h"

#include <fstream>
#include <sstream>

#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "services/budget/domain/extraction_proto.h"
#include "services/budget/domain/report_extract/amount.h"
#include "services/budget/domain/report_extract/tokens.h"

namespace jixiao::report_extract {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

Extraction FromFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  EXPECT_FALSE(s.str().empty()) << path;
  return Extract(s.str());
}

std::string V(const Extraction& e, const std::string& key) {
  const auto it = e.figures.find(key);
  return it == e.figures.end() ? "(absent)" : it->second.value;
}

std::vector<std::string> Ids(const Extraction& e) {
  std::vector<std::string> ids;
  for (const auto& f : e.findings) ids.push_back(f.identity);
  return ids;
}

TEST(Extract, Normalisation) {
  EXPECT_EQ(Normalize("编制数１２０人，增长５．５％"), "编制数120人，增长5.5%");
  EXPECT_EQ(Normalize("支出决算数为14025.\n3万元"), "支出决算数为14025.3万元");
  EXPECT_EQ(Normalize("支出1266\n9.13万元"), "支出12669.13万元");
  // One number a line is a table, not a broken number.
  EXPECT_EQ(Normalize("基本支出\n6000000.00\n6520000.00\n"),
            "基本支出\n6000000.00\n6520000.00\n");
}

TEST(Extract, TheSeed) {
  const Extraction e = FromFile(std::string(JIXIAO_SOURCE_DIR) +
                                "/deploy/demo/taoyuan-psb-2019.txt");
  EXPECT_EQ(e.department, "桃源县公安局");
  EXPECT_EQ(e.year, 2019);
  EXPECT_EQ(V(e, "staff_authorized"), "408");
  EXPECT_EQ(V(e, "staff_actual"), "381");
  EXPECT_EQ(V(e, "staff_retired"), "178");  // 离休2 + 退休 ("退人") 176
  EXPECT_EQ(V(e, "staff_auxiliary"), "297");
  EXPECT_EQ(V(e, "budget_basic"), "9312.02");
  EXPECT_EQ(V(e, "budget_personnel"), "7919.58");
  EXPECT_EQ(V(e, "budget_public"), "1392.44");
  EXPECT_EQ(V(e, "budget_project"), "5607.06");
  EXPECT_EQ(V(e, "carryover_prior"), "599.85");
  EXPECT_EQ(V(e, "revenue_final"), "13574.7");  // without the carry-over
  EXPECT_EQ(V(e, "expenditure_final"), "12669.13");
  EXPECT_EQ(V(e, "basic_final"), "9312.02");
  EXPECT_EQ(V(e, "project_final"), "5607.06");
  EXPECT_EQ(V(e, "balance_end"), "1505.42");
  EXPECT_EQ(V(e, "sangong_total"), "470");
  EXPECT_EQ(V(e, "sangong_total_prior"), "495.23");
  EXPECT_EQ(V(e, "vehicle_total"), "374.39");
  EXPECT_EQ(V(e, "vehicle_purchase"), "196.79");
  EXPECT_EQ(V(e, "vehicle_operation"), "177.6");
  EXPECT_EQ(V(e, "vehicle_total_prior"), "0.040553");  // "405.53元", as written
  EXPECT_EQ(V(e, "reception"), "70.62");
  EXPECT_EQ(V(e, "reception_prior"), "89.7");
  EXPECT_EQ(V(e, "overseas"), "(absent)");  // never stated: never invented
  EXPECT_EQ(V(e, "self_score"), "92");
  EXPECT_EQ(V(e, "grade"), "优");
  EXPECT_EQ(e.figures.at("budget_basic").unit, "万元");
  EXPECT_THAT(e.figures.at("staff_authorized").quote,
              HasSubstr("全局共有编制408人"));
  ASSERT_EQ(e.claimed_changes.size(), 2u);
  EXPECT_EQ(e.claimed_changes[0].item, "vehicle_total");
  EXPECT_EQ(e.claimed_changes[0].stated, "-7.68");
  EXPECT_FALSE(e.claimed_changes[0].agrees);
  EXPECT_EQ(e.claimed_changes[1].item, "reception");
  EXPECT_EQ(e.claimed_changes[1].computed, "-21.27");
  EXPECT_TRUE(e.claimed_changes[1].agrees);
  EXPECT_THAT(Ids(e), UnorderedElementsAre("B5", "B12", "T1", "U1"));
}

TEST(Extract, ANarrativeReportWithFullWidthDigitsAndYi) {
  const Extraction e =
      FromFile(std::string(JIXIAO_SOURCE_DIR) +
               "/tests/data/reports/education-2020-narrative.txt");
  EXPECT_EQ(e.department, "东安县教育局");
  EXPECT_EQ(e.year, 2020);
  EXPECT_EQ(V(e, "staff_authorized"), "120");
  EXPECT_EQ(V(e, "staff_actual"), "115");
  EXPECT_EQ(V(e, "staff_retired"), "40");
  EXPECT_EQ(V(e, "budget_basic"), "2350.6");
  EXPECT_EQ(V(e, "budget_project"), "12000");       // 1.2亿元
  EXPECT_EQ(V(e, "expenditure_final"), "14025.3");  // broken across lines
  EXPECT_EQ(V(e, "revenue_final"), "14200.3");
  EXPECT_EQ(V(e, "balance_end"), "260.5");
  EXPECT_EQ(V(e, "overseas"), "0");  // "0元" is stated: 0, not absent
  EXPECT_EQ(V(e, "vehicle_total_prior"), "13.1");
  EXPECT_EQ(V(e, "reception_prior"), "7");
  EXPECT_EQ(V(e, "self_score"), "95.5");
  EXPECT_EQ(V(e, "staff_auxiliary"), "(absent)");
  ASSERT_EQ(e.claimed_changes.size(), 2u);
  EXPECT_TRUE(e.claimed_changes[0].agrees);
  EXPECT_TRUE(e.claimed_changes[1].agrees);
  // Its sums all hold; only the count of 股室 does not: 5 said, 4 listed.
  ASSERT_THAT(Ids(e), ElementsAre("U2"));
  EXPECT_THAT(e.findings[0].message, HasSubstr("共有5个股室，但列出了4个"));
}

TEST(Extract, TablesFlattenedOneCellALineInYuan) {
  const Extraction e = FromFile(std::string(JIXIAO_SOURCE_DIR) +
                                "/tests/data/reports/water-2018-tables.txt");
  EXPECT_EQ(e.department, "西河县水利局");
  EXPECT_EQ(e.year, 2018);
  EXPECT_EQ(V(e, "staff_authorized"), "45");
  EXPECT_EQ(V(e, "staff_actual"), "48");
  EXPECT_EQ(V(e, "budget_basic"), "652");  // 6520000.00元
  EXPECT_EQ(V(e, "basic_final"), "648");
  EXPECT_EQ(V(e, "budget_project"), "3000");
  EXPECT_EQ(V(e, "project_final"), "2800");
  EXPECT_EQ(V(e, "sangong_total"), "38");
  EXPECT_EQ(V(e, "sangong_total_prior"), "42");
  EXPECT_EQ(V(e, "vehicle_total"), "27");
  EXPECT_EQ(V(e, "reception_prior"), "12");
  EXPECT_EQ(V(e, "expenditure_final"), "(absent)");
  EXPECT_EQ(V(e, "grade"), "良");
  EXPECT_THAT(e.figures.at("budget_basic").quote, HasSubstr("本年预算数"));
  // It says 三公 fell 8.5%; its own table gives (38 − 42) ÷ 42 = −9.52%.
  ASSERT_EQ(e.claimed_changes.size(), 1u);
  EXPECT_EQ(e.claimed_changes[0].computed, "-9.52");
  EXPECT_FALSE(e.claimed_changes[0].agrees);
  EXPECT_THAT(Ids(e), UnorderedElementsAre("T3", "U2"));
}

// What real reports do (tests/data/reports/real, whose whole run is the
// extract_corpus test): each case below is one of their habits, written
// small.

TEST(Extract, NumbersAsPublished) {
  const Tokens t =
      Tokenize("支出决算为6,283.70元,增长95.\n\n10%,公务接待1.5万\n元");
  ASSERT_EQ(t.numbers.size(), 3u);
  EXPECT_EQ(t.numbers[0].digits, "6283.70");
  EXPECT_EQ(t.numbers[0].unit, Unit::kYuan);
  EXPECT_EQ(t.numbers[1].digits, "95.10");
  EXPECT_EQ(t.numbers[1].unit, Unit::kPercent);
  EXPECT_EQ(t.numbers[2].digits, "1.5");
  EXPECT_EQ(t.numbers[2].unit, Unit::kWan);
  // "4125.49,4143.91": a list of two, not a thousands separator.
  EXPECT_EQ(Tokenize("各是4125.49,4143.91万元").numbers.size(), 2u);
}

TEST(Extract, RatesAreJudgedAtTheirStatedPrecision) {
  // 253.71 on 951.40 is 26.67%: "27%" holds, and so does a truncated "26%".
  EXPECT_TRUE(RateAgrees(25371, 95140, 27, 0));
  EXPECT_TRUE(RateAgrees(25371, 95140, 26, 0));
  // 1205.11 of 1742.46 is 69.16%: "70%" is neither rounded nor truncated.
  EXPECT_FALSE(RateAgrees(120511, 174246, 70, 0));
  // 24.1522 on 388.8074 is 6.21186%: "6.2118" is the truncated value.
  EXPECT_TRUE(RateAgrees(241522, 3888074, 62118, 4));
}

TEST(Extract, LabelsBySynonymAndSubjectCarriedAcrossClauses) {
  const Extraction e = Extract(
      "2021年度一般公共预算财政拨款“三公”经费支出预算为30.8万元,支出决算为25."
      "7万元,"
      "完成预算的83.44%。其中:因公出国(境)费支出决算0万元;公务用车运行维护费"
      "支出决算9.4万元;公务接待费支出决算16.3万元。\n"
      "本单位核定事业编制54个,行政编制39名。在编人员13人,县招聘2人,临时工4人。"
      "离退休人员16人,其中:离休0人,退休16人。");
  EXPECT_EQ(V(e, "sangong_total"), "25.7");  // not the budget's 30.8
  EXPECT_EQ(V(e, "overseas"), "0");
  EXPECT_EQ(V(e, "vehicle_operation"), "9.4");
  EXPECT_EQ(V(e, "vehicle_total"), "(absent)");  // never stated
  EXPECT_EQ(V(e, "reception"), "16.3");
  EXPECT_EQ(V(e, "staff_authorized"), "93");  // 54 + 39, stated in parts
  EXPECT_EQ(V(e, "staff_actual"), "13");
  EXPECT_EQ(V(e, "staff_auxiliary"), "6");  // 县招聘 + 临时工
  EXPECT_EQ(V(e, "staff_retired"), "16");   // the total, not 0 + 16 again
  EXPECT_THAT(e.figures.at("sangong_total").quote,
              HasSubstr("支出预算为30.8万元,支出决算为25.7万元"));
  EXPECT_THAT(Ids(e), ::testing::IsEmpty());  // T1 holds, 83.44% holds
}

TEST(Extract, ATwoLevelTableWithBlankCells) {
  const Extraction e = Extract(
      "单位:万元\n项目 | 预算数 | 决算数 | ||||\n"
      "合计 | 一般公共预算 | 政府性基金 | 合计 | 一般公共预算 | 政府性基金 | "
      "|\n"
      "因公出国(境)费 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
      "公务接待费 | 8 | 8 | 0 | 2.26 | 2.26 | 0 |\n"
      "其中:公务用车运行维护费 | 59.5 | 59.5 | 0 | 59.46 | 59.46 | 0 |\n"
      "公务用车购置费 | ||\n"
      "总计 | 67.5 | 67.5 | 0 | 61.72 | 61.72 | 0 |\n");
  EXPECT_EQ(V(e, "reception"), "2.26");  // the 决算 合计 column
  EXPECT_EQ(V(e, "vehicle_operation"), "59.46");
  EXPECT_EQ(V(e, "vehicle_purchase"), "(absent)");  // a blank cell is not 0
  EXPECT_EQ(V(e, "sangong_total"), "61.72");
}

TEST(Extract, StatedRatesAgainstTheirOwnFigures) {
  // The rise on the prior the same words imply: 170.8798 on 79.8421.
  const Extraction change = Extract(
      "基本支出250.7219万元,较上年度决算数增加170.8798万元,增长46.7242%。"
      "项目支出218.016万元,较上年度决算数减少55.1444万元,下降20.1876%。");
  ASSERT_THAT(Ids(change), ElementsAre("X1"));
  EXPECT_THAT(change.findings[0].message, HasSubstr("214.02%"));
  // "完成年初预算的70%" of a budget given as 本年收入 + the shortfall.
  const Extraction completion = Extract(
      "财政拨款本年收入1205.11万元,完成年初预算的70%,比年初预算减少537."
      "35万元。");
  EXPECT_THAT(Ids(completion), ElementsAre("X1"));
  // Shares are not judged; a respectively-list is skipped.
  EXPECT_THAT(
      Ids(Extract("公务接待费支出决算0.39万元,占22.14%。收、支总计各减少"
                  "1267.86,2570.97万元,各下降23.51%、38.28%。")),
      ::testing::IsEmpty());
}

TEST(Extract, PartsPresentedAsTheWhole) {
  const Extraction projects = Extract(
      "实施项目共15个(含转列项目5个),年初批复预算8个项目985万元,"
      "年中增加8个项目。");
  EXPECT_EQ(V(projects, "budget_project"), "985");
  EXPECT_THAT(Ids(projects), ElementsAre("X2"));
  // 其中 lists may be partial.
  EXPECT_THAT(Ids(Extract("共有27个科室,其中临床科室13个、医技科室6个。")),
              ::testing::IsEmpty());
  // A project form whose total row was left at 0 under a filled part.
  const Extraction form = Extract(
      "项目资金 (万元) 年初预算数 全年预算数 全年执行数 分值 执行率 得分 "
      "年度资金总额: 0 0 0 10 0 0 其中:本年财政拨款 90 89.974 89.974 "
      "上年结转资金 其他资金 年度总体目标");
  EXPECT_THAT(Ids(form), UnorderedElementsAre("X2", "X1"));
  EXPECT_TRUE(
      form.figures.empty());  // the project's money is not the department's
}

TEST(Extract, NothingFromPagesWithoutAmounts) {
  const Extraction e = Extract(
      "目录\n一、收入支出决算总表\n十三、财政拨款“三公”经费支出决算表\n"
      "根据《横县财政局关于开展2017年度预算绩效自评工作的通知》(横财预[2018]3 "
      "号)"
      "的要求,我办成立于1958年,设17个内设机构。");
  EXPECT_TRUE(e.figures.empty());
  EXPECT_TRUE(e.findings.empty());
}

TEST(Extract, BoundedOnHostileInput) {
  // Long sentences of numbers, deep parentheses, a form of 100k cells: each
  // is read in bounded work per number (a quadratic reader would time out).
  std::string s;
  for (int i = 0; i < 20000; ++i) s += "三公经费支出1万元,增加1万元,增长5%,";
  s += std::string(100000, '(') + "共1个项目" + std::string(100000, ')');
  s += "年初预算数 全年预算数 全年执行数 执行率 年度资金总额: ";
  for (int i = 0; i < 100000; ++i) s += "1 ";
  const Extraction e = Extract(s);
  EXPECT_EQ(V(e, "sangong_total"), "1");
}

TEST(Extract, TheJsonCarriesOnlyWhatWasFound) {
  const Extraction e =
      Extract("某单位2021年度部门整体支出绩效自评报告\n本单位共有编制10人。");
  // As `jixiao report extract` prints it: from the ExtractReport response.
  budget::v1::ExtractReportResponse response;
  budget::ToProto(e, &response);
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string json;
  ASSERT_TRUE(
      google::protobuf::util::MessageToJsonString(response, &json, options)
          .ok());
  EXPECT_THAT(json, HasSubstr(R"("department":"某单位","year":2021)"));
  EXPECT_THAT(json,
              HasSubstr(R"("staff_authorized":{"value":"10","unit":"人")"));
  EXPECT_THAT(json, ::testing::Not(HasSubstr("budget_basic")));
  EXPECT_THAT(json, ::testing::Not(HasSubstr("claimed_changes")));
  EXPECT_THAT(json, ::testing::Not(HasSubstr("findings")));
}

}  // namespace
}  // namespace jixiao::report_extract

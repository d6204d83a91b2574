// The legacy-report extractor on the seed and on reports of the same genre
// written for these tests: narrative with full-width digits, 亿元 and a
// number broken across lines; tables flattened to one cell a line, in 元.
#include "libs/report_extract/extract.h"

#include <fstream>
#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

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

TEST(Extract, TheJsonCarriesOnlyWhatWasFound) {
  const Extraction e =
      Extract("某单位2021年度部门整体支出绩效自评报告\n本单位共有编制10人。");
  const std::string json = ToJson(e);
  EXPECT_THAT(json, HasSubstr(R"("department":"某单位","year":2021)"));
  EXPECT_THAT(json,
              HasSubstr(R"("staff_authorized":{"value":"10","unit":"人")"));
  EXPECT_THAT(json, ::testing::Not(HasSubstr("budget_basic")));
  EXPECT_THAT(json, HasSubstr(R"("claimed_changes":[],"findings":[])"));
}

}  // namespace
}  // namespace jixiao::report_extract

// The CLI's imports and exports against a running budget service: CSV in
// UTF-8 and GBK, 元 and 万元, a dry run, errors with row and column and
// nothing stored, the same file twice stored once, a large file streamed.
#include <fstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/service_process.h"

namespace jixiao {
namespace {

using ::testing::HasSubstr;

class CliImportTest : public ::testing::Test {
 protected:
  CliImportTest()
      : budget_(JIXIAO_BUDGET_BINARY,
                {"--storage=" + testing::StorageUrl(dir_, "b")}, dir_.path()) {
    const auto loaded = Cli({"dataset", "load",
                             std::string(JIXIAO_SOURCE_DIR) +
                                 "/deploy/demo/taoyuan-psb-2019.json"});
    EXPECT_EQ(loaded.exit_code, 0) << loaded.err;
  }

  testing::CommandResult Cli(std::vector<std::string> args) {
    args.insert(args.begin(),
                {JIXIAO_CLI_BINARY, "--budget=" + budget_.address()});
    return testing::RunCommand(args);
  }

  std::string Write(const std::string& name, const std::string& content) {
    const auto path = dir_.path() / name;
    std::ofstream(path, std::ios::binary) << content;
    return path.string();
  }

  // Line count and total of the 2019 original-phase budget lines.
  std::string Lines() {
    const auto r = Cli(
        {"call", "jixiao.budget.v1.BudgetService/GetAggregates",
         R"({"key": {"regionCode": "430725", "departmentCode": "taoyuan-psb", "year": 2019}})"});
    return r.out;
  }

  testing::TempDir dir_;
  testing::ServiceProcess budget_;
};

constexpr char kHeader[] =
    "department_code,year,phase,function_code,economic_code,project_code,"
    "amount\n";

TEST_F(CliImportTest, ErrorsNameRowAndColumnAndStoreNothing) {
  const std::string file =
      Write("bad.csv", std::string(kHeader) +
                           "taoyuan-psb,2019,年初预算,2040201,30101,,100\n"
                           "taoyuan-psb,2019,年初预算,2040201,3x101,,100\n"
                           "taoyuan-psb,2019,预算,2040201,30101,,100\n"
                           "taoyuan-psb,2019,决算,2040201,30101,,12.345\n"
                           "taoyuan-psb,2019,决算,2040201,30101\n");
  for (const bool dry : {true, false}) {
    auto r = Cli({"import", "ledger", file, "--region=430725",
                  dry ? "--dry_run" : "--dry_run=false"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_THAT(r.err,
                HasSubstr("row 3, column economic_code: a 经济分类 code"));
    EXPECT_THAT(r.err,
                HasSubstr("row 4, column phase: \"预算\" is not 年初预算"));
    EXPECT_THAT(
        r.err,
        HasSubstr("row 5, column amount: \"12.345\" is finer than 1 分"));
    EXPECT_THAT(r.err, HasSubstr("row 6: 5 columns, the header has 7"));
    EXPECT_THAT(r.err, HasSubstr("4 errors; nothing was stored"));
  }
  EXPECT_THAT(Lines(), ::testing::Not(HasSubstr("lineCount")));
  auto header =
      Cli({"import", "ledger", Write("h.csv", "a,b,c\n"), "--region=430725"});
  EXPECT_EQ(header.exit_code, 1);
  EXPECT_THAT(header.err, HasSubstr("row 1: the header must be"));
}

TEST_F(CliImportTest, GbkInWanYuanDryRunThenCommitOnce) {
  // 万元 amounts in GBK, as an older finance system exports them.
  const std::string utf8 = std::string(kHeader) +
                           "taoyuan-psb,2019,年初预算,2040201,30101,,7771.38\n"
                           "taoyuan-psb,2019,年初预算,2040201,30302,,148.2\n";
  const std::string utf8_file = Write("ledger-utf8.csv", utf8);
  const auto converted = testing::RunCommand(
      {"/usr/bin/iconv", "-f", "UTF-8", "-t", "GBK", utf8_file});
  ASSERT_EQ(converted.exit_code, 0);
  const std::string file = Write("ledger-gbk.csv", converted.out);
  auto dry = Cli({"import", "ledger", file, "--region=430725", "--unit=万元",
                  "--dry_run"});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_THAT(
      dry.out,
      HasSubstr("would store 2 budget lines and 0 payments (7919.58万元)"));
  EXPECT_THAT(Lines(), ::testing::Not(HasSubstr("lineCount")));
  auto first =
      Cli({"import", "ledger", file, "--region=430725", "--unit=万元"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_THAT(first.out, HasSubstr("stored 2 budget lines"));
  auto again =
      Cli({"import", "ledger", file, "--region=430725", "--unit=万元"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(again.out, HasSubstr("stored once"));
  // The UTF-8 file holds the same rows: the same batch.
  auto utf8_import =
      Cli({"import", "ledger", utf8_file, "--region=430725", "--unit=万元"});
  EXPECT_THAT(utf8_import.out, HasSubstr("stored once"));
  const std::string lines = Lines();
  EXPECT_THAT(lines, HasSubstr("\"lineCount\": \"2\""));
  EXPECT_THAT(lines, HasSubstr("\"linesTotal\": \"7919580000\""));
}

TEST_F(CliImportTest, AServerSideRefusalNamesTheCsvRow) {
  const std::string file =
      Write("ghost.csv", std::string(kHeader) +
                             "taoyuan-psb,2019,年初预算,2040201,30101,,1\n"
                             "ghost-unit,2019,年初预算,2040201,30101,,1\n");
  auto r = Cli({"import", "ledger", file, "--region=430725"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(
      r.err,
      HasSubstr("row 3, column department_code: no department \"ghost-unit\""));
}

TEST_F(CliImportTest, ALargeFileStreamsWithProgress) {
  std::string csv =
      "department_code,year,record_id,paid_on,function_code,economic_code,"
      "project_code,amount\n";
  constexpr int kRows = 25'000;
  for (int i = 0; i < kRows; ++i) {
    csv += "taoyuan-psb,2019,P" + std::to_string(i) +
           ",2019-06-30,2040201,30201,,1.00\n";
  }
  auto r =
      Cli({"import", "ledger", Write("payments.csv", csv), "--region=430725"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("stored 0 budget lines and 25000 payments"));
  EXPECT_THAT(r.err, HasSubstr("100% 25000/25000 rows"));
  EXPECT_THAT(Lines(), HasSubstr("\"count\": \"25000\""));
}

TEST_F(CliImportTest, ExportAsJsonAndCsv) {
  auto csv = Cli({"export", "department-year", "--region=430725",
                  "--department=taoyuan-psb", "--year=2019", "--format=csv"});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_THAT(csv.out, HasSubstr("phase,item,label,amount_wan_yuan\n"));
  EXPECT_THAT(csv.out,
              HasSubstr("PHASE_FINAL,total_expenditure,支出合计,12669.13\n"));
  auto json = Cli({"export", "department-year", "--region=430725",
                   "--department=taoyuan-psb", "--year=2019", "--format=json"});
  ASSERT_EQ(json.exit_code, 0);
  EXPECT_THAT(json.out, HasSubstr("\"totalExpenditure\": \"12669130000\""));
  EXPECT_EQ(Cli({"export", "department-year", "--format=xml"}).exit_code, 2);
}

}  // namespace
}  // namespace jixiao

namespace jixiao {
namespace {

TEST_F(CliImportTest, ExtractALegacyReportPreviewThenCommit) {
  const std::string seed =
      std::string(JIXIAO_SOURCE_DIR) + "/deploy/demo/taoyuan-psb-2019.txt";
  auto preview = Cli({"report", "extract", seed});
  ASSERT_EQ(preview.exit_code, 0) << preview.err;
  EXPECT_THAT(preview.out,
              HasSubstr(R"("department":"桃源县公安局","year":2019)"));
  EXPECT_THAT(
      preview.out,
      HasSubstr(R"("vehicle_total_prior":{"value":"0.040553","unit":"万元")"));
  EXPECT_THAT(preview.out, HasSubstr(R"("identity":"U1")"));
  // Nothing stored by a preview: the region has no such department.
  auto none = Cli({"call", "jixiao.budget.v1.BudgetService/GetDepartment",
                   R"({"regionCode": "430725", "code": "psb-from-text"})"});
  EXPECT_EQ(none.exit_code, 1);

  auto committed = Cli({"report", "extract", seed, "--commit",
                        "--region=430725", "--department=psb-from-text"});
  ASSERT_EQ(committed.exit_code, 0) << committed.err;
  EXPECT_THAT(committed.out,
              HasSubstr("stored 24 figures of 桃源县公安局 2019"));
  auto department =
      Cli({"call", "jixiao.budget.v1.BudgetService/GetDepartment",
           R"({"regionCode": "430725", "code": "psb-from-text"})"});
  EXPECT_THAT(department.out, HasSubstr("\"staffAuthorized\": 408"));
  // The stored figures check as the report's text did.
  auto check = Cli(
      {"call", "jixiao.budget.v1.BudgetService/CheckConsistency",
       R"({"key": {"regionCode": "430725", "departmentCode": "psb-from-text", "year": 2019}})"});
  for (const char* id : {"\"B5\"", "\"B12\"", "\"T1\"", "\"U1\""}) {
    EXPECT_THAT(check.out, HasSubstr(id));
  }
  auto prior = Cli(
      {"call", "jixiao.budget.v1.BudgetService/GetDepartmentYear",
       R"({"regionCode": "430725", "departmentCode": "psb-from-text", "year": 2018})"});
  EXPECT_THAT(
      prior.out,
      HasSubstr("\"vehicleTotal\": \"40553\""));  // 405.53元, as written

  // A commit needs a place to store.
  auto nowhere = Cli(
      {"report", "extract", seed, "--commit", "--region=43", "--department=x"});
  EXPECT_EQ(nowhere.exit_code, 1);
  EXPECT_THAT(nowhere.err, HasSubstr("region_code"));
}

}  // namespace
}  // namespace jixiao

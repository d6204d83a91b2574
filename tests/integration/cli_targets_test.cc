// `jixiao targets` against the real budget and indicator services: a
// 申报表 CSV (UTF-8 and GBK) imported, shown and exported, the export
// imported again to the same set, a bad file refused with its rows and
// columns and nothing stored, and the workflow (submit, return, approve)
// from the command line. The .xlsx path: tests/targets_xlsx.sh.
#include <fstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/service_process.h"

namespace jixiao {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kKey[] = "--region=430725";
constexpr char kDepartment[] = "--department=taoyuan-psb";
constexpr char kYear[] = "--year=2019";

// The department-wide form and a project's, with merged 一级/二级 cells.
constexpr char kForms[] =
    "部门整体支出绩效目标申报表（2019年度）,,,,\n"
    "年度总体目标,全县刑事案件破案率、群众安全感稳步提升。,,,\n"
    "年度主要任务,任务名称,主要内容,资金总额（万元）,财政拨款（万元）,"
    "其他资金（万元）\n"
    ",打击刑事犯罪,\"侦破刑事案件, 追逃\",300.5,300,0.5\n"
    "一级指标,二级指标,三级指标,指标值,指标解释\n"
    "产出指标,数量指标,刑事案件破案数,≥300件,公安机关年内侦破的刑事案件\n"
    ",,开展专项行动次数,不少于12次,\n"
    ",时效指标,接警到场时间,≤15分钟,\n"
    "效益指标,社会效益指标,社会治安状况,好/较好,\n"
    "满意度指标,服务对象满意度指标,群众安全感满意度,≥90%,\n"
    "项目支出绩效目标申报表（2019年度）,,,,\n"
    "项目名称,刑侦办案经费,项目编码,P001,\n"
    "资金情况（万元）,年度资金总额,300.123456,其中：财政拨款,250,其他资金,"
    "50.123456\n"
    "一级指标,二级指标,三级指标,指标值\n"
    "产出,数量,办案数,≥300件\n"
    "效益,社会效益,破案率,明显提升\n"
    "满意度,服务对象满意度,办案对象满意度,≥90%\n";

class CliTargetsTest : public ::testing::Test {
 protected:
  CliTargetsTest()
      : budget_(testing::StartBudget(dir_)),
        indicator_(testing::StartIndicator(dir_, *budget_)) {
    // With the demo's illustrative projects: its targets have their forms,
    // and submitting checks that the budget knows each project.
    const std::string demo = std::string(JIXIAO_SOURCE_DIR) + "/deploy/demo/";
    const auto loaded = Cli(
        {"dataset", "load", demo + "taoyuan-psb-2019.json",
         "--projects_file=" + demo + "taoyuan-psb-2019-project-budgets.json"});
    EXPECT_EQ(loaded.exit_code, 0) << loaded.err;
  }

  testing::CommandResult Cli(std::vector<std::string> args) {
    args.insert(args.begin(),
                {JIXIAO_CLI_BINARY, "--budget=" + budget_->address(),
                 "--indicator=" + indicator_->address()});
    return testing::RunCommand(args);
  }

  testing::CommandResult Targets(std::vector<std::string> args) {
    args.insert(args.begin(), "targets");
    args.insert(args.end(), {kKey, kDepartment, kYear});
    return Cli(args);
  }

  std::string Write(const std::string& name, const std::string& content) {
    const auto path = dir_.path() / name;
    std::ofstream(path, std::ios::binary) << content;
    return path.string();
  }

  testing::TempDir dir_;
  std::unique_ptr<testing::ServiceProcess> budget_;
  std::unique_ptr<testing::ServiceProcess> indicator_;
};

TEST_F(CliTargetsTest, ImportShowExportAndTheExportReadsBackTheSame) {
  const auto dry = Targets({"import", Write("forms.csv", kForms), "--dry_run"});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_THAT(dry.out, HasSubstr("would declare 8 indicators (5 "
                                 "department-wide, 1 projects)"));
  EXPECT_EQ(Targets({"show"}).exit_code, 1);  // nothing stored by a dry run

  const auto stored = Targets({"import", Write("forms.csv", kForms)});
  ASSERT_EQ(stored.exit_code, 0) << stored.err;
  EXPECT_THAT(stored.out, HasSubstr("stored 430725/taoyuan-psb 2019 "
                                    "草稿(DRAFT), version 1, 8 indicators"));
  const auto json = Targets({"show", "--format=json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  // 万元 with six decimals, exact in 分.
  EXPECT_THAT(json.out, HasSubstr("\"total\": \"300123456\""));
  EXPECT_THAT(json.out, HasSubstr("\"other\": \"50123456\""));
  EXPECT_THAT(json.out, HasSubstr("\"comparator\": \"AT_MOST\""));
  const auto text = Targets({"show"});
  EXPECT_THAT(text.out, HasSubstr("状态：草稿(DRAFT)；版本 1"));
  EXPECT_THAT(text.out, HasSubstr("生效：尚无已批复的目标"));
  EXPECT_THAT(text.out, HasSubstr("项目 P001 刑侦办案经费：资金总额 "
                                  "300.123456万元"));

  const auto exported = Targets({"export"});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_THAT(exported.out, HasSubstr(",,开展专项行动次数,≥12次,\n"));
  EXPECT_THAT(exported.out, HasSubstr("年度资金总额,300.123456,"));
  // Round trip: the export is the same set, so no new version is written.
  const auto again = Targets({"import", Write("export.csv", exported.out)});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(again.out, HasSubstr("unchanged: 430725/taoyuan-psb 2019 "
                                   "草稿(DRAFT), version 1"));
  EXPECT_EQ(Targets({"export"}).out, exported.out);

  // The same forms in GBK, with one target changed: a new version.
  std::string changed = kForms;
  changed.replace(changed.find("≥300件"), std::string("≥300件").size(),
                  "≥320件");
  const auto gbk = testing::RunCommand(
      {"/usr/bin/iconv", "-f", "UTF-8", "-t", "GBK", Write("u.csv", changed)});
  ASSERT_EQ(gbk.exit_code, 0);
  const auto from_gbk = Targets({"import", Write("gbk.csv", gbk.out)});
  ASSERT_EQ(from_gbk.exit_code, 0) << from_gbk.err;
  EXPECT_THAT(from_gbk.out, HasSubstr("version 2"));
  EXPECT_THAT(Targets({"export"}).out, HasSubstr("刑事案件破案数,≥320件"));
}

TEST_F(CliTargetsTest, ABadFileNamesRowAndColumnAndStoresNothing) {
  const std::string bad = Write("bad.csv",
                                "部门整体支出绩效目标申报表（2019年度）\n"
                                "一级指标,二级指标,三级指标,指标值\n"
                                "产出指标,数量指标,刑事案件破案数,≥300件\n"
                                ",,开展专项行动次数,约12次\n"
                                ",质量指标,,>=85%\n"
                                "效益指标,环境效益指标,空气质量,≥90%\n"
                                "项目支出绩效目标申报表\n"
                                "项目名称,刑侦办案经费,项目编码,P001\n"
                                "资金情况（万元）,年度资金总额,300.0000001\n");
  for (const char* dry : {"--dry_run", "--dry_run=false"}) {
    const auto r = Targets({"import", bad, dry});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_THAT(r.err, HasSubstr("row 4, column 指标值: '约12次' is not a "
                                 "comparator and a value"));
    EXPECT_THAT(r.err, HasSubstr("row 5, column 三级指标: is empty"));
    EXPECT_THAT(r.err, HasSubstr("row 9, column 年度资金总额: '300.0000001' "
                                 "is not an amount in 万元"));
    EXPECT_THAT(r.err, HasSubstr("row 6, column 二级指标: \"环境效益指标\" is "
                                 "not a 二级 of 效益指标"));
    EXPECT_THAT(r.err, HasSubstr("4 errors; nothing was stored"));
  }
  const auto show = Targets({"show"});
  EXPECT_EQ(show.exit_code, 1);
  EXPECT_THAT(show.err, HasSubstr("no targets"));
  EXPECT_EQ(Targets({"import", Write("empty.csv", "")}).exit_code, 1);
  EXPECT_EQ(Cli({"targets", "import", bad, kKey, kYear}).exit_code, 2);
}

TEST_F(CliTargetsTest, SubmitReturnAndApproveFromTheCommandLine) {
  const std::string demo = std::string(JIXIAO_SOURCE_DIR) +
                           "/deploy/demo/taoyuan-psb-2019-targets.csv";
  ASSERT_EQ(Targets({"import", demo}).exit_code, 0);
  const auto submitted = Targets({"submit"});
  ASSERT_EQ(submitted.exit_code, 0) << submitted.err;
  EXPECT_THAT(submitted.out, HasSubstr("已提交(SUBMITTED), version 2"));
  EXPECT_EQ(Targets({"return"}).exit_code, 2);  // --reason is required
  const auto returned = Targets({"return", "--reason=破案数低于上年实际"});
  ASSERT_EQ(returned.exit_code, 0) << returned.err;
  EXPECT_THAT(returned.out, HasSubstr("已退回(RETURNED), version 3"));
  EXPECT_THAT(Targets({"show"}).out, HasSubstr("退回理由：破案数低于上年实际"));
  ASSERT_EQ(Targets({"submit"}).exit_code, 0);
  const auto approved = Targets({"approve"});
  ASSERT_EQ(approved.exit_code, 0) << approved.err;
  EXPECT_THAT(approved.out,
              HasSubstr("已批复(APPROVED), version 5, 23 indicators"));
  // Approved targets are frozen: a changed file is refused, the same one
  // is left as it is, and the export is the set in force.
  std::string changed = testing::ReadFileText(demo);
  changed.replace(changed.find("≥100起"), std::string("≥100起").size(),
                  "≥90起");
  const auto frozen = Targets({"import", Write("changed.csv", changed)});
  EXPECT_EQ(frozen.exit_code, 1);
  EXPECT_THAT(frozen.err, HasSubstr("frozen"));
  EXPECT_THAT(Targets({"import", demo}).out, HasSubstr("unchanged"));
  EXPECT_THAT(Targets({"export"}).out, HasSubstr("破获黑恶类案件数,≥100起"));
  EXPECT_THAT(Targets({"show"}).out, Not(HasSubstr("尚无已批复的目标")));
}

}  // namespace
}  // namespace jixiao

// `jixiao monitoring` against the real budget and indicator services (SQLite,
// or PostgreSQL for the "postgresql." run): the seed's targets approved and
// its illustrative payments imported from the command line, a round opened
// (twice: the second is left as it is), a bad filing refused by row and
// column with nothing stored, the demo filing filed (twice: unchanged),
// execution and both warnings shown with their figures, finance's decision,
// the 绩效监控表 written, the round closed and a filing refused.
#include <filesystem>
#include <fstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/service_process.h"

namespace jixiao {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kRegion[] = "--region=430725";
constexpr char kDepartment[] = "--department=taoyuan-psb";
constexpr char kRound[] = "--round=2019-07";

std::string Demo(const std::string& name) {
  return std::string(JIXIAO_SOURCE_DIR) + "/deploy/demo/" + name;
}

class CliMonitoringTest : public ::testing::Test {
 protected:
  CliMonitoringTest()
      : budget_(testing::StartBudget(dir_)),
        indicator_(testing::StartIndicator(dir_, *budget_)) {
    for (const std::vector<std::string>& args :
         std::vector<std::vector<std::string>>{
             {"dataset", "load", Demo("taoyuan-psb-2019.json")},
             {"targets", "import", DepartmentForm(), kRegion, kDepartment,
              "--year=2019"},
             {"targets", "submit", kRegion, kDepartment, "--year=2019"},
             {"targets", "approve", kRegion, kDepartment, "--year=2019"},
             {"import", "ledger", Demo("taoyuan-psb-2019-payments.csv"),
              kRegion}}) {
      const auto r = Cli(args);
      EXPECT_EQ(r.exit_code, 0) << r.err;
    }
  }

  // The demo's targets without its project forms (their projects are the
  // budget's only with the demo's projects file, and the round here is the
  // department-wide one): the file up to its first project form.
  std::string DepartmentForm() {
    std::string text =
        testing::ReadFileText(Demo("taoyuan-psb-2019-targets.csv"));
    text.resize(text.find("项目支出绩效目标申报表"));
    const auto path = dir_.path() / "department-targets.csv";
    std::ofstream(path, std::ios::binary) << text;
    return path.string();
  }

  testing::CommandResult Cli(std::vector<std::string> args) {
    args.insert(args.begin(),
                {JIXIAO_CLI_BINARY, "--budget=" + budget_->address(),
                 "--indicator=" + indicator_->address()});
    return testing::RunCommand(args);
  }

  // `jixiao monitoring VERB … --region --round [--department]`.
  testing::CommandResult Monitoring(std::vector<std::string> args,
                                    bool department = true) {
    args.insert(args.begin(), "monitoring");
    args.insert(args.end(), {kRegion, kRound});
    if (department) args.push_back(kDepartment);
    return Cli(args);
  }

  testing::CommandResult Open() {
    return Monitoring({"open", "--year=2019", "--as_of=2019-07-31",
                       "--due=2019-08-15", "--title=2019年1-7月绩效运行监控"},
                      false);
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

TEST_F(CliMonitoringTest, OpenFileShowDecideWriteTheTableAndClose) {
  const auto opened = Open();
  ASSERT_EQ(opened.exit_code, 0) << opened.err;
  EXPECT_THAT(opened.out, HasSubstr("opened 430725 2019-07 "
                                    "2019年1-7月绩效运行监控：进行中(OPEN)，"
                                    "2019年，数据截至 2019-07-31"));
  const auto again = Open();
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(again.out, HasSubstr("round exists, left as it is"));
  // Another round under the same id is refused, and so is a missing flag.
  EXPECT_EQ(Monitoring({"open", "--year=2019", "--as_of=2019-06-30",
                        "--due=2019-08-15"},
                       false)
                .exit_code,
            1);
  EXPECT_EQ(
      Monitoring({"open", "--year=2019", "--due=2019-08-15"}, false).exit_code,
      2);

  // Nothing filed yet: the execution is there, from the payments.
  const auto before = Monitoring({"show"});
  ASSERT_EQ(before.exit_code, 0) << before.err;
  EXPECT_THAT(before.out, HasSubstr("本轮尚未填报"));
  EXPECT_THAT(before.out, HasSubstr("14919.08万元"));  // the full-year budget
  EXPECT_THAT(before.out, HasSubstr("5246万元"));      // paid to 7月31日

  // A bad filing: every error by row and column, nothing stored.
  const std::string bad =
      Write("bad.csv",
            "部门整体支出绩效目标执行监控表（2019年1-7月）\n"
            "一级指标,二级指标,三级指标,年度指标值,1-7月执行情况,"
            "全年预计完成情况,完成目标可能性,偏差原因,纠偏措施\n"
            "产出指标,数量指标,破获黑恶类案件数,≥100起,64起,很多,确定能,,\n"
            ",,查处涉黄涉赌涉毒案件数,≥200起,131起,225起,确定能,,\n"
            ",时效指标,行政审批业务提速比例,≥30%,12%,20%,完全不可能,,\n");
  for (const char* dry : {"--dry_run", "--dry_run=false"}) {
    const auto refused = Monitoring({"file", bad, dry});
    EXPECT_EQ(refused.exit_code, 1);
    EXPECT_THAT(refused.err, HasSubstr("row 3, column 全年预计完成情况: "
                                       "\"很多\" is not a decimal"));
    EXPECT_THAT(refused.err, HasSubstr("row 4, column 三级指标: "
                                       "'查处涉黄涉赌涉毒案件数' is not an "
                                       "indicator"));
    EXPECT_THAT(refused.err, HasSubstr("row 5, column 偏差原因: a target not "
                                       "certain to be met needs its cause"));
    EXPECT_THAT(refused.err, HasSubstr("3 errors; nothing was stored"));
  }
  EXPECT_THAT(Monitoring({"show"}).out, HasSubstr("本轮尚未填报"));

  const std::string demo = Demo("taoyuan-psb-2019-07-monitoring.csv");
  const auto filed = Monitoring({"file", demo});
  ASSERT_EQ(filed.exit_code, 0) << filed.err;
  EXPECT_THAT(filed.out, HasSubstr("filed 15 of 15 indicators for "
                                   "430725/taoyuan-psb in round 2019-07 "
                                   "(version 1, against targets version 3)"));
  const auto unchanged = Monitoring({"file", demo});
  ASSERT_EQ(unchanged.exit_code, 0) << unchanged.err;
  EXPECT_THAT(unchanged.out, HasSubstr("unchanged: 15 of 15 indicators"));

  const auto shown = Monitoring({"show"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_THAT(shown.out, HasSubstr("时间进度 58.08%"));
  EXPECT_THAT(shown.out, HasSubstr("预警（2 条）"));
  EXPECT_THAT(shown.out,
              HasSubstr("execution_lag           部门整体：执行率 35.16%，"
                        "时间进度 58.08%，相差 22.92 个百分点，超过阈值 10 "
                        "个百分点"));
  EXPECT_THAT(shown.out, HasSubstr("target/d9"));
  EXPECT_THAT(shown.out, HasSubstr("目标 ≥30%，全年预计 20%"));
  EXPECT_THAT(shown.out, HasSubstr("偏差原因：硬件条件保障"));
  EXPECT_THAT(shown.out, HasSubstr("处理：尚未决定"));
  const auto json = Monitoring({"show", "--format=json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_THAT(json.out, HasSubstr("\"executionBp\": 3516"));
  EXPECT_THAT(json.out, HasSubstr("\"kind\": \"TARGET_AT_RISK\""));

  // Finance decides; a wrong action is the command line's fault, a warning
  // the figures do not raise is the service's refusal.
  EXPECT_EQ(Monitoring({"decide", "--warning=execution_lag", "--action=罚款",
                        "--note=x"})
                .exit_code,
            2);
  EXPECT_EQ(Monitoring({"decide", "--warning=target/d1", "--action=督促整改",
                        "--note=x"})
                .exit_code,
            1);
  const auto decided =
      Monitoring({"decide", "--warning=execution_lag", "--action=督促整改",
                  "--note=限8月底前报送支出进度计划"});
  ASSERT_EQ(decided.exit_code, 0) << decided.err;
  EXPECT_THAT(decided.out, HasSubstr("decided taoyuan-psb execution_lag: "
                                     "督促整改；限8月底前报送支出进度计划"));
  const auto warnings = Monitoring({"warnings"}, false);
  ASSERT_EQ(warnings.exit_code, 0) << warnings.err;
  EXPECT_THAT(warnings.out, HasSubstr("预警 2 条，已处理 1 条"));
  EXPECT_THAT(warnings.out, HasSubstr("taoyuan-psb     target/d9"));
  EXPECT_THAT(Monitoring({"show"}).out,
              HasSubstr("处理：督促整改；限8月底前报送支出进度计划"));

  for (const char* format : {"--format=md", "--format=html"}) {
    const auto table =
        Monitoring({"table", format, "--out=" + dir_.path().string()});
    ASSERT_EQ(table.exit_code, 0) << table.err;
    EXPECT_THAT(table.out, HasSubstr("绩效监控表-430725-taoyuan-psb-2019-07."));
  }
  const std::string md = testing::ReadFileText(
      dir_.path() / "绩效监控表-430725-taoyuan-psb-2019-07.md");
  EXPECT_THAT(md, HasSubstr("绩效运行监控表"));
  EXPECT_THAT(md, HasSubstr("行政审批业务提速比例"));
  EXPECT_THAT(md, HasSubstr("限8月底前报送支出进度计划"));
  EXPECT_TRUE(std::filesystem::exists(
      dir_.path() / "绩效监控表-430725-taoyuan-psb-2019-07.html"));

  const auto closed = Monitoring({"close"}, false);
  ASSERT_EQ(closed.exit_code, 0) << closed.err;
  EXPECT_THAT(closed.out, HasSubstr("已结束(CLOSED)"));
  std::string changed = testing::ReadFileText(demo);
  changed.replace(changed.find("64起"), std::string("64起").size(), "65起");
  const auto late = Monitoring({"file", Write("late.csv", changed)});
  EXPECT_EQ(late.exit_code, 1);
  EXPECT_THAT(late.err, HasSubstr("a closed round takes no filing"));
  EXPECT_THAT(Monitoring({"show"}).out, HasSubstr("64起"));
  EXPECT_THAT(Monitoring({"rounds"}, false).out,
              HasSubstr("2019-07 2019年1-7月绩效运行监控：已结束(CLOSED)"));
}

TEST_F(CliMonitoringTest, ARoundThatIsNotThereOrAServiceThatIsNot) {
  const auto missing = Monitoring({"file", Demo("taoyuan-psb-2019-07-"
                                                "monitoring.csv")});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_THAT(missing.err, HasSubstr("has no monitoring round \"2019-07\""));
  EXPECT_EQ(Cli({"monitoring", "show", kRegion, kRound}).exit_code, 2);
  const auto unreachable =
      Cli({"monitoring", "show", kRegion, kRound, kDepartment,
           "--indicator=127.0.0.1:1", "--deadline_ms=2000"});
  EXPECT_EQ(unreachable.exit_code, 3) << unreachable.err;
}

}  // namespace
}  // namespace jixiao

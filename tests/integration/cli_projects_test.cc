// `jixiao projects` against the real budget and indicator services (SQLite,
// or PostgreSQL for the "postgresql." run): a department with a project and
// its targets approved (through `jixiao call`), a bad 自评表 refused by row
// and column with nothing sent, the good one filed from GBK, shown,
// submitted, returned with a reason, filed again, submitted, approved, and
// then refused as approved.
#include <fstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/service_process.h"

namespace jixiao {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kRegion[] = "--region=430725";
constexpr char kDepartment[] = "--department=jtj";
constexpr char kYear[] = "--year=2024";
constexpr char kProject[] = "--project=P001";

class CliProjectsTest : public ::testing::Test {
 protected:
  CliProjectsTest()
      : budget_(testing::StartBudget(dir_)),
        indicator_(testing::StartIndicator(dir_, *budget_)) {
    const std::string key =
        R"("regionCode":"430725","departmentCode":"jtj","year":2024)";
    const std::string indicators =
        R"([{"id":"ID1","level1":"产出指标","level2":"数量指标","name":"养护里程",)"
        R"("comparator":"AT_LEAST","value":"120","unit":"公里"},)"
        R"({"id":"ID2","level1":"效益指标","level2":"社会效益指标","name":"通行条件",)"
        R"("comparator":"QUALITATIVE","value":"明显改善"},)"
        R"({"id":"ID3","level1":"满意度指标","level2":"服务对象满意度指标",)"
        R"("name":"群众满意度","comparator":"AT_LEAST","value":"90","unit":"%"}])";
    const auto with = [&](const std::string& prefix) {
      std::string out = indicators;
      for (size_t at = out.find("ID"); at != std::string::npos;
           at = out.find("ID", at)) {
        out.replace(at, 2, prefix);
      }
      return out;
    };
    const std::vector<std::pair<std::string, std::string>> calls = {
        {"jixiao.budget.v1.BudgetService/CreateDepartment",
         R"({"department":{"regionCode":"430725","code":"jtj","name":"桃源县交通运输局"}})"},
        {"jixiao.budget.v1.BudgetService/PutDepartmentYear",
         "{\"departmentYear\":{" + key +
             R"(,"phases":[{"phase":"PHASE_ORIGINAL","totalExpenditure":"200000000"}],)"
             R"("projects":[{"code":"P001","name":"农村公路养护","original":"200000000"}]}})"},
        {"jixiao.indicator.v1.TargetService/PutTargets",
         "{\"targets\":{\"key\":{" + key +
             R"(},"tree":"pre2021","indicators":)" + with("d") +
             R"(,"projects":[{"projectCode":"P001","projectName":"农村公路养护",)"
             R"("funds":{"total":"200000000","fiscal":"200000000","other":"0"},)"
             R"("indicators":)" +
             with("P001-") + "}]},\"expectedVersion\":\"0\"}"},
        {"jixiao.indicator.v1.TargetService/SubmitTargets",
         "{\"key\":{" + key + "},\"expectedVersion\":\"1\"}"},
        {"jixiao.indicator.v1.TargetService/ApproveTargets",
         "{\"key\":{" + key + "},\"expectedVersion\":\"2\"}"},
    };
    for (const auto& [method, json] : calls) {
      const auto r = Cli({"call", method, json});
      EXPECT_EQ(r.exit_code, 0) << method << ": " << r.out << r.err;
    }
  }

  testing::CommandResult Cli(std::vector<std::string> args) {
    args.insert(args.begin(),
                {JIXIAO_CLI_BINARY, "--budget=" + budget_->address(),
                 "--indicator=" + indicator_->address()});
    return testing::RunCommand(args);
  }

  // `jixiao projects VERB … --region --department --year`.
  testing::CommandResult Projects(std::vector<std::string> args) {
    args.insert(args.begin(), "projects");
    args.insert(args.end(), {kRegion, kDepartment, kYear});
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

constexpr char kHeader[] =
    "项目支出绩效自评表（2024年度）\n"
    "项目代码,指标编号,实际完成值,完成程度,得分比例,分值,偏差原因分析,"
    "改进措施,实际完成情况,自评得分\n";

TEST_F(CliProjectsTest, FileShowSubmitReturnApprove) {
  // Every wrong row named by row and column; nothing sent.
  const std::string bad =
      Write("bad.csv", std::string(kHeader) +
                           "P001,,,,,,,,完成养护 110 公里,88\n"
                           "P001,P001-1,很多,,,,,,,\n"
                           "P001,P001-2,,差不多,85,,,,,\n"
                           "P001,P001-3,85%,,,,,,,\n"
                           "P002,P002-1,1,,,,,,,\n");
  const auto refused = Projects({"file", bad});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.err, HasSubstr("row 5, column 完成程度: \"差不多\""));
  EXPECT_THAT(refused.err,
              HasSubstr("row 4, column 实际完成值: \"很多\" is not a decimal"));
  EXPECT_THAT(refused.err,
              HasSubstr("row 6, column 偏差原因分析: 实际完成值 85% misses "));
  EXPECT_THAT(refused.err,
              HasSubstr("row 7, column 项目代码: the approved targets "
                        "(version 3) have no project \"P002\""));
  EXPECT_THAT(refused.err, HasSubstr("nothing was sent"));
  const auto none = Projects({"show"});
  ASSERT_EQ(none.exit_code, 0) << none.err;
  EXPECT_THAT(none.out, HasSubstr("no project filed"));

  // The good file, in GBK as a spreadsheet saves it; the unit may follow
  // the number.
  const std::string good_text =
      std::string(kHeader) +
      "P001,,,,,,,,完成养护 110 公里，通行条件明显改善,88\n"
      "P001,P001-1,110公里,,,,汛期停工,次年一季度补足\n"
      "P001,P001-2,,达成,90%,,,,,\n"
      "P001,P001-3,93.5,,,,,,,\n";
  const std::string utf8 = Write("good-utf8.csv", good_text);
  const std::string good = (dir_.path() / "good.csv").string();
  const auto converted = testing::RunCommand(
      {"/usr/bin/iconv", "-f", "UTF-8", "-t", "GBK", "-o", good, utf8});
  ASSERT_EQ(converted.exit_code, 0) << converted.err;
  const auto dry = Projects({"file", good, "--dry_run"});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_THAT(dry.out, HasSubstr("would file 1 project(s)"));
  EXPECT_THAT(Projects({"show"}).out, HasSubstr("no project filed"));
  const auto filed = Projects({"file", good});
  ASSERT_EQ(filed.exit_code, 0) << filed.err;
  EXPECT_THAT(filed.out, HasSubstr("filed P001: 3 indicator(s) (version 1, "
                                   "against targets version 3)"));
  const auto shown = Projects({"show", kProject});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_THAT(shown.out, HasSubstr("P001  草稿  version 1"));
  EXPECT_THAT(shown.out, HasSubstr("P001-1  110  偏差原因: 汛期停工"));
  EXPECT_THAT(shown.out, HasSubstr("P001-2  达成年度指标 90%"));
  EXPECT_THAT(shown.out, HasSubstr("自评得分: 88"));

  const auto submitted = Projects({"submit", kProject});
  ASSERT_EQ(submitted.exit_code, 0) << submitted.err;
  EXPECT_THAT(submitted.out, HasSubstr("P001: 已提交 (version 2)"));
  // Submitted: the file is refused before anything is sent.
  const auto locked = Projects({"file", good});
  EXPECT_EQ(locked.exit_code, 1);
  EXPECT_THAT(locked.err, HasSubstr("P001 is 已提交 and cannot be edited"));
  EXPECT_EQ(Projects({"return", kProject}).exit_code, 2);
  const auto returned =
      Projects({"return", kProject, "--reason=请附养护验收单"});
  ASSERT_EQ(returned.exit_code, 0) << returned.err;
  EXPECT_THAT(returned.out, HasSubstr("已退回 (version 3)"));
  EXPECT_THAT(Projects({"show"}).out, HasSubstr("退回原因: 请附养护验收单"));
  const auto again = Projects({"file", good});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(again.out, HasSubstr("(version 4"));
  ASSERT_EQ(Projects({"submit", kProject}).exit_code, 0);
  const auto approved = Projects({"approve", kProject});
  ASSERT_EQ(approved.exit_code, 0) << approved.err;
  EXPECT_THAT(approved.out, HasSubstr("已审核 (version 6)"));
  const auto frozen = Projects({"file", good});
  EXPECT_EQ(frozen.exit_code, 1);
  EXPECT_THAT(frozen.err, HasSubstr("P001 is 已审核"));
  const auto json = Projects({"show", "--format=json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_THAT(json.out, HasSubstr("\"status\":\"APPROVED\""));
  EXPECT_THAT(json.out, Not(HasSubstr("DRAFT")));
}

}  // namespace
}  // namespace jixiao

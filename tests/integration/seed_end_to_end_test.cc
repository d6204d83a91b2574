// The seed department end to end: the CLI loads the dataset into a running
// budget service, and what it shows is what the report's figures give.
#include <fstream>

#include "gmock/gmock.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "jixiao/budget/v1/budget.grpc.pb.h"
#include "tests/integration/service_process.h"

namespace jixiao {
namespace {

namespace pb = ::jixiao::budget::v1;
using ::testing::HasSubstr;

const std::string kDataset =
    std::string(JIXIAO_SOURCE_DIR) + "/deploy/demo/taoyuan-psb-2019.json";

class SeedEndToEnd : public ::testing::Test {
 protected:
  SeedEndToEnd()
      : server_(JIXIAO_BUDGET_BINARY,
                {"--storage=" + testing::StorageUrl(dir_, "b")}, dir_.path()) {}

  testing::CommandResult Cli(std::vector<std::string> args) {
    args.insert(args.begin(),
                {JIXIAO_CLI_BINARY, "--budget=" + server_.address()});
    return testing::RunCommand(args);
  }

  testing::TempDir dir_;
  testing::ServiceProcess server_;
};

TEST_F(SeedEndToEnd, LoadShowAndCheck) {
  auto loaded = Cli({"dataset", "load", kDataset});
  ASSERT_EQ(loaded.exit_code, 0) << loaded.err;
  EXPECT_THAT(loaded.out, HasSubstr("桃源县公安局"));
  // Loading again updates in place.
  ASSERT_EQ(Cli({"dataset", "load", kDataset}).exit_code, 0);

  auto shown = Cli({"budget", "show", "--region=430725",
                    "--department=taoyuan-psb", "--year=2019"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_THAT(shown.out, HasSubstr("在职人员控制率"));
  EXPECT_THAT(shown.out, HasSubstr("93.38%"));
  EXPECT_THAT(shown.out, HasSubstr("[错误] B5"));
  EXPECT_THAT(shown.out, HasSubstr("相差2249.95万元"));
  EXPECT_THAT(shown.out, HasSubstr("[警告] B12"));
  EXPECT_THAT(shown.out, HasSubstr("[警告] T1"));
  EXPECT_THAT(shown.out, HasSubstr("相差24.99万元"));
  EXPECT_THAT(shown.out, HasSubstr("[错误] U1"));
  EXPECT_THAT(shown.out, HasSubstr("405.53元"));

  auto json = Cli({"budget", "show", "--region=430725",
                   "--department=taoyuan-psb", "--year=2019", "--format=json"});
  ASSERT_EQ(json.exit_code, 0);
  EXPECT_THAT(json.out, HasSubstr("\"identity\":\"B5\""));
  EXPECT_THAT(
      json.out,
      HasSubstr("\"difference\":\"-2249950000\""));  // int64 as a string

  // The same numbers straight from the service.
  auto stub = pb::BudgetService::NewStub(grpc::CreateChannel(
      server_.address(), grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  pb::CheckConsistencyRequest request;
  request.mutable_key()->set_region_code("430725");
  request.mutable_key()->set_department_code("taoyuan-psb");
  request.mutable_key()->set_year(2019);
  pb::ConsistencyReport report;
  ASSERT_TRUE(stub->CheckConsistency(&context, request, &report).ok());
  std::vector<std::string> ids;
  for (const auto& f : report.findings()) ids.push_back(f.identity());
  EXPECT_THAT(ids, ::testing::UnorderedElementsAre("B5", "B12", "T1", "U1"));
}

TEST_F(SeedEndToEnd, CliExitCodesScriptsCanTrust) {
  EXPECT_EQ(Cli({"no-such-command"}).exit_code, 2);
  EXPECT_EQ(Cli({"budget", "show", "--format=xml"}).exit_code, 2);
  auto unknown = Cli({"budget", "show", "--region=430725",
                      "--department=nobody", "--year=2019"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_THAT(unknown.err, HasSubstr("nobody"));
  auto bad_file =
      Cli({"dataset", "load", (dir_.path() / "missing.json").string()});
  EXPECT_EQ(bad_file.exit_code, 1);
  auto health = Cli({"health", "--services=budget"});
  EXPECT_EQ(health.exit_code, 0);
  EXPECT_THAT(health.out, HasSubstr("SERVING"));
  auto unreachable =
      testing::RunCommand({JIXIAO_CLI_BINARY, "--budget=127.0.0.1:1", "health",
                           "--services=budget"});
  EXPECT_EQ(unreachable.exit_code, 3);
}

TEST_F(SeedEndToEnd, ABadDatasetNamesTheFigureAndStoresNothing) {
  const auto path = dir_.path() / "bad.json";
  std::ofstream(path)
      << R"({"department": {"regionCode": "430725", "code": "bad-ds", "name": "x"},
    "years": [{"year": 2019, "final": {"figures": {"reception": {"amount": "12.3"}}}}]})";
  auto result = Cli({"dataset", "load", path.string()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("years[0].final.figures.reception"));
  EXPECT_THAT(result.err, HasSubstr("no unit"));
  EXPECT_EQ(Cli({"budget", "show", "--region=430725", "--department=bad-ds",
                 "--year=2019"})
                .exit_code,
            1);
}

}  // namespace
}  // namespace jixiao

// The HTTP/JSON gateway in front of the three services, called with an
// HTTP client: a success for each service, each error class, the limits,
// and what passes through (token, request id, CORS).
#include <httplib.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/service_process.h"

namespace jixiao {
namespace {

using ::testing::HasSubstr;

class GatewayTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    budget_ = testing::StartBudget(*dir_).release();
    indicator_ = testing::StartIndicator(*dir_, *budget_).release();
    evaluation_ =
        testing::StartEvaluation(*dir_, *budget_, *indicator_).release();
    gateway_ = new testing::ServiceProcess(
        JIXIAO_GATEWAY_BINARY,
        {"--budget=" + budget_->address(),
         "--indicator=" + indicator_->address(),
         "--evaluation=" + evaluation_->address(), "--max_body_bytes=65536",
         "--cors_origins=https://oa.example.gov.cn"},
        dir_->path());
    const auto loaded = testing::RunCommand(
        {JIXIAO_CLI_BINARY, "--budget=" + budget_->address(), "dataset", "load",
         std::string(JIXIAO_SOURCE_DIR) +
             "/deploy/demo/taoyuan-psb-2019.json"});
    ASSERT_EQ(loaded.exit_code, 0) << loaded.err;
  }
  static void TearDownTestSuite() {
    delete gateway_;
    delete evaluation_;
    delete indicator_;
    delete budget_;
    delete dir_;
  }

  static httplib::Result Post(const std::string& path, const std::string& body,
                              httplib::Headers headers = {},
                              const std::string& type = "application/json") {
    httplib::Client client("127.0.0.1",
                           std::stoi(gateway_->address().substr(10)));
    client.set_read_timeout(30, 0);
    return client.Post(path.c_str(), headers, body, type.c_str());
  }

  static void ExpectError(const httplib::Result& r, int http,
                          const std::string& code) {
    ASSERT_TRUE(r) << "no response";
    EXPECT_EQ(r->status, http) << r->body;
    EXPECT_THAT(r->body, HasSubstr("\"code\":\"" + code + "\"")) << r->body;
    EXPECT_EQ(r->get_header_value("Content-Type"), "application/json");
  }

  static testing::TempDir* dir_;
  static testing::ServiceProcess* budget_;
  static testing::ServiceProcess* indicator_;
  static testing::ServiceProcess* evaluation_;
  static testing::ServiceProcess* gateway_;
};

testing::TempDir* GatewayTest::dir_ = nullptr;
testing::ServiceProcess* GatewayTest::budget_ = nullptr;
testing::ServiceProcess* GatewayTest::indicator_ = nullptr;
testing::ServiceProcess* GatewayTest::evaluation_ = nullptr;
testing::ServiceProcess* GatewayTest::gateway_ = nullptr;

TEST_F(GatewayTest, ASuccessForEachService) {
  auto budget = Post("/jixiao.budget.v1.BudgetService/GetDepartment",
                     R"({"regionCode": "430725", "code": "taoyuan-psb"})");
  ASSERT_TRUE(budget);
  EXPECT_EQ(budget->status, 200);
  EXPECT_THAT(budget->body, HasSubstr("\"name\": \"桃源县公安局\""));
  EXPECT_THAT(budget->body,
              HasSubstr("\"version\": \"1\""));  // int64 as a string
  auto indicator =
      Post("/jixiao.indicator.v1.IndicatorService/ListFrameworks", "{}");
  ASSERT_TRUE(indicator);
  EXPECT_EQ(indicator->status, 200);
  EXPECT_THAT(indicator->body, HasSubstr("hunan-county-department-2019"));
  auto evaluation =
      Post("/jixiao.evaluation.v1.EvaluationService/GetCacheStats", "");
  ASSERT_TRUE(evaluation);
  EXPECT_EQ(evaluation->status, 200);
  EXPECT_EQ(evaluation->get_header_value("Content-Type"), "application/json");
}

TEST_F(GatewayTest, ServiceErrorsMapToConnectCodes) {
  ExpectError(Post("/jixiao.budget.v1.BudgetService/GetDepartment",
                   R"({"regionCode": "4307", "code": "x"})"),
              400, "invalid_argument");
  ExpectError(Post("/jixiao.budget.v1.BudgetService/GetDepartment",
                   R"({"regionCode": "430725", "code": "nobody"})"),
              404, "not_found");
  ExpectError(
      Post(
          "/jixiao.budget.v1.BudgetService/CreateDepartment",
          R"({"department": {"regionCode": "430725", "code": "taoyuan-psb", "name": "x"}})"),
      409, "already_exists");
  ExpectError(
      Post(
          "/jixiao.indicator.v1.IndicatorService/StartEvaluation",
          R"({"key": {"regionCode": "430725", "departmentCode": "taoyuan-psb", "year": 2019},
                       "frameworkId": "hunan-county-department-2019",
                       "actor": {"subject": "x", "role": "FINANCE"}})"),
      403, "permission_denied");
  auto message = Post("/jixiao.budget.v1.BudgetService/GetDepartment",
                      R"({"regionCode": "4307", "code": "x"})");
  EXPECT_THAT(message->body, HasSubstr("region_code: a region code"));
}

TEST_F(GatewayTest, TheGatewaysOwnRefusals) {
  ExpectError(
      Post("/jixiao.budget.v1.BudgetService/GetDepartment", "{bad json"), 400,
      "invalid_argument");
  ExpectError(Post("/jixiao.budget.v1.BudgetService/GetDepartment",
                   R"({"noSuchField": 1})"),
              400, "invalid_argument");
  ExpectError(Post("/jixiao.budget.v1.BudgetService/NoSuchMethod", "{}"), 404,
              "unimplemented");
  ExpectError(Post("/jixiao.nothing.v1.Nothing/Get", "{}"), 404,
              "unimplemented");
  ExpectError(Post("/not/a/method/path", "{}"), 404, "unimplemented");
  auto wrong_type = Post("/jixiao.budget.v1.BudgetService/GetDepartment", "{}",
                         {}, "text/plain");
  ExpectError(wrong_type, 415, "invalid_argument");
  ExpectError(Post("/jixiao.budget.v1.BudgetService/GetDepartment",
                   R"({"regionCode": ")" + std::string(70'000, '4') + R"("})"),
              413, "resource_exhausted");
  ExpectError(Post("/jixiao.budget.v1.BudgetService/StreamImportLedger", "{}"),
              501, "unimplemented");
  ExpectError(Post("/jixiao.budget.v1.BudgetService/GetDepartment", "{}",
                   {{"Connect-Timeout-Ms", "soon"}}),
              400, "invalid_argument");
}

TEST_F(GatewayTest, TokenAndRequestIdPassThrough) {
  auto r = Post("/jixiao.budget.v1.BudgetService/GetDepartment",
                R"({"regionCode": "430725", "code": "taoyuan-psb"})",
                {{"Authorization", "Bearer test.token.unchecked"},
                 {"X-Request-Id", "gateway-trace-1"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("X-Request-Id"), "gateway-trace-1");
  // The budget service saw the same request id, and a bearer token with it.
  const std::string log = testing::ReadFileText(budget_->log_path());
  EXPECT_THAT(
      log, HasSubstr(R"("request_id":"gateway-trace-1","authorization":true)"));
  // Without one, the gateway makes an id up and still passes it on.
  auto plain = Post("/jixiao.budget.v1.BudgetService/GetDepartment",
                    R"({"regionCode": "430725", "code": "taoyuan-psb"})");
  EXPECT_EQ(plain->get_header_value("X-Request-Id").size(), 32u);
}

TEST_F(GatewayTest, CorsForConfiguredOrigins) {
  httplib::Client client("127.0.0.1",
                         std::stoi(gateway_->address().substr(10)));
  auto preflight =
      client.Options("/jixiao.budget.v1.BudgetService/GetDepartment",
                     {{"Origin", "https://oa.example.gov.cn"},
                      {"Access-Control-Request-Method", "POST"}});
  ASSERT_TRUE(preflight);
  EXPECT_EQ(preflight->status, 204);
  EXPECT_EQ(preflight->get_header_value("Access-Control-Allow-Origin"),
            "https://oa.example.gov.cn");
  EXPECT_THAT(preflight->get_header_value("Access-Control-Allow-Headers"),
              HasSubstr("Authorization"));
  auto other = client.Options("/jixiao.budget.v1.BudgetService/GetDepartment",
                              {{"Origin", "https://elsewhere.example.com"}});
  EXPECT_EQ(other->status, 403);
  auto post = Post("/jixiao.budget.v1.BudgetService/GetDepartment",
                   R"({"regionCode": "430725", "code": "taoyuan-psb"})",
                   {{"Origin", "https://oa.example.gov.cn"}});
  EXPECT_EQ(post->get_header_value("Access-Control-Allow-Origin"),
            "https://oa.example.gov.cn");
}

TEST_F(GatewayTest, ABackendThatIsDownIsUnavailable) {
  testing::ServiceProcess lonely(
      JIXIAO_GATEWAY_BINARY,
      {"--budget=127.0.0.1:1", "--default_timeout_ms=500"}, dir_->path());
  httplib::Client client("127.0.0.1", std::stoi(lonely.address().substr(10)));
  auto r = client.Post("/jixiao.budget.v1.BudgetService/GetDepartment",
                       R"({"regionCode": "430725", "code": "x"})",
                       "application/json");
  ASSERT_TRUE(r);
  EXPECT_THAT(r->status, ::testing::AnyOf(503, 504));
  EXPECT_THAT(r->body, ::testing::AnyOf(HasSubstr("\"unavailable\""),
                                        HasSubstr("\"deadline_exceeded\"")));
}

// Debian's libcpp-httplib listens with a backlog of 5, built in; the
// gateway listens again with --listen_backlog (1024). ss shows a listening
// socket's backlog as its Send-Q.
TEST_F(GatewayTest, ListensWithItsOwnBacklogNotHttplibsFive) {
  const std::string port = gateway_->address().substr(10);
  const auto ss =
      testing::RunCommand({"/usr/bin/ss", "-Hltn", "sport = :" + port});
  ASSERT_EQ(ss.exit_code, 0) << ss.err;
  std::istringstream line(ss.out);
  std::string state, received, backlog;
  line >> state >> received >> backlog;
  ASSERT_EQ(state, "LISTEN") << ss.out;
  int somaxconn = 0;
  std::ifstream("/proc/sys/net/core/somaxconn") >> somaxconn;
  ASSERT_GT(somaxconn, 0);
  EXPECT_EQ(backlog, std::to_string(std::min(1024, somaxconn))) << ss.out;
}

TEST_F(GatewayTest, ABacklogBelowOneIsRefusedBeforeListening) {
  const auto refused =
      testing::RunCommand({JIXIAO_GATEWAY_BINARY, "--insecure",
                           "--listen=127.0.0.1:0", "--listen_backlog=0"});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_THAT(refused.err, HasSubstr("--listen_backlog: must be at least 1"));
}

}  // namespace
}  // namespace jixiao

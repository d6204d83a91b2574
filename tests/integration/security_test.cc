// Who may do what, against the three services with tokens checked: every
// RPC of every service called with no token and with the wrong department's
// token; bad tokens of each kind; the workflow's roles taken from the token;
// the audit trail read back; RS256 keys and secret rotation.
#include <chrono>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "jixiao/budget/v1/budget.grpc.pb.h"
#include "jixiao/evaluation/v1/evaluation.grpc.pb.h"
#include "jixiao/evaluation/v1/projects.grpc.pb.h"
#include "jixiao/indicator/v1/indicator.grpc.pb.h"
#include "jixiao/indicator/v1/monitoring.grpc.pb.h"
#include "jixiao/indicator/v1/project_evaluation.grpc.pb.h"
#include "libs/jwt/jwt.h"
#include "services/common/rpcjson/json_call.h"
#include "tests/integration/service_process.h"
#include "tests/support/test_token.h"

namespace jixiao {
namespace {

using ::testing::HasSubstr;
using Metadata = std::vector<std::pair<std::string, std::string>>;

constexpr char kSecret[] = "0123456789abcdef0123456789abcdef-jixiao-test";
constexpr char kRegion[] = "430725";
constexpr char kKey2019[] =
    R"("regionCode":"430725","departmentCode":"001","year":2019)";

std::string Token(access::Role role, const std::string& region,
                  const std::string& department,
                  absl::Duration ttl = absl::Hours(1),
                  const std::string& secret = kSecret) {
  return testing::MintTestToken(secret, role, region, department,
                                "user-" + department + "-" + region, ttl);
}

Metadata Bearer(const std::string& token) {
  return {{"authorization", "Bearer " + token}};
}

class SecurityTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    const auto secret = dir_->path() / "jwt-secret";
    std::ofstream(secret) << kSecret << "\n";
    const std::string flag = "--jwt_hs256_secret_file=" + secret.string();
    budget_ = testing::StartBudget(*dir_, {flag}).release();
    indicator_ = testing::StartIndicator(*dir_, *budget_, {flag}).release();
    evaluation_ = testing::StartEvaluation(*dir_, *budget_, *indicator_, {flag})
                      .release();
    admin_ = new std::string(Token(access::Role::kAdmin, "", ""));
    // Departments 001 and 002, a year of figures and an evaluation for 001.
    for (const char* code : {"001", "002"}) {
      Expect(0, "jixiao.budget.v1.BudgetService/CreateDepartment",
             absl::StrCat(R"({"department":{"regionCode":"430725","code":")",
                          code, R"(","name":"单位)", code, R"("}})"),
             *admin_);
    }
    Expect(0, "jixiao.budget.v1.BudgetService/PutDepartmentYear",
           R"({"departmentYear":{"regionCode":"430725","departmentCode":"001",)"
           R"("year":2019,"phases":[{"phase":"PHASE_FINAL",)"
           R"("totalExpenditure":"100000"}]}})",
           *admin_);
    Expect(0, "jixiao.indicator.v1.IndicatorService/StartEvaluation",
           absl::StrCat(R"({"key":{)", kKey2019,
                        R"(},"frameworkId":"hunan-county-department-2019"})"),
           *admin_);
    // Rectification task 1 of the region, 001's.
    Expect(0, "jixiao.indicator.v1.RectificationService/CreateTask",
           R"({"task":{"key":{"regionCode":"430725"},"departmentCode":"001",)"
           R"("year":2019,"finding":{"kind":"REVIEWER_NOTE","reference":"r",)"
           R"("figures":"f"},"requirement":"q","deadline":"2020-06-30"}})",
           *admin_);
  }
  static void TearDownTestSuite() {
    delete admin_;
    delete evaluation_;
    delete indicator_;
    delete budget_;
    delete dir_;
  }

  static const testing::ServiceProcess& ServerOf(const std::string& method) {
    if (absl::StartsWith(method, "jixiao.indicator.")) return *indicator_;
    if (absl::StartsWith(method, "jixiao.evaluation.")) return *evaluation_;
    return *budget_;
  }

  static rpcjson::JsonCallResult Call(const std::string& method,
                                      const std::string& json,
                                      const Metadata& metadata) {
    auto channel = grpc::CreateChannel(ServerOf(method).address(),
                                       grpc::InsecureChannelCredentials());
    auto result = rpcjson::CallJson(channel, method, json,
                                    std::chrono::seconds(30), metadata);
    EXPECT_TRUE(result.ok()) << method << ": " << result.status();
    return result.ok() ? *result : rpcjson::JsonCallResult{-1, "", "", ""};
  }

  static rpcjson::JsonCallResult Expect(int code, const std::string& method,
                                        const std::string& json,
                                        const std::string& token) {
    auto result =
        Call(method, json, token.empty() ? Metadata{} : Bearer(token));
    EXPECT_EQ(result.code, code)
        << method << " " << json << ": " << result.message;
    return result;
  }

  static testing::TempDir* dir_;
  static testing::ServiceProcess* budget_;
  static testing::ServiceProcess* indicator_;
  static testing::ServiceProcess* evaluation_;
  static std::string* admin_;
};

testing::TempDir* SecurityTest::dir_ = nullptr;
testing::ServiceProcess* SecurityTest::budget_ = nullptr;
testing::ServiceProcess* SecurityTest::indicator_ = nullptr;
testing::ServiceProcess* SecurityTest::evaluation_ = nullptr;
std::string* SecurityTest::admin_ = nullptr;

// What a department's token may reach: its own department's data (kOwn), the
// shared reference data (kShared: frameworks, previews), nothing region-wide
// (kRegion) and no oversight (kOversight: a region's audit trail; kService:
// the service's own statistics, open to finance of any region). kShared is
// also what tells nothing about anyone's data (a service's write epoch).
// kRegionPublic: what is public within a region (its result-application
// rules, its published packages): any department of the region, not others.
enum class Scope {
  kOwn,
  kShared,
  kRegion,
  kOversight,
  kService,
  kRegionPublic
};

struct RpcCase {
  std::string method;
  std::string json;  // aimed at department 001 of 430725
  Scope scope;
};

std::vector<RpcCase> EveryUnaryRpc() {
  const std::string key = absl::StrCat(R"({"key":{)", kKey2019, "}");
  const std::string flat = absl::StrCat("{", kKey2019, "}");
  const std::string b = "jixiao.budget.v1.BudgetService/";
  const std::string i = "jixiao.indicator.v1.IndicatorService/";
  const std::string e = "jixiao.evaluation.v1.EvaluationService/";
  const std::string t = "jixiao.indicator.v1.TargetService/";
  const std::string m = "jixiao.indicator.v1.MonitoringService/";
  const std::string r = "jixiao.indicator.v1.RectificationService/";
  const std::string pe = "jixiao.indicator.v1.ProjectEvaluationService/";
  const std::string project =
      absl::StrCat("{", kKey2019, R"(,"projectCode":"P001"})");
  const std::string res = "jixiao.evaluation.v1.ResultsService/";
  const std::string ps = "jixiao.evaluation.v1.ProjectScoringService/";
  const std::string task = R"({"regionCode":"430725","taskId":"1"})";
  const std::string round = R"({"regionCode":"430725","roundId":"r1"})";
  const std::string monitoring =
      absl::StrCat(R"({"round":)", round, R"(,"departmentCode":"001"})");
  return {
      {b + "CreateDepartment",
       R"({"department":{"regionCode":"430725","code":"009","name":"新"}})",
       Scope::kRegion},
      {b + "UpdateDepartment",
       R"({"department":{"regionCode":"430725","code":"001","name":"改"}})",
       Scope::kOwn},
      {b + "GetDepartment", R"({"regionCode":"430725","code":"001"})",
       Scope::kOwn},
      {b + "ListDepartments", R"({"regionCode":"430725"})", Scope::kRegion},
      {b + "PutDepartmentYear",
       R"({"departmentYear":{"regionCode":"430725","departmentCode":"001","year":2020}})",
       Scope::kOwn},
      {b + "GetDepartmentYear", flat, Scope::kOwn},
      {b + "ImportLedger", R"({"batchId":"b1","regionCode":"430725"})",
       Scope::kRegion},
      {b + "GetAggregates", key + "}", Scope::kOwn},
      {b + "CompareYears", key + "}", Scope::kOwn},
      {b + "CheckConsistency", key + "}", Scope::kOwn},
      {b + "GetVersions", flat, Scope::kOwn},
      {b + "GetWriteEpoch", "{}", Scope::kShared},
      {b + "ExtractReport",
       R"({"text":"报告","commit":true,"regionCode":"430725","departmentCode":"001"})",
       Scope::kOwn},
      {b + "ListAudit", R"({"regionCode":"430725"})", Scope::kOversight},
      {b + "GetExecution", key + R"(,"asOf":"2019-07-31"})", Scope::kOwn},
      {m + "OpenRound",
       absl::StrCat(R"({"round":{"key":)", round,
                    R"(,"year":2019,"asOf":"2019-07-31","due":"2019-08-20"}})"),
       Scope::kRegion},
      {m + "CloseRound", round, Scope::kRegion},
      {m + "ListRounds", R"({"regionCode":"430725","departmentCode":"001"})",
       Scope::kOwn},
      {m + "PutMonitoring",
       absl::StrCat(R"({"filing":{"key":)", monitoring, "}}"), Scope::kOwn},
      {m + "GetMonitoring", monitoring, Scope::kOwn},
      {m + "ListWarnings", round, Scope::kRegion},
      {m + "DecideWarning",
       absl::StrCat(R"({"key":)", monitoring,
                    R"(,"warningId":"execution_lag",)",
                    R"("action":"URGE_RECTIFICATION","note":"n"})"),
       Scope::kRegion},
      {m + "RenderMonitoringTable", absl::StrCat(R"({"key":)", monitoring, "}"),
       Scope::kOwn},
      {r + "CreateTask",
       R"({"task":{"key":{"regionCode":"430725"},"departmentCode":"001",)"
       R"("year":2019,"finding":{"kind":"REVIEWER_NOTE","reference":"r",)"
       R"("figures":"f"},"requirement":"q","deadline":"2020-06-30"}})",
       Scope::kRegion},
      {r + "GetTask", task, Scope::kOwn},
      {r + "ListTasks", R"({"regionCode":"430725","departmentCode":"001"})",
       Scope::kOwn},
      {r + "UploadEvidence",
       absl::StrCat(R"({"task":)", task,
                    R"(,"fileName":"a.pdf","contentType":"application/pdf",)",
                    R"("content":"JVBERi0xLjQK"})"),
       Scope::kOwn},
      {r + "GetEvidence",
       absl::StrCat(R"({"task":)", task, R"(,"sha256":")", std::string(64, 'a'),
                    R"("})"),
       Scope::kOwn},
      {r + "ReportTask",
       absl::StrCat(R"({"key":)", task, R"(,"expectedVersion":"1",)",
                    R"("response":"done"})"),
       Scope::kOwn},
      {r + "AcceptTask",
       absl::StrCat(R"({"key":)", task,
                    R"(,"expectedVersion":"2","note":"n"})"),
       Scope::kRegion},
      {r + "ReopenTask",
       absl::StrCat(R"({"key":)", task,
                    R"(,"expectedVersion":"2","note":"n"})"),
       Scope::kRegion},
      {pe + "PutProjectFiling",
       absl::StrCat(R"({"filing":{"key":)", project, "}}"), Scope::kOwn},
      {pe + "GetProjectFiling", project, Scope::kOwn},
      {pe + "ListProjectFilings", flat, Scope::kOwn},
      {pe + "SubmitProjectFiling",
       absl::StrCat(R"({"key":)", project, R"(,"expectedVersion":"1"})"),
       Scope::kOwn},
      {pe + "ReturnProjectFiling",
       absl::StrCat(R"({"key":)", project,
                    R"(,"expectedVersion":"1","reason":"r"})"),
       Scope::kRegion},
      {pe + "ApproveProjectFiling",
       absl::StrCat(R"({"key":)", project, R"(,"expectedVersion":"1"})"),
       Scope::kRegion},
      {i + "PutFramework", R"({"framework":{"id":"f","regionCode":"430725"}})",
       Scope::kRegion},
      {i + "GetFramework", R"({"id":"hunan-county-department-2019"})",
       Scope::kShared},
      {i + "ListFrameworks", "{}", Scope::kShared},
      {i + "StartEvaluation",
       absl::StrCat(
           R"({"key":{"regionCode":"430725","departmentCode":"001",)",
           R"("year":2020},"frameworkId":"hunan-county-department-2019"})"),
       Scope::kOwn},
      {i + "GetEvaluation", flat, Scope::kOwn},
      {i + "GetEvaluationVersion", flat, Scope::kOwn},
      {i + "GetWriteEpoch", "{}", Scope::kShared},
      {i + "SetValues", key + R"(,"expectedVersion":"1"})", Scope::kOwn},
      {i + "Submit", key + R"(,"expectedVersion":"1"})", Scope::kOwn},
      {i + "Return", key + R"(,"expectedVersion":"1","reason":"r"})",
       Scope::kOwn},
      {i + "Approve", key + R"(,"expectedVersion":"1"})", Scope::kOwn},
      {i + "ListAudit", R"({"regionCode":"430725"})", Scope::kOversight},
      {t + "PutTargets",
       absl::StrCat(R"({"targets":{"key":{)", kKey2019, R"(}}})"), Scope::kOwn},
      {t + "GetTargets", flat, Scope::kOwn},
      {t + "ListTargetHistory", flat, Scope::kOwn},
      {t + "ReviewTargets", flat, Scope::kOwn},
      {t + "SubmitTargets", key + R"(,"expectedVersion":"1"})", Scope::kOwn},
      {t + "ReturnTargets",
       key + R"(,"expectedVersion":"1","reasons":[{"reason":"r"}]})",
       Scope::kRegion},
      {t + "ApproveTargets", key + R"(,"expectedVersion":"1"})",
       Scope::kRegion},
      {t + "RequestTargetAdjustment",
       absl::StrCat(R"({"targets":{"key":{)", kKey2019,
                    R"(}},"expectedVersion":"1","reason":"r"})"),
       Scope::kOwn},
      {t + "DecideTargetAdjustment",
       key + R"(,"expectedVersion":"1","approve":true,"reason":"r"})",
       Scope::kRegion},
      {e + "Evaluate", key + "}", Scope::kOwn},
      {e + "GetResult", flat, Scope::kOwn},
      {e + "RenderReport", key + "}", Scope::kOwn},
      {e + "GetCacheStats", "{}", Scope::kService},
      {ps + "EvaluateProjects", key + "}", Scope::kOwn},
      {ps + "EvaluateProject", key + R"(,"projectCode":"P001"})", Scope::kOwn},
      {ps + "RenderProjectForm",
       absl::StrCat(R"({"project":)", key, R"(,"projectCode":"P001"}})"),
       Scope::kOwn},
      {ps + "ListProjectSchemes", "{}", Scope::kShared},
      {e + "ListAudit", R"({"regionCode":"430725"})", Scope::kOversight},
      {res + "GetDecisionRules", R"({"regionCode":"430725"})",
       Scope::kRegionPublic},
      {res + "PutDecisionRules",
       R"({"rules":{"regionCode":"430725","sourceDocument":"d","rules":[)"
       R"({"object":"DEPARTMENT_WIDE","grade":"中","decision":"MAINTAIN",)"
       R"("wording":"w"}]}})",
       Scope::kRegion},
      {res + "ProposeDecision", key + "}", Scope::kOwn},
      {res + "RecordDecision",
       absl::StrCat(R"({"subject":)", key,
                    R"(},"decision":"MAINTAIN","reason":"r"})"),
       Scope::kRegion},
      {res + "ListDecisions",
       R"({"regionCode":"430725","year":2019,"departmentCode":"001"})",
       Scope::kOwn},
      {res + "PublishPackage", flat, Scope::kRegion},
      {res + "GetPackage", flat, Scope::kRegionPublic},
  };
}

// The streaming RPCs are called with their stubs below.
const std::set<std::string> kStreaming = {
    "jixiao.budget.v1.BudgetService/StreamImportLedger",
    "jixiao.budget.v1.BudgetService/StreamRegionInputs",
    "jixiao.budget.v1.BudgetService/StreamRegionExecution",
    "jixiao.indicator.v1.MonitoringService/StreamMonitoringSummary",
    "jixiao.indicator.v1.ProjectEvaluationService/StreamRegionProjectFilings",
    "jixiao.indicator.v1.IndicatorService/StreamRegionEvaluations",
    "jixiao.evaluation.v1.EvaluationService/EvaluateRegion",
    "jixiao.evaluation.v1.ProjectScoringService/EvaluateRegionProjects"};

// Reads a server stream to its end; its status code.
template <typename Reader, typename Message>
grpc::StatusCode ReadAll(Reader reader, Message message) {
  while (reader->Read(&message)) {
  }
  return reader->Finish().error_code();
}

TEST_F(SecurityTest, TheTableCoversEveryRpcOfEveryService) {
  std::set<std::string> covered = kStreaming;
  for (const RpcCase& c : EveryUnaryRpc()) covered.insert(c.method);
  const std::vector<std::string> methods = rpcjson::ServiceMethods();
  EXPECT_GT(methods.size(), 25u);
  for (const std::string& method : methods) {
    EXPECT_TRUE(covered.contains(method)) << method << " has no case";
  }
  // And the other way: every case names a real method, so the list above
  // reaches every service the table knows (targets, monitoring,
  // rectification and results included).
  const std::set<std::string> known(methods.begin(), methods.end());
  for (const std::string& method : covered) {
    EXPECT_TRUE(known.contains(method)) << method << " is not a method";
  }
}

TEST_F(SecurityTest, EveryRpcWithoutATokenIsUnauthenticated) {
  for (const RpcCase& c : EveryUnaryRpc()) {
    const auto r =
        Expect(grpc::StatusCode::UNAUTHENTICATED, c.method, c.json, "");
    EXPECT_THAT(r.message, HasSubstr("bearer token is required")) << c.method;
  }
}

TEST_F(SecurityTest, EveryRpcWithTheWrongDepartmentsToken) {
  const std::string other = Token(access::Role::kDepartment, kRegion, "002");
  for (const RpcCase& c : EveryUnaryRpc()) {
    const auto r = Call(c.method, c.json, Bearer(other));
    if (c.scope == Scope::kShared || c.scope == Scope::kRegionPublic) {
      EXPECT_NE(r.code, grpc::StatusCode::PERMISSION_DENIED)
          << c.method << ": " << r.message;
      EXPECT_NE(r.code, grpc::StatusCode::UNAUTHENTICATED) << c.method;
    } else {
      EXPECT_EQ(r.code, grpc::StatusCode::PERMISSION_DENIED)
          << c.method << ": " << r.message;
    }
  }
  // The department's own token reaches its own data; a finance token of
  // another region reaches nothing of this one.
  const std::string own = Token(access::Role::kDepartment, kRegion, "001");
  const std::string elsewhere = Token(access::Role::kFinance, "430726", "");
  for (const RpcCase& c : EveryUnaryRpc()) {
    const auto mine = Call(c.method, c.json, Bearer(own));
    if (c.scope == Scope::kOwn || c.scope == Scope::kShared ||
        c.scope == Scope::kRegionPublic) {
      EXPECT_NE(mine.code, grpc::StatusCode::PERMISSION_DENIED)
          << c.method << ": " << mine.message;
    }
    if (c.scope != Scope::kShared && c.scope != Scope::kService) {
      EXPECT_EQ(Call(c.method, c.json, Bearer(elsewhere)).code,
                grpc::StatusCode::PERMISSION_DENIED)
          << c.method;
    }
  }
}

// The evaluation service calls the budget and indicator services with the
// caller's own token: a department evaluates itself end to end, and the
// peers judged the department, not the evaluation service.
TEST_F(SecurityTest, TokensTravelWithCallsBetweenServices) {
  const std::string own = Token(access::Role::kDepartment, kRegion, "001");
  Metadata md = Bearer(own);
  md.emplace_back("x-request-id", "forwarded-token-0001");
  const auto result = Call("jixiao.evaluation.v1.EvaluationService/Evaluate",
                           absl::StrCat(R"({"key":{)", kKey2019, "}}"), md);
  ASSERT_EQ(result.code, 0) << result.message;
  EXPECT_THAT(result.response_json, HasSubstr("\"grade\""));
  // The budget service answered the forwarded call, under the same id.
  bool seen = false;
  std::istringstream log(testing::ReadFileText(budget_->log_path()));
  for (std::string line; std::getline(log, line);) {
    if (absl::StrContains(line, "forwarded-token-0001") &&
        absl::StrContains(line, "GetVersions")) {
      seen = true;
      EXPECT_THAT(line, HasSubstr("\"code\":0"));
      EXPECT_THAT(line, HasSubstr("\"authorization\":true"));
      EXPECT_THAT(line, HasSubstr("\"subject\":\"user-001-430725\""));
    }
  }
  EXPECT_TRUE(seen);
}

TEST_F(SecurityTest, TheStreamingRpcsCheckTokensToo) {
  namespace bpb = budget::v1;
  namespace epb = evaluation::v1;
  const std::string other = Token(access::Role::kDepartment, kRegion, "002");
  for (const std::string& token : {std::string(), other}) {
    auto stub = bpb::BudgetService::NewStub(grpc::CreateChannel(
        budget_->address(), grpc::InsecureChannelCredentials()));
    grpc::ClientContext context;
    if (!token.empty()) context.AddMetadata("authorization", "Bearer " + token);
    bpb::ImportLedgerResponse response;
    auto writer = stub->StreamImportLedger(&context, &response);
    bpb::ImportLedgerRequest chunk;
    chunk.set_batch_id("streamed");
    chunk.set_region_code(kRegion);
    writer->Write(chunk);
    writer->WritesDone();
    EXPECT_EQ(writer->Finish().error_code(),
              token.empty() ? grpc::StatusCode::UNAUTHENTICATED
                            : grpc::StatusCode::PERMISSION_DENIED);

    auto estub = epb::EvaluationService::NewStub(grpc::CreateChannel(
        evaluation_->address(), grpc::InsecureChannelCredentials()));
    grpc::ClientContext econtext;
    if (!token.empty())
      econtext.AddMetadata("authorization", "Bearer " + token);
    epb::EvaluateRegionRequest request;
    request.set_region_code(kRegion);
    request.set_year(2019);
    EXPECT_EQ(
        ReadAll(estub->EvaluateRegion(&econtext, request), epb::RegionEvent()),
        token.empty() ? grpc::StatusCode::UNAUTHENTICATED
                      : grpc::StatusCode::PERMISSION_DENIED);
  }
}

// The region reads the evaluation service makes of its peers: a region's
// finance staff (or admin) only, as EvaluateRegion.
TEST_F(SecurityTest, TheRegionReadsAreForTheRegionsFinanceOnly) {
  namespace bpb = budget::v1;
  namespace ipb = indicator::v1;
  auto bstub = bpb::BudgetService::NewStub(grpc::CreateChannel(
      budget_->address(), grpc::InsecureChannelCredentials()));
  auto istub = ipb::IndicatorService::NewStub(grpc::CreateChannel(
      indicator_->address(), grpc::InsecureChannelCredentials()));
  const std::pair<std::string, grpc::StatusCode> cases[] = {
      {"", grpc::StatusCode::UNAUTHENTICATED},
      {Token(access::Role::kDepartment, kRegion, "001"),
       grpc::StatusCode::PERMISSION_DENIED},
      {Token(access::Role::kFinance, "430726", ""),
       grpc::StatusCode::PERMISSION_DENIED},
      {Token(access::Role::kFinance, kRegion, ""), grpc::StatusCode::OK},
      {Token(access::Role::kFinance, "430700", ""), grpc::StatusCode::OK},
  };
  for (const auto& [token, expected] : cases) {
    grpc::ClientContext bcontext;
    grpc::ClientContext icontext;
    if (!token.empty()) {
      bcontext.AddMetadata("authorization", "Bearer " + token);
      icontext.AddMetadata("authorization", "Bearer " + token);
    }
    bpb::RegionInputsRequest inputs;
    inputs.set_region_code(kRegion);
    inputs.set_year(2019);
    EXPECT_EQ(ReadAll(bstub->StreamRegionInputs(&bcontext, inputs),
                      bpb::RegionInputsPage()),
              expected)
        << token;
    ipb::RegionEvaluationsRequest evaluations;
    evaluations.set_region_code(kRegion);
    evaluations.set_year(2019);
    EXPECT_EQ(ReadAll(istub->StreamRegionEvaluations(&icontext, evaluations),
                      ipb::RegionEvaluationsPage()),
              expected)
        << token;
  }
  // Mid-year monitoring's region reads: the budget service's execution
  // stream, and the monitoring summary of a round.
  Expect(grpc::StatusCode::OK,
         "jixiao.indicator.v1.MonitoringService/OpenRound",
         R"({"round":{"key":{"regionCode":"430725","roundId":"stream"},)"
         R"("year":2019,"asOf":"2019-07-31","due":"2019-08-20"}})",
         *admin_);
  auto mstub = ipb::MonitoringService::NewStub(grpc::CreateChannel(
      indicator_->address(), grpc::InsecureChannelCredentials()));
  for (const auto& [token, expected] : cases) {
    grpc::ClientContext bcontext;
    grpc::ClientContext mcontext;
    if (!token.empty()) {
      bcontext.AddMetadata("authorization", "Bearer " + token);
      mcontext.AddMetadata("authorization", "Bearer " + token);
    }
    bpb::RegionExecutionRequest execution;
    execution.set_region_code(kRegion);
    execution.set_year(2019);
    execution.set_as_of("2019-07-31");
    EXPECT_EQ(ReadAll(bstub->StreamRegionExecution(&bcontext, execution),
                      bpb::RegionExecutionPage()),
              expected)
        << token;
    ipb::RoundKey round;
    round.set_region_code(kRegion);
    round.set_round_id("stream");
    EXPECT_EQ(ReadAll(mstub->StreamMonitoringSummary(&mcontext, round),
                      ipb::MonitoringSummaryPage()),
              expected)
        << token;
    // The project filings the evaluation service scores a region from.
    grpc::ClientContext pcontext;
    if (!token.empty()) {
      pcontext.AddMetadata("authorization", "Bearer " + token);
    }
    ipb::ProjectFilingsRequest filings;
    filings.set_region_code(kRegion);
    filings.set_year(2019);
    EXPECT_EQ(
        ReadAll(ipb::ProjectEvaluationService::NewStub(
                    grpc::CreateChannel(indicator_->address(),
                                        grpc::InsecureChannelCredentials()))
                    ->StreamRegionProjectFilings(&pcontext, filings),
                ipb::RegionProjectFilingsPage()),
        expected)
        << token;
    // The projects scored from those two streams (the token forwarded).
    grpc::ClientContext scontext;
    if (!token.empty()) {
      scontext.AddMetadata("authorization", "Bearer " + token);
    }
    evaluation::v1::EvaluateRegionProjectsRequest projects;
    projects.set_region_code(kRegion);
    projects.set_year(2019);
    EXPECT_EQ(
        ReadAll(evaluation::v1::ProjectScoringService::NewStub(
                    grpc::CreateChannel(evaluation_->address(),
                                        grpc::InsecureChannelCredentials()))
                    ->EvaluateRegionProjects(&scontext, projects),
                evaluation::v1::RegionProjectEvent()),
        expected)
        << token;
  }
}

TEST_F(SecurityTest, BadTokensOfEveryKindAreUnauthenticated) {
  const std::string method = "jixiao.budget.v1.BudgetService/GetDepartment";
  const std::string json = R"({"regionCode":"430725","code":"001"})";
  const auto expect = [&](const Metadata& md, const std::string& why) {
    const auto r = Call(method, json, md);
    EXPECT_EQ(r.code, grpc::StatusCode::UNAUTHENTICATED) << why;
    EXPECT_THAT(r.message, HasSubstr(why));
  };
  expect(Bearer(Token(access::Role::kAdmin, "", "", -absl::Hours(1))),
         "expired");
  expect(Bearer(Token(access::Role::kAdmin, "", "", absl::Hours(1),
                      "another-secret-of-at-least-32-bytes!!")),
         "signature does not verify");
  expect(Bearer("not-a-token"), "three parts");
  expect({{"authorization", "Basic YWxpY2U6c2VjcmV0"}}, "Bearer <token>");
  // "alg": "none" with no signature: never accepted.
  const std::string header = absl::WebSafeBase64Escape(R"({"alg":"none"})");
  const std::string payload = absl::WebSafeBase64Escape(
      R"({"sub":"x","role":"admin","exp":4102444800})");
  expect(Bearer(header + "." + payload + "."), "\"none\"");
  // A token whose signature holds but whose claims do not.
  jwt::Claims claims;
  claims.principal.subject = "x";
  claims.principal.role = access::Role::kDepartment;
  claims.principal.region_code = kRegion;
  claims.principal.department_code = "001";
  claims.expires = absl::Now() + absl::Hours(1);
  EXPECT_TRUE(jwt::MintHs256(claims, kSecret).ok());
  claims.principal.department_code = "";
  EXPECT_FALSE(jwt::MintHs256(claims, kSecret).ok());
}

TEST_F(SecurityTest, RolesComeFromTheTokenAndTheAuditTrailSaysWho) {
  const std::string own = Token(access::Role::kDepartment, kRegion, "002");
  const std::string finance = Token(access::Role::kFinance, kRegion, "");
  const std::string i = "jixiao.indicator.v1.IndicatorService/";
  const std::string key =
      R"({"key":{"regionCode":"430725","departmentCode":"002","year":2019})";
  // The department opens and submits its own evaluation; the request's
  // actor claiming FINANCE changes nothing.
  Expect(0, i + "StartEvaluation",
         key + R"(,"frameworkId":"hunan-county-department-2019"})", own);
  Expect(0, i + "SetValues",
         key + R"(,"expectedVersion":"1","selfScore":"90"})", own);
  Expect(0, i + "Submit", key + R"(,"expectedVersion":"2"})", own);
  const auto approve_own = Expect(
      grpc::StatusCode::PERMISSION_DENIED, i + "Approve",
      key +
          R"(,"expectedVersion":"3","actor":{"subject":"x","role":"FINANCE"}})",
      own);
  EXPECT_THAT(approve_own.message, HasSubstr("a department may not approve"));
  Expect(0, i + "Approve", key + R"(,"expectedVersion":"3"})", finance);

  // The trail: who, with which role, under which request id, what changed.
  const auto trail = Expect(
      0, i + "ListAudit",
      R"({"regionCode":"430725","departmentCode":"002","year":2019})", finance);
  EXPECT_THAT(trail.response_json,
              HasSubstr("\"subject\": \"user-002-430725\""));
  EXPECT_THAT(trail.response_json, HasSubstr("\"role\": \"department\""));
  EXPECT_THAT(trail.response_json, HasSubstr("\"role\": \"finance\""));
  EXPECT_THAT(trail.response_json, HasSubstr("\"method\": \"SetValues\""));
  EXPECT_THAT(trail.response_json, HasSubstr("\"selfScore\""));
  EXPECT_THAT(trail.response_json, HasSubstr("\"method\": \"approve\""));
  // Four writes, four rows; the refused approval wrote none.
  size_t rows = 0;
  for (size_t at = 0; (at = trail.response_json.find("\"requestId\"", at)) !=
                      std::string::npos;
       ++at) {
    ++rows;
  }
  EXPECT_EQ(rows, 4u) << trail.response_json;

  // Finance must name its region; a department may not read the trail.
  Expect(grpc::StatusCode::PERMISSION_DENIED, i + "ListAudit", "{}", finance);
  Expect(grpc::StatusCode::PERMISSION_DENIED, i + "ListAudit",
         R"({"regionCode":"430725"})", own);
  Expect(grpc::StatusCode::INVALID_ARGUMENT, i + "ListAudit",
         R"({"regionCode":"430725","since":"yesterday"})", finance);
}

TEST_F(SecurityTest, TheRequestIdOfAWriteIsInItsAuditRow) {
  const std::string b = "jixiao.budget.v1.BudgetService/";
  Metadata md = Bearer(*admin_);
  md.emplace_back("x-request-id", "audit-trace-0001");
  const auto updated = Call(
      b + "UpdateDepartment",
      R"({"department":{"regionCode":"430725","code":"002","name":"单位二"}})",
      md);
  ASSERT_EQ(updated.code, 0) << updated.message;
  // A refused write leaves no row.
  Expect(grpc::StatusCode::ALREADY_EXISTS, b + "CreateDepartment",
         R"({"department":{"regionCode":"430725","code":"002","name":"重"}})",
         *admin_);
  const auto trail = Expect(
      0, b + "ListAudit",
      R"({"regionCode":"430725","departmentCode":"002","method":"UpdateDepartment"})",
      *admin_);
  EXPECT_THAT(trail.response_json,
              HasSubstr("\"requestId\": \"audit-trace-0001\""));
  EXPECT_THAT(trail.response_json, HasSubstr("\"name\""));
  EXPECT_THAT(trail.response_json, HasSubstr(R"(\"name\":\"单位二\")"));
  const auto creates = Expect(
      0, b + "ListAudit",
      R"({"regionCode":"430725","departmentCode":"002","method":"CreateDepartment"})",
      *admin_);
  EXPECT_EQ(creates.response_json.find("重"), std::string::npos);
}

// RS256: the services hold only the public key; secret rotation: a secret
// file with two lines accepts tokens signed with either.
TEST(TokenKeys, Rs256AndRotation) {
  testing::TempDir dir;
  const auto key = dir.path() / "key.pem";
  const auto pub = dir.path() / "pub.pem";
  ASSERT_EQ(testing::RunCommand({"/usr/bin/openssl", "genpkey", "-algorithm",
                                 "RSA", "-pkeyopt", "rsa_keygen_bits:2048",
                                 "-out", key.string()})
                .exit_code,
            0);
  ASSERT_EQ(testing::RunCommand({"/usr/bin/openssl", "pkey", "-in",
                                 key.string(), "-pubout", "-out", pub.string()})
                .exit_code,
            0);
  auto rs = testing::StartBudget(
      dir, {"--jwt_rs256_public_key_file=" + pub.string()});
  jwt::Claims claims;
  claims.principal.subject = "platform";
  claims.principal.role = access::Role::kAdmin;
  claims.expires = absl::Now() + absl::Hours(1);
  std::ifstream in(key);
  const std::string pem((std::istreambuf_iterator<char>(in)), {});
  const auto rs_token = jwt::MintRs256(claims, pem);
  ASSERT_TRUE(rs_token.ok()) << rs_token.status();
  const auto call = [](const testing::ServiceProcess& server,
                       const std::string& token) {
    auto r = rpcjson::CallJson(
        grpc::CreateChannel(server.address(),
                            grpc::InsecureChannelCredentials()),
        "jixiao.budget.v1.BudgetService/ListDepartments",
        R"({"regionCode":"430725"})", std::chrono::seconds(10), Bearer(token));
    return r.ok() ? r->code : -1;
  };
  EXPECT_EQ(call(*rs, *rs_token), 0);
  EXPECT_EQ(call(*rs, Token(access::Role::kAdmin, "", "")),
            grpc::StatusCode::UNAUTHENTICATED);

  const auto secrets = dir.path() / "secrets";
  const std::string old_secret = "old-secret-old-secret-old-secret-01";
  const std::string new_secret = "new-secret-new-secret-new-secret-02";
  std::ofstream(secrets) << new_secret << "\n" << old_secret << "\n";
  auto hs = testing::StartBudget(
      dir, {"--jwt_hs256_secret_file=" + secrets.string()});
  for (const std::string& secret : {old_secret, new_secret}) {
    EXPECT_EQ(
        call(*hs, Token(access::Role::kAdmin, "", "", absl::Hours(1), secret)),
        0);
  }
  EXPECT_EQ(call(*hs, *rs_token), grpc::StatusCode::UNAUTHENTICATED);
  // A secret shorter than 32 bytes stops the start with a message.
  const auto weak = dir.path() / "weak";
  std::ofstream(weak) << "short\n";
  const auto refused =
      testing::RunCommand({JIXIAO_BUDGET_BINARY, "--listen=127.0.0.1:0",
                           "--storage=sqlite:" + (dir.path() / "w.db").string(),
                           "--jwt_hs256_secret_file=" + weak.string()});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_THAT(refused.err, HasSubstr("at least 32 bytes"));
}

}  // namespace
}  // namespace jixiao

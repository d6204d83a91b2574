// Hostile bytes and hostile callers, against the real binaries on loopback
// with tokens checked: each numbered finding of the security review is
// reproduced here as an attacker made it (raw HTTP/2 and HTTP/1.1 bytes
// where a well-behaved client library would refuse to send them), and must
// be refused without harm. The ownership table (every write RPC, the wrong
// region, the wrong department, the owner field changed) and the stream
// limits are here too.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/hmac.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <fstream>
#include <functional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "jixiao/budget/v1/budget.grpc.pb.h"
#include "jixiao/evaluation/v1/evaluation.grpc.pb.h"
#include "jixiao/indicator/v1/indicator.grpc.pb.h"
#include "libs/jwt/jwt.h"
#include "services/common/rpcjson/json_call.h"
#include "tests/integration/service_process.h"
#include "tests/support/test_token.h"

namespace jixiao {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using Metadata = std::vector<std::pair<std::string, std::string>>;
namespace bpb = budget::v1;
namespace epb = evaluation::v1;
namespace ipb = indicator::v1;

constexpr char kSecret[] = "hostile-test-secret-0123456789-abcdefghij";
constexpr char kRegion[] = "430725";
constexpr char kOtherRegion[] = "110101";

std::string Token(access::Role role, const std::string& region,
                  const std::string& department,
                  const std::string& subject = "") {
  return testing::MintTestToken(kSecret, role, region, department, subject);
}

Metadata Bearer(const std::string& token) {
  return {{"authorization", "Bearer " + token}};
}

int PortOf(const testing::ServiceProcess& p) {
  return std::stoi(p.address().substr(p.address().rfind(':') + 1));
}

bool Alive(const testing::ServiceProcess& p) {
  return p.pid() > 0 && ::kill(p.pid(), 0) == 0 && testing::Accepts(PortOf(p));
}

// Sends `request` as it is over a fresh TCP connection (from a thread of its
// own, so that an answer the server gives before it has read everything is
// read at once) and returns what comes back until the server closes or 5 s
// pass.
std::string RawHttp(int port, const std::string& request) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    ::close(fd);
    return "";
  }
  timeval timeout{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof(timeout));
  std::thread sender([fd, &request] {
    size_t sent = 0;
    while (sent < request.size()) {
      const ssize_t n = ::send(fd, request.data() + sent, request.size() - sent,
                               MSG_NOSIGNAL);
      if (n <= 0) break;  // the server may close early (a refused body)
      sent += static_cast<size_t>(n);
    }
  });
  std::string response;
  char buffer[4096];
  while (true) {
    const ssize_t n = ::recv(fd, buffer, sizeof(buffer), 0);
    if (n <= 0) break;
    response.append(buffer, static_cast<size_t>(n));
  }
  ::shutdown(fd, SHUT_RDWR);
  sender.join();
  ::close(fd);
  return response;
}

std::string Post(const std::string& path, const std::string& body,
                 const std::string& extra_headers) {
  return absl::StrCat("POST ", path,
                      " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                      "application/json\r\nConnection: close\r\n"
                      "Content-Length: ",
                      body.size(), "\r\n", extra_headers, "\r\n", body);
}

// A gRPC call made with curl over HTTP/2, so that header values gRPC's own
// client would refuse to send (a TAB, a non-ASCII byte) reach the server as
// an attacker sends them. Returns curl's dump of headers and trailers.
std::string RawGrpc(const testing::ServiceProcess& server,
                    const std::string& method,
                    const google::protobuf::Message& request,
                    const std::string& authorization,
                    const testing::TempDir& dir) {
  std::string body = request.SerializeAsString();
  std::string framed(5, '\0');
  const uint32_t size = htonl(static_cast<uint32_t>(body.size()));
  std::memcpy(&framed[1], &size, 4);
  framed += body;
  const auto file = dir.path() / "grpc-body";
  std::ofstream(file, std::ios::binary) << framed;
  const auto result = testing::RunCommand(
      {"/usr/bin/curl", "-s", "--http2-prior-knowledge", "-o", "/dev/null",
       "-D", "-", "--max-time", "10", "-H", "content-type: application/grpc",
       "-H", "te: trailers", "-H", "authorization: " + authorization,
       "--data-binary", "@" + file.string(),
       absl::StrCat("http://", server.address(), "/", method)});
  return result.out;
}

class HostileTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    const auto secret = dir_->path() / "jwt-secret";
    std::ofstream(secret) << kSecret << "\n";
    const std::string flag = "--jwt_hs256_secret_file=" + secret.string();
    budget_ = testing::StartBudget(*dir_, {flag}).release();
    indicator_ = testing::StartIndicator(*dir_, *budget_, {flag}).release();
    evaluation_ =
        testing::StartEvaluation(*dir_, *budget_, *indicator_,
                                 {flag, "--stream_write_timeout_ms=3000"})
            .release();
    gateway_ = new testing::ServiceProcess(
        JIXIAO_GATEWAY_BINARY,
        {"--budget=" + budget_->address(),
         "--indicator=" + indicator_->address(),
         "--evaluation=" + evaluation_->address(), "--max_body_bytes=65536",
         "--insecure=false"},
        dir_->path());
    admin_ = new std::string(Token(access::Role::kAdmin, "", "", "root"));
    for (const auto& [region, code] :
         std::vector<std::pair<std::string, std::string>>{
             {kRegion, "001"}, {kRegion, "002"}, {kOtherRegion, "001"}}) {
      Expect(0, "jixiao.budget.v1.BudgetService/CreateDepartment",
             absl::StrCat(R"({"department":{"regionCode":")", region,
                          R"(","code":")", code, R"(","name":"单位)", code,
                          R"(","staffAuthorized":40,"staffActual":38}})"),
             *admin_);
    }
    Expect(0, "jixiao.budget.v1.BudgetService/PutDepartmentYear",
           R"({"departmentYear":{"regionCode":"430725","departmentCode":"001",)"
           R"("year":2019,"phases":[{"phase":"PHASE_FINAL",)"
           R"("totalExpenditure":"100000"}]}})",
           *admin_);
    Expect(0, "jixiao.indicator.v1.IndicatorService/StartEvaluation",
           R"({"key":{"regionCode":"430725","departmentCode":"001",)"
           R"("year":2019},"frameworkId":"hunan-county-department-2019"})",
           *admin_);
  }
  static void TearDownTestSuite() {
    delete admin_;
    delete gateway_;
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

  // A region (430726) large enough that a region run's stream outruns
  // HTTP/2 flow control when its caller does not read.
  static void SeedBigRegion() {
    static bool seeded = false;
    if (seeded) return;
    seeded = true;
    for (int d = 0; d < 150; ++d) {
      Expect(
          0, "jixiao.budget.v1.BudgetService/CreateDepartment",
          absl::StrCat(R"({"department":{"regionCode":"430726","code":"s)", d,
                       R"(","name":")", std::string(40, 'n'), d, R"("}})"),
          *admin_);
      Expect(
          0, "jixiao.budget.v1.BudgetService/PutDepartmentYear",
          absl::StrCat(
              R"({"departmentYear":{"regionCode":"430726","departmentCode":"s)",
              d,
              R"(","year":2019,"phases":[{"phase":"PHASE_FINAL",)"
              R"("totalExpenditure":"100000"}]}})"),
          *admin_);
    }
  }

  // Every audit row of a service about one region: what "nothing changed"
  // is checked against (every write adds its row in its own transaction).
  static std::string Trail(const std::string& service,
                           const std::string& region) {
    return Expect(0, absl::StrCat("jixiao.", service, "/ListAudit"),
                  absl::StrCat(R"({"regionCode":")", region,
                               R"(","pageSize":1000})"),
                  *admin_)
        .response_json;
  }

  static testing::TempDir* dir_;
  static testing::ServiceProcess* budget_;
  static testing::ServiceProcess* indicator_;
  static testing::ServiceProcess* evaluation_;
  static testing::ServiceProcess* gateway_;
  static std::string* admin_;
};

testing::TempDir* HostileTest::dir_ = nullptr;
testing::ServiceProcess* HostileTest::budget_ = nullptr;
testing::ServiceProcess* HostileTest::indicator_ = nullptr;
testing::ServiceProcess* HostileTest::evaluation_ = nullptr;
testing::ServiceProcess* HostileTest::gateway_ = nullptr;
std::string* HostileTest::admin_ = nullptr;

// 1. A TAB (or any white space) in a good token's signature: the verifier
// took it (base64 skips white space) and the service forwarded the raw
// value to its peer, where gRPC aborted the process.
TEST_F(HostileTest, Item1_WhiteSpaceInATokenCrashesNoService) {
  const std::string good = Token(access::Role::kDepartment, kRegion, "001");
  const size_t last_dot = good.rfind('.');
  for (const std::string& inserted : {"\t", " ", "\x7f", "\xe4\xb8\xad"}) {
    std::string bad = good;
    bad.insert(last_dot + 5, inserted);
    epb::EvaluateRequest evaluate;
    evaluate.mutable_key()->set_region_code(kRegion);
    evaluate.mutable_key()->set_department_code("001");
    evaluate.mutable_key()->set_year(2019);
    const std::string answer =
        RawGrpc(*evaluation_, "jixiao.evaluation.v1.EvaluationService/Evaluate",
                evaluate, "Bearer " + bad, *dir_);
    ipb::EvaluationKey key;
    key.set_region_code(kRegion);
    key.set_department_code("001");
    key.set_year(2019);
    const std::string indicator_answer = RawGrpc(
        *indicator_, "jixiao.indicator.v1.IndicatorService/GetEvaluation", key,
        "Bearer " + bad, *dir_);
    // Refused as a malformed token, or (a value HTTP/2 itself refuses) not
    // delivered at all; either way no process went down.
    for (const std::string& a : {answer, indicator_answer}) {
      if (!a.empty() && absl::StrContains(a, "grpc-status")) {
        EXPECT_THAT(a, HasSubstr("grpc-status: 16")) << a;
      }
    }
    ASSERT_TRUE(Alive(*evaluation_)) << "evaluation died on " << inserted;
    ASSERT_TRUE(Alive(*indicator_)) << "indicator died on " << inserted;
    ASSERT_TRUE(Alive(*budget_));
  }
  // And the good token still works end to end.
  EXPECT_EQ(Call("jixiao.evaluation.v1.EvaluationService/Evaluate",
                 R"({"key":{"regionCode":"430725","departmentCode":"001",)"
                 R"("year":2019}})",
                 Bearer(good))
                .code,
            0);
}

// 2. A byte outside printable ASCII in X-Request-Id, Authorization or
// X-Jixiao-Actor, with no token: copied into gRPC metadata, it aborted the
// gateway.
TEST_F(HostileTest, Item2_NonAsciiHeadersAreRefusedByTheGateway) {
  const std::string token = Token(access::Role::kDepartment, kRegion, "001");
  const std::string path = "/jixiao.budget.v1.BudgetService/GetDepartment";
  const std::string body = R"({"regionCode":"430725","code":"001"})";
  for (const std::string& bad :
       {std::string("\t"), std::string("\x7f"), std::string("\xe4\xb8\xad")}) {
    const std::pair<std::string, std::string> cases[] = {
        {absl::StrCat("X-Request-Id: abc", bad, "def\r\n"), "400"},
        {absl::StrCat("Authorization: Bearer ", token.substr(0, 20), bad,
                      token.substr(20), "\r\n"),
         "401"},
        {absl::StrCat("Authorization: Bearer ", token,
                      "\r\nX-Jixiao-Actor: eve", bad, "\r\n"),
         "400"},
    };
    for (const auto& [header, status] : cases) {
      const std::string response =
          RawHttp(PortOf(*gateway_), Post(path, body, header));
      EXPECT_THAT(response, HasSubstr("HTTP/1.1 " + status)) << header;
      ASSERT_TRUE(Alive(*gateway_)) << "the gateway died on: " << header;
    }
  }
  // Without a token the gateway refuses the call itself (no --insecure).
  EXPECT_THAT(RawHttp(PortOf(*gateway_), Post(path, body, "")),
              HasSubstr("HTTP/1.1 401"));
  EXPECT_THAT(
      RawHttp(PortOf(*gateway_),
              Post(path, body, "Authorization: Bearer " + token + "\r\n")),
      HasSubstr("HTTP/1.1 200"));
}

// 3. PutFramework checked only the region in the new body: finance of
// 110101 could replace 430000's framework, or the national one, by naming
// its own region.
TEST_F(HostileTest, Item3_FinanceOfOneRegionCannotTakeAnothersFramework) {
  const std::string other = Token(access::Role::kFinance, kOtherRegion, "");
  const std::string i = "jixiao.indicator.v1.IndicatorService/";
  for (const char* id :
       {"hunan-county-department-2019", "caiyu-2013-53-department"}) {
    const auto before = Expect(0, i + "GetFramework",
                               absl::StrCat(R"({"id":")", id, R"("})"), other);
    std::string body = before.response_json;
    // The framework as it is, with the attacker's region and a new name.
    body = absl::StrReplaceAll(
        body, {{"\"regionCode\": \"430000\"", "\"regionCode\": \"110101\""}});
    if (!absl::StrContains(body, "110101")) {
      body.insert(body.find('{') + 1, "\"regionCode\": \"110101\",");
    }
    const auto put =
        Expect(grpc::StatusCode::PERMISSION_DENIED, i + "PutFramework",
               absl::StrCat(R"({"framework":)", body, "}"), other);
    EXPECT_THAT(put.message, HasSubstr("framework.region_code")) << id;
    const auto after = Expect(0, i + "GetFramework",
                              absl::StrCat(R"({"id":")", id, R"("})"), other);
    EXPECT_EQ(after.response_json, before.response_json) << id;
  }
  EXPECT_THAT(Trail("indicator.v1.IndicatorService", kOtherRegion),
              Not(HasSubstr("framework/")));
}

// 4. A chunked upload bypassed the gateway's body limit (300 MB took it
// from 74 MB to 1.68 GB).
TEST_F(HostileTest, Item4_AChunkedBodyOverTheLimitIsRefused) {
  std::string request =
      "POST /jixiao.budget.v1.BudgetService/ExtractReport HTTP/1.1\r\n"
      "Host: 127.0.0.1\r\nContent-Type: application/json\r\n"
      "Connection: close\r\nTransfer-Encoding: chunked\r\n"
      "Authorization: Bearer " +
      Token(access::Role::kDepartment, kRegion, "001") + "\r\n\r\n";
  const std::string chunk(16384, 'x');
  for (int i = 0; i < 64; ++i) {  // 1 MiB, sixteen times the limit
    absl::StrAppend(&request, "4000\r\n", chunk, "\r\n");
  }
  request += "0\r\n\r\n";
  const std::string response = RawHttp(PortOf(*gateway_), request);
  EXPECT_THAT(response, HasSubstr("HTTP/1.1 413"));
  EXPECT_THAT(response, HasSubstr("resource_exhausted"));
  EXPECT_TRUE(Alive(*gateway_));
}

// 5. One caller could hold every handler worker with server streams it never
// read: every other caller's unary calls then timed out.
TEST_F(HostileTest, Item5_UnreadStreamsDoNotStallOtherCallers) {
  SeedBigRegion();
  const std::string attacker =
      Token(access::Role::kFinance, "430726", "", "attacker");
  auto stub = epb::EvaluationService::NewStub(grpc::CreateChannel(
      evaluation_->address(), grpc::InsecureChannelCredentials()));
  struct Open {
    grpc::ClientContext context;
    std::unique_ptr<grpc::ClientReader<epb::RegionEvent>> reader;
  };
  std::vector<std::unique_ptr<Open>> streams;
  for (int s = 0; s < 64; ++s) {
    auto open = std::make_unique<Open>();
    open->context.AddMetadata("authorization", "Bearer " + attacker);
    epb::EvaluateRegionRequest request;
    request.set_region_code("430726");
    request.set_year(2019);
    open->reader = stub->EvaluateRegion(&open->context, request);
    streams.push_back(std::move(open));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  // Another caller's unary calls are answered, each well inside its 2 s
  // deadline, while the 64 streams stand unread.
  const std::string other = Token(access::Role::kDepartment, kRegion, "001");
  for (int call = 0; call < 20; ++call) {
    auto channel = grpc::CreateChannel(evaluation_->address(),
                                       grpc::InsecureChannelCredentials());
    const auto r = rpcjson::CallJson(
        channel, "jixiao.evaluation.v1.EvaluationService/Evaluate",
        R"({"key":{"regionCode":"430725","departmentCode":"001","year":2019}})",
        std::chrono::seconds(2), Bearer(other));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->code, 0) << "call " << call << ": " << r->message;
  }
  // The caller's streams past its limit were refused at once, naming it:
  // their first read ends the stream; an admitted one has a message.
  int refused = 0;
  for (auto& open : streams) {
    epb::RegionEvent event;
    if (open->reader->Read(&event)) open->context.TryCancel();
    while (open->reader->Read(&event)) {
    }
    const grpc::Status status = open->reader->Finish();
    if (status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED) {
      ++refused;
      EXPECT_THAT(status.error_message(), HasSubstr("streams:"));
    }
  }
  EXPECT_GE(refused, 60);
}

// 5b. A stream its caller does not read is cancelled after the write
// timeout, and its place is free again.
TEST_F(HostileTest, Item5_AnUnreadStreamIsCancelledAfterTheWriteTimeout) {
  SeedBigRegion();
  const std::string caller =
      Token(access::Role::kFinance, "430726", "", "slow-reader");
  auto stub = epb::EvaluationService::NewStub(grpc::CreateChannel(
      evaluation_->address(), grpc::InsecureChannelCredentials()));
  std::vector<std::unique_ptr<grpc::ClientContext>> contexts;
  std::vector<std::unique_ptr<grpc::ClientReader<epb::RegionEvent>>> readers;
  for (int s = 0; s < 4; ++s) {
    contexts.push_back(std::make_unique<grpc::ClientContext>());
    contexts.back()->AddMetadata("authorization", "Bearer " + caller);
    epb::EvaluateRegionRequest request;
    request.set_region_code("430726");
    request.set_year(2019);
    readers.push_back(stub->EvaluateRegion(contexts.back().get(), request));
  }
  // After the 3 s write timeout the server has let them go: the same caller
  // is admitted again.
  std::this_thread::sleep_for(std::chrono::seconds(5));
  grpc::ClientContext again;
  again.AddMetadata("authorization", "Bearer " + caller);
  epb::EvaluateRegionRequest request;
  request.set_region_code("430726");
  request.set_year(2019);
  auto reader = stub->EvaluateRegion(&again, request);
  epb::RegionEvent event;
  int events = 0;
  while (reader->Read(&event)) ++events;
  EXPECT_TRUE(reader->Finish().ok());
  EXPECT_GT(events, 0);
  for (size_t s = 0; s < readers.size(); ++s) {
    contexts[s]->TryCancel();
    while (readers[s]->Read(&event)) {
    }
    readers[s]->Finish();
  }
}

// 6. StreamImportLedger held a million rows a stream and nothing limited
// how many streams one caller opened.
TEST_F(HostileTest, Item6_ImportStreamsAreLimitedPerCaller) {
  const std::string finance =
      Token(access::Role::kFinance, kRegion, "", "bulk-importer");
  auto stub = bpb::BudgetService::NewStub(grpc::CreateChannel(
      budget_->address(), grpc::InsecureChannelCredentials()));
  struct Open {
    grpc::ClientContext context;
    bpb::ImportLedgerResponse response;
    std::unique_ptr<grpc::ClientWriter<bpb::ImportLedgerRequest>> writer;
  };
  std::vector<std::unique_ptr<Open>> streams;
  for (int s = 0; s < 5; ++s) {
    auto open = std::make_unique<Open>();
    open->context.AddMetadata("authorization", "Bearer " + finance);
    open->writer = stub->StreamImportLedger(&open->context, &open->response);
    bpb::ImportLedgerRequest chunk;
    chunk.set_batch_id(absl::StrCat("held-", s));
    chunk.set_region_code(kRegion);
    open->writer->Write(chunk);
    streams.push_back(std::move(open));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  // The fifth is refused while four are open.
  streams[4]->writer->WritesDone();
  const grpc::Status fifth = streams[4]->writer->Finish();
  EXPECT_EQ(fifth.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
      << fifth.error_message();
  EXPECT_THAT(fifth.error_message(), HasSubstr("bulk-importer"));
  for (int s = 0; s < 4; ++s) {
    streams[s]->context.TryCancel();
    streams[s]->writer->Finish();
  }
}

// 6b. The rows all import streams hold are limited in bytes.
TEST(HostileLimits, Item6_StreamedRowsAreLimitedInBytes) {
  testing::TempDir dir;
  auto budget = testing::StartBudget(dir, {"--max_stream_bytes=100000"});
  auto stub = bpb::BudgetService::NewStub(grpc::CreateChannel(
      budget->address(), grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  bpb::ImportLedgerResponse response;
  auto writer = stub->StreamImportLedger(&context, &response);
  bpb::ImportLedgerRequest chunk;
  chunk.set_batch_id("big");
  chunk.set_region_code(kRegion);
  for (int r = 0; r < 1000; ++r) {  // 1000 rows: ~256 kB held, over 100 kB
    bpb::PaymentRecord* p = chunk.add_payments();
    p->set_department_code("001");
    p->set_year(2019);
    p->set_record_id(absl::StrCat("r", r));
    p->set_paid_on("2019-03-01");
    p->set_function_code("2010101");
    p->set_economic_code("30201");
    p->set_amount(100);
  }
  writer->Write(chunk);
  writer->WritesDone();
  const grpc::Status status = writer->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(status.error_message(), HasSubstr("bytes"));
}

// 7. ExtractReport with commit created a department for a department token.
TEST_F(HostileTest, Item7_ADepartmentTokenCannotCreateADepartmentByReport) {
  const std::string dept = Token(access::Role::kDepartment, kRegion, "new-one");
  const auto r = Expect(
      grpc::StatusCode::PERMISSION_DENIED,
      "jixiao.budget.v1.BudgetService/ExtractReport",
      R"({"text":"某某单位2019年度部门整体支出绩效自评报告。支出决算数100万元。",)"
      R"("commit":true,"regionCode":"430725","departmentCode":"new-one"})",
      dept);
  EXPECT_THAT(r.message, HasSubstr("department"));
  Expect(grpc::StatusCode::NOT_FOUND,
         "jixiao.budget.v1.BudgetService/GetDepartment",
         R"({"regionCode":"430725","code":"new-one"})", *admin_);
}

// 8. A department rewrote its own 编制, and 在职人员控制率 followed.
TEST_F(HostileTest, Item8_ADepartmentCannotRewriteItsOwnAuthorizedStaff) {
  const std::string own = Token(access::Role::kDepartment, kRegion, "002");
  const std::string b = "jixiao.budget.v1.BudgetService/";
  const auto r = Expect(
      grpc::StatusCode::PERMISSION_DENIED, b + "UpdateDepartment",
      R"({"department":{"regionCode":"430725","code":"002","name":"单位002",)"
      R"("staffAuthorized":400,"staffActual":38}})",
      own);
  EXPECT_THAT(r.message, HasSubstr("department.staff_authorized"));
  // Its own staff in post it reports; the bureau sets the 编制, and the
  // trail keeps both changes.
  Expect(
      0, b + "UpdateDepartment",
      R"({"department":{"regionCode":"430725","code":"002","name":"单位002",)"
      R"("staffAuthorized":40,"staffActual":39}})",
      own);
  Expect(
      0, b + "UpdateDepartment",
      R"({"department":{"regionCode":"430725","code":"002","name":"单位002",)"
      R"("staffAuthorized":42,"staffActual":39}})",
      Token(access::Role::kFinance, kRegion, ""));
  const auto department = Expect(
      0, b + "GetDepartment", R"({"regionCode":"430725","code":"002"})", own);
  EXPECT_THAT(department.response_json, HasSubstr("\"staffAuthorized\": 42"));
  const auto trail = Expect(
      0, b + "ListAudit",
      R"({"regionCode":"430725","departmentCode":"002","method":"UpdateDepartment"})",
      *admin_);
  // The audit value is a JSON object, a string field of the response.
  EXPECT_THAT(trail.response_json, HasSubstr(R"(\"编制\":\"42\")"));
  EXPECT_THAT(trail.response_json, HasSubstr(R"(\"在职\":\"39\")"));
}

// 9. Evaluation writes were audited as "evaluation-service".
TEST_F(HostileTest, Item9_EvaluationWritesAreAuditedAsTheCaller) {
  const std::string own = Token(access::Role::kDepartment, kRegion, "001");
  Expect(
      0, "jixiao.evaluation.v1.EvaluationService/Evaluate",
      R"({"key":{"regionCode":"430725","departmentCode":"001","year":2019}})",
      own);
  const std::string trail = Trail("evaluation.v1.EvaluationService", kRegion);
  EXPECT_THAT(trail, HasSubstr("\"subject\": \"user-430725-001\""));
  EXPECT_THAT(trail, Not(HasSubstr("evaluation-service")));
}

// 10. Batch ids were global: another region could take an id first, and the
// refusal told it the id existed.
TEST_F(HostileTest, Item10_BatchIdsAreScopedByRegion) {
  const std::string b = "jixiao.budget.v1.BudgetService/";
  const auto batch = [](const std::string& region) {
    return absl::StrCat(
        R"({"batchId":"shared-id","regionCode":")", region,
        R"(","payments":[{"departmentCode":"001","year":2019,"recordId":"p1",)"
        R"("paidOn":"2019-03-01","functionCode":"2010101",)"
        R"("economicCode":"30201","amount":"100"}]})");
  };
  Expect(0, b + "ImportLedger", batch(kOtherRegion),
         Token(access::Role::kFinance, kOtherRegion, ""));
  const auto mine = Expect(0, b + "ImportLedger", batch(kRegion),
                           Token(access::Role::kFinance, kRegion, ""));
  EXPECT_THAT(mine.response_json, HasSubstr("\"alreadyImported\": false"));
  EXPECT_THAT(mine.response_json, HasSubstr("\"paymentsStored\": \"1\""));
}

// 11. JWT: no minimum RSA key size, no check of the region claim's form,
// no issuer or audience, a huge exp cast with undefined behaviour.
TEST(HostileTokens, Item11_KeysClaimsIssuerAudienceAndTimes) {
  testing::TempDir dir;
  const auto key = dir.path() / "small.pem";
  const auto pub = dir.path() / "small.pub";
  ASSERT_EQ(testing::RunCommand({"/usr/bin/openssl", "genpkey", "-algorithm",
                                 "RSA", "-pkeyopt", "rsa_keygen_bits:1024",
                                 "-out", key.string()})
                .exit_code,
            0);
  ASSERT_EQ(testing::RunCommand({"/usr/bin/openssl", "pkey", "-in",
                                 key.string(), "-pubout", "-out", pub.string()})
                .exit_code,
            0);
  const auto small =
      testing::RunCommand({JIXIAO_BUDGET_BINARY, "--listen=127.0.0.1:0",
                           "--storage=sqlite:" + (dir.path() / "s.db").string(),
                           "--jwt_rs256_public_key_file=" + pub.string()});
  EXPECT_NE(small.exit_code, 0);
  EXPECT_THAT(small.err, HasSubstr("at least 2048"));

  std::ofstream(dir.path() / "secret") << kSecret << "\n";
  const auto bad_region =
      testing::RunCommand({JIXIAO_CLI_BINARY, "token", "mint",
                           "--secret_file=" + (dir.path() / "secret").string(),
                           "--subject=x", "--role=finance", "--region=4300"});
  EXPECT_NE(bad_region.exit_code, 0);
  EXPECT_THAT(bad_region.err, HasSubstr("region"));

  const auto secret = dir.path() / "secret";
  auto budget = testing::StartBudget(
      dir, {"--jwt_hs256_secret_file=" + secret.string(),
            "--jwt_issuer=czj.example", "--jwt_audience=jixiao"});
  const auto call = [&](const std::string& token) {
    auto r = rpcjson::CallJson(
        grpc::CreateChannel(budget->address(),
                            grpc::InsecureChannelCredentials()),
        "jixiao.budget.v1.BudgetService/ListDepartments",
        R"({"regionCode":"430725"})", std::chrono::seconds(10), Bearer(token));
    return r.ok() ? *r : rpcjson::JsonCallResult{-1, "", "", ""};
  };
  jwt::Claims claims;
  claims.principal.subject = "platform";
  claims.principal.role = access::Role::kAdmin;
  claims.expires = absl::Now() + absl::Hours(1);
  EXPECT_THAT(call(*jwt::MintHs256(claims, kSecret)).message,
              HasSubstr("issuer"));
  claims.issuer = "czj.example";
  EXPECT_THAT(call(*jwt::MintHs256(claims, kSecret)).message,
              HasSubstr("audience"));
  claims.audience = "jixiao";
  EXPECT_EQ(call(*jwt::MintHs256(claims, kSecret)).code, 0);

  // exp = 1e300: signed, but no time.
  const std::string header =
      absl::WebSafeBase64Escape(R"({"alg":"HS256","typ":"JWT"})");
  const std::string payload = absl::WebSafeBase64Escape(
      R"({"sub":"x","role":"admin","exp":1e300,"iss":"czj.example",)"
      R"("aud":"jixiao"})");
  // Signed with the same HMAC the verifier uses.
  const std::string input = header + "." + payload;
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_size = 0;
  HMAC(EVP_sha256(), kSecret, static_cast<int>(std::strlen(kSecret)),
       reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac,
       &mac_size);
  const std::string signature = absl::WebSafeBase64Escape(
      std::string(reinterpret_cast<const char*>(mac), mac_size));
  const auto huge = call(input + "." + signature);
  EXPECT_EQ(huge.code, grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(huge.message, HasSubstr("exp"));
}

// 12. The Markdown report passed HTML in department text through.
TEST_F(HostileTest, Item12_TheMarkdownReportEscapesDepartmentText) {
  const std::string b = "jixiao.budget.v1.BudgetService/";
  Expect(0, b + "CreateDepartment",
         R"({"department":{"regionCode":"430725","code":"xss",)"
         R"j("name":"<img src=x onerror=alert(1)>[链接](http://evil)"}})j",
         *admin_);
  Expect(0, b + "PutDepartmentYear",
         R"({"departmentYear":{"regionCode":"430725","departmentCode":"xss",)"
         R"("year":2019,"phases":[{"phase":"PHASE_FINAL",)"
         R"("totalExpenditure":"100000"}]}})",
         *admin_);
  Expect(0, "jixiao.indicator.v1.IndicatorService/StartEvaluation",
         R"({"key":{"regionCode":"430725","departmentCode":"xss",)"
         R"("year":2019},"frameworkId":"hunan-county-department-2019"})",
         *admin_);
  auto stub = epb::EvaluationService::NewStub(grpc::CreateChannel(
      evaluation_->address(), grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer " + *admin_);
  epb::RenderReportRequest request;
  request.mutable_key()->set_region_code(kRegion);
  request.mutable_key()->set_department_code("xss");
  request.mutable_key()->set_year(2019);
  request.set_format(epb::MARKDOWN);
  epb::Report report;
  ASSERT_TRUE(stub->RenderReport(&context, request, &report).ok());
  EXPECT_THAT(report.content(), Not(HasSubstr("<img")));
  EXPECT_THAT(report.content(),
              HasSubstr("&lt;img src=x onerror=alert(1)&gt;"));
  EXPECT_THAT(report.content(), HasSubstr("\\[链接\\](http://evil)"));
}

// 13. With no key the suite ran open with one log line, on any address.
TEST(HostileOpenMode, Item13_OpenModeMustBeAskedForAndStaysOnLoopback) {
  testing::TempDir dir;
  const std::string storage =
      "--storage=sqlite:" + (dir.path() / "o.db").string();
  const auto no_flag = testing::RunCommand(
      {JIXIAO_BUDGET_BINARY, "--listen=127.0.0.1:0", storage});
  EXPECT_NE(no_flag.exit_code, 0);
  EXPECT_THAT(no_flag.err, HasSubstr("--insecure"));
  const auto any = testing::RunCommand(
      {JIXIAO_BUDGET_BINARY, "--listen=0.0.0.0:0", "--insecure", storage});
  EXPECT_NE(any.exit_code, 0);
  EXPECT_THAT(any.err, HasSubstr("not a loopback address"));
  const auto gateway = testing::RunCommand(
      {JIXIAO_GATEWAY_BINARY, "--listen=0.0.0.0:0", "--insecure"});
  EXPECT_NE(gateway.exit_code, 0);
  EXPECT_THAT(gateway.err, HasSubstr("not a loopback address"));
  // A migration job needs neither a key nor --insecure: it applies the
  // migrations and exits without serving.
  const auto migrate = testing::RunCommand(
      {JIXIAO_BUDGET_BINARY, "--listen=0.0.0.0:0", "--migrate_only", storage});
  EXPECT_EQ(migrate.exit_code, 0) << migrate.err;
  EXPECT_THAT(migrate.err, HasSubstr("exiting (--migrate_only)"));
  // Asked for, on loopback: it serves, and says so loudly.
  testing::ServiceProcess open(JIXIAO_BUDGET_BINARY, {storage, "--insecure"},
                               dir.path());
  EXPECT_THAT(testing::ReadFileText(open.log_path()), HasSubstr("INSECURE"));
}

// Every write RPC of every service, called by finance of another region, by
// another department of the same region, and with the owner field changed
// to the caller's own: refused, and nothing written (each service's audit
// trail, where every write leaves its row, is the same after as before).
TEST_F(HostileTest, OwnershipTableCoversEveryWriteRpc) {
  const std::string t = "jixiao.indicator.v1.TargetService/";
  const std::string m = "jixiao.indicator.v1.MonitoringService/";
  const std::string rt = "jixiao.indicator.v1.RectificationService/";
  const std::string pe = "jixiao.indicator.v1.ProjectEvaluationService/";
  const std::string project =
      R"({"key":{"regionCode":"430725","departmentCode":"001","year":2019,)"
      R"("projectCode":"P001"})";
  const std::string res = "jixiao.evaluation.v1.ResultsService/";
  const std::string task = R"({"regionCode":"430725","taskId":"1"})";
  const std::string b = "jixiao.budget.v1.BudgetService/";
  const std::string i = "jixiao.indicator.v1.IndicatorService/";
  const std::string e = "jixiao.evaluation.v1.EvaluationService/";
  const std::string key =
      R"({"key":{"regionCode":"430725","departmentCode":"001","year":2019})";
  struct WriteCase {
    std::string method;
    std::string json;  // a write aimed at 430725/001 (or region 430725)
    // The same write with its owner field set to the attacker's own
    // (110101, or department 002): "" where the owner is the key itself.
    std::string owner_changed;
  };
  const std::vector<WriteCase> cases = {
      {b + "CreateDepartment",
       R"({"department":{"regionCode":"430725","code":"009","name":"新"}})",
       ""},
      {b + "UpdateDepartment",
       R"({"department":{"regionCode":"430725","code":"001","name":"改"}})",
       ""},
      {b + "PutDepartmentYear",
       R"({"departmentYear":{"regionCode":"430725","departmentCode":"001",)"
       R"("year":2021,"phases":[{"phase":"PHASE_FINAL","totalExpenditure":"1"}]}})",
       ""},
      {b + "ImportLedger",
       R"({"batchId":"own-1","regionCode":"430725","payments":[{)"
       R"("departmentCode":"001","year":2019,"recordId":"own-p1",)"
       R"("paidOn":"2019-03-01","functionCode":"2010101",)"
       R"("economicCode":"30201","amount":"100"}]})",
       ""},
      {b + "ExtractReport",
       R"({"text":"2019年度部门整体支出绩效自评报告。支出决算数100万元。",)"
       R"("commit":true,"regionCode":"430725","departmentCode":"001"})",
       ""},
      {i + "PutFramework",
       R"({"framework":{"id":"hunan-county-department-2019","regionCode":"430000"}})",
       R"({"framework":{"id":"hunan-county-department-2019","regionCode":"110101"}})"},
      {i + "StartEvaluation",
       R"({"key":{"regionCode":"430725","departmentCode":"001","year":2021},)"
       R"("frameworkId":"hunan-county-department-2019"})",
       ""},
      {i + "SetValues", key + R"(,"expectedVersion":"1","selfScore":"99"})",
       ""},
      {i + "Submit", key + R"(,"expectedVersion":"1"})", ""},
      {i + "Return", key + R"(,"expectedVersion":"1","reason":"r"})", ""},
      {i + "Approve", key + R"(,"expectedVersion":"1"})", ""},
      {e + "Evaluate", key + "}", ""},
      {t + "PutTargets",
       R"({"targets":{"key":{"regionCode":"430725","departmentCode":"001",)"
       R"("year":2019}}})",
       ""},
      {t + "SubmitTargets", key + R"(,"expectedVersion":"1"})", ""},
      {t + "ReturnTargets",
       key + R"(,"expectedVersion":"1","reasons":[{"reason":"r"}]})", ""},
      {t + "ApproveTargets", key + R"(,"expectedVersion":"1"})", ""},
      {t + "RequestTargetAdjustment",
       R"({"targets":{"key":{"regionCode":"430725","departmentCode":"001",)"
       R"("year":2019}},"expectedVersion":"1","reason":"r"})",
       ""},
      {t + "DecideTargetAdjustment",
       key + R"(,"expectedVersion":"1","approve":true,"reason":"r"})", ""},
      {m + "OpenRound",
       R"({"round":{"key":{"regionCode":"430725","roundId":"r1"},)"
       R"("year":2019,"asOf":"2019-07-31","due":"2019-08-20"}})",
       ""},
      {m + "CloseRound", R"({"regionCode":"430725","roundId":"r1"})", ""},
      {m + "PutMonitoring",
       R"({"filing":{"key":{"round":{"regionCode":"430725","roundId":"r1"},)"
       R"("departmentCode":"001"}}})",
       ""},
      {m + "DecideWarning",
       R"({"key":{"round":{"regionCode":"430725","roundId":"r1"},)"
       R"("departmentCode":"001"},"warningId":"execution_lag",)"
       R"("action":"SUSPEND_FUNDING","note":"n"})",
       ""},
      {rt + "CreateTask",
       R"({"task":{"key":{"regionCode":"430725"},"departmentCode":"001",)"
       R"("year":2019,"finding":{"kind":"CONSISTENCY_FINDING",)"
       R"("reference":"B5","figures":"f"},"requirement":"q",)"
       R"("deadline":"2020-06-30"}})",
       // A task in the attacker's own region is its own to create.
       ""},
      {rt + "UploadEvidence",
       absl::StrCat(R"({"task":)", task,
                    R"(,"fileName":"a.pdf","contentType":"application/pdf",)",
                    R"("content":"JVBERi0xLjQK"})"),
       ""},
      {rt + "ReportTask",
       absl::StrCat(R"({"key":)", task,
                    R"(,"expectedVersion":"1","response":"done"})"),
       ""},
      {rt + "AcceptTask",
       absl::StrCat(R"({"key":)", task,
                    R"(,"expectedVersion":"1","note":"n"})"),
       ""},
      {rt + "ReopenTask",
       absl::StrCat(R"({"key":)", task,
                    R"(,"expectedVersion":"1","note":"n"})"),
       ""},
      {pe + "PutProjectFiling",
       absl::StrCat(R"({"filing":)", project, R"(,"achievedSummary":"s"}})"),
       ""},
      {pe + "SubmitProjectFiling", project + R"(,"expectedVersion":"1"})", ""},
      {pe + "ReturnProjectFiling",
       project + R"(,"expectedVersion":"1","reason":"r"})", ""},
      {pe + "ApproveProjectFiling", project + R"(,"expectedVersion":"1"})", ""},
      {res + "PutDecisionRules",
       R"({"rules":{"regionCode":"430725","sourceDocument":"d","rules":[)"
       R"({"object":"DEPARTMENT_WIDE","grade":"中","decision":"CANCEL",)"
       R"("wording":"w"}]}})",
       ""},
      {res + "RecordDecision",
       absl::StrCat(R"({"subject":)", key,
                    R"(},"decision":"CANCEL","reason":"r"})"),
       ""},
      {res + "PublishPackage",
       R"({"regionCode":"430725","departmentCode":"001","year":2019})", ""},
  };
  const std::string other_region =
      Token(access::Role::kFinance, kOtherRegion, "", "finance-110101");
  const std::string other_department =
      Token(access::Role::kDepartment, kRegion, "002", "dept-002");
  const std::string other_region_department =
      Token(access::Role::kDepartment, kOtherRegion, "001", "dept-110101-001");
  const auto trails = [] {
    return std::vector<std::string>{
        Trail("budget.v1.BudgetService", kRegion),
        Trail("indicator.v1.IndicatorService", kRegion),
        Trail("evaluation.v1.EvaluationService", kRegion),
        Trail("budget.v1.BudgetService", kOtherRegion),
        Trail("indicator.v1.IndicatorService", kOtherRegion),
        Trail("evaluation.v1.EvaluationService", kOtherRegion),
        Trail("indicator.v1.IndicatorService", "430000")};
  };
  const std::vector<std::string> before = trails();
  for (const WriteCase& c : cases) {
    for (const std::string* token :
         {&other_region, &other_department, &other_region_department}) {
      const auto r = Call(c.method, c.json, Bearer(*token));
      EXPECT_EQ(r.code, grpc::StatusCode::PERMISSION_DENIED)
          << c.method << " as " << *token << ": " << r.message;
    }
    if (!c.owner_changed.empty()) {
      const auto r = Call(c.method, c.owner_changed, Bearer(other_region));
      EXPECT_EQ(r.code, grpc::StatusCode::PERMISSION_DENIED)
          << c.method << " with its owner changed: " << r.message;
    }
  }
  // The streaming writes: a batch for another region, a region run.
  {
    auto stub = bpb::BudgetService::NewStub(grpc::CreateChannel(
        budget_->address(), grpc::InsecureChannelCredentials()));
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + other_region);
    bpb::ImportLedgerResponse response;
    auto writer = stub->StreamImportLedger(&context, &response);
    bpb::ImportLedgerRequest chunk;
    chunk.set_batch_id("streamed-other");
    chunk.set_region_code(kRegion);
    writer->Write(chunk);
    writer->WritesDone();
    EXPECT_EQ(writer->Finish().error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
    auto estub = epb::EvaluationService::NewStub(grpc::CreateChannel(
        evaluation_->address(), grpc::InsecureChannelCredentials()));
    grpc::ClientContext econtext;
    econtext.AddMetadata("authorization", "Bearer " + other_region);
    epb::EvaluateRegionRequest request;
    request.set_region_code(kRegion);
    request.set_year(2019);
    auto reader = estub->EvaluateRegion(&econtext, request);
    epb::RegionEvent event;
    while (reader->Read(&event)) {
    }
    EXPECT_EQ(reader->Finish().error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
  }
  const std::vector<std::string> after = trails();
  for (size_t t = 0; t < before.size(); ++t) {
    EXPECT_EQ(after[t], before[t]) << "trail " << t << " changed";
  }
}

}  // namespace
}  // namespace jixiao

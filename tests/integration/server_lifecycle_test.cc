// What every service gets from the shared bootstrap, shown on the budget
// binary: health per service name, the SIGTERM drain, JIXIAO_* overrides,
// message-size limits, migrations at start, JSON logs.
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "gmock/gmock.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/byte_buffer.h"
#include "gtest/gtest.h"
#include "jixiao/budget/v1/budget.grpc.pb.h"
#include "jixiao/probe/v1/health.grpc.pb.h"
#include "tests/integration/service_process.h"

namespace jixiao {
namespace {

namespace pb = ::jixiao::budget::v1;
using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;
using ::testing::HasSubstr;

HealthCheckResponse::ServingStatus Health(const std::string& address,
                                          const std::string& service) {
  auto stub = grpc::health::v1::Health::NewStub(
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(5));
  HealthCheckRequest request;
  request.set_service(service);
  HealthCheckResponse response;
  const grpc::Status status = stub->Check(&context, request, &response);
  if (!status.ok()) return HealthCheckResponse::UNKNOWN;
  return response.status();
}

std::string Slurp(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

grpc::Status CreateDepartment(const std::string& address,
                              const std::string& code) {
  auto stub = pb::BudgetService::NewStub(
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(5));
  pb::CreateDepartmentRequest request;
  request.mutable_department()->set_region_code("430725");
  request.mutable_department()->set_code(code);
  request.mutable_department()->set_name("单位");
  pb::Department out;
  return stub->CreateDepartment(&context, request, &out);
}

TEST(ServerLifecycle, HealthThenDrainOnSigterm) {
  testing::TempDir dir;
  testing::ServiceProcess server(
      JIXIAO_BUDGET_BINARY,
      {"--storage=" + testing::StorageUrl(dir, "b"), "--drain_ms=1500"},
      dir.path());
  EXPECT_EQ(Health(server.address(), "jixiao.budget.v1.BudgetService"),
            HealthCheckResponse::SERVING);
  EXPECT_EQ(Health(server.address(), ""), HealthCheckResponse::SERVING);
  EXPECT_EQ(Health(server.address(), "no.such.Service"),
            HealthCheckResponse::UNKNOWN);

  server.Signal(SIGTERM);
  // During the drain the service says NOT_SERVING but still answers calls.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(Health(server.address(), "jixiao.budget.v1.BudgetService"),
            HealthCheckResponse::NOT_SERVING);
  EXPECT_TRUE(CreateDepartment(server.address(), "during-drain").ok());
  const int status = server.StopWith(0 /* already signalled */);
  ASSERT_TRUE(WIFEXITED(status)) << status;
  EXPECT_EQ(WEXITSTATUS(status), 0);
  const std::string log = Slurp(server.log_path());
  EXPECT_THAT(log, HasSubstr("\"msg\":\"draining\""));
  EXPECT_THAT(log, HasSubstr("\"msg\":\"stopped\""));
  // One JSON object a line, each call logged with its method and code.
  EXPECT_THAT(
      log,
      HasSubstr(
          "\"method\":\"/jixiao.budget.v1.BudgetService/CreateDepartment\""));
  std::istringstream lines(log);
  for (std::string line; std::getline(lines, line);) {
    EXPECT_EQ(line.front(), '{') << line;
    EXPECT_EQ(line.back(), '}') << line;
  }
}

// Server reflection (v1alpha) lists the service. The request is encoded by
// hand (ServerReflectionRequest.list_services = field 7, an empty string):
// Debian ships no reflection .proto for clients.
TEST(ServerLifecycle, ReflectionListsTheService) {
  testing::TempDir dir;
  testing::ServiceProcess server(JIXIAO_BUDGET_BINARY,
                                 {"--storage=" + testing::StorageUrl(dir, "b")},
                                 dir.path());
  grpc::GenericStub stub(grpc::CreateChannel(
      server.address(), grpc::InsecureChannelCredentials()));
  grpc::CompletionQueue cq;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  auto call = stub.PrepareCall(
      &context,
      "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", &cq);
  const auto step = [&cq](intptr_t tag) {
    void* got = nullptr;
    bool ok = false;
    EXPECT_TRUE(cq.Next(&got, &ok));
    EXPECT_EQ(reinterpret_cast<intptr_t>(got), tag);
    return ok;
  };
  call->StartCall(reinterpret_cast<void*>(1));
  ASSERT_TRUE(step(1));
  const std::string request("\x3a\x00", 2);
  grpc::Slice slice(request);
  grpc::ByteBuffer out(&slice, 1);
  call->Write(out, reinterpret_cast<void*>(2));
  ASSERT_TRUE(step(2));
  grpc::ByteBuffer in;
  call->Read(&in, reinterpret_cast<void*>(3));
  ASSERT_TRUE(step(3));
  call->WritesDone(reinterpret_cast<void*>(4));
  step(4);
  grpc::Status status;
  call->Finish(&status, reinterpret_cast<void*>(5));
  step(5);
  EXPECT_TRUE(status.ok()) << status.error_message();
  std::vector<grpc::Slice> slices;
  ASSERT_TRUE(in.Dump(&slices).ok());
  std::string reply;
  for (const auto& s : slices)
    reply.append(reinterpret_cast<const char*>(s.begin()), s.size());
  EXPECT_THAT(reply, HasSubstr("jixiao.budget.v1.BudgetService"));
  EXPECT_THAT(reply, HasSubstr("grpc.health.v1.Health"));
}

TEST(ServerLifecycle, DataSurvivesARestartAndMigrationsRunOnce) {
  testing::TempDir dir;
  const std::string storage = "--storage=" + testing::StorageUrl(dir, "b");
  {
    testing::ServiceProcess server(JIXIAO_BUDGET_BINARY, {storage}, dir.path());
    ASSERT_TRUE(CreateDepartment(server.address(), "kept").ok());
    EXPECT_THAT(Slurp(server.log_path()), HasSubstr("migration applied"));
    server.StopWith(SIGTERM);
  }
  testing::ServiceProcess server(JIXIAO_BUDGET_BINARY, {storage}, dir.path());
  EXPECT_EQ(CreateDepartment(server.address(), "kept").error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_THAT(Slurp(server.log_path()),
              ::testing::Not(HasSubstr("migration applied")));
}

TEST(ServerLifecycle, EnvironmentOverridesAFlagAndTheCommandLineWins) {
  testing::TempDir dir;
  const auto from_env = dir.path() / "from-env.db";
  ::setenv("JIXIAO_STORAGE", ("sqlite:" + from_env.string()).c_str(), 1);
  {
    testing::ServiceProcess server(JIXIAO_BUDGET_BINARY, {}, dir.path());
    ASSERT_TRUE(CreateDepartment(server.address(), "env").ok());
  }
  EXPECT_TRUE(std::filesystem::exists(from_env));
  const auto from_flag = dir.path() / "from-flag.db";
  {
    testing::ServiceProcess server(JIXIAO_BUDGET_BINARY,
                                   {"--storage=sqlite:" + from_flag.string()},
                                   dir.path());
    ASSERT_TRUE(CreateDepartment(server.address(), "flag").ok());
  }
  ::unsetenv("JIXIAO_STORAGE");
  EXPECT_TRUE(std::filesystem::exists(from_flag));
}

TEST(ServerLifecycle, ABadSettingStopsTheStartWithAMessage) {
  ::setenv("JIXIAO_DRAIN_MS", "soon", 1);
  const auto result = testing::RunCommand({JIXIAO_BUDGET_BINARY});
  ::unsetenv("JIXIAO_DRAIN_MS");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("JIXIAO_DRAIN_MS"));
  const auto storage = testing::RunCommand(
      {JIXIAO_BUDGET_BINARY, "--storage=mysql://x", "--listen=127.0.0.1:0"});
  EXPECT_EQ(storage.exit_code, 1);
  EXPECT_THAT(storage.err, HasSubstr("storage"));
}

TEST(ServerLifecycle, OversizedMessagesAreRefused) {
  testing::TempDir dir;
  testing::ServiceProcess server(JIXIAO_BUDGET_BINARY,
                                 {"--storage=" + testing::StorageUrl(dir, "b"),
                                  "--max_message_bytes=65536"},
                                 dir.path());
  auto stub = pb::BudgetService::NewStub(grpc::CreateChannel(
      server.address(), grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  pb::CreateDepartmentRequest request;
  request.mutable_department()->set_region_code("430725");
  request.mutable_department()->set_code("big");
  request.mutable_department()->set_name(std::string(100'000, 'x'));
  pb::Department out;
  EXPECT_EQ(stub->CreateDepartment(&context, request, &out).error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
}

// Migrations run at start, in one transaction under the database's write
// lock (an advisory lock on PostgreSQL): replicas of a rollout that start
// together apply each migration once; the others find it done.
TEST(ServerLifecycle, ReplicasStartingTogetherMigrateOnce) {
  testing::TempDir dir;
  const std::string storage = "--storage=" + testing::StorageUrl(dir, "shared");
  std::unique_ptr<testing::ServiceProcess> first, second;
  std::thread a([&] {
    first = std::make_unique<testing::ServiceProcess>(
        JIXIAO_BUDGET_BINARY, std::vector<std::string>{storage}, dir.path());
  });
  std::thread b([&] {
    second = std::make_unique<testing::ServiceProcess>(
        JIXIAO_BUDGET_BINARY, std::vector<std::string>{storage}, dir.path());
  });
  a.join();
  b.join();
  const auto count = [](const std::string& log) {
    int n = 0;
    for (size_t at = 0;
         (at = log.find("migration applied", at)) != std::string::npos; ++at) {
      ++n;
    }
    return n;
  };
  const int applied = count(testing::ReadFileText(first->log_path())) +
                      count(testing::ReadFileText(second->log_path()));
  EXPECT_EQ(applied, 6);  // budget has six migrations, each applied once
  EXPECT_TRUE(CreateDepartment(first->address(), "from-first").ok());
  EXPECT_EQ(CreateDepartment(second->address(), "from-first").error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
}

}  // namespace
}  // namespace jixiao

// The admin port: Prometheus metrics scraped over HTTP after real calls
// (served calls by method and code, latency, storage, calls to a peer), and
// /healthz and /readyz, which turns 503 while the service drains.
#include <signal.h>

#include <chrono>
#include <string>
#include <thread>

#include "gmock/gmock.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "jixiao/budget/v1/budget.grpc.pb.h"
#include "jixiao/indicator/v1/indicator.grpc.pb.h"
#include "services/common/client.h"
#include "tests/integration/admin_port.h"
#include "tests/integration/service_process.h"

namespace jixiao {
namespace {

using ::testing::HasSubstr;

using testing::Sample;

TEST(Metrics, ScrapedAfterRealCalls) {
  testing::TempDir dir;
  auto budget = testing::StartBudget(
      dir, {"--metrics_listen=127.0.0.1:0", "--drain_ms=1500"});
  auto indicator =
      testing::StartIndicator(dir, *budget, {"--metrics_listen=127.0.0.1:0"});
  ASSERT_GT(budget->metrics_port(), 0);
  ASSERT_GT(indicator->metrics_port(), 0);

  auto stub = budget::v1::BudgetService::NewStub(grpc::CreateChannel(
      budget->address(), grpc::InsecureChannelCredentials()));
  for (const char* code : {"m1", "m2", "bad code!"}) {
    auto context = CallContext(std::chrono::seconds(10), {});
    budget::v1::CreateDepartmentRequest request;
    request.mutable_department()->set_region_code("430725");
    request.mutable_department()->set_code(code);
    request.mutable_department()->set_name("单位");
    budget::v1::Department out;
    stub->CreateDepartment(context.get(), request, &out);
  }
  // The indicator service asks the budget service whether m1 exists.
  {
    auto istub = indicator::v1::IndicatorService::NewStub(grpc::CreateChannel(
        indicator->address(), grpc::InsecureChannelCredentials()));
    auto context = CallContext(std::chrono::seconds(10), {});
    indicator::v1::StartEvaluationRequest request;
    request.mutable_key()->set_region_code("430725");
    request.mutable_key()->set_department_code("m1");
    request.mutable_key()->set_year(2019);
    request.set_framework_id("hunan-county-department-2019");
    request.mutable_actor()->set_subject("t");
    request.mutable_actor()->set_role(indicator::v1::DEPARTMENT);
    request.mutable_actor()->set_department_code("m1");
    indicator::v1::Evaluation out;
    const grpc::Status status =
        istub->StartEvaluation(context.get(), request, &out);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  const auto scraped = testing::GetAdmin(budget->metrics_port(), "/metrics");
  ASSERT_TRUE(scraped);
  EXPECT_EQ(scraped->status, 200);
  const std::string& text = scraped->body;
  const std::string create = "/jixiao.budget.v1.BudgetService/CreateDepartment";
  EXPECT_EQ(Sample(text, "jixiao_rpc_requests_total{code=\"0\",method=\"" +
                             create + "\"}"),
            2);
  EXPECT_EQ(Sample(text, "jixiao_rpc_requests_total{code=\"3\",method=\"" +
                             create + "\"}"),
            1);
  EXPECT_EQ(Sample(text, "jixiao_rpc_duration_seconds_count{method=\"" +
                             create + "\"}"),
            3);
  EXPECT_GE(Sample(text, "jixiao_db_duration_seconds_count{backend=\"" +
                             std::string(testing::OnPostgres() ? "postgresql"
                                                               : "sqlite") +
                             "\",op=\"write\"}"),
            2);
  // The scrape itself is not a gRPC call in flight; the gauge is there.
  EXPECT_EQ(Sample(text, "jixiao_rpc_in_flight"), 0);

  const auto outbound =
      testing::GetAdmin(indicator->metrics_port(), "/metrics");
  ASSERT_TRUE(outbound);
  EXPECT_THAT(outbound->body,
              HasSubstr("jixiao_outbound_requests_total{code=\"0\",peer=\"" +
                        budget->address() + "\"}"));
  EXPECT_THAT(outbound->body,
              HasSubstr("jixiao_outbound_duration_seconds_count{method=\"/"
                        "jixiao.budget.v1.BudgetService/GetDepartment\""));

  // Probes: live and ready; during the drain, live but not ready.
  EXPECT_EQ(testing::GetAdmin(budget->metrics_port(), "/healthz")->status, 200);
  EXPECT_EQ(testing::GetAdmin(budget->metrics_port(), "/readyz")->status, 200);
  budget->Signal(SIGTERM);
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  EXPECT_EQ(testing::GetAdmin(budget->metrics_port(), "/readyz")->status, 503);
  EXPECT_EQ(testing::GetAdmin(budget->metrics_port(), "/healthz")->status, 200);
  EXPECT_EQ(budget->StopWith(0), 0);
}

}  // namespace
}  // namespace jixiao

// All three services and a real redis-server on loopback: the seed end to
// end, the versioned cache, Redis stopped and started in the middle of a
// run, the region ranking and the report.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <future>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <tuple>

#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "jixiao/budget/v1/budget.grpc.pb.h"
#include "jixiao/evaluation/v1/evaluation.grpc.pb.h"
#include "jixiao/indicator/v1/indicator.grpc.pb.h"
#include "services/common/client.h"
#include "tests/integration/service_process.h"

namespace jixiao {
namespace {

namespace bpb = ::jixiao::budget::v1;
namespace ipb = ::jixiao::indicator::v1;
namespace epb = ::jixiao::evaluation::v1;
using ::testing::HasSubstr;

using testing::RedisServer;

// Redis with AUTH, as deployed (requirepass from the Secret jixiao-redis):
// every cache test below then runs through AUTH.
constexpr char kRedisPassword[] = "s3cret-Redis-pass-9Xq";

std::string WriteFile(const testing::TempDir& dir, const std::string& name,
                      const std::string& text) {
  const std::string path = (dir.path() / name).string();
  std::ofstream(path) << text;
  return path;
}

class EvaluationServiceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    redis_ = new RedisServer(kRedisPassword);
    budget_ = testing::StartBudget(*dir_).release();
    indicator_ = testing::StartIndicator(*dir_, *budget_).release();
    evaluation_ = testing::StartEvaluation(
                      *dir_, *budget_, *indicator_,
                      {"--redis=" + redis_->address(), "--redis_timeout_ms=150",
                       "--redis_password_file=" +
                           WriteFile(*dir_, "redis-password",
                                     std::string(kRedisPassword) + "\n")})
                      .release();
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"dataset", "load",
              std::string(JIXIAO_SOURCE_DIR) +
                  "/deploy/demo/taoyuan-psb-2019.json"},
             {"indicator", "load",
              std::string(JIXIAO_SOURCE_DIR) +
                  "/deploy/demo/taoyuan-psb-2019-indicators.json"}}) {
      std::vector<std::string> argv = {JIXIAO_CLI_BINARY,
                                       "--budget=" + budget_->address(),
                                       "--indicator=" + indicator_->address()};
      argv.insert(argv.end(), args.begin(), args.end());
      const auto r = testing::RunCommand(argv);
      ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    stub_ = epb::EvaluationService::NewStub(
                grpc::CreateChannel(evaluation_->address(),
                                    grpc::InsecureChannelCredentials()))
                .release();
    budget_stub_ = bpb::BudgetService::NewStub(
                       grpc::CreateChannel(budget_->address(),
                                           grpc::InsecureChannelCredentials()))
                       .release();
    indicator_stub_ =
        ipb::IndicatorService::NewStub(
            grpc::CreateChannel(indicator_->address(),
                                grpc::InsecureChannelCredentials()))
            .release();
  }
  static void TearDownTestSuite() {
    delete stub_;
    delete budget_stub_;
    delete indicator_stub_;
    delete evaluation_;
    delete indicator_;
    delete budget_;
    delete redis_;
    delete dir_;
  }

  static std::unique_ptr<grpc::ClientContext> Ctx() {
    auto context = CallContext(std::chrono::seconds(30), {});
    return context;
  }

  static epb::DepartmentYear Key(const std::string& code, int year = 2019) {
    epb::DepartmentYear key;
    key.set_region_code("430725");
    key.set_department_code(code);
    key.set_year(year);
    return key;
  }

  static epb::EvaluationResult Evaluate(const std::string& code) {
    epb::EvaluateRequest request;
    *request.mutable_key() = Key(code);
    epb::EvaluationResult result;
    const grpc::Status status = stub_->Evaluate(Ctx().get(), request, &result);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return result;
  }

  static void SetStaffActual(const std::string& code, int actual) {
    bpb::DepartmentKey key;
    key.set_region_code("430725");
    key.set_code(code);
    bpb::Department d;
    ASSERT_TRUE(budget_stub_->GetDepartment(Ctx().get(), key, &d).ok());
    bpb::UpdateDepartmentRequest update;
    *update.mutable_department() = d;
    update.mutable_department()->set_staff_actual(actual);
    ASSERT_TRUE(budget_stub_->UpdateDepartment(Ctx().get(), update, &d).ok());
  }

  // A department with headcounts, a final account and an evaluation whose
  // entered values are all at target.
  static void NewEvaluatedDepartment(const std::string& code, int authorized,
                                     int actual) {
    bpb::CreateDepartmentRequest create;
    create.mutable_department()->set_region_code("430725");
    create.mutable_department()->set_code(code);
    create.mutable_department()->set_name(code);
    create.mutable_department()->set_staff_authorized(authorized);
    create.mutable_department()->set_staff_actual(actual);
    bpb::Department d;
    ASSERT_TRUE(budget_stub_->CreateDepartment(Ctx().get(), create, &d).ok());
    bpb::PutDepartmentYearRequest put;
    put.mutable_department_year()->set_region_code("430725");
    put.mutable_department_year()->set_department_code(code);
    put.mutable_department_year()->set_year(2019);
    auto* final_figures = put.mutable_department_year()->add_phases();
    final_figures->set_phase(bpb::PHASE_FINAL);
    final_figures->set_total_expenditure(1'000'000'000);
    bpb::DepartmentYear year;
    ASSERT_TRUE(budget_stub_->PutDepartmentYear(Ctx().get(), put, &year).ok());
    ipb::StartEvaluationRequest start;
    start.mutable_key()->set_region_code("430725");
    start.mutable_key()->set_department_code(code);
    start.mutable_key()->set_year(2019);
    start.set_framework_id("hunan-county-department-2019");
    start.mutable_actor()->set_subject("s");
    start.mutable_actor()->set_role(ipb::DEPARTMENT);
    start.mutable_actor()->set_department_code(code);
    ipb::Evaluation e;
    ASSERT_TRUE(indicator_stub_->StartEvaluation(Ctx().get(), start, &e).ok());
  }

  // The region's results and summary, and how the stream ended.
  static grpc::Status EvaluateRegion(
      const std::string& region, std::vector<epb::EvaluationResult>* results,
      epb::RegionSummary* summary) {
    epb::EvaluateRegionRequest request;
    request.set_region_code(region);
    request.set_year(2019);
    auto context = Ctx();
    auto reader = stub_->EvaluateRegion(context.get(), request);
    epb::RegionEvent event;
    while (reader->Read(&event)) {
      if (event.has_result()) results->push_back(event.result());
      if (event.has_summary()) *summary = event.summary();
    }
    return reader->Finish();
  }

  static int64_t Hits() {
    epb::CacheStats stats;
    EXPECT_TRUE(stub_->GetCacheStats(Ctx().get(), {}, &stats).ok());
    return stats.hits();
  }

  static testing::TempDir* dir_;
  static RedisServer* redis_;
  static testing::ServiceProcess* budget_;
  static testing::ServiceProcess* indicator_;
  static testing::ServiceProcess* evaluation_;
  static epb::EvaluationService::Stub* stub_;
  static bpb::BudgetService::Stub* budget_stub_;
  static ipb::IndicatorService::Stub* indicator_stub_;
};

testing::TempDir* EvaluationServiceTest::dir_ = nullptr;
RedisServer* EvaluationServiceTest::redis_ = nullptr;
testing::ServiceProcess* EvaluationServiceTest::budget_ = nullptr;
testing::ServiceProcess* EvaluationServiceTest::indicator_ = nullptr;
testing::ServiceProcess* EvaluationServiceTest::evaluation_ = nullptr;
epb::EvaluationService::Stub* EvaluationServiceTest::stub_ = nullptr;
bpb::BudgetService::Stub* EvaluationServiceTest::budget_stub_ = nullptr;
ipb::IndicatorService::Stub* EvaluationServiceTest::indicator_stub_ = nullptr;

// By hand, under the Hunan county framework: 投入 5 (在职 93.38% ⇒ 5; 三公
// 变动率 not computable ⇒ 0), 过程 38.66 (预算执行 13.96: 楼堂馆所 5 + 5,
// 结转结余率 10.0906% ⇒ 4 − 0.0906 × 0.4 = 3.96, the five rates the report
// gives no data for ⇒ 0; 预算管理 14.7; 资产管理 10), 产出 15, 效果 14.6
// (社会效益 95% of 8 = 7.6, 满意度 96% ⇒ 7): 73.26, 中. The report said 92.
TEST_F(EvaluationServiceTest, TheSeedEndToEnd) {
  const epb::EvaluationResult r = Evaluate("taoyuan-psb");
  EXPECT_EQ(r.total(), "73.26");
  EXPECT_EQ(r.grade(), "中");
  EXPECT_EQ(r.self_score(), "92");
  EXPECT_EQ(r.difference(), "18.74");
  EXPECT_TRUE(r.complete());
  EXPECT_EQ(r.department_name(), "桃源县公安局");
  EXPECT_EQ(r.missing_size(), 6);
  std::vector<std::string> findings;
  for (const auto& f : r.findings()) findings.push_back(f.identity());
  EXPECT_THAT(findings,
              ::testing::UnorderedElementsAre("B5", "B12", "T1", "U1"));
  for (const auto& i : r.indicators()) {
    if (i.id() == "2.1.5") {
      EXPECT_EQ(i.score(), "3.96");
      EXPECT_EQ(i.value(), "10.0906%");
      ASSERT_EQ(i.deductions_size(), 1);
      EXPECT_THAT(i.deductions(0).reason(), HasSubstr("0.0906个百分点"));
    }
    if (i.id() == "2") {
      EXPECT_EQ(i.score(), "38.66");
    }
  }
  // The stored result is the same one.
  epb::EvaluationResult stored;
  ASSERT_TRUE(stub_->GetResult(Ctx().get(), Key("taoyuan-psb"), &stored).ok());
  EXPECT_EQ(stored.total(), "73.26");
}

TEST_F(EvaluationServiceTest, AChangedFigureIsNeverReadFromTheCache) {
  NewEvaluatedDepartment("cached", 100, 100);
  const epb::EvaluationResult first = Evaluate("cached");
  EXPECT_EQ(first.cache(), "MISS");
  const epb::EvaluationResult second = Evaluate("cached");
  EXPECT_EQ(second.cache(), "HIT");
  EXPECT_EQ(second.total(), first.total());
  // 110 on 100 编制: 10 points over, −0.5 each: 在职人员控制率 scores 0.
  SetStaffActual("cached", 110);
  const epb::EvaluationResult after = Evaluate("cached");
  EXPECT_EQ(after.cache(), "MISS");
  for (const auto& i : after.indicators()) {
    if (i.id() == "1.1.1") {
      EXPECT_EQ(i.score(), "0");
    }
  }
  EXPECT_NE(after.total(), first.total());
  EXPECT_EQ(Evaluate("cached").cache(), "HIT");
}

// Results kept in memory (--memory_cache_entries) are served only while
// nothing was written to the budget or the indicator service since they
// were read: the read after a write that returned sees it, however many
// reads run at once (they share their reads of the write epochs).
TEST_F(EvaluationServiceTest, ResultsKeptInMemoryAreNeverStale) {
  auto memory = testing::StartEvaluation(
      *dir_, *budget_, *indicator_,
      {"--redis=" + redis_->address(), "--memory_cache_entries=100"});
  auto stub = epb::EvaluationService::NewStub(grpc::CreateChannel(
      memory->address(), grpc::InsecureChannelCredentials()));
  const auto evaluate = [&](const std::string& code) {
    epb::EvaluateRequest request;
    *request.mutable_key() = Key(code);
    epb::EvaluationResult result;
    const grpc::Status status = stub->Evaluate(Ctx().get(), request, &result);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return result;
  };
  const auto staff_score = [](const epb::EvaluationResult& r) {
    for (const auto& i : r.indicators()) {
      if (i.id() == "1.1.1") return i.score();
    }
    return std::string("none");
  };
  NewEvaluatedDepartment("in-memory", 100, 100);
  const epb::EvaluationResult first = evaluate("in-memory");
  EXPECT_NE(first.cache(), "MEMORY");
  const epb::EvaluationResult second = evaluate("in-memory");
  EXPECT_EQ(second.cache(), "MEMORY");
  EXPECT_EQ(second.total(), first.total());

  // A budget write: the next read computes, and then is kept again.
  SetStaffActual("in-memory", 110);
  const epb::EvaluationResult after = evaluate("in-memory");
  EXPECT_NE(after.cache(), "MEMORY");
  EXPECT_EQ(staff_score(after), "0");
  EXPECT_NE(after.total(), first.total());
  EXPECT_EQ(evaluate("in-memory").cache(), "MEMORY");

  // An indicator write, even about another department, is a write.
  NewEvaluatedDepartment("in-memory-2", 10, 10);
  EXPECT_NE(evaluate("in-memory").cache(), "MEMORY");
  EXPECT_EQ(evaluate("in-memory").cache(), "MEMORY");

  // Writes among many reads: each read after a write sees it.
  const std::string at_target = staff_score(first);
  ASSERT_NE(at_target, "0");
  std::atomic<bool> done{false};
  std::atomic<int> failed{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 4; ++t) {
    readers.emplace_back([&] {
      while (!done) {
        epb::EvaluateRequest request;
        *request.mutable_key() = Key("in-memory");
        epb::EvaluationResult result;
        if (!stub->Evaluate(Ctx().get(), request, &result).ok()) ++failed;
      }
    });
  }
  for (int round = 0; round < 6; ++round) {
    const int actual = round % 2 == 0 ? 100 : 110;
    SetStaffActual("in-memory", actual);
    const epb::EvaluationResult seen = evaluate("in-memory");
    EXPECT_EQ(staff_score(seen), actual == 100 ? at_target : "0")
        << "round " << round << ", cache " << seen.cache();
  }
  done = true;
  for (std::thread& t : readers) t.join();
  EXPECT_EQ(failed, 0);
  epb::CacheStats stats;
  ASSERT_TRUE(stub->GetCacheStats(Ctx().get(), {}, &stats).ok());
  EXPECT_GT(stats.memory_hits(), 0);
  EXPECT_EQ(stats.memory_entries(), 1);
}

TEST_F(EvaluationServiceTest, RedisStoppedInTheMiddleOfARun) {
  NewEvaluatedDepartment("redis-down", 10, 9);
  EXPECT_EQ(Evaluate("redis-down").cache(), "MISS");
  EXPECT_EQ(Evaluate("redis-down").cache(), "HIT");
  const epb::EvaluationResult cached = Evaluate("redis-down");
  redis_->Stop();
  // Every call still succeeds, from the services and the database.
  for (int i = 0; i < 10; ++i) {
    const epb::EvaluationResult r = Evaluate("redis-down");
    EXPECT_EQ(r.total(), cached.total());
    EXPECT_NE(r.cache(), "HIT");
  }
  epb::CacheStats stats;
  ASSERT_TRUE(stub_->GetCacheStats(Ctx().get(), {}, &stats).ok());
  EXPECT_GT(stats.errors(), 0);
  EXPECT_TRUE(stats.breaker_open());
  EXPECT_GT(stats.bypassed(), 0);
  // Redis back (empty): after the breaker's pause, caching resumes.
  redis_->Start();
  bool hit = false;
  for (int i = 0; i < 60 && !hit; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    hit = Evaluate("redis-down").cache() == "HIT";
  }
  EXPECT_TRUE(hit) << "caching did not resume";
}

TEST_F(EvaluationServiceTest,
       RedisAuthIsRequiredAndAWrongPasswordOnlyCostsTheCache) {
  // A placeholder from a template, or a short password, stops the start.
  for (const std::string& bad :
       {std::string("CHANGE-ME-redis-password"), std::string("short1")}) {
    const auto start = testing::RunCommand(
        {JIXIAO_EVALUATION_BINARY, "--listen=127.0.0.1:0", "--insecure",
         "--storage=sqlite:" + (dir_->path() / "never.db").string(),
         "--redis=" + redis_->address(),
         "--redis_password_file=" + WriteFile(*dir_, "bad-password", bad)});
    EXPECT_EQ(start.exit_code, 2) << bad;
    EXPECT_THAT(start.err, HasSubstr("--redis_password_file")) << bad;
  }
  // A wrong one: every answer still right, never from the cache, and the
  // log says why.
  testing::TempDir wrong_dir;
  auto wrong = testing::StartEvaluation(
      wrong_dir, *budget_, *indicator_,
      {"--redis=" + redis_->address(),
       "--redis_password_file=" +
           WriteFile(wrong_dir, "password", "not-the-Redis-pass-7Kw")});
  auto wrong_stub = epb::EvaluationService::NewStub(grpc::CreateChannel(
      wrong->address(), grpc::InsecureChannelCredentials()));
  const epb::EvaluationResult right = Evaluate("taoyuan-psb");
  for (int i = 0; i < 3; ++i) {
    epb::EvaluateRequest request;
    *request.mutable_key() = Key("taoyuan-psb");
    epb::EvaluationResult result;
    ASSERT_TRUE(wrong_stub->Evaluate(Ctx().get(), request, &result).ok());
    EXPECT_EQ(result.total(), right.total());
    EXPECT_NE(result.cache(), "HIT");
  }
  epb::CacheStats stats;
  ASSERT_TRUE(wrong_stub->GetCacheStats(Ctx().get(), {}, &stats).ok());
  EXPECT_GT(stats.errors() + stats.bypassed(), 0);
  EXPECT_EQ(stats.hits(), 0);
  EXPECT_THAT(testing::ReadFileText(wrong->log_path()),
              HasSubstr("redis refused AUTH"));
}

TEST_F(EvaluationServiceTest, TheReportIsReproducible) {
  epb::RenderReportRequest request;
  *request.mutable_key() = Key("taoyuan-psb");
  epb::Report md;
  ASSERT_TRUE(stub_->RenderReport(Ctx().get(), request, &md).ok());
  epb::Report again;
  ASSERT_TRUE(stub_->RenderReport(Ctx().get(), request, &again).ok());
  EXPECT_EQ(md.content(), again.content());
  EXPECT_EQ(md.sha256(), again.sha256());
  EXPECT_EQ(md.sha256().size(), 64u);
  EXPECT_EQ(md.file_name(), "430725-taoyuan-psb-2019.md");
  for (const char* part :
       {"# 桃源县公安局2019年度部门整体支出绩效自评报告",
        "## 一、部门(单位)基本概况", "## 五、部门整体支出绩效情况",
        "综合得分73.26分", "评价等级为“中”", "## 六、存在的主要问题",
        "【错误 B5】", "## 附件一：基础数据表", "| 支出合计 |  |  | 12669.13 |",
        "## 附件二：指标评分表", "| 合计 | 100 | 73.26 |"}) {
    EXPECT_THAT(md.content(), HasSubstr(part));
  }
  request.set_format(epb::HTML);
  epb::Report html;
  ASSERT_TRUE(stub_->RenderReport(Ctx().get(), request, &html).ok());
  EXPECT_THAT(html.content(), HasSubstr("<meta charset=\"utf-8\">"));
  EXPECT_THAT(html.content(), HasSubstr("<h2>附件二：指标评分表</h2>"));
  EXPECT_EQ(html.file_name(), "430725-taoyuan-psb-2019.html");
}

TEST_F(EvaluationServiceTest, ARegionStreamsThenRanks) {
  NewEvaluatedDepartment("rank-a", 100, 90);
  NewEvaluatedDepartment("rank-b", 100, 120);  // 20 over: 在职 scores 0
  bpb::CreateDepartmentRequest create;  // a department without an evaluation
  create.mutable_department()->set_region_code("430725");
  create.mutable_department()->set_code("rank-none");
  create.mutable_department()->set_name("未评价");
  bpb::Department d;
  ASSERT_TRUE(budget_stub_->CreateDepartment(Ctx().get(), create, &d).ok());

  std::vector<epb::EvaluationResult> results;
  epb::RegionSummary summary;
  const grpc::Status finished = EvaluateRegion("430725", &results, &summary);
  ASSERT_TRUE(finished.ok()) << finished.error_message();
  EXPECT_GE(results.size(), 3u);
  EXPECT_EQ(summary.evaluated(), static_cast<int>(results.size()));
  EXPECT_GE(summary.skipped(), 1);
  ASSERT_EQ(summary.ranking_size(), summary.evaluated());
  EXPECT_EQ(summary.ranking(0).rank(), 1);
  int position_a = -1;
  int position_b = -1;
  for (int i = 0; i < summary.ranking_size(); ++i) {
    if (summary.ranking(i).department_code() == "rank-a") position_a = i;
    if (summary.ranking(i).department_code() == "rank-b") position_b = i;
    if (i > 0) {
      EXPECT_GE(std::stod(summary.ranking(i - 1).total()),
                std::stod(summary.ranking(i).total()));
    }
  }
  EXPECT_LT(position_a, position_b);
  EXPECT_NE(summary.ranking(position_a).total(),
            summary.ranking(position_b).total());
  int graded = 0;
  for (const auto& g : summary.grades()) graded += g.count();
  EXPECT_EQ(graded, summary.evaluated());
}

// A region is read in two streamed calls and scored in the evaluation
// service, not department by department: each result must be exactly what
// the department evaluated alone gets, for every kind of department (with
// figures, without, approved and so frozen), and be stored.
TEST_F(EvaluationServiceTest, ARegionGivesWhatEachDepartmentGetsAlone) {
  NewEvaluatedDepartment("alone-a", 50, 49);
  NewEvaluatedDepartment("alone-approved", 30, 35);
  {  // submitted by the department, approved by finance: values frozen
    ipb::EvaluationKey key;
    key.set_region_code("430725");
    key.set_department_code("alone-approved");
    key.set_year(2019);
    ipb::Evaluation e;
    ASSERT_TRUE(indicator_stub_->GetEvaluation(Ctx().get(), key, &e).ok());
    ipb::TransitionRequest submit;
    *submit.mutable_key() = key;
    submit.mutable_actor()->set_subject("s");
    submit.mutable_actor()->set_role(ipb::DEPARTMENT);
    submit.mutable_actor()->set_department_code("alone-approved");
    submit.set_expected_version(e.version());
    ASSERT_TRUE(indicator_stub_->Submit(Ctx().get(), submit, &e).ok());
    ipb::TransitionRequest approve;
    *approve.mutable_key() = key;
    approve.mutable_actor()->set_subject("f");
    approve.mutable_actor()->set_role(ipb::FINANCE);
    approve.set_expected_version(e.version());
    const grpc::Status approved =
        indicator_stub_->Approve(Ctx().get(), approve, &e);
    ASSERT_TRUE(approved.ok()) << approved.error_message();
  }
  {  // an evaluation, and no figures for the year
    bpb::CreateDepartmentRequest create;
    create.mutable_department()->set_region_code("430725");
    create.mutable_department()->set_code("alone-nofigures");
    create.mutable_department()->set_name("无决算");
    bpb::Department d;
    ASSERT_TRUE(budget_stub_->CreateDepartment(Ctx().get(), create, &d).ok());
    ipb::StartEvaluationRequest start;
    start.mutable_key()->set_region_code("430725");
    start.mutable_key()->set_department_code("alone-nofigures");
    start.mutable_key()->set_year(2019);
    start.set_framework_id("hunan-county-department-2019");
    start.mutable_actor()->set_subject("s");
    start.mutable_actor()->set_role(ipb::DEPARTMENT);
    start.mutable_actor()->set_department_code("alone-nofigures");
    ipb::Evaluation e;
    ASSERT_TRUE(indicator_stub_->StartEvaluation(Ctx().get(), start, &e).ok());
  }

  std::vector<epb::EvaluationResult> results;
  epb::RegionSummary summary;
  const grpc::Status finished = EvaluateRegion("430725", &results, &summary);
  ASSERT_TRUE(finished.ok()) << finished.error_message();

  std::set<std::string> seen;
  for (size_t i = 0; i < results.size(); ++i) {
    epb::EvaluationResult from_region = results[i];
    const std::string code = from_region.key().department_code();
    if (i > 0) {
      EXPECT_LT(results[i - 1].key().department_code(), code);
    }
    seen.insert(code);
    epb::EvaluationResult alone = Evaluate(code);
    epb::EvaluationResult stored;
    ASSERT_TRUE(stub_->GetResult(Ctx().get(), Key(code), &stored).ok());
    from_region.clear_cache();
    alone.clear_cache();
    EXPECT_TRUE(
        google::protobuf::util::MessageDifferencer::Equals(from_region, alone))
        << code << "\nregion: " << from_region.ShortDebugString()
        << "\nalone: " << alone.ShortDebugString();
    EXPECT_TRUE(
        google::protobuf::util::MessageDifferencer::Equals(from_region, stored))
        << code;
  }
  for (const char* code :
       {"alone-a", "alone-approved", "alone-nofigures", "taoyuan-psb"}) {
    EXPECT_TRUE(seen.contains(code)) << code;
  }
}

// The two region reads give, department by department, what the unary
// reads give.
TEST_F(EvaluationServiceTest, TheRegionReadsEqualTheOneDepartmentReads) {
  NewEvaluatedDepartment("reads-a", 20, 18);
  bpb::RegionInputsRequest inputs;
  inputs.set_region_code("430725");
  inputs.set_year(2019);
  inputs.set_with_figures(true);
  inputs.set_with_aggregates(true);
  inputs.set_with_consistency(true);
  auto bcontext = Ctx();
  auto breader = budget_stub_->StreamRegionInputs(bcontext.get(), inputs);
  bpb::RegionInputsPage page;
  int departments = 0;
  int with_figures = 0;
  std::string previous;
  while (breader->Read(&page)) {
    EXPECT_LE(page.departments_size(), 100);
    for (const bpb::DepartmentInputs& d : page.departments()) {
      ++departments;
      const std::string& code = d.department().code();
      EXPECT_LT(previous, code);
      previous = code;
      bpb::DepartmentKey key;
      key.set_region_code("430725");
      key.set_code(code);
      bpb::Department department;
      ASSERT_TRUE(
          budget_stub_->GetDepartment(Ctx().get(), key, &department).ok());
      EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(
          department, d.department()))
          << code;
      bpb::DepartmentYearKey year_key;
      year_key.set_region_code("430725");
      year_key.set_department_code(code);
      year_key.set_year(2019);
      bpb::Versions versions;
      ASSERT_TRUE(
          budget_stub_->GetVersions(Ctx().get(), year_key, &versions).ok());
      EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(
          versions, d.versions()))
          << code;
      bpb::DepartmentYear year;
      const grpc::Status got =
          budget_stub_->GetDepartmentYear(Ctx().get(), year_key, &year);
      EXPECT_EQ(got.ok(), d.figures_stored()) << code;
      if (!got.ok()) {
        EXPECT_FALSE(d.has_figures() || d.has_aggregates() ||
                     d.has_consistency());
        continue;
      }
      ++with_figures;
      EXPECT_TRUE(
          google::protobuf::util::MessageDifferencer::Equals(year, d.figures()))
          << code;
      bpb::GetAggregatesRequest aggregates_request;
      *aggregates_request.mutable_key() = year_key;
      bpb::Aggregates aggregates;
      ASSERT_TRUE(
          budget_stub_
              ->GetAggregates(Ctx().get(), aggregates_request, &aggregates)
              .ok());
      EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(
          aggregates, d.aggregates()))
          << code;
      bpb::CheckConsistencyRequest check;
      *check.mutable_key() = year_key;
      bpb::ConsistencyReport report;
      ASSERT_TRUE(
          budget_stub_->CheckConsistency(Ctx().get(), check, &report).ok());
      EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(
          report, d.consistency()))
          << code;
    }
  }
  ASSERT_TRUE(breader->Finish().ok());
  EXPECT_GE(departments, 2);
  EXPECT_GE(with_figures, 2);

  ipb::RegionEvaluationsRequest evaluations;
  evaluations.set_region_code("430725");
  evaluations.set_year(2019);
  auto icontext = Ctx();
  auto ireader =
      indicator_stub_->StreamRegionEvaluations(icontext.get(), evaluations);
  ipb::RegionEvaluationsPage epage;
  int evaluated = 0;
  while (ireader->Read(&epage)) {
    for (const ipb::Evaluation& e : epage.evaluations()) {
      ++evaluated;
      ipb::Evaluation alone;
      ASSERT_TRUE(
          indicator_stub_->GetEvaluation(Ctx().get(), e.key(), &alone).ok());
      EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(e, alone))
          << e.key().department_code();
    }
  }
  ASSERT_TRUE(ireader->Finish().ok());
  EXPECT_GE(evaluated, 2);
}

TEST_F(EvaluationServiceTest, BadKeysAndUnknownDepartments) {
  epb::EvaluateRequest request;
  *request.mutable_key() = Key("taoyuan-psb", 1999);
  epb::EvaluationResult out;
  grpc::Status status = stub_->Evaluate(Ctx().get(), request, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), ::testing::StartsWith("key.year:"));
  *request.mutable_key() = Key("nobody");
  EXPECT_EQ(stub_->Evaluate(Ctx().get(), request, &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(stub_->GetResult(Ctx().get(), Key("nobody"), &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
  std::vector<epb::EvaluationResult> results;
  epb::RegionSummary summary;
  status = EvaluateRegion("43", &results, &summary);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), ::testing::StartsWith("region_code:"));

  // Evaluate reads its request's bytes itself: bytes that are no
  // EvaluateRequest are refused as such.
  grpc::GenericStub generic(grpc::CreateChannel(
      evaluation_->address(), grpc::InsecureChannelCredentials()));
  grpc::Slice junk(std::string("\xff\xff\xff", 3));
  const grpc::ByteBuffer junk_request(&junk, 1);
  grpc::ByteBuffer reply;
  auto raw_context = Ctx();
  std::promise<grpc::Status> raw_done;
  generic.UnaryCall(raw_context.get(),
                    "/jixiao.evaluation.v1.EvaluationService/Evaluate",
                    grpc::StubOptions(), &junk_request, &reply,
                    [&](grpc::Status s) { raw_done.set_value(std::move(s)); });
  const grpc::Status raw = raw_done.get_future().get();
  EXPECT_EQ(raw.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(raw.error_message(), ::testing::StartsWith("request:"));

  // The peers' region reads name the field too.
  for (const auto& [region, year, field] :
       std::vector<std::tuple<std::string, int, std::string>>{
           {"43", 2019, "region_code:"}, {"430725", 0, "year:"}}) {
    bpb::RegionInputsRequest inputs;
    inputs.set_region_code(region);
    inputs.set_year(year);
    auto bcontext = Ctx();
    auto breader = budget_stub_->StreamRegionInputs(bcontext.get(), inputs);
    bpb::RegionInputsPage page;
    EXPECT_FALSE(breader->Read(&page));
    const grpc::Status from_budget = breader->Finish();
    EXPECT_EQ(from_budget.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(from_budget.error_message(), ::testing::StartsWith(field));

    ipb::RegionEvaluationsRequest evaluations;
    evaluations.set_region_code(region);
    evaluations.set_year(year);
    auto icontext = Ctx();
    auto ireader =
        indicator_stub_->StreamRegionEvaluations(icontext.get(), evaluations);
    ipb::RegionEvaluationsPage epage;
    EXPECT_FALSE(ireader->Read(&epage));
    const grpc::Status from_indicator = ireader->Finish();
    EXPECT_EQ(from_indicator.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(from_indicator.error_message(), ::testing::StartsWith(field));
  }
}

}  // namespace
}  // namespace jixiao

namespace jixiao {
namespace {

TEST_F(EvaluationServiceTest, TheCliRanksARegionAsATable) {
  const auto r = testing::RunCommand(
      {JIXIAO_CLI_BINARY, "--evaluation=" + evaluation_->address(), "evaluate",
       "--region=430725", "--year=2019"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("名次"));
  EXPECT_THAT(r.out, HasSubstr("taoyuan-psb"));
  EXPECT_THAT(r.out, HasSubstr("73.26"));
  EXPECT_THAT(r.out, HasSubstr("中 "));
}

}  // namespace
}  // namespace jixiao

namespace jixiao {
namespace {

TEST_F(EvaluationServiceTest, RenderReportChecksItsRequest) {
  epb::RenderReportRequest request;
  *request.mutable_key() = Key("taoyuan-psb", 3000);
  epb::Report report;
  grpc::Status status = stub_->RenderReport(Ctx().get(), request, &report);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), ::testing::StartsWith("key.year:"));
  *request.mutable_key() = Key("nobody");
  EXPECT_EQ(stub_->RenderReport(Ctx().get(), request, &report).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace jixiao

// Project self-evaluations scored (项目支出绩效自评表, 财预〔2020〕10号
// 附件1) over loopback gRPC, on the real budget, indicator and evaluation
// services (SQLite, or PostgreSQL for the "postgresql." run): two
// departments with figures and projects in the budget service, payments
// imported through the ledger, targets approved, filings made through the
// indicator service's ProjectEvaluationService; then every total checked
// against the figures worked out by hand below, the form's content, a
// department's list (one project without a filing), the region's stream
// (ranking, grade counts, a self-score gap) and bad input refused naming
// its field. Who may call each RPC is in security_test.cc.
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "jixiao/budget/v1/budget.grpc.pb.h"
#include "jixiao/evaluation/v1/evaluation.grpc.pb.h"
#include "jixiao/evaluation/v1/projects.grpc.pb.h"
#include "jixiao/indicator/v1/indicator.grpc.pb.h"
#include "jixiao/indicator/v1/project_evaluation.grpc.pb.h"
#include "jixiao/indicator/v1/targets.grpc.pb.h"
#include "tests/integration/admin_port.h"
#include "tests/integration/calls.h"
#include "tests/integration/department_setup.h"
#include "tests/integration/services.h"

namespace jixiao {
namespace {

namespace bpb = ::jixiao::budget::v1;
namespace epb = ::jixiao::evaluation::v1;
namespace ipb = ::jixiao::indicator::v1;
using testing::Call;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

constexpr char kRegion[] = "430725";
constexpr int32_t kYear = 2023;
constexpr int64_t kWan = 1'000'000;  // 分 in 1万元

class ProjectScoringTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    services_ = new testing::Services({.evaluation = true});
    budget_stub_ =
        bpb::BudgetService::NewStub(testing::ChannelTo(services_->budget()))
            .release();
    const auto indicator = testing::ChannelTo(services_->indicator());
    targets_ = ipb::TargetService::NewStub(indicator).release();
    filings_ = ipb::ProjectEvaluationService::NewStub(indicator).release();
    indicator_stub_ = ipb::IndicatorService::NewStub(indicator).release();
    const auto evaluation = testing::ChannelTo(services_->evaluation());
    stub_ = epb::ProjectScoringService::NewStub(evaluation).release();
    evaluation_stub_ = epb::EvaluationService::NewStub(evaluation).release();
    Seed();
  }
  static void TearDownTestSuite() {
    delete evaluation_stub_;
    delete stub_;
    delete indicator_stub_;
    delete filings_;
    delete targets_;
    delete budget_stub_;
    delete services_;
  }

  static epb::DepartmentYear Key(const std::string& code) {
    return testing::DepartmentYearKey<epb::DepartmentYear>(kRegion, code,
                                                           kYear);
  }

  // Figures for the year: P001 年初 200万元, 调整 250万元; P002 年初 100万元.
  static void Budget(const std::string& code, const std::string& name) {
    testing::CreateDepartmentWithYear(
        *budget_stub_, "", name,
        testing::OriginalBudget(kRegion, code, kYear, 300 * kWan,
                                {{.code = "P001",
                                  .name = "农村公路养护",
                                  .original = 200 * kWan,
                                  .adjusted = 250 * kWan},
                                 {.code = "P002",
                                  .name = "客运站运营补贴",
                                  .original = 100 * kWan}}));
  }

  static void Pay(const std::string& code,
                  const std::vector<testing::Payment>& payments,
                  const std::string& batch_id = "") {
    testing::ImportPayments(*budget_stub_, "",
                            batch_id.empty() ? "pay-" + code : batch_id,
                            kRegion, code, kYear, payments);
  }

  static void ApprovedTargets(const std::string& code) {
    ipb::TargetSet t;
    *t.mutable_key() =
        testing::DepartmentYearKey<ipb::TargetKey>(kRegion, code, kYear);
    t.set_tree("pre2021");
    testing::AddRoadIndicators(t.mutable_indicators(), "d");
    for (const auto& [project, name, amount] :
         {std::tuple{"P001", "农村公路养护", 250 * kWan},  // 调整预算
          std::tuple{"P002", "客运站运营补贴", 100 * kWan}}) {
      ipb::ProjectTarget* p = t.add_projects();
      p->set_project_code(project);
      p->set_project_name(name);
      p->set_annual_goal(absl::StrCat(name, "：全年养护120公里"));
      p->mutable_funds()->set_total(amount);
      testing::AddRoadIndicators(p->mutable_indicators(),
                                 std::string(project) + "-");
    }
    testing::ApproveTargets(*targets_, t);
  }

  static void File(const std::string& code, const std::string& length,
                   ipb::Achievement level, const std::string& percent,
                   const std::string& satisfaction,
                   const std::string& self_score,
                   int64_t expected_version = 0) {
    ipb::PutProjectFilingRequest put;
    put.set_expected_version(expected_version);
    ipb::ProjectFiling* f = put.mutable_filing();
    *f->mutable_key() =
        testing::DepartmentYearKey<ipb::ProjectKey>(kRegion, code, kYear);
    f->mutable_key()->set_project_code("P001");
    f->set_achieved_summary("全年养护" + length + "公里");
    f->set_self_score(self_score);
    ipb::ActualValue* a = f->add_actuals();
    a->set_indicator_id("P001-1");
    a->set_value(length);
    if (length != "120") {
      a->set_deviation_reason("<b>雨季</b>停工两个月");
      a->set_improvement("提前安排汛期施工计划");
    }
    a = f->add_actuals();
    a->set_indicator_id("P001-2");
    a->set_achievement(level);
    a->set_percent_of_weight(percent);
    if (level != ipb::ACHIEVED) {
      a->set_deviation_reason("部分路段未完工");
      a->set_improvement("次年一季度完成");
    }
    a = f->add_actuals();
    a->set_indicator_id("P001-3");
    a->set_value(satisfaction);
    ipb::ProjectFiling out;
    const grpc::Status status =
        filings_->PutProjectFiling(Call().get(), put, &out);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  // The department-wide self-evaluation, started by its clerk.
  static void StartEvaluation(const std::string& code) {
    ipb::StartEvaluationRequest start;
    *start.mutable_key() =
        testing::DepartmentYearKey<ipb::EvaluationKey>(kRegion, code, kYear);
    start.set_framework_id("hunan-county-department-2019");
    start.mutable_actor()->set_subject("clerk-wang");
    start.mutable_actor()->set_role(ipb::DEPARTMENT);
    start.mutable_actor()->set_department_code(code);
    ipb::Evaluation evaluation;
    const grpc::Status started =
        indicator_stub_->StartEvaluation(Call().get(), start, &evaluation);
    ASSERT_TRUE(started.ok()) << started.error_message();
  }

  static void Seed() {
    Budget("jtj", "桃源县交通运输局");
    Budget("slj", "桃源县水利局");
    // jtj: P001 225万元 of 250万元 (90.00%); P002 nothing; basic beside.
    Pay("jtj", {{"r1", "2023-03-01", "P001", 100 * kWan},
                {"r2", "2023-12-31", "P001", 125 * kWan},
                {"r3", "2023-05-01", "", 20 * kWan}});
    // slj: P001 300万元 of 250万元: over 100%, capped.
    Pay("slj", {{"s1", "2023-06-01", "P001", 300 * kWan}});
    ApprovedTargets("jtj");
    ApprovedTargets("slj");
    File("jtj", "108", ipb::PARTLY_ACHIEVED, "70", "95", "92");
    File("slj", "120", ipb::ACHIEVED, "90", "92", "97");
  }

  static testing::Services* services_;
  static bpb::BudgetService::Stub* budget_stub_;
  static ipb::TargetService::Stub* targets_;
  static ipb::ProjectEvaluationService::Stub* filings_;
  static ipb::IndicatorService::Stub* indicator_stub_;
  static epb::ProjectScoringService::Stub* stub_;
  static epb::EvaluationService::Stub* evaluation_stub_;
};

testing::Services* ProjectScoringTest::services_ = nullptr;
bpb::BudgetService::Stub* ProjectScoringTest::budget_stub_ = nullptr;
ipb::TargetService::Stub* ProjectScoringTest::targets_ = nullptr;
ipb::ProjectEvaluationService::Stub* ProjectScoringTest::filings_ = nullptr;
ipb::IndicatorService::Stub* ProjectScoringTest::indicator_stub_ = nullptr;
epb::ProjectScoringService::Stub* ProjectScoringTest::stub_ = nullptr;
epb::EvaluationService::Stub* ProjectScoringTest::evaluation_stub_ = nullptr;

TEST_F(ProjectScoringTest, DepartmentProjectsScoredByHand) {
  epb::EvaluateRequest request;
  *request.mutable_key() = Key("jtj");
  epb::ProjectEvaluations all;
  const grpc::Status status =
      stub_->EvaluateProjects(Call().get(), request, &all);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(all.projects_size(), 2);
  const epb::ProjectResult& p1 = all.projects(0);
  EXPECT_EQ(p1.project_code(), "P001");
  EXPECT_EQ(p1.department_name(), "桃源县交通运输局");
  // 执行: 225 ÷ 250 = 90.00%, 10 × 0.9 = 9.
  EXPECT_EQ(p1.funds().original(), 200 * kWan);
  EXPECT_EQ(p1.funds().full_year(), 250 * kWan);
  EXPECT_EQ(p1.funds().executed(), 225 * kWan);
  EXPECT_EQ(p1.funds().rate(), "90.00");
  EXPECT_EQ(p1.funds().score(), "9");
  // 产出 50: 108 of ≥ 120 → 50 × 108 ÷ 120 = 45. 效益 30: 70% → 21.
  // 满意度 10: 95 ≥ 90 → 10. Total 9 + 45 + 21 + 10 = 85: 良.
  ASSERT_EQ(p1.indicators_size(), 3);
  EXPECT_EQ(p1.indicators(0).score(), "45");
  EXPECT_EQ(p1.indicators(1).score(), "21");
  EXPECT_EQ(p1.indicators(2).score(), "10");
  EXPECT_EQ(p1.total(), "85");
  EXPECT_EQ(p1.grade(), "良");
  EXPECT_EQ(p1.self_score(), "92");
  EXPECT_EQ(p1.difference(), "7");
  EXPECT_TRUE(p1.complete());
  EXPECT_EQ(p1.filing_status(), "草稿");
  EXPECT_GT(p1.filing_version(), 0);
  EXPECT_EQ(p1.targets_version(), 3);
  EXPECT_GT(p1.figures_version(), 0);
  EXPECT_GT(p1.payments_version(), 0);
  // P002: no filing, nothing paid: 0, listed incomplete.
  const epb::ProjectResult& p2 = all.projects(1);
  EXPECT_EQ(p2.project_code(), "P002");
  EXPECT_FALSE(p2.complete());
  EXPECT_EQ(p2.total(), "0");
  EXPECT_EQ(p2.grade(), "差");
  EXPECT_EQ(p2.filing_version(), 0);
  EXPECT_THAT(p2.missing(0), HasSubstr("未填报项目支出绩效自评表"));
  // The grade counts leave out the unfiled P002: 差 is not its grade yet.
  ASSERT_EQ(all.grades_size(), 4);
  EXPECT_EQ(all.grades(1).grade(), "良");
  EXPECT_EQ(all.grades(1).count(), 1);
  EXPECT_EQ(all.grades(3).count(), 0);

  // One project alone gives the same; an unknown one is NOT_FOUND.
  epb::ProjectRef ref;
  *ref.mutable_key() = Key("jtj");
  ref.set_project_code("P001");
  epb::ProjectResult one;
  ASSERT_TRUE(stub_->EvaluateProject(Call().get(), ref, &one).ok());
  EXPECT_EQ(one.SerializeAsString(), p1.SerializeAsString());
  ref.set_project_code("P999");
  EXPECT_EQ(stub_->EvaluateProject(Call().get(), ref, &one).error_code(),
            grpc::StatusCode::NOT_FOUND);

  // A department without approved targets has no project.
  *request.mutable_key() = Key("nobody");
  ASSERT_TRUE(stub_->EvaluateProjects(Call().get(), request, &all).ok());
  EXPECT_EQ(all.projects_size(), 0);
}

TEST_F(ProjectScoringTest, FormInMarkdownAndHtml) {
  epb::RenderProjectFormRequest request;
  *request.mutable_project()->mutable_key() = Key("jtj");
  request.mutable_project()->set_project_code("P001");
  epb::Report md;
  ASSERT_TRUE(stub_->RenderProjectForm(Call().get(), request, &md).ok());
  EXPECT_EQ(md.file_name(), "430725-jtj-2023-P001.md");
  EXPECT_EQ(md.sha256().size(), 64u);
  const std::string& text = md.content();
  EXPECT_THAT(text, HasSubstr("项目支出绩效自评表（2023年度）"));
  EXPECT_THAT(text, HasSubstr("| 主管部门 | jtj-桃源县交通运输局 |"));
  EXPECT_THAT(text, HasSubstr("| 年度资金总额 | 200.00 | 250.00 | 225.00 | 10 "
                              "| 90.00% | 9 |"));
  EXPECT_THAT(text, HasSubstr("农村公路养护：全年养护120公里"));
  EXPECT_THAT(text, HasSubstr("全年养护108公里"));
  EXPECT_THAT(text, HasSubstr("| 产出指标 | 数量指标 | 养护里程 | ≥ 120 公里 | "
                              "108 公里 | 50 | 45 |"));
  EXPECT_THAT(text, HasSubstr("改进措施：提前安排汛期施工计划"));
  EXPECT_THAT(text, HasSubstr("| 总分 |"));
  EXPECT_THAT(text, HasSubstr("等级：良"));
  EXPECT_THAT(text, Not(HasSubstr("<b>")));  // the filer's markup stays text
  // Same data, same bytes.
  epb::Report again;
  ASSERT_TRUE(stub_->RenderProjectForm(Call().get(), request, &again).ok());
  EXPECT_EQ(again.sha256(), md.sha256());
  request.set_format(epb::HTML);
  epb::Report html;
  ASSERT_TRUE(stub_->RenderProjectForm(Call().get(), request, &html).ok());
  EXPECT_THAT(html.content(), StartsWith("<!DOCTYPE html>"));
  EXPECT_THAT(html.content(), HasSubstr("&lt;b&gt;雨季&lt;/b&gt;"));
  EXPECT_EQ(html.file_name(), "430725-jtj-2023-P001.html");
}

TEST_F(ProjectScoringTest, RegionRanksCountsAndListsGaps) {
  epb::EvaluateRegionProjectsRequest request;
  request.set_region_code(kRegion);
  request.set_year(kYear);
  auto context = Call();
  auto reader = stub_->EvaluateRegionProjects(context.get(), request);
  epb::RegionProjectEvent event;
  std::vector<std::string> results;
  epb::RegionProjectSummary summary;
  while (reader->Read(&event)) {
    if (event.has_result()) {
      results.push_back(absl::StrCat(event.result().key().department_code(),
                                     "/", event.result().project_code(), " ",
                                     event.result().total()));
    }
    if (event.has_summary()) summary = event.summary();
  }
  const grpc::Status status = reader->Finish();
  ASSERT_TRUE(status.ok()) << status.error_message();
  // slj P001: 10 (300 of 250, capped) + 50 + 27 (90% of 30) + 10 = 97 优.
  EXPECT_THAT(results, ElementsAre("jtj/P001 85", "jtj/P002 0", "slj/P001 97",
                                   "slj/P002 0"));
  EXPECT_EQ(summary.evaluated(), 4);
  EXPECT_EQ(summary.incomplete(), 2);
  ASSERT_EQ(summary.ranking_size(), 4);
  EXPECT_EQ(summary.ranking(0).department_code(), "slj");
  EXPECT_EQ(summary.ranking(0).rank(), 1);
  EXPECT_EQ(summary.ranking(0).grade(), "优");
  EXPECT_EQ(summary.ranking(1).department_code(), "jtj");
  EXPECT_EQ(summary.ranking(1).total(), "85");
  // Ties share a rank, then code order.
  EXPECT_EQ(summary.ranking(2).rank(), 3);
  EXPECT_EQ(summary.ranking(3).rank(), 3);
  EXPECT_EQ(summary.ranking(2).department_code(), "jtj");
  EXPECT_EQ(summary.ranking(3).project_code(), "P002");
  // jtj P001 said 92 for a computed 85: a gap of 7 > 5; slj said 97.
  ASSERT_EQ(summary.gaps_size(), 1);
  EXPECT_EQ(summary.gaps(0).department_code(), "jtj");
  EXPECT_EQ(summary.gaps(0).difference(), "7");
  EXPECT_TRUE(summary.ranking(1).complete());
  EXPECT_FALSE(summary.ranking(3).complete());
  // The two unfiled projects are counted as incomplete, not as 差.
  EXPECT_EQ(summary.grades(0).count(), 1);  // 优
  EXPECT_EQ(summary.grades(1).count(), 1);  // 良
  EXPECT_EQ(summary.grades(3).count(), 0);  // 差
  EXPECT_TRUE(summary.errors().empty());

  EXPECT_EQ(summary.gaps_found(), 1);
  EXPECT_EQ(summary.limit(), 1000);  // the default

  // A limit bounds the lists, not the counts: the whole region is counted.
  request.set_limit(1);
  auto limited = Call();
  auto top = stub_->EvaluateRegionProjects(limited.get(), request);
  int streamed = 0;
  while (top->Read(&event)) {
    if (event.has_result()) ++streamed;
    if (event.has_summary()) summary = event.summary();
  }
  ASSERT_TRUE(top->Finish().ok());
  EXPECT_EQ(streamed, 4);  // every result still streamed
  EXPECT_EQ(summary.limit(), 1);
  EXPECT_EQ(summary.evaluated(), 4);
  EXPECT_EQ(summary.incomplete(), 2);
  ASSERT_EQ(summary.ranking_size(), 1);
  EXPECT_EQ(summary.ranking(0).department_code(), "slj");
  EXPECT_EQ(summary.ranking(0).rank(), 1);
  EXPECT_EQ(summary.grades(1).count(), 1);  // 良, outside the ranking
  EXPECT_EQ(summary.gaps_found(), 1);
  ASSERT_EQ(summary.gaps_size(), 1);
  EXPECT_EQ(summary.gaps(0).rank(), 2);  // its rank in the whole region
  request.clear_limit();

  // A wider gap lists none.
  request.set_gap_points("7");
  auto wider = Call();
  auto again = stub_->EvaluateRegionProjects(wider.get(), request);
  while (again->Read(&event)) {
    if (event.has_summary()) summary = event.summary();
  }
  ASSERT_TRUE(again->Finish().ok());
  EXPECT_EQ(summary.gaps_size(), 0);
}

// The department-wide report lists the projects under 五 when the
// department-year has approved project targets, and is as before without.
TEST_F(ProjectScoringTest, DepartmentReportListsTheProjects) {
  Budget("nop", "桃源县档案馆");
  for (const std::string code : {"jtj", "nop"}) StartEvaluation(code);
  const auto report = [](const std::string& code) {
    epb::RenderReportRequest request;
    *request.mutable_key() = Key(code);
    epb::Report out;
    const grpc::Status status =
        evaluation_stub_->RenderReport(Call().get(), request, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out.content();
  };
  const std::string with = report("jtj");
  EXPECT_THAT(with, HasSubstr("### 项目支出绩效自评情况"));
  EXPECT_THAT(with, HasSubstr("共2个项目，其中1个自评表不完整"));
  EXPECT_THAT(with, HasSubstr("| P001 | 农村公路养护 | 90.00% | 85 | 良 |"));
  EXPECT_THAT(with, HasSubstr("| P002 | 客运站运营补贴 | 0.00% | 0 | "
                              "差（自评表不完整） |"));
  EXPECT_THAT(report("nop"), Not(HasSubstr("项目支出绩效自评")));

  // The department-wide result lists the same projects with the same
  // scores as ProjectScoringService gives them; without projects, none.
  const auto evaluate = [](const std::string& code) {
    epb::EvaluateRequest request;
    *request.mutable_key() = Key(code);
    epb::EvaluationResult out;
    const grpc::Status status =
        evaluation_stub_->Evaluate(Call().get(), request, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  };
  epb::EvaluateRequest request;
  *request.mutable_key() = Key("jtj");
  epb::ProjectEvaluations scored;
  ASSERT_TRUE(stub_->EvaluateProjects(Call().get(), request, &scored).ok());
  ASSERT_EQ(scored.projects_size(), 2);
  for (int round = 0; round < 2; ++round) {  // computed, then kept
    const epb::EvaluationResult jtj = evaluate("jtj");
    ASSERT_EQ(jtj.projects_size(), 2) << "round " << round;
    for (int i = 0; i < 2; ++i) {
      const epb::ProjectResult& want = scored.projects(i);
      const epb::DepartmentProject& got = jtj.projects(i);
      EXPECT_EQ(got.project_code(), want.project_code());
      EXPECT_EQ(got.project_name(), want.project_name());
      EXPECT_EQ(got.full_year(), want.funds().full_year());
      EXPECT_EQ(got.executed(), want.funds().executed());
      EXPECT_EQ(got.execution_rate(), want.funds().rate());
      EXPECT_EQ(got.total(), want.total());
      EXPECT_EQ(got.grade(), want.grade());
      EXPECT_EQ(got.self_score(), want.self_score());
      EXPECT_EQ(got.filing_status(), want.filing_status());
      EXPECT_EQ(got.complete(), want.complete());
    }
    // By hand (DepartmentProjectsScoredByHand): P001 225 of 250万元, 85 良,
    // its own 92, a draft; P002 nothing filed, 0 差.
    EXPECT_EQ(jtj.projects(0).full_year(), 250 * kWan);
    EXPECT_EQ(jtj.projects(0).executed(), 225 * kWan);
    EXPECT_EQ(jtj.projects(0).execution_rate(), "90.00");
    EXPECT_EQ(jtj.projects(0).total(), "85");
    EXPECT_EQ(jtj.projects(0).grade(), "良");
    EXPECT_EQ(jtj.projects(0).self_score(), "92");
    EXPECT_EQ(jtj.projects(0).filing_status(), "草稿");
    EXPECT_EQ(jtj.projects(1).total(), "0");
    EXPECT_FALSE(jtj.projects(1).complete());
    EXPECT_EQ(jtj.projects(1).filing_status(), "");
  }
  EXPECT_EQ(evaluate("nop").projects_size(), 0);

  // A payment changes the project's line at once (never a stale one).
  Pay("jtj", {{"r4", "2023-12-30", "P002", 50 * kWan}}, "pay-jtj-late");
  const epb::EvaluationResult paid = evaluate("jtj");
  ASSERT_EQ(paid.projects_size(), 2);
  EXPECT_EQ(paid.projects(1).executed(), 50 * kWan);
  EXPECT_EQ(paid.projects(1).execution_rate(), "50.00");
  // 10 × 50% = 5: the other lines have nothing filed.
  EXPECT_EQ(paid.projects(1).total(), "5");
}

// How many calls of `method` (its full path) `service` has made to `peer`,
// from its admin port's exposition.
double OutboundCalls(const testing::ServiceProcess& service,
                     const testing::ServiceProcess& peer,
                     const std::string& method) {
  const auto scraped = testing::GetAdmin(service.metrics_port(), "/metrics");
  EXPECT_TRUE(scraped && scraped->status == 200);
  if (!scraped) return -1;
  return testing::Sample(scraped->body,
                         "jixiao_outbound_duration_seconds_count{method=\"" +
                             method + "\",peer=\"" + peer.address() + "\"}");
}

// Through Redis, the department-wide result's project list is kept under
// both peers' write epochs: a second read makes no call for the projects'
// inputs, and a payment or a filing written after it is in the next read.
TEST_F(ProjectScoringTest, TheProjectListIsKeptInRedisAndNeverStale) {
  Budget("cjj", "桃源县城市建设局");
  Pay("cjj", {{"c1", "2023-04-01", "P001", 100 * kWan}});
  ApprovedTargets("cjj");
  File("cjj", "108", ipb::PARTLY_ACHIEVED, "70", "95", "92");
  StartEvaluation("cjj");
  testing::RedisServer redis;
  const auto cached = services_->StartEvaluation(
      {"--redis=" + redis.address(), "--metrics_listen=127.0.0.1:0"});
  const auto stub =
      epb::EvaluationService::NewStub(testing::ChannelTo(*cached));
  const auto evaluate = [&stub] {
    epb::EvaluateRequest request;
    *request.mutable_key() = Key("cjj");
    epb::EvaluationResult out;
    const grpc::Status status = stub->Evaluate(Call().get(), request, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  };
  const std::string kExecution = "/jixiao.budget.v1.BudgetService/GetExecution";
  const std::string kFilings =
      "/jixiao.indicator.v1.ProjectEvaluationService/ListProjectFilings";

  const epb::EvaluationResult first = evaluate();
  ASSERT_EQ(first.projects_size(), 2);
  EXPECT_EQ(first.projects(0).executed(), 100 * kWan);
  const double executions =
      OutboundCalls(*cached, services_->budget(), kExecution);
  const double filings =
      OutboundCalls(*cached, services_->indicator(), kFilings);
  EXPECT_GE(executions, 1);
  EXPECT_GE(filings, 1);

  const epb::EvaluationResult second = evaluate();
  EXPECT_EQ(second.cache(), "HIT");
  ASSERT_EQ(second.projects_size(), 2);
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(second.projects(i).SerializeAsString(),
              first.projects(i).SerializeAsString());
  }
  EXPECT_EQ(OutboundCalls(*cached, services_->budget(), kExecution),
            executions);
  EXPECT_EQ(OutboundCalls(*cached, services_->indicator(), kFilings), filings);

  // A payment moves the budget service's epoch: read again, not stale.
  Pay("cjj", {{"c2", "2023-11-01", "P001", 50 * kWan}}, "pay-cjj-late");
  const epb::EvaluationResult paid = evaluate();
  ASSERT_EQ(paid.projects_size(), 2);
  EXPECT_EQ(paid.projects(0).executed(), 150 * kWan);
  EXPECT_GT(OutboundCalls(*cached, services_->budget(), kExecution),
            executions);

  // A filing moves the indicator service's: its new total is there.
  const std::string before = paid.projects(0).total();
  File("cjj", "120", ipb::ACHIEVED, "90", "92", "97", /*expected_version=*/1);
  const epb::EvaluationResult refiled = evaluate();
  ASSERT_EQ(refiled.projects_size(), 2);
  EXPECT_NE(refiled.projects(0).total(), before);
  EXPECT_EQ(refiled.projects(0).self_score(), "97");
}

TEST_F(ProjectScoringTest, SchemesListedAndBadInputRefused) {
  epb::ListProjectSchemesResponse schemes;
  ASSERT_TRUE(stub_
                  ->ListProjectSchemes(
                      Call().get(), epb::ListProjectSchemesRequest(), &schemes)
                  .ok());
  ASSERT_EQ(schemes.schemes_size(), 3);
  EXPECT_EQ(schemes.schemes(0).id(), "cz2020_10");
  EXPECT_THAT(schemes.schemes(0).source(), HasSubstr("财预〔2020〕10号"));

  epb::EvaluateRegionProjectsRequest region;
  region.set_region_code(kRegion);
  region.set_year(kYear);
  region.set_gap_points("five");
  auto context = Call();
  auto reader = stub_->EvaluateRegionProjects(context.get(), region);
  epb::RegionProjectEvent event;
  while (reader->Read(&event)) {
  }
  const grpc::Status gap = reader->Finish();
  EXPECT_EQ(gap.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(gap.error_message(), StartsWith("gap_points"));
  region.clear_gap_points();
  for (const int32_t limit : {-1, 10001}) {
    region.set_limit(limit);
    auto limited = Call();
    auto refused = stub_->EvaluateRegionProjects(limited.get(), region);
    while (refused->Read(&event)) {
      ADD_FAILURE() << "an event for limit " << limit;
    }
    const grpc::Status status = refused->Finish();
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(status.error_message(), StartsWith("limit"));
  }

  epb::ProjectRef ref;
  *ref.mutable_key() = Key("jtj");
  ref.set_project_code("bad code!");
  epb::ProjectResult result;
  const grpc::Status code = stub_->EvaluateProject(Call().get(), ref, &result);
  EXPECT_EQ(code.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(code.error_message(), StartsWith("project_code"));

  epb::EvaluateRequest bad_year;
  *bad_year.mutable_key() = Key("jtj");
  bad_year.mutable_key()->set_year(1800);
  epb::ProjectEvaluations all;
  const grpc::Status year =
      stub_->EvaluateProjects(Call().get(), bad_year, &all);
  EXPECT_EQ(year.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(year.error_message(), StartsWith("key.year"));
}

}  // namespace
}  // namespace jixiao

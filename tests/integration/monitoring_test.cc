// Mid-year monitoring (双监控) over loopback gRPC, on the real budget and
// indicator services (SQLite, or PostgreSQL for the "postgresql." run):
// targets declared and approved, payments imported into the budget service,
// a round opened, a filing, execution and warnings computed from those
// payments, finance's decision kept and audited, the table rendered, the
// region's summary streamed, the round closed and a filing refused. Bad
// input names its field and changes nothing. Scoping of each RPC is in
// security_test.cc and hostile_test.cc.
#include <string>
#include <tuple>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "jixiao/budget/v1/budget.grpc.pb.h"
#include "jixiao/indicator/v1/indicator.grpc.pb.h"
#include "jixiao/indicator/v1/monitoring.grpc.pb.h"
#include "jixiao/indicator/v1/targets.grpc.pb.h"
#include "tests/integration/calls.h"
#include "tests/integration/department_setup.h"
#include "tests/integration/services.h"

namespace jixiao {
namespace {

namespace bpb = ::jixiao::budget::v1;
namespace ipb = ::jixiao::indicator::v1;
using testing::Call;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

constexpr char kRegion[] = "430725";
constexpr int64_t kWan = 1'000'000;  // 分 in 1万元

class MonitoringTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    services_ = new testing::Services({});
    budget_stub_ =
        bpb::BudgetService::NewStub(testing::ChannelTo(services_->budget()))
            .release();
    auto channel = testing::ChannelTo(services_->indicator());
    targets_ = ipb::TargetService::NewStub(channel).release();
    stub_ = ipb::MonitoringService::NewStub(channel).release();
    indicator_stub_ = ipb::IndicatorService::NewStub(channel).release();
  }
  static void TearDownTestSuite() {
    delete indicator_stub_;
    delete stub_;
    delete targets_;
    delete budget_stub_;
    delete services_;
  }

  // A department with 2019 figures: 300万元 in all, P001 200万元 and P002
  // 100万元 (年初预算).
  static void Budget(const std::string& code) {
    testing::CreateDepartmentWithYear(
        *budget_stub_, "", "桃源县交通运输局",
        testing::OriginalBudget(
            kRegion, code, 2019, 300 * kWan,
            {{.code = "P001", .name = "农村公路养护", .original = 200 * kWan},
             {.code = "P002",
              .name = "客运站运营补贴",
              .original = 100 * kWan}}));
  }

  // Real payments, through the budget service's ledger import.
  static void Pay(const std::string& code,
                  const std::vector<testing::Payment>& payments) {
    testing::ImportPayments(*budget_stub_, "", "pay-" + code, kRegion, code,
                            2019, payments);
  }

  // Declared, submitted and approved: the targets in force.
  static void ApprovedTargets(const std::string& code) {
    ipb::TargetSet t;
    *t.mutable_key() =
        testing::DepartmentYearKey<ipb::TargetKey>(kRegion, code, 2019);
    t.set_tree("pre2021");
    testing::AddRoadIndicators(t.mutable_indicators(), "d");
    for (const auto& [project, name, amount] :
         {std::tuple{"P001", "农村公路养护", 200 * kWan},
          std::tuple{"P002", "客运站运营补贴", 100 * kWan}}) {
      ipb::ProjectTarget* p = t.add_projects();
      p->set_project_code(project);
      p->set_project_name(name);
      p->mutable_funds()->set_total(amount);
      testing::AddRoadIndicators(p->mutable_indicators(),
                                 std::string(project) + "-");
    }
    testing::ApproveTargets(*targets_, t);
  }

  static ipb::RoundKey Round(const std::string& id) {
    ipb::RoundKey key;
    key.set_region_code(kRegion);
    key.set_round_id(id);
    return key;
  }

  static ipb::MonitoringKey Key(const std::string& round,
                                const std::string& code) {
    ipb::MonitoringKey key;
    *key.mutable_round() = Round(round);
    key.set_department_code(code);
    return key;
  }

  static grpc::Status Open(const std::string& id, const std::string& as_of,
                           ipb::MonitoringRound* out) {
    ipb::OpenRoundRequest open;
    ipb::MonitoringRound* r = open.mutable_round();
    *r->mutable_key() = Round(id);
    r->set_year(2019);
    r->set_as_of(as_of);
    r->set_due("2019-08-20");
    r->set_title("2019年1-7月绩效运行监控");
    return stub_->OpenRound(Call().get(), open, out);
  }

  static ipb::MonitoredIndicator* File(ipb::MonitoringFiling* filing,
                                       const std::string& id,
                                       const std::string& to_date,
                                       const std::string& forecast,
                                       ipb::Likelihood likelihood) {
    ipb::MonitoredIndicator* m = filing->add_indicators();
    m->set_indicator_id(id);
    m->set_value_to_date(to_date);
    m->set_forecast(forecast);
    m->set_likelihood(likelihood);
    return m;
  }

  static grpc::Status Put(const ipb::MonitoringFiling& filing, int64_t expected,
                          ipb::MonitoringFiling* out) {
    ipb::PutMonitoringRequest put;
    *put.mutable_filing() = filing;
    put.set_expected_version(expected);
    return stub_->PutMonitoring(Call().get(), put, out);
  }

  static std::vector<std::string> Ids(
      const google::protobuf::RepeatedPtrField<ipb::Warning>& warnings,
      const std::string& department) {
    std::vector<std::string> ids;
    for (const auto& w : warnings) {
      if (w.department_code() == department) ids.push_back(w.id());
    }
    return ids;
  }

  static testing::Services* services_;
  static bpb::BudgetService::Stub* budget_stub_;
  static ipb::TargetService::Stub* targets_;
  static ipb::MonitoringService::Stub* stub_;
  static ipb::IndicatorService::Stub* indicator_stub_;
};

testing::Services* MonitoringTest::services_ = nullptr;
bpb::BudgetService::Stub* MonitoringTest::budget_stub_ = nullptr;
ipb::TargetService::Stub* MonitoringTest::targets_ = nullptr;
ipb::MonitoringService::Stub* MonitoringTest::stub_ = nullptr;
ipb::IndicatorService::Stub* MonitoringTest::indicator_stub_ = nullptr;

TEST_F(MonitoringTest, TargetsRoundFilingWarningsDecisionClose) {
  Budget("jtj");
  ApprovedTargets("jtj");
  // To 7月31日: P001 50万元, 20万元 of basic expenditure; P002 nothing. A
  // payment in August is after the as-of date and does not count.
  Pay("jtj", {{"r1", "2019-03-01", "P001", 40 * kWan},
              {"r2", "2019-07-31", "P001", 10 * kWan},
              {"r3", "2019-05-01", "", 20 * kWan},
              {"r4", "2019-08-10", "P001", 100 * kWan}});

  // No round yet: nothing to file into.
  ipb::MonitoringFiling filing;
  *filing.mutable_key() = Key("2019-07", "jtj");
  File(&filing, "d1", "60", "130", ipb::CERTAIN);
  ipb::MonitoringFiling out;
  EXPECT_EQ(Put(filing, 0, &out).error_code(), grpc::StatusCode::NOT_FOUND);

  ipb::MonitoringRound round;
  ASSERT_TRUE(Open("2019-07", "2019-07-31", &round).ok());
  EXPECT_EQ(round.status(), ipb::ROUND_OPEN);
  EXPECT_EQ(round.lag_threshold_bp(), 1000);  // the service's default
  EXPECT_FALSE(round.opened_at().empty());

  ipb::MonitoredIndicator* at_risk =
      File(&filing, "P001-1", "45", "100", ipb::POSSIBLE);
  at_risk->set_deviation_cause(ipb::FUNDING);
  at_risk->set_corrective_measure("<b>加快</b>|拨付 [链接](http://x)");
  File(&filing, "P002-2", "改善", "明显改善", ipb::CERTAIN);
  ASSERT_TRUE(Put(filing, 0, &out).ok());
  EXPECT_EQ(out.version(), 1);
  EXPECT_EQ(out.targets_version(), 3);
  EXPECT_EQ(out.indicators(1).project_code(), "P001");
  EXPECT_EQ(out.indicators(1).target_value(), "120");

  // Execution from the payments: 70万元 of 300万元 (23.33%) against 58.08%
  // of the year; P001 50/200 (25%); P002 none.
  ipb::MonitoringView view;
  ASSERT_TRUE(
      stub_->GetMonitoring(Call().get(), Key("2019-07", "jtj"), &view).ok());
  EXPECT_EQ(view.department_name(), "桃源县交通运输局");
  EXPECT_EQ(view.execution().time_progress_bp(), 5808);
  EXPECT_EQ(view.execution().budget(), 300 * kWan);
  EXPECT_EQ(view.execution().paid(), 70 * kWan);
  EXPECT_EQ(view.execution().execution_bp(), 2333);
  ASSERT_EQ(view.execution().projects_size(), 2);
  EXPECT_EQ(view.execution().projects(0).paid(), 50 * kWan);
  EXPECT_EQ(view.execution().projects(0).execution_bp(), 2500);
  EXPECT_EQ(view.execution().projects(1).paid(), 0);
  EXPECT_THAT(Ids(view.warnings(), "jtj"),
              ::testing::ElementsAre("execution_lag", "execution_lag/P001",
                                     "no_payments/P002", "target/P001-1"));
  EXPECT_THAT(view.warnings(0).message(),
              HasSubstr("执行率 23.33%，时间进度 58.08%，相差 34.75 "
                        "个百分点，超过阈值 10 个百分点"));
  EXPECT_THAT(view.warnings(2).message(), HasSubstr("全年预算 100万元"));
  EXPECT_THAT(view.warnings(3).message(), HasSubstr("目标 ≥120公里"));

  // Finance: one list for the region, a decision kept and shown.
  ipb::ListWarningsResponse listed;
  ASSERT_TRUE(
      stub_->ListWarnings(Call().get(), Round("2019-07"), &listed).ok());
  EXPECT_EQ(Ids(listed.warnings(), "jtj").size(), 4u);
  ipb::DecideWarningRequest decide;
  *decide.mutable_key() = Key("2019-07", "jtj");
  decide.set_warning_id("no_payments/P002");
  decide.set_action(ipb::SUSPEND_FUNDING);
  decide.set_note("客运站补贴未启动，暂缓拨付下半年资金");
  ipb::WarningDecision decision;
  ASSERT_TRUE(stub_->DecideWarning(Call().get(), decide, &decision).ok());
  EXPECT_FALSE(decision.decided_at().empty());
  decide.set_warning_id("no_payments/P001");  // P001 has payments
  const grpc::Status none =
      stub_->DecideWarning(Call().get(), decide, &decision);
  EXPECT_EQ(none.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(none.error_message(), StartsWith("warning_id"));
  ASSERT_TRUE(
      stub_->ListWarnings(Call().get(), Round("2019-07"), &listed).ok());
  bool decided = false;
  for (const auto& w : listed.warnings()) {
    if (w.id() == "no_payments/P002") {
      decided = true;
      EXPECT_EQ(w.decision().action(), ipb::SUSPEND_FUNDING);
      EXPECT_EQ(w.decision().note(), decide.note());
    }
  }
  EXPECT_TRUE(decided);

  // The table, in both formats, with the caller's text escaped.
  ipb::RenderMonitoringTableRequest render;
  *render.mutable_key() = Key("2019-07", "jtj");
  ipb::MonitoringTable table;
  ASSERT_TRUE(stub_->RenderMonitoringTable(Call().get(), render, &table).ok());
  EXPECT_THAT(table.content(), HasSubstr("# 2019年度绩效运行监控表"));
  EXPECT_THAT(table.content(), HasSubstr("| 部门整体 | 300 | 70 | 23.33% |"));
  EXPECT_THAT(table.content(), HasSubstr("暂缓拨付"));
  EXPECT_THAT(table.content(), HasSubstr("&lt;b&gt;加快&lt;/b&gt;\\|拨付 "
                                         "\\[链接\\](http://x)"));
  render.set_format(ipb::TABLE_HTML);
  ASSERT_TRUE(stub_->RenderMonitoringTable(Call().get(), render, &table).ok());
  EXPECT_THAT(table.content(), StartsWith("<!DOCTYPE html>"));
  EXPECT_THAT(table.content(), Not(HasSubstr("<b>")));
  EXPECT_THAT(table.content(), HasSubstr("&lt;b&gt;加快"));

  // The region's summary, streamed.
  {
    grpc::ClientContext context;
    auto reader = stub_->StreamMonitoringSummary(&context, Round("2019-07"));
    ipb::MonitoringSummaryPage page;
    bool seen = false;
    while (reader->Read(&page)) {
      for (const auto& d : page.departments()) {
        if (d.department_code() != "jtj") continue;
        seen = true;
        EXPECT_EQ(d.execution_bp(), 2333);
        EXPECT_EQ(d.time_progress_bp(), 5808);
        EXPECT_TRUE(d.filed());
        EXPECT_EQ(d.warnings(), 4);
        EXPECT_EQ(d.warnings_decided(), 1);
      }
    }
    EXPECT_TRUE(reader->Finish().ok());
    EXPECT_TRUE(seen);
  }

  // Every write left its audit row.
  jixiao::audit::v1::ListAuditRequest audit;
  audit.set_region_code(kRegion);
  audit.set_method("DecideWarning");
  jixiao::audit::v1::ListAuditResponse trail;
  ASSERT_TRUE(indicator_stub_->ListAudit(Call().get(), audit, &trail).ok());
  ASSERT_EQ(trail.entries_size(), 1);
  EXPECT_EQ(trail.entries(0).entity(),
            "warning/430725/2019-07/jtj/no_payments/P002");

  // Closed: a filing is refused, and nothing changes.
  ASSERT_TRUE(stub_->CloseRound(Call().get(), Round("2019-07"), &round).ok());
  EXPECT_EQ(round.status(), ipb::ROUND_CLOSED);
  const grpc::Status closed = Put(filing, 1, &out);
  EXPECT_EQ(closed.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(closed.error_message(), StartsWith("filing.key.round"));
  EXPECT_EQ(
      stub_->CloseRound(Call().get(), Round("2019-07"), &round).error_code(),
      grpc::StatusCode::FAILED_PRECONDITION);
  ASSERT_TRUE(
      stub_->GetMonitoring(Call().get(), Key("2019-07", "jtj"), &view).ok());
  EXPECT_EQ(view.filing().version(), 1);
  ipb::ListRoundsRequest rounds;
  rounds.set_region_code(kRegion);
  ipb::ListRoundsResponse listed_rounds;
  ASSERT_TRUE(stub_->ListRounds(Call().get(), rounds, &listed_rounds).ok());
  ASSERT_GE(listed_rounds.rounds_size(), 1);
}

TEST_F(MonitoringTest, BadInputIsRefusedNamingTheFieldAndChangesNothing) {
  Budget("bad");
  ApprovedTargets("bad");
  Budget("none");  // no targets
  ipb::MonitoringRound round;
  const auto expect = [](const grpc::Status& s, grpc::StatusCode code,
                         const std::string& field) {
    EXPECT_EQ(s.error_code(), code) << field << ": " << s.error_message();
    EXPECT_THAT(s.error_message(), StartsWith(field));
  };
  expect(Open("2019-08", "2019-13-01", &round),
         grpc::StatusCode::INVALID_ARGUMENT, "round.as_of");
  expect(Open("2019-08", "2018-07-31", &round),
         grpc::StatusCode::INVALID_ARGUMENT, "round.as_of");
  expect(Open("2019-08", "2019-08-31", &round),  // due 08-20 is before
         grpc::StatusCode::INVALID_ARGUMENT, "round.due");
  expect(Open("2019 08", "2019-07-31", &round),
         grpc::StatusCode::INVALID_ARGUMENT, "round.key.round_id");
  ASSERT_TRUE(Open("2019-08", "2019-07-31", &round).ok());
  expect(Open("2019-08", "2019-07-31", &round),
         grpc::StatusCode::ALREADY_EXISTS, "round.key.round_id");

  ipb::MonitoringFiling out;
  ipb::MonitoringFiling none;
  *none.mutable_key() = Key("2019-08", "none");
  expect(Put(none, 0, &out), grpc::StatusCode::FAILED_PRECONDITION,
         "filing.key.department_code");

  const auto filing = [] {
    ipb::MonitoringFiling f;
    *f.mutable_key() = Key("2019-08", "bad");
    File(&f, "d1", "60", "130", ipb::CERTAIN);
    return f;
  };
  ipb::MonitoringFiling f = filing();
  f.mutable_indicators(0)->set_likelihood(ipb::LIKELIHOOD_UNSPECIFIED);
  expect(Put(f, 0, &out), grpc::StatusCode::INVALID_ARGUMENT,
         "filing.indicators[0].likelihood");
  f = filing();
  f.mutable_indicators(0)->set_forecast("许多");
  expect(Put(f, 0, &out), grpc::StatusCode::INVALID_ARGUMENT,
         "filing.indicators[0].forecast");
  f = filing();
  f.mutable_indicators(0)->set_indicator_id("x9");
  expect(Put(f, 0, &out), grpc::StatusCode::INVALID_ARGUMENT,
         "filing.indicators[0].indicator_id");
  f = filing();
  f.mutable_indicators(0)->set_likelihood(ipb::IMPOSSIBLE);
  expect(Put(f, 0, &out), grpc::StatusCode::INVALID_ARGUMENT,
         "filing.indicators[0].deviation_cause");
  f.mutable_indicators(0)->set_deviation_cause(ipb::OTHER);
  expect(Put(f, 0, &out), grpc::StatusCode::INVALID_ARGUMENT,
         "filing.indicators[0].corrective_measure");
  f = filing();
  f.mutable_indicators()->Add()->CopyFrom(f.indicators(0));
  expect(Put(f, 0, &out), grpc::StatusCode::INVALID_ARGUMENT,
         "filing.indicators[1].indicator_id");

  ipb::MonitoringView view;
  ASSERT_TRUE(
      stub_->GetMonitoring(Call().get(), Key("2019-08", "bad"), &view).ok());
  EXPECT_FALSE(view.has_filing());
  ASSERT_TRUE(Put(filing(), 0, &out).ok());
  EXPECT_EQ(Put(filing(), 0, &out).error_code(), grpc::StatusCode::ABORTED);

  ipb::DecideWarningRequest decide;
  *decide.mutable_key() = Key("2019-08", "bad");
  decide.set_warning_id("no_payments/P001");
  decide.set_note("n");
  ipb::WarningDecision decision;
  expect(stub_->DecideWarning(Call().get(), decide, &decision),
         grpc::StatusCode::INVALID_ARGUMENT, "action");
  decide.set_action(ipb::URGE_RECTIFICATION);
  decide.clear_note();
  expect(stub_->DecideWarning(Call().get(), decide, &decision),
         grpc::StatusCode::INVALID_ARGUMENT, "note");

  ASSERT_TRUE(
      stub_->GetMonitoring(Call().get(), Key("2019-08", "bad"), &view).ok());
  EXPECT_EQ(view.filing().version(), 1);
  for (const auto& w : view.warnings()) EXPECT_FALSE(w.has_decision());
  // Without payments both projects warn; nothing was decided.
  EXPECT_THAT(
      Ids(view.warnings(), "bad"),
      ::testing::IsSupersetOf({"no_payments/P001", "no_payments/P002"}));
}

}  // namespace
}  // namespace jixiao

// The year-end evaluation against the approved performance targets, over
// loopback gRPC on the real budget, indicator and evaluation services (with
// a real redis-server caching results): a target typed at evaluation is
// accepted only while the department-year has no declared targets; once it
// has, every leaf's target is the in-force indicator's linked to it, a typed
// one is refused, and each target write changes the score read back (no
// cached result outlives it). An approved evaluation keeps its targets.
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "jixiao/budget/v1/budget.grpc.pb.h"
#include "jixiao/evaluation/v1/evaluation.grpc.pb.h"
#include "jixiao/indicator/v1/indicator.grpc.pb.h"
#include "jixiao/indicator/v1/targets.grpc.pb.h"
#include "tests/integration/calls.h"
#include "tests/integration/department_setup.h"
#include "tests/integration/service_process.h"
#include "tests/integration/services.h"

namespace jixiao {
namespace {

namespace bpb = ::jixiao::budget::v1;
namespace epb = ::jixiao::evaluation::v1;
namespace ipb = ::jixiao::indicator::v1;
using testing::Call;
using ::testing::HasSubstr;
using testing::RedisServer;

constexpr char kRegion[] = "430725";
constexpr char kCode[] = "yet";
constexpr int kYear = 2024;
constexpr char kHunan[] = "hunan-county-department-2019";
// 3.1.1 实际完成率, weight 5, PROPORTIONAL: 5 × actual ÷ target.
constexpr char kLeaf[] = "3.1.1";

class YearEndTargetsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    redis_ = new RedisServer();
    services_ = new testing::Services(
        {.evaluation = true,
         .evaluation_flags = {"--redis=" + redis_->address(),
                              "--memory_cache_entries=100"}});
    budget_stub_ =
        bpb::BudgetService::NewStub(testing::ChannelTo(services_->budget()))
            .release();
    const auto indicator = testing::ChannelTo(services_->indicator());
    indicator_stub_ = ipb::IndicatorService::NewStub(indicator).release();
    targets_stub_ = ipb::TargetService::NewStub(indicator).release();
    evaluation_stub_ = epb::EvaluationService::NewStub(
                           testing::ChannelTo(services_->evaluation()))
                           .release();
  }
  static void TearDownTestSuite() {
    delete evaluation_stub_;
    delete targets_stub_;
    delete indicator_stub_;
    delete budget_stub_;
    delete services_;
    delete redis_;
  }

  static ipb::Actor Actor(ipb::Role role) {
    ipb::Actor actor;
    actor.set_subject(role == ipb::FINANCE ? "czj-li" : "clerk-wang");
    actor.set_role(role);
    if (role == ipb::DEPARTMENT) actor.set_department_code(kCode);
    return actor;
  }

  static ipb::EvaluationKey Key() {
    return testing::DepartmentYearKey<ipb::EvaluationKey>(kRegion, kCode,
                                                          kYear);
  }

  static ipb::TargetKey TargetKey() {
    return testing::DepartmentYearKey<ipb::TargetKey>(kRegion, kCode, kYear);
  }

  // A department with one project, and its evaluation under the Hunan
  // framework.
  static void DepartmentWithEvaluation() {
    ASSERT_NO_FATAL_FAILURE(testing::CreateDepartmentWithYear(
        *budget_stub_, "", "桃源县交通运输局",
        testing::OriginalBudget(kRegion, kCode, kYear, 200'000'000,
                                {{.code = "P001",
                                  .name = "农村公路养护",
                                  .original = 200'000'000}})));
    ipb::StartEvaluationRequest start;
    *start.mutable_key() = Key();
    start.set_framework_id(kHunan);
    *start.mutable_actor() = Actor(ipb::DEPARTMENT);
    ipb::Evaluation evaluation;
    const grpc::Status started =
        indicator_stub_->StartEvaluation(Call().get(), start, &evaluation);
    ASSERT_TRUE(started.ok()) << started.error_message();
  }

  static ipb::Evaluation Get() {
    ipb::Evaluation evaluation;
    const grpc::Status status =
        indicator_stub_->GetEvaluation(Call().get(), Key(), &evaluation);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return evaluation;
  }

  static const ipb::IndicatorValue& Leaf(const ipb::Evaluation& e) {
    for (const auto& v : e.values()) {
      if (v.indicator_id() == kLeaf) return v;
    }
    ADD_FAILURE() << "no value for " << kLeaf;
    return e.values(0);
  }

  // The actual value of the leaf, and optionally a typed target.
  static grpc::Status SetLeaf(const std::string& actual, bool with_target) {
    ipb::SetValuesRequest request;
    *request.mutable_key() = Key();
    *request.mutable_actor() = Actor(ipb::DEPARTMENT);
    request.set_expected_version(Get().version());
    ipb::IndicatorValue* value = request.add_values();
    value->set_indicator_id(kLeaf);
    value->mutable_actual()->set_value(actual);
    value->mutable_actual()->set_unit("%");
    if (with_target) {
      value->mutable_target()->set_comparator(ipb::AT_LEAST);
      value->mutable_target()->set_value("100");
      value->mutable_target()->set_unit("%");
    }
    ipb::Evaluation out;
    return indicator_stub_->SetValues(Call().get(), request, &out);
  }

  static epb::EvaluationResult Evaluate() {
    epb::EvaluateRequest request;
    *request.mutable_key() =
        testing::DepartmentYearKey<epb::DepartmentYear>(kRegion, kCode, kYear);
    epb::EvaluationResult result;
    const grpc::Status status =
        evaluation_stub_->Evaluate(Call().get(), request, &result);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return result;
  }

  static std::string LeafScore(const epb::EvaluationResult& result) {
    for (const auto& i : result.indicators()) {
      if (i.id() == kLeaf) return i.score();
    }
    return "(none)";
  }

  static std::string Report() {
    epb::RenderReportRequest request;
    *request.mutable_key() =
        testing::DepartmentYearKey<epb::DepartmentYear>(kRegion, kCode, kYear);
    request.set_format(epb::MARKDOWN);
    epb::Report report;
    const grpc::Status status =
        evaluation_stub_->RenderReport(Call().get(), request, &report);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return report.content();
  }

  // The department's targets: the tree's 一级, and 实际完成率 ≥ `rate` %
  // linked to the framework's leaf.
  static ipb::TargetSet Targets(const std::string& rate) {
    ipb::TargetSet t;
    *t.mutable_key() = TargetKey();
    t.set_tree("pre2021");
    testing::AddRoadIndicators(t.mutable_indicators(), "d");
    testing::AddIndicator(t.mutable_indicators(), "d4", "产出指标", "数量指标",
                          "年度工作实际完成率", ipb::AT_LEAST, rate, "%");
    t.mutable_indicators(3)->set_framework_indicator_id(kLeaf);
    ipb::ProjectTarget* p = t.add_projects();
    p->set_project_code("P001");
    p->set_project_name("农村公路养护");
    p->mutable_funds()->set_total(200'000'000);
    *p->mutable_indicators() = t.indicators();
    for (auto& i : *p->mutable_indicators()) {
      i.set_id("P001-" + i.id());
      i.clear_framework_indicator_id();
    }
    return t;
  }

  static int64_t TargetsVersion() {
    ipb::TargetsView view;
    EXPECT_TRUE(
        targets_stub_->GetTargets(Call().get(), TargetKey(), &view).ok());
    return view.current().version();
  }

  static void Move(const std::string& what) {
    ipb::TargetTransition t;
    *t.mutable_key() = TargetKey();
    t.set_expected_version(TargetsVersion());
    ipb::TargetSet out;
    const grpc::Status status =
        what == "submit" ? targets_stub_->SubmitTargets(Call().get(), t, &out)
                         : targets_stub_->ApproveTargets(Call().get(), t, &out);
    ASSERT_TRUE(status.ok()) << what << ": " << status.error_message();
  }

  static RedisServer* redis_;
  static testing::Services* services_;
  static bpb::BudgetService::Stub* budget_stub_;
  static ipb::IndicatorService::Stub* indicator_stub_;
  static ipb::TargetService::Stub* targets_stub_;
  static epb::EvaluationService::Stub* evaluation_stub_;
};

RedisServer* YearEndTargetsTest::redis_ = nullptr;
testing::Services* YearEndTargetsTest::services_ = nullptr;
bpb::BudgetService::Stub* YearEndTargetsTest::budget_stub_ = nullptr;
ipb::IndicatorService::Stub* YearEndTargetsTest::indicator_stub_ = nullptr;
ipb::TargetService::Stub* YearEndTargetsTest::targets_stub_ = nullptr;
epb::EvaluationService::Stub* YearEndTargetsTest::evaluation_stub_ = nullptr;

TEST_F(YearEndTargetsTest, ScoredAgainstTheApprovedTargetsOnly) {
  DepartmentWithEvaluation();

  // No targets declared (a year before the region managed targets): a
  // typed target is taken, and the report says it was typed.
  ASSERT_TRUE(SetLeaf("90", /*with_target=*/true).ok());
  ipb::Evaluation typed = Get();
  EXPECT_EQ(typed.targets_version(), 0);
  EXPECT_EQ(Leaf(typed).target().value(), "100");
  EXPECT_FALSE(Leaf(typed).has_target_origin());
  epb::EvaluationResult result = Evaluate();
  EXPECT_EQ(LeafScore(result), "4.5");  // 5 × 90 ÷ 100
  EXPECT_EQ(result.targets_version(), 0);
  EXPECT_THAT(Report(), HasSubstr("目标值为评价时填报"));

  // Declared, not approved: the typed target no longer counts, and no
  // other can be typed.
  ipb::PutTargetsRequest put;
  *put.mutable_targets() = Targets("80");
  put.set_expected_version(0);
  ipb::TargetSet declared;
  const grpc::Status put_status =
      targets_stub_->PutTargets(Call().get(), put, &declared);
  ASSERT_TRUE(put_status.ok()) << put_status.error_message();
  const ipb::Evaluation pending = Get();
  EXPECT_EQ(pending.targets_version(), 1);
  EXPECT_EQ(pending.targets_in_force(), 0);
  EXPECT_FALSE(Leaf(pending).has_target());
  const grpc::Status refused = SetLeaf("90", /*with_target=*/true);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(refused.error_message(), HasSubstr("values[0].target"));
  EXPECT_THAT(refused.error_message(), HasSubstr("not approved yet"));
  EXPECT_EQ(Get().version(), pending.version());  // nothing changed
  EXPECT_NE(LeafScore(Evaluate()), "4.5");  // no cached result outlived it

  // Approved: the leaf's target is the linked indicator's.
  Move("submit");
  Move("approve");
  const int64_t approved = TargetsVersion();
  const ipb::Evaluation in_force = Get();
  EXPECT_EQ(in_force.targets_in_force(), approved);
  EXPECT_EQ(Leaf(in_force).target().comparator(), ipb::AT_LEAST);
  EXPECT_EQ(Leaf(in_force).target().value(), "80");
  EXPECT_EQ(Leaf(in_force).target_origin().target_indicator_id(), "d4");
  EXPECT_EQ(Leaf(in_force).target_origin().targets_version(), approved);
  result = Evaluate();
  EXPECT_EQ(LeafScore(result), "5");  // 90 ≥ 80: full marks
  EXPECT_EQ(result.targets_version(), approved);
  EXPECT_THAT(Report(),
              HasSubstr(absl::StrCat("目标值取自财政批复的绩效目标（第",
                                     approved, "版）")));
  ASSERT_TRUE(SetLeaf("96", /*with_target=*/false).ok());  // actuals still

  // An adjustment counts once finance approves it, not before.
  ipb::TargetAdjustmentRequest adjust;
  *adjust.mutable_targets() = Targets("120");
  adjust.set_expected_version(approved);
  adjust.set_reason("上级追加任务");
  ipb::TargetSet requested;
  ASSERT_TRUE(
      targets_stub_->RequestTargetAdjustment(Call().get(), adjust, &requested)
          .ok());
  EXPECT_EQ(LeafScore(Evaluate()), "5");
  ipb::TargetAdjustmentDecision decide;
  *decide.mutable_key() = TargetKey();
  decide.set_expected_version(requested.version());
  decide.set_approve(true);
  decide.set_reason("同意");
  ipb::TargetSet adjusted;
  ASSERT_TRUE(
      targets_stub_->DecideTargetAdjustment(Call().get(), decide, &adjusted)
          .ok());
  result = Evaluate();
  EXPECT_EQ(LeafScore(result), "4");  // 5 × 96 ÷ 120
  EXPECT_EQ(result.targets_version(), adjusted.version());
  const int64_t adjusted_in_force = adjusted.version();

  // The approved evaluation keeps the targets it was approved with.
  for (const auto& [action, role] : {std::pair{"submit", ipb::DEPARTMENT},
                                     std::pair{"approve", ipb::FINANCE}}) {
    ipb::TransitionRequest t;
    *t.mutable_key() = Key();
    *t.mutable_actor() = Actor(role);
    t.set_expected_version(Get().version());
    ipb::Evaluation out;
    const grpc::Status status =
        std::string(action) == "submit"
            ? indicator_stub_->Submit(Call().get(), t, &out)
            : indicator_stub_->Approve(Call().get(), t, &out);
    ASSERT_TRUE(status.ok()) << action << ": " << status.error_message();
  }
  *adjust.mutable_targets() = Targets("200");
  adjust.set_expected_version(adjusted.version());
  ASSERT_TRUE(
      targets_stub_->RequestTargetAdjustment(Call().get(), adjust, &requested)
          .ok());
  decide.set_expected_version(requested.version());
  ASSERT_TRUE(
      targets_stub_->DecideTargetAdjustment(Call().get(), decide, &adjusted)
          .ok());
  const ipb::Evaluation frozen = Get();
  EXPECT_EQ(Leaf(frozen).target().value(), "120");
  EXPECT_EQ(frozen.targets_in_force(), adjusted_in_force);
  result = Evaluate();
  EXPECT_EQ(LeafScore(result), "4");
  EXPECT_EQ(result.targets_version(), adjusted_in_force);
}

TEST_F(YearEndTargetsTest, OnlyADepartmentWideIndicatorNamesALeaf) {
  ipb::TargetSet t = Targets("80");
  t.mutable_key()->set_department_code("link");
  t.mutable_projects(0)->mutable_indicators(3)->set_framework_indicator_id(
      kLeaf);
  ipb::PutTargetsRequest put;
  *put.mutable_targets() = t;
  put.set_expected_version(0);
  ipb::TargetSet out;
  grpc::Status status = targets_stub_->PutTargets(Call().get(), put, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(),
              HasSubstr("targets.projects[0].indicators[3]."
                        "framework_indicator_id"));
  t = Targets("80");
  t.mutable_key()->set_department_code("link");
  t.mutable_indicators(0)->set_framework_indicator_id(kLeaf);
  *put.mutable_targets() = t;
  status = targets_stub_->PutTargets(Call().get(), put, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(),
              HasSubstr("targets.indicators[3].framework_indicator_id: leaf "
                        "\"3.1.1\" already has a target"));
}

}  // namespace
}  // namespace jixiao

// Performance targets over loopback gRPC, on the real budget and indicator
// services (SQLite, or PostgreSQL for the "postgresql." run): declared,
// checked against the budget's projects, returned with reasons, resubmitted,
// approved and frozen, adjusted through a request finance decides, every
// version kept. Scoping of each RPC is in security_test.cc and
// hostile_test.cc.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "jixiao/budget/v1/budget.grpc.pb.h"
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
using ::testing::StartsWith;

constexpr char kRegion[] = "430725";

class TargetsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    services_ = new testing::Services({});
    budget_stub_ =
        bpb::BudgetService::NewStub(testing::ChannelTo(services_->budget()))
            .release();
    stub_ =
        ipb::TargetService::NewStub(testing::ChannelTo(services_->indicator()))
            .release();
  }
  static void TearDownTestSuite() {
    delete stub_;
    delete budget_stub_;
    delete services_;
  }

  // A department with a year of figures holding two projects (分).
  static void Budget(const std::string& code) {
    testing::CreateDepartmentWithYear(
        *budget_stub_, "", "桃源县交通运输局",
        testing::OriginalBudget(
            kRegion, code, 2024, 300'000'000,
            {{.code = "P001", .name = "农村公路养护", .original = 200'000'000},
             {.code = "P002",
              .name = "客运站运营补贴",
              .original = 100'000'000}}));
  }

  static ipb::TargetKey Key(const std::string& code) {
    return testing::DepartmentYearKey<ipb::TargetKey>(kRegion, code, 2024);
  }

  static ipb::TargetSet Targets(const std::string& code) {
    ipb::TargetSet t;
    *t.mutable_key() = Key(code);
    t.set_tree("pre2021");
    t.set_annual_goal("完成农村公路养护，保障客运站运营。");
    testing::AddRoadIndicators(t.mutable_indicators(), "d");
    for (const auto& [project, name, amount] :
         {std::tuple{"P001", "农村公路养护", int64_t{200'000'000}},
          std::tuple{"P002", "客运站运营补贴", int64_t{100'000'000}}}) {
      ipb::ProjectTarget* p = t.add_projects();
      p->set_project_code(project);
      p->set_project_name(name);
      p->mutable_funds()->set_total(amount);
      p->mutable_funds()->set_fiscal(amount);
      p->mutable_funds()->set_other(0);
      testing::AddRoadIndicators(p->mutable_indicators(),
                                 std::string(project) + "-");
    }
    return t;
  }

  static grpc::Status Put(const ipb::TargetSet& t, int64_t expected,
                          ipb::TargetSet* out) {
    ipb::PutTargetsRequest request;
    *request.mutable_targets() = t;
    request.set_expected_version(expected);
    return stub_->PutTargets(Call().get(), request, out);
  }

  static ipb::TargetTransition Transition(const std::string& code,
                                          int64_t expected) {
    ipb::TargetTransition t;
    *t.mutable_key() = Key(code);
    t.set_expected_version(expected);
    return t;
  }

  static testing::Services* services_;
  static bpb::BudgetService::Stub* budget_stub_;
  static ipb::TargetService::Stub* stub_;
};

testing::Services* TargetsTest::services_ = nullptr;
bpb::BudgetService::Stub* TargetsTest::budget_stub_ = nullptr;
ipb::TargetService::Stub* TargetsTest::stub_ = nullptr;

TEST_F(TargetsTest, DeclareReturnResubmitApproveAdjust) {
  Budget("jtj");
  // Declared with a slip: P002's funds are not its budget, and it lacks
  // 满意度. The review says both; submission is refused while they stand.
  ipb::TargetSet slip = Targets("jtj");
  slip.mutable_projects(1)->mutable_funds()->set_total(90'000'000);
  slip.mutable_projects(1)->mutable_funds()->set_fiscal(90'000'000);
  slip.mutable_projects(1)->mutable_indicators()->RemoveLast();
  ipb::TargetSet v1;
  ASSERT_TRUE(Put(slip, 0, &v1).ok());
  EXPECT_EQ(v1.version(), 1);
  EXPECT_EQ(v1.status(), ipb::TARGET_DRAFT);
  ipb::TargetReview review;
  ASSERT_TRUE(stub_->ReviewTargets(Call().get(), Key("jtj"), &review).ok());
  ASSERT_EQ(review.problems_size(), 2) << review.DebugString();
  EXPECT_EQ(review.problems(0).field(), "projects[P002].indicators");
  EXPECT_THAT(review.problems(0).message(), HasSubstr("满意度指标"));
  EXPECT_EQ(review.problems(1).field(), "projects[P002].funds.total");
  EXPECT_THAT(
      review.problems(1).message(),
      HasSubstr(
          "the targets hold 90万元; the budget of the project is 100万元"));
  EXPECT_EQ(review.for_reviewer_size(), 4);
  ipb::TargetSet out;
  grpc::Status refused =
      stub_->SubmitTargets(Call().get(), Transition("jtj", 1), &out);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(refused.error_message(), HasSubstr("projects[P002].funds.total"));

  // Fixed, submitted; finance returns it with a reason on one indicator.
  ipb::TargetSet v2;
  ASSERT_TRUE(Put(Targets("jtj"), 1, &v2).ok());
  ipb::TargetSet v3;
  ASSERT_TRUE(
      stub_->SubmitTargets(Call().get(), Transition("jtj", 2), &v3).ok());
  EXPECT_EQ(v3.status(), ipb::TARGET_SUBMITTED);
  // A reason for an indicator the set does not have: refused.
  ipb::TargetTransition stray = Transition("jtj", 3);
  stray.add_reasons()->set_indicator_id("nope");
  stray.mutable_reasons(0)->set_reason("x");
  const grpc::Status stray_status =
      stub_->ReturnTargets(Call().get(), stray, &out);
  EXPECT_EQ(stray_status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(stray_status.error_message(),
              StartsWith("reasons[0].indicator_id"));

  ipb::TargetTransition back = Transition("jtj", 3);
  ipb::ReturnReason* reason = back.add_reasons();
  reason->set_indicator_id("P001-1");
  reason->set_reason("养护里程低于上年实际完成的135公里");
  ipb::TargetSet v4;
  ASSERT_TRUE(stub_->ReturnTargets(Call().get(), back, &v4).ok());
  EXPECT_EQ(v4.status(), ipb::TARGET_RETURNED);
  ASSERT_EQ(v4.return_reasons_size(), 1);
  EXPECT_EQ(v4.return_reasons(0).indicator_id(), "P001-1");
  // Raised and resubmitted, approved: frozen.
  ipb::TargetSet raised = Targets("jtj");
  raised.mutable_projects(0)->mutable_indicators(0)->set_value("140");
  ipb::TargetSet v5, v6, v7;
  ASSERT_TRUE(Put(raised, 4, &v5).ok());
  EXPECT_EQ(v5.status(), ipb::TARGET_DRAFT);
  ASSERT_TRUE(
      stub_->SubmitTargets(Call().get(), Transition("jtj", 5), &v6).ok());
  ASSERT_TRUE(
      stub_->ApproveTargets(Call().get(), Transition("jtj", 6), &v7).ok());
  EXPECT_EQ(v7.status(), ipb::TARGET_APPROVED);
  const grpc::Status frozen = Put(raised, 7, &out);
  EXPECT_EQ(frozen.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(frozen.error_message(), HasSubstr("request an adjustment"));

  // An adjustment: requested with a reason, in force only once approved.
  ipb::TargetAdjustmentRequest adjust;
  *adjust.mutable_targets() = raised;
  adjust.mutable_targets()
      ->mutable_projects(0)
      ->mutable_indicators(0)
      ->set_value("100");
  adjust.set_expected_version(7);
  adjust.set_reason("汛期水毁，部分路段改为重建");
  ipb::TargetSet v8;
  ASSERT_TRUE(stub_->RequestTargetAdjustment(Call().get(), adjust, &v8).ok());
  EXPECT_EQ(v8.status(), ipb::TARGET_ADJUSTMENT_REQUESTED);
  ipb::TargetsView view;
  ASSERT_TRUE(stub_->GetTargets(Call().get(), Key("jtj"), &view).ok());
  EXPECT_EQ(view.current().version(), 8);
  EXPECT_EQ(view.in_force().version(), 7);
  EXPECT_EQ(view.in_force().projects(0).indicators(0).value(), "140");
  ipb::TargetAdjustmentDecision decide;
  *decide.mutable_key() = Key("jtj");
  decide.set_expected_version(8);
  decide.set_approve(true);
  decide.set_reason("同意按重建方案调整");
  ipb::TargetSet v9;
  ASSERT_TRUE(stub_->DecideTargetAdjustment(Call().get(), decide, &v9).ok());
  EXPECT_EQ(v9.status(), ipb::TARGET_APPROVED);
  ASSERT_TRUE(stub_->GetTargets(Call().get(), Key("jtj"), &view).ok());
  EXPECT_EQ(view.in_force().version(), 9);
  EXPECT_EQ(view.in_force().projects(0).indicators(0).value(), "100");

  // A second request, refused: the approved targets stay in force.
  adjust.set_expected_version(9);
  adjust.mutable_targets()
      ->mutable_projects(0)
      ->mutable_indicators(0)
      ->set_value("60");
  ipb::TargetSet v10, v11;
  ASSERT_TRUE(stub_->RequestTargetAdjustment(Call().get(), adjust, &v10).ok());
  decide.set_expected_version(10);
  decide.set_approve(false);
  decide.set_reason("理由不充分");
  ASSERT_TRUE(stub_->DecideTargetAdjustment(Call().get(), decide, &v11).ok());
  EXPECT_EQ(v11.status(), ipb::TARGET_APPROVED);
  EXPECT_EQ(v11.projects(0).indicators(0).value(), "100");
  EXPECT_EQ(v11.decision_reason(), "理由不充分");

  // Every version kept, in order, with who and when.
  ipb::TargetHistory history;
  ASSERT_TRUE(
      stub_->ListTargetHistory(Call().get(), Key("jtj"), &history).ok());
  ASSERT_EQ(history.versions_size(), 11);
  for (int v = 0; v < 11; ++v) {
    EXPECT_EQ(history.versions(v).version(), v + 1);
    EXPECT_FALSE(history.versions(v).changed_at().empty());
  }
  EXPECT_EQ(history.versions(9).adjustment_reason(), adjust.reason());
  EXPECT_EQ(history.versions(3).return_reasons_size(), 1);
}

TEST_F(TargetsTest, BadInputIsRefusedNamingTheFieldAndChangesNothing) {
  Budget("bad");
  ipb::TargetSet out;
  const auto expect_invalid = [&](ipb::TargetSet t, const std::string& field) {
    const grpc::Status s = Put(t, 0, &out);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << field;
    EXPECT_THAT(s.error_message(), StartsWith(field)) << s.error_message();
  };
  ipb::TargetSet t = Targets("bad");
  t.mutable_indicators(0)->clear_unit();
  expect_invalid(t, "targets.indicators[0].unit");
  t = Targets("bad");
  t.mutable_indicators(0)->set_value("许多");
  expect_invalid(t, "targets.indicators[0].value");
  t = Targets("bad");
  t.mutable_indicators(0)->clear_comparator();
  expect_invalid(t, "targets.indicators[0].comparator");
  t = Targets("bad");
  t.mutable_indicators(0)->set_level2("经济效益指标");
  expect_invalid(t, "targets.indicators[0].level2");
  t = Targets("bad");
  t.mutable_indicators(1)->set_id("d1");
  expect_invalid(t, "targets.indicators[1].id");
  t = Targets("bad");
  t.mutable_projects(0)->mutable_funds()->set_fiscal(1);
  expect_invalid(t, "targets.projects[0].funds.total");
  t = Targets("bad");
  t.set_tree("2030");
  expect_invalid(t, "targets.tree");
  // Under 财预〔2021〕101号 成本 is a 一级: the pre-2021 place is refused.
  t = Targets("bad");
  t.set_tree("cz2021_101");
  t.mutable_indicators(0)->set_level2("成本指标");
  expect_invalid(t, "targets.indicators[0].level2");
  ipb::TargetsView view;
  EXPECT_EQ(stub_->GetTargets(Call().get(), Key("bad"), &view).error_code(),
            grpc::StatusCode::NOT_FOUND);
  // A stale version, an adjustment of a draft, a decision with nothing
  // pending: refused, nothing written.
  ASSERT_TRUE(Put(Targets("bad"), 0, &out).ok());
  EXPECT_EQ(Put(Targets("bad"), 0, &out).error_code(),
            grpc::StatusCode::ABORTED);
  ipb::TargetAdjustmentRequest adjust;
  *adjust.mutable_targets() = Targets("bad");
  adjust.set_expected_version(1);
  adjust.set_reason("r");
  const grpc::Status draft =
      stub_->RequestTargetAdjustment(Call().get(), adjust, &out);
  EXPECT_EQ(draft.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(draft.error_message(), HasSubstr("edited, not adjusted"));
  ipb::TargetTransition approve = Transition("bad", 1);
  EXPECT_EQ(stub_->ApproveTargets(Call().get(), approve, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  ipb::TargetHistory history;
  ASSERT_TRUE(
      stub_->ListTargetHistory(Call().get(), Key("bad"), &history).ok());
  EXPECT_EQ(history.versions_size(), 1);
}

TEST_F(TargetsTest, AProjectOfTheBudgetWithoutTargetsIsAProblem) {
  Budget("gap");
  ipb::TargetSet t = Targets("gap");
  t.mutable_projects()->RemoveLast();
  ipb::TargetSet out;
  ASSERT_TRUE(Put(t, 0, &out).ok());
  ipb::TargetReview review;
  ASSERT_TRUE(stub_->ReviewTargets(Call().get(), Key("gap"), &review).ok());
  ASSERT_EQ(review.problems_size(), 1);
  EXPECT_EQ(review.problems(0).field(), "projects[P002]");
  EXPECT_THAT(review.problems(0).message(), HasSubstr("no targets"));
}

}  // namespace
}  // namespace jixiao

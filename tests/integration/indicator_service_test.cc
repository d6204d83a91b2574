// The budget and indicator services on loopback, the indicator service
// calling the budget service, with the seed department loaded.
#include <signal.h>

#include <chrono>
#include <memory>
#include <thread>

#include "gmock/gmock.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "jixiao/budget/v1/budget.grpc.pb.h"
#include "jixiao/indicator/v1/indicator.grpc.pb.h"
#include "services/common/client.h"
#include "tests/integration/service_process.h"

namespace jixiao {
namespace {

namespace ipb = ::jixiao::indicator::v1;
namespace bpb = ::jixiao::budget::v1;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr char kHunan[] = "hunan-county-department-2019";

class IndicatorServiceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    budget_ = testing::StartBudget(*dir_).release();
    indicator_ = testing::StartIndicator(*dir_, *budget_).release();
    const auto loaded = testing::RunCommand(
        {JIXIAO_CLI_BINARY, "--budget=" + budget_->address(), "dataset", "load",
         std::string(JIXIAO_SOURCE_DIR) +
             "/deploy/demo/taoyuan-psb-2019.json"});
    ASSERT_EQ(loaded.exit_code, 0) << loaded.err;
    stub_ = ipb::IndicatorService::NewStub(
                grpc::CreateChannel(indicator_->address(),
                                    grpc::InsecureChannelCredentials()))
                .release();
    budget_stub_ = bpb::BudgetService::NewStub(
                       grpc::CreateChannel(budget_->address(),
                                           grpc::InsecureChannelCredentials()))
                       .release();
  }
  static void TearDownTestSuite() {
    delete stub_;
    delete budget_stub_;
    delete indicator_;
    delete budget_;
    delete dir_;
  }

  static std::unique_ptr<grpc::ClientContext> Ctx() {
    auto context = CallContext(std::chrono::seconds(30), {});
    return context;
  }

  static ipb::Actor Department(const std::string& code) {
    ipb::Actor a;
    a.set_subject("财务股 张会计");
    a.set_role(ipb::DEPARTMENT);
    a.set_department_code(code);
    return a;
  }
  static ipb::Actor Finance() {
    ipb::Actor a;
    a.set_subject("县财政局 绩效股");
    a.set_role(ipb::FINANCE);
    return a;
  }

  static ipb::EvaluationKey Key(const std::string& code, int year = 2019) {
    ipb::EvaluationKey key;
    key.set_region_code("430725");
    key.set_department_code(code);
    key.set_year(year);
    return key;
  }

  // A department in the budget service with the given headcounts and a
  // 2019 final account, and its evaluation under the Hunan framework.
  static ipb::Evaluation NewDepartmentEvaluation(const std::string& code) {
    bpb::CreateDepartmentRequest create;
    auto* d = create.mutable_department();
    d->set_region_code("430725");
    d->set_code(code);
    d->set_name("测试单位");
    d->set_staff_authorized(50);
    d->set_staff_actual(40);
    bpb::Department department;
    EXPECT_TRUE(
        budget_stub_->CreateDepartment(Ctx().get(), create, &department).ok());
    bpb::PutDepartmentYearRequest put;
    auto* y = put.mutable_department_year();
    y->set_region_code("430725");
    y->set_department_code(code);
    y->set_year(2019);
    auto* f = y->add_phases();
    f->set_phase(bpb::PHASE_FINAL);
    f->set_total_expenditure(1'000'000'000);
    bpb::DepartmentYear stored;
    EXPECT_TRUE(
        budget_stub_->PutDepartmentYear(Ctx().get(), put, &stored).ok());
    return Start(code);
  }

  static ipb::Evaluation Start(const std::string& code) {
    ipb::StartEvaluationRequest request;
    *request.mutable_key() = Key(code);
    request.set_framework_id(kHunan);
    *request.mutable_actor() = Department(code);
    ipb::Evaluation evaluation;
    const grpc::Status status =
        stub_->StartEvaluation(Ctx().get(), request, &evaluation);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return evaluation;
  }

  static ipb::Evaluation Get(const std::string& code) {
    ipb::Evaluation evaluation;
    const grpc::Status status =
        stub_->GetEvaluation(Ctx().get(), Key(code), &evaluation);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return evaluation;
  }

  static const ipb::IndicatorValue& ValueOf(const ipb::Evaluation& e,
                                            const std::string& id) {
    for (const auto& v : e.values()) {
      if (v.indicator_id() == id) return v;
    }
    static const ipb::IndicatorValue kNone;
    ADD_FAILURE() << "no value for " << id;
    return kNone;
  }

  static ipb::IndicatorValue Number(const std::string& id,
                                    const std::string& value) {
    ipb::IndicatorValue v;
    v.set_indicator_id(id);
    v.mutable_actual()->set_value(value);
    v.mutable_actual()->set_unit("%");
    return v;
  }

  static grpc::Status Set(const std::string& code, int64_t version,
                          std::vector<ipb::IndicatorValue> values,
                          const ipb::Actor& actor, ipb::Evaluation* out) {
    ipb::SetValuesRequest request;
    *request.mutable_key() = Key(code);
    for (auto& v : values) *request.add_values() = v;
    *request.mutable_actor() = actor;
    request.set_expected_version(version);
    return stub_->SetValues(Ctx().get(), request, out);
  }

  static grpc::Status Move(const std::string& method, const std::string& code,
                           int64_t version, const ipb::Actor& actor,
                           ipb::Evaluation* out,
                           const std::string& reason = "") {
    ipb::TransitionRequest request;
    *request.mutable_key() = Key(code);
    *request.mutable_actor() = actor;
    request.set_expected_version(version);
    if (!reason.empty()) request.set_reason(reason);
    if (method == "Submit") return stub_->Submit(Ctx().get(), request, out);
    if (method == "Return") return stub_->Return(Ctx().get(), request, out);
    return stub_->Approve(Ctx().get(), request, out);
  }

  static void ExpectCode(const grpc::Status& status, grpc::StatusCode code,
                         const std::string& field) {
    EXPECT_EQ(status.error_code(), code) << status.error_message();
    EXPECT_THAT(status.error_message(), StartsWith(field + ":"));
  }

  static testing::TempDir* dir_;
  static testing::ServiceProcess* budget_;
  static testing::ServiceProcess* indicator_;
  static ipb::IndicatorService::Stub* stub_;
  static bpb::BudgetService::Stub* budget_stub_;
};

testing::TempDir* IndicatorServiceTest::dir_ = nullptr;
testing::ServiceProcess* IndicatorServiceTest::budget_ = nullptr;
testing::ServiceProcess* IndicatorServiceTest::indicator_ = nullptr;
ipb::IndicatorService::Stub* IndicatorServiceTest::stub_ = nullptr;
bpb::BudgetService::Stub* IndicatorServiceTest::budget_stub_ = nullptr;

TEST_F(IndicatorServiceTest, TheBuiltInFrameworksAreLoaded) {
  ipb::ListFrameworksResponse list;
  ASSERT_TRUE(stub_->ListFrameworks(Ctx().get(), {}, &list).ok());
  std::vector<std::string> ids;
  for (const auto& f : list.frameworks()) {
    ids.push_back(f.id());
    EXPECT_EQ(f.nodes_size(), 0);  // the list leaves the trees out
  }
  EXPECT_THAT(ids, ::testing::IsSupersetOf({"caiyu-2013-53-department", kHunan,
                                            "caiyu-2020-10-project"}));
  ipb::GetFrameworkRequest get;
  get.set_id(kHunan);
  ipb::Framework hunan;
  ASSERT_TRUE(stub_->GetFramework(Ctx().get(), get, &hunan).ok());
  EXPECT_EQ(hunan.version(), 1);
  EXPECT_EQ(hunan.total(), "100");
  EXPECT_GT(hunan.nodes_size(), 20);
  get.set_id("no-such-framework");
  EXPECT_EQ(stub_->GetFramework(Ctx().get(), get, &hunan).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

// By hand, from the report: 编制408人, 在职381人 ⇒ 381 ÷ 408 = 93.3824%;
// 年末结余 1505.42 ÷ 全年预算 (9312.02 + 5607.06 = 14919.08) = 10.0906%.
// The report states no 三公 budget, no 追加, no 公用经费 budget and no
// 政府采购: those rates cannot be computed, and say why.
TEST_F(IndicatorServiceTest, TheSeedsDerivedValuesUnderTheHunanFramework) {
  const ipb::Evaluation e = Start("taoyuan-psb");
  EXPECT_EQ(e.status(), ipb::DRAFT);
  EXPECT_EQ(e.framework_id(), kHunan);
  EXPECT_EQ(e.values_size(), 23);  // one per leaf

  const auto& staff = ValueOf(e, "1.1.1");
  EXPECT_EQ(staff.source(), ipb::DERIVED);
  EXPECT_EQ(staff.actual().value(), "93.3824");
  EXPECT_EQ(staff.actual().unit(), "%");
  EXPECT_EQ(staff.derivation().formula_id(), "staff_control");
  EXPECT_EQ(staff.derivation().numerator(), 381);
  EXPECT_EQ(staff.derivation().denominator(), 408);
  EXPECT_EQ(staff.derivation().inputs(0).display(), "381人");

  const auto& carryover = ValueOf(e, "2.1.5");
  EXPECT_EQ(carryover.actual().value(), "10.0906");
  EXPECT_EQ(carryover.derivation().numerator(), 1'505'420'000);
  EXPECT_EQ(carryover.derivation().denominator(), 14'919'080'000);
  EXPECT_THAT(carryover.derivation().inputs(1).note(),
              HasSubstr("由基本支出 + 项目支出得出"));

  for (const auto& [id, missing] :
       {std::pair{"1.1.2", "年初预算“三公”经费合计"},
        std::pair{"2.1.1", "本年追加预算"}, std::pair{"2.1.2", "本年追加预算"},
        std::pair{"2.1.6", "公用经费预算数"},
        std::pair{"2.1.7", "“三公”经费合计预算数"},
        std::pair{"2.1.8", "政府采购金额"}}) {
    const auto& v = ValueOf(e, id);
    EXPECT_FALSE(v.derivation().computable()) << id;
    EXPECT_FALSE(v.has_actual()) << id;
    EXPECT_THAT(v.derivation().reason(), HasSubstr(missing)) << id;
  }
  // Entered indicators wait for the department.
  EXPECT_EQ(ValueOf(e, "3.1.1").source(), ipb::ENTERED);
  EXPECT_FALSE(ValueOf(e, "3.1.1").has_actual());
}

TEST_F(IndicatorServiceTest, DerivedValuesFollowTheBudgetFigures) {
  NewDepartmentEvaluation("follow");
  EXPECT_EQ(ValueOf(Get("follow"), "1.1.1").actual().value(), "80");
  bpb::DepartmentKey key;
  key.set_region_code("430725");
  key.set_code("follow");
  bpb::Department d;
  ASSERT_TRUE(budget_stub_->GetDepartment(Ctx().get(), key, &d).ok());
  bpb::UpdateDepartmentRequest update;
  *update.mutable_department() = d;
  update.mutable_department()->set_staff_actual(45);
  ASSERT_TRUE(budget_stub_->UpdateDepartment(Ctx().get(), update, &d).ok());
  EXPECT_EQ(ValueOf(Get("follow"), "1.1.1").actual().value(), "90");
}

TEST_F(IndicatorServiceTest, TheWholeWorkflowAndFreezing) {
  ipb::Evaluation e = NewDepartmentEvaluation("flow");
  ASSERT_TRUE(
      Set("flow", e.version(), {Number("3.1.1", "98")}, Department("flow"), &e)
          .ok());
  EXPECT_EQ(ValueOf(e, "3.1.1").actual().value(), "98");
  ASSERT_TRUE(Move("Submit", "flow", e.version(), Department("flow"), &e).ok());
  EXPECT_EQ(e.status(), ipb::SUBMITTED);
  // Submitted: the department cannot change values.
  ExpectCode(
      Set("flow", e.version(), {Number("3.1.1", "99")}, Department("flow"), &e),
      grpc::StatusCode::FAILED_PRECONDITION, "status");
  // Returning needs a reason.
  ExpectCode(Move("Return", "flow", e.version(), Finance(), &e),
             grpc::StatusCode::INVALID_ARGUMENT, "reason");
  ASSERT_TRUE(
      Move("Return", "flow", e.version(), Finance(), &e, "实际完成率缺佐证材料")
          .ok());
  EXPECT_EQ(e.status(), ipb::RETURNED);
  EXPECT_EQ(e.return_reason(), "实际完成率缺佐证材料");
  ipb::IndicatorValue with_evidence = Number("3.1.1", "97");
  with_evidence.set_evidence("2019年工作台账");
  ASSERT_TRUE(
      Set("flow", e.version(), {with_evidence}, Department("flow"), &e).ok());
  ASSERT_TRUE(Move("Submit", "flow", e.version(), Department("flow"), &e).ok());
  // A department cannot approve itself.
  ExpectCode(Move("Approve", "flow", e.version(), Department("flow"), &e),
             grpc::StatusCode::PERMISSION_DENIED, "actor.role");
  ASSERT_TRUE(Move("Approve", "flow", e.version(), Finance(), &e).ok());
  EXPECT_EQ(e.status(), ipb::APPROVED);
  ASSERT_EQ(e.history_size(), 5);  // start, submit, return, submit, approve
  EXPECT_EQ(e.history(2).reason(), "实际完成率缺佐证材料");
  EXPECT_EQ(e.history(4).subject(), "县财政局 绩效股");
  EXPECT_EQ(ValueOf(e, "1.1.1").actual().value(), "80");

  // Approved values are frozen: a budget change no longer moves them, and
  // writes are refused.
  bpb::DepartmentKey key;
  key.set_region_code("430725");
  key.set_code("flow");
  bpb::Department d;
  ASSERT_TRUE(budget_stub_->GetDepartment(Ctx().get(), key, &d).ok());
  bpb::UpdateDepartmentRequest update;
  *update.mutable_department() = d;
  update.mutable_department()->set_staff_actual(50);
  ASSERT_TRUE(budget_stub_->UpdateDepartment(Ctx().get(), update, &d).ok());
  const ipb::Evaluation after = Get("flow");
  EXPECT_EQ(ValueOf(after, "1.1.1").actual().value(), "80");
  EXPECT_EQ(ValueOf(after, "3.1.1").evidence(), "2019年工作台账");
  ipb::Evaluation out;
  ExpectCode(Set("flow", after.version(), {Number("3.1.1", "50")},
                 Department("flow"), &out),
             grpc::StatusCode::FAILED_PRECONDITION, "status");
  EXPECT_EQ(ValueOf(Get("flow"), "3.1.1").actual().value(), "97");
}

TEST_F(IndicatorServiceTest, WhoMayDoWhat) {
  ipb::Evaluation e = NewDepartmentEvaluation("roles");
  ipb::Evaluation out;
  ExpectCode(
      Set("roles", e.version(), {Number("3.1.1", "90")}, Finance(), &out),
      grpc::StatusCode::PERMISSION_DENIED, "actor.role");
  ExpectCode(Set("roles", e.version(), {Number("3.1.1", "90")},
                 Department("taoyuan-psb"), &out),
             grpc::StatusCode::PERMISSION_DENIED, "actor.department_code");
  ipb::Actor nobody;
  ExpectCode(Set("roles", e.version(), {Number("3.1.1", "90")}, nobody, &out),
             grpc::StatusCode::INVALID_ARGUMENT, "actor.subject");
  EXPECT_EQ(Get("roles").version(), e.version());  // nothing changed
}

TEST_F(IndicatorServiceTest, StaleVersionsAreAbortedAndNothingIsLost) {
  ipb::Evaluation e = NewDepartmentEvaluation("race");
  ipb::Evaluation out;
  ASSERT_TRUE(Set("race", e.version(), {Number("3.1.1", "90")},
                  Department("race"), &out)
                  .ok());
  ExpectCode(Set("race", e.version(), {Number("3.1.1", "10")},
                 Department("race"), &out),
             grpc::StatusCode::ABORTED, "expected_version");
  EXPECT_EQ(ValueOf(Get("race"), "3.1.1").actual().value(), "90");
  ipb::SetValuesRequest no_version;
  *no_version.mutable_key() = Key("race");
  *no_version.mutable_actor() = Department("race");
  ExpectCode(stub_->SetValues(Ctx().get(), no_version, &out),
             grpc::StatusCode::INVALID_ARGUMENT, "expected_version");

  // Two writers append to the evidence of one indicator, each with the
  // version it read, retrying when ABORTED: every append lands.
  constexpr int kWriters = 2;
  constexpr int kAppends = 8;
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([w] {
      for (int i = 0; i < kAppends;) {
        const ipb::Evaluation current = Get("race");
        ipb::IndicatorValue v = ValueOf(current, "3.1.1");
        v.clear_source();
        v.set_evidence(v.evidence() + static_cast<char>('a' + w));
        ipb::Evaluation result;
        const grpc::Status status =
            Set("race", current.version(), {v}, Department("race"), &result);
        if (status.ok()) {
          ++i;
        } else {
          ASSERT_EQ(status.error_code(), grpc::StatusCode::ABORTED)
              << status.error_message();
        }
      }
    });
  }
  for (auto& t : writers) t.join();
  const std::string evidence = ValueOf(Get("race"), "3.1.1").evidence();
  EXPECT_EQ(evidence.size(), static_cast<size_t>(kWriters * kAppends));
  EXPECT_EQ(std::count(evidence.begin(), evidence.end(), 'a'), kAppends);
}

TEST_F(IndicatorServiceTest, BadValuesNameTheFieldAndChangeNothing) {
  ipb::Evaluation e = NewDepartmentEvaluation("bad-values");
  ipb::Evaluation out;
  const auto set = [&](ipb::IndicatorValue v) {
    return Set("bad-values", e.version(), {Number("3.1.2", "99"), v},
               Department("bad-values"), &out);
  };
  ExpectCode(set(Number("9.9.9", "1")), grpc::StatusCode::INVALID_ARGUMENT,
             "values[1].indicator_id");
  ExpectCode(set(Number("3", "1")), grpc::StatusCode::INVALID_ARGUMENT,
             "values[1].indicator_id");  // not a leaf
  ipb::IndicatorValue wrong_unit = Number("3.1.1", "98");
  wrong_unit.mutable_actual()->set_unit("万元");
  ExpectCode(set(wrong_unit), grpc::StatusCode::INVALID_ARGUMENT,
             "values[1].actual.unit");
  ExpectCode(set(Number("3.1.1", "-3")), grpc::StatusCode::INVALID_ARGUMENT,
             "values[1].actual.value");
  ipb::IndicatorValue tier = Number("3.1.1", "");
  tier.mutable_actual()->clear_value();
  tier.mutable_actual()->set_tier("达成年度指标");
  ExpectCode(set(tier), grpc::StatusCode::INVALID_ARGUMENT,
             "values[1].actual.tier");
  ExpectCode(set(Number("4.1.1", "95")), grpc::StatusCode::INVALID_ARGUMENT,
             "values[1].actual.value");  // a number where a tier is due
  ExpectCode(set(Number("1.1.1", "90")), grpc::StatusCode::INVALID_ARGUMENT,
             "values[1].actual");  // derived
  ipb::SetValuesRequest score;
  *score.mutable_key() = Key("bad-values");
  *score.mutable_actor() = Department("bad-values");
  score.set_expected_version(e.version());
  score.set_self_score("101");
  ExpectCode(stub_->SetValues(Ctx().get(), score, &out),
             grpc::StatusCode::INVALID_ARGUMENT, "self_score");
  // None of it was stored: 3.1.2, sent beside each bad value, is unset.
  const ipb::Evaluation after = Get("bad-values");
  EXPECT_EQ(after.version(), e.version());
  EXPECT_FALSE(ValueOf(after, "3.1.2").has_actual());
}

TEST_F(IndicatorServiceTest, StartingNeedsAKnownDepartmentAndFramework) {
  ipb::StartEvaluationRequest request;
  *request.mutable_key() = Key("ghost");
  request.set_framework_id(kHunan);
  *request.mutable_actor() = Department("ghost");
  ipb::Evaluation out;
  ExpectCode(stub_->StartEvaluation(Ctx().get(), request, &out),
             grpc::StatusCode::INVALID_ARGUMENT, "key.department_code");
  *request.mutable_key() = Key("taoyuan-psb", 2030);
  *request.mutable_actor() = Department("taoyuan-psb");
  request.set_framework_id("no-such-framework");
  ExpectCode(stub_->StartEvaluation(Ctx().get(), request, &out),
             grpc::StatusCode::INVALID_ARGUMENT, "framework_id");
  request.set_framework_id(kHunan);
  request.mutable_key()->set_year(1990);
  ExpectCode(stub_->StartEvaluation(Ctx().get(), request, &out),
             grpc::StatusCode::INVALID_ARGUMENT, "key.year");
  NewDepartmentEvaluation("twice");
  *request.mutable_key() = Key("twice");
  *request.mutable_actor() = Department("twice");
  EXPECT_EQ(stub_->StartEvaluation(Ctx().get(), request, &out).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(stub_->GetEvaluation(Ctx().get(), Key("ghost"), &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(IndicatorServiceTest, FrameworksAreValidatedAndVersionedByUse) {
  ipb::PutFrameworkRequest put;
  auto* f = put.mutable_framework();
  f->set_id("versioned");
  f->set_name("版本测试");
  f->set_region_code("430725");
  f->set_year(2019);
  auto* root = f->add_nodes();
  root->set_id("1");
  root->set_name("产出");
  root->set_weight("100");
  auto* leaf = f->add_nodes();
  leaf->set_id("1.1");
  leaf->set_parent_id("1");
  leaf->set_name("实际完成率");
  leaf->set_weight("90");  // does not add up to 100
  leaf->set_unit("%");
  leaf->mutable_rule()->set_type(ipb::PROPORTIONAL);
  leaf->mutable_rule()->set_direction(ipb::POSITIVE);
  ipb::Framework stored;
  ExpectCode(stub_->PutFramework(Ctx().get(), put, &stored),
             grpc::StatusCode::INVALID_ARGUMENT, "framework.nodes[0].weight");
  ipb::GetFrameworkRequest get;
  get.set_id("versioned");
  EXPECT_EQ(stub_->GetFramework(Ctx().get(), get, &stored).error_code(),
            grpc::StatusCode::NOT_FOUND);

  leaf->set_weight("100");
  ASSERT_TRUE(stub_->PutFramework(Ctx().get(), put, &stored).ok());
  EXPECT_EQ(stored.version(), 1);
  EXPECT_EQ(stored.nodes(1).level(), 2);
  // Not in use yet: a change replaces version 1.
  leaf->set_definition("实际完成工作数 ÷ 计划工作数");
  ASSERT_TRUE(stub_->PutFramework(Ctx().get(), put, &stored).ok());
  EXPECT_EQ(stored.version(), 1);

  // A submitted evaluation puts version 1 in use.
  bpb::CreateDepartmentRequest create;
  create.mutable_department()->set_region_code("430725");
  create.mutable_department()->set_code("uses-versioned");
  create.mutable_department()->set_name("用户");
  bpb::Department d;
  ASSERT_TRUE(budget_stub_->CreateDepartment(Ctx().get(), create, &d).ok());
  ipb::StartEvaluationRequest start;
  *start.mutable_key() = Key("uses-versioned");
  start.set_framework_id("versioned");
  *start.mutable_actor() = Department("uses-versioned");
  ipb::Evaluation e;
  ASSERT_TRUE(stub_->StartEvaluation(Ctx().get(), start, &e).ok());
  // No budget figures for the year: the evaluation still opens.
  ASSERT_TRUE(Move("Submit", "uses-versioned", e.version(),
                   Department("uses-versioned"), &e)
                  .ok());
  get.set_version(1);
  ASSERT_TRUE(stub_->GetFramework(Ctx().get(), get, &stored).ok());
  EXPECT_TRUE(stored.in_use());
  leaf->set_definition("改过的解释");
  ASSERT_TRUE(stub_->PutFramework(Ctx().get(), put, &stored).ok());
  EXPECT_EQ(stored.version(), 2);
  ASSERT_TRUE(stub_->GetFramework(Ctx().get(), get, &stored).ok());
  EXPECT_EQ(stored.nodes(1).definition(), "实际完成工作数 ÷ 计划工作数");
  EXPECT_EQ(Get("uses-versioned").framework_version(), 1);
}

TEST_F(IndicatorServiceTest, WithoutTheBudgetServiceReadsFailClearly) {
  // A second indicator service pointed at a budget address nobody serves.
  testing::ServiceProcess lonely(
      JIXIAO_INDICATOR_BINARY,
      {"--storage=" + testing::StorageUrl(*dir_, "lonely"),
       "--budget=127.0.0.1:1", "--budget_deadline_ms=300",
       std::string("--frameworks_dir=") + JIXIAO_SOURCE_DIR + "/frameworks"},
      dir_->path());
  auto stub = ipb::IndicatorService::NewStub(grpc::CreateChannel(
      lonely.address(), grpc::InsecureChannelCredentials()));
  ipb::StartEvaluationRequest request;
  *request.mutable_key() = Key("taoyuan-psb");
  request.set_framework_id(kHunan);
  *request.mutable_actor() = Department("taoyuan-psb");
  ipb::Evaluation out;
  const auto started = std::chrono::steady_clock::now();
  const grpc::Status status = stub->StartEvaluation(Ctx().get(), request, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE)
      << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr("budget service"));
  EXPECT_LT(std::chrono::steady_clock::now() - started,
            std::chrono::seconds(5));
}

}  // namespace
}  // namespace jixiao

namespace jixiao {
namespace {

TEST_F(IndicatorServiceTest, TheSameValuesAgainWriteNothing) {
  ipb::Evaluation e = NewDepartmentEvaluation("idempotent");
  ASSERT_TRUE(Set("idempotent", e.version(), {Number("3.1.1", "98")},
                  Department("idempotent"), &e)
                  .ok());
  const int64_t version = e.version();
  ASSERT_TRUE(Set("idempotent", version, {Number("3.1.1", "98")},
                  Department("idempotent"), &e)
                  .ok());
  EXPECT_EQ(e.version(), version);
  ASSERT_TRUE(Set("idempotent", version, {Number("3.1.1", "97")},
                  Department("idempotent"), &e)
                  .ok());
  EXPECT_EQ(e.version(), version + 1);
}

}  // namespace
}  // namespace jixiao

namespace jixiao {
namespace {

TEST_F(IndicatorServiceTest, GetEvaluationVersionIsCheapAndChecked) {
  ipb::Evaluation e = NewDepartmentEvaluation("cheap");
  ipb::EvaluationVersion v;
  ASSERT_TRUE(stub_->GetEvaluationVersion(Ctx().get(), Key("cheap"), &v).ok());
  EXPECT_EQ(v.version(), e.version());
  EXPECT_EQ(v.framework_id(), kHunan);
  EXPECT_EQ(v.status(), ipb::DRAFT);
  ExpectCode(stub_->GetEvaluationVersion(Ctx().get(), Key("cheap", 1900), &v),
             grpc::StatusCode::INVALID_ARGUMENT, "year");
  EXPECT_EQ(
      stub_->GetEvaluationVersion(Ctx().get(), Key("nobody"), &v).error_code(),
      grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace jixiao

// Project self-evaluation filings (项目支出绩效自评) over loopback gRPC, on the
// real budget and indicator services with tokens checked (SQLite, or
// PostgreSQL for the "postgresql." run): targets approved through
// TargetService for real, a project's actuals filed against them, every bad
// input refused naming its field with nothing stored, the workflow (submit,
// return with a reason, edit, submit, approve, frozen), who may do what, and
// the region stream the evaluation service scores from. The ownership of
// every RPC is also in security_test.cc and hostile_test.cc.
#include <functional>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "jixiao/audit/v1/audit.pb.h"
#include "jixiao/budget/v1/budget.grpc.pb.h"
#include "jixiao/indicator/v1/indicator.grpc.pb.h"
#include "jixiao/indicator/v1/project_evaluation.grpc.pb.h"
#include "jixiao/indicator/v1/targets.grpc.pb.h"
#include "tests/integration/calls.h"
#include "tests/integration/department_setup.h"
#include "tests/integration/services.h"

namespace jixiao {
namespace {

namespace bpb = ::jixiao::budget::v1;
namespace ipb = ::jixiao::indicator::v1;
using testing::CallAs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr char kSecret[] = "project-filing-test-secret-0123456789-abcd";
constexpr char kRegion[] = "430725";
constexpr int kYear = 2024;

class ProjectFilingTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    services_ = new testing::Services({.jwt_secret = kSecret});
    const auto channel = testing::ChannelTo(services_->indicator());
    stub_ = ipb::ProjectEvaluationService::NewStub(channel).release();
    targets_ = ipb::TargetService::NewStub(channel).release();
    audit_ = ipb::IndicatorService::NewStub(channel).release();
    admin_ = new std::string(services_->TokenFor(access::Role::kAdmin, "", ""));
    finance_ = new std::string(
        services_->TokenFor(access::Role::kFinance, kRegion, ""));
    jtj_ = new std::string(
        services_->TokenFor(access::Role::kDepartment, kRegion, "jtj"));
    wsj_ = new std::string(
        services_->TokenFor(access::Role::kDepartment, kRegion, "wsj"));
    elsewhere_ = new std::string(
        services_->TokenFor(access::Role::kFinance, "430726", ""));
    // 交通运输局 with two projects, 卫健局 with one, both approved;
    // 农业局's targets only declared.
    Approve("jtj", {{"P001", "农村公路养护"}, {"P002", "客运站运营补贴"}});
    Approve("wsj", {{"Q001", "基层医疗设备"}});
    ipb::PutTargetsRequest draft;
    *draft.mutable_targets() = Targets("nyj", {{"N001", "高标准农田"}});
    ipb::TargetSet stored;
    const grpc::Status declared = targets_->PutTargets(
        CallAs(services_->TokenFor(access::Role::kDepartment, kRegion, "nyj"))
            .get(),
        draft, &stored);
    ASSERT_TRUE(declared.ok()) << declared.error_message();
  }
  static void TearDownTestSuite() {
    for (std::string* s : {admin_, finance_, jtj_, wsj_, elsewhere_}) delete s;
    delete audit_;
    delete targets_;
    delete stub_;
    delete services_;
  }

  using Projects = std::vector<std::pair<std::string, std::string>>;

  // Each project 100万元 with ≥ / 定性 / 满意度 indicators: "<code>-1"
  // 完成数量 ≥ 120 个, "-2" 实施效果 定性, "-3" 满意度 ≥ 90%.
  static ipb::TargetSet Targets(const std::string& code,
                                const Projects& projects) {
    ipb::TargetSet t;
    *t.mutable_key() =
        testing::DepartmentYearKey<ipb::TargetKey>(kRegion, code, kYear);
    t.set_tree("pre2021");
    t.set_annual_goal("完成年度重点项目。");
    testing::AddIndicator(t.mutable_indicators(), "d1", "产出指标", "数量指标",
                          "重点任务完成数", ipb::AT_LEAST, "3", "项");
    testing::AddIndicator(t.mutable_indicators(), "d2", "效益指标",
                          "社会效益指标", "服务改善", ipb::QUALITATIVE,
                          "明显改善", "");
    testing::AddIndicator(t.mutable_indicators(), "d3", "满意度指标",
                          "服务对象满意度指标", "满意度", ipb::AT_LEAST, "90",
                          "%");
    for (const auto& [project, name] : projects) {
      ipb::ProjectTarget* p = t.add_projects();
      p->set_project_code(project);
      p->set_project_name(name);
      p->mutable_funds()->set_total(100'000'000);
      p->mutable_funds()->set_fiscal(100'000'000);
      p->mutable_funds()->set_other(0);
      p->set_annual_goal(name + "按期完成。");
      auto* indicators = p->mutable_indicators();
      testing::AddIndicator(indicators, project + "-1", "产出指标", "数量指标",
                            "完成数量", ipb::AT_LEAST, "120", "个");
      testing::AddIndicator(indicators, project + "-2", "效益指标",
                            "社会效益指标", "实施效果", ipb::QUALITATIVE,
                            "明显改善", "");
      testing::AddIndicator(indicators, project + "-3", "满意度指标",
                            "服务对象满意度指标", "受益对象满意度",
                            ipb::AT_LEAST, "90", "%");
    }
    return t;
  }

  // The budget's department-year with the projects (SubmitTargets checks
  // the targets against them), then targets put and submitted by the
  // department and approved by finance: version 3 in force.
  static void Approve(const std::string& code, const Projects& projects) {
    auto budget =
        bpb::BudgetService::NewStub(testing::ChannelTo(services_->budget()));
    std::vector<testing::ProjectBudget> budgets;
    for (const auto& [project, name] : projects) {
      budgets.push_back(
          {.code = project, .name = name, .original = 100'000'000});
    }
    ASSERT_NO_FATAL_FAILURE(testing::CreateDepartmentWithYear(
        *budget, *admin_, "单位" + code,
        testing::OriginalBudget(kRegion, code, kYear,
                                100'000'000 * projects.size(), budgets)));
    ipb::TargetSet stored;
    ASSERT_NO_FATAL_FAILURE(testing::ApproveTargets(
        *targets_, Targets(code, projects),
        services_->TokenFor(access::Role::kDepartment, kRegion, code),
        *finance_, &stored));
    ASSERT_EQ(stored.status(), ipb::TARGET_APPROVED);
    ASSERT_EQ(stored.version(), 3);
  }

  static ipb::ProjectKey Key(const std::string& department,
                             const std::string& project) {
    ipb::ProjectKey key =
        testing::DepartmentYearKey<ipb::ProjectKey>(kRegion, department, kYear);
    key.set_project_code(project);
    return key;
  }

  // Every indicator met: 126 个, 达成 at 90%, 满意度 95.5%.
  static ipb::ProjectFiling Met(const std::string& department,
                                const std::string& project) {
    ipb::ProjectFiling f;
    *f.mutable_key() = Key(department, project);
    f.set_achieved_summary("全年完成 126 个，效果明显。");
    ipb::ActualValue* a = f.add_actuals();
    a->set_indicator_id(project + "-1");
    a->set_value("126");
    a->set_evidence_note("项目验收报告");
    a = f.add_actuals();
    a->set_indicator_id(project + "-2");
    a->set_achievement(ipb::ACHIEVED);
    a->set_percent_of_weight("90");
    a = f.add_actuals();
    a->set_indicator_id(project + "-3");
    a->set_value("95.5");
    f.set_self_score("96");
    return f;
  }

  static grpc::Status Put(const std::string& token, const ipb::ProjectFiling& f,
                          int64_t expected, ipb::ProjectFiling* out) {
    ipb::PutProjectFilingRequest request;
    *request.mutable_filing() = f;
    request.set_expected_version(expected);
    return stub_->PutProjectFiling(CallAs(token).get(), request, out);
  }

  static ipb::ProjectTransition Move(const ipb::ProjectKey& key,
                                     int64_t expected,
                                     const std::string& reason = "") {
    ipb::ProjectTransition t;
    *t.mutable_key() = key;
    t.set_expected_version(expected);
    if (!reason.empty()) t.set_reason(reason);
    return t;
  }

  static int AuditRows(const std::string& method) {
    audit::v1::ListAuditRequest request;
    request.set_region_code(kRegion);
    request.set_method(method);
    request.set_page_size(1000);
    audit::v1::ListAuditResponse trail;
    const grpc::Status s =
        audit_->ListAudit(CallAs(*finance_).get(), request, &trail);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return trail.entries_size();
  }

  static testing::Services* services_;
  static ipb::ProjectEvaluationService::Stub* stub_;
  static ipb::TargetService::Stub* targets_;
  static ipb::IndicatorService::Stub* audit_;
  static std::string* admin_;
  static std::string* finance_;
  static std::string* jtj_;
  static std::string* wsj_;
  static std::string* elsewhere_;
};

testing::Services* ProjectFilingTest::services_ = nullptr;
ipb::ProjectEvaluationService::Stub* ProjectFilingTest::stub_ = nullptr;
ipb::TargetService::Stub* ProjectFilingTest::targets_ = nullptr;
ipb::IndicatorService::Stub* ProjectFilingTest::audit_ = nullptr;
std::string* ProjectFilingTest::admin_ = nullptr;
std::string* ProjectFilingTest::finance_ = nullptr;
std::string* ProjectFilingTest::jtj_ = nullptr;
std::string* ProjectFilingTest::wsj_ = nullptr;
std::string* ProjectFilingTest::elsewhere_ = nullptr;

TEST_F(ProjectFilingTest, FiledSubmittedReturnedEditedApprovedThenFrozen) {
  const ipb::ProjectKey key = Key("jtj", "P001");
  ipb::ProjectFiling f = Met("jtj", "P001");
  // A missed target: 96 of ≥ 120 needs its reason and improvement.
  f.mutable_actuals(0)->set_value("96");
  f.mutable_actuals(0)->set_deviation_reason("汛期停工两个月");
  f.mutable_actuals(0)->set_improvement("调整施工计划，避开汛期");
  // What the service sets is not taken from the caller.
  f.set_status(ipb::APPROVED);
  f.set_targets_version(99);
  ipb::ProjectFiling v1;
  grpc::Status s = Put(*jtj_, f, 0, &v1);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(v1.version(), 1);
  EXPECT_EQ(v1.status(), ipb::DRAFT);
  EXPECT_EQ(v1.targets_version(), 3);
  EXPECT_EQ(v1.changed_by(), "user-430725-jtj");
  EXPECT_FALSE(v1.changed_at().empty());
  EXPECT_EQ(v1.actuals(0).deviation_reason(), "汛期停工两个月");

  ipb::ProjectFiling read;
  ASSERT_TRUE(
      stub_->GetProjectFiling(CallAs(*finance_).get(), key, &read).ok());
  EXPECT_EQ(read.SerializeAsString(), v1.SerializeAsString());

  ipb::ProjectFiling out;
  // A department never returns or approves; finance never submits.
  s = stub_->ApproveProjectFiling(CallAs(*jtj_).get(), Move(key, 1), &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(s.error_message(), StartsWith("key.region_code"));
  s = stub_->SubmitProjectFiling(CallAs(*finance_).get(), Move(key, 1), &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  // Nor does finance fill the department's form.
  s = Put(*finance_, Met("jtj", "P001"), 1, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  // The version read is required, and must be the current one.
  ipb::ProjectTransition no_version = Move(key, 1);
  no_version.clear_expected_version();
  s = stub_->SubmitProjectFiling(CallAs(*jtj_).get(), no_version, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), StartsWith("expected_version"));
  s = stub_->SubmitProjectFiling(CallAs(*jtj_).get(), Move(key, 7), &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ABORTED);

  ipb::ProjectFiling v2;
  s = stub_->SubmitProjectFiling(CallAs(*jtj_).get(), Move(key, 1), &v2);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(v2.status(), ipb::SUBMITTED);
  EXPECT_EQ(v2.version(), 2);
  // Submitted: no edit until finance returns it.
  s = Put(*jtj_, f, 2, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  // A return says why.
  s = stub_->ReturnProjectFiling(CallAs(*finance_).get(), Move(key, 2), &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), StartsWith("reason"));
  ipb::ProjectFiling v3;
  s = stub_->ReturnProjectFiling(CallAs(*finance_).get(),
                                 Move(key, 2, "完成数量与验收报告不符，请核实"),
                                 &v3);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(v3.status(), ipb::RETURNED);
  EXPECT_EQ(v3.return_reason(), "完成数量与验收报告不符，请核实");
  EXPECT_EQ(v3.changed_by(), "user-430725-");

  // Edited: a draft again, the reason kept for the department to read.
  f.mutable_actuals(0)->set_value("98");
  ipb::ProjectFiling v4;
  s = Put(*jtj_, f, 3, &v4);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(v4.status(), ipb::DRAFT);
  EXPECT_EQ(v4.version(), 4);
  EXPECT_EQ(v4.actuals(0).value(), "98");
  EXPECT_EQ(v4.return_reason(), "完成数量与验收报告不符，请核实");
  ipb::ProjectFiling v5;
  s = stub_->SubmitProjectFiling(CallAs(*jtj_).get(), Move(key, 4), &v5);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_FALSE(v5.has_return_reason());
  ipb::ProjectFiling v6;
  s = stub_->ApproveProjectFiling(CallAs(*finance_).get(), Move(key, 5), &v6);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(v6.status(), ipb::APPROVED);
  EXPECT_EQ(v6.version(), 6);

  // Approved: frozen, for the department and for admin alike.
  s = Put(*jtj_, f, 6, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), HasSubstr("frozen"));
  s = Put(*admin_, f, 6, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  s = stub_->SubmitProjectFiling(CallAs(*jtj_).get(), Move(key, 6), &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  ASSERT_TRUE(stub_->GetProjectFiling(CallAs(*jtj_).get(), key, &read).ok());
  EXPECT_EQ(read.version(), 6);
  EXPECT_EQ(read.actuals(0).value(), "98");

  // Every version is in the audit trail, before and after.
  EXPECT_EQ(AuditRows("PutProjectFiling"), 2);
  EXPECT_EQ(AuditRows("SubmitProjectFiling"), 2);
  EXPECT_EQ(AuditRows("ReturnProjectFiling"), 1);
  EXPECT_EQ(AuditRows("ApproveProjectFiling"), 1);
}

TEST_F(ProjectFilingTest, BadInputIsRefusedNamingItsFieldAndNothingIsStored) {
  const int before = AuditRows("PutProjectFiling");
  using Change = std::function<void(ipb::ProjectFiling&)>;
  const std::vector<std::tuple<Change, grpc::StatusCode, std::string>> cases = {
      {[](ipb::ProjectFiling& f) { f.mutable_key()->set_project_code("P009"); },
       grpc::StatusCode::INVALID_ARGUMENT, "filing.key.project_code"},
      {[](ipb::ProjectFiling& f) { f.mutable_key()->set_project_code("P 1"); },
       grpc::StatusCode::INVALID_ARGUMENT, "filing.key.project_code"},
      {[](ipb::ProjectFiling& f) { f.mutable_actuals(0)->set_value("一百"); },
       grpc::StatusCode::INVALID_ARGUMENT, "filing.actuals[0].value"},
      {[](ipb::ProjectFiling& f) {
         f.mutable_actuals(1)->set_indicator_id("P001-1");
       },
       grpc::StatusCode::INVALID_ARGUMENT, "filing.actuals[1].indicator_id"},
      {[](ipb::ProjectFiling& f) {
         f.mutable_actuals(2)->set_indicator_id("P002-9");
       },
       grpc::StatusCode::INVALID_ARGUMENT, "filing.actuals[2].indicator_id"},
      {[](ipb::ProjectFiling& f) {
         f.mutable_actuals(1)->set_achievement(ipb::PARTLY_ACHIEVED);
       },
       grpc::StatusCode::INVALID_ARGUMENT,
       "filing.actuals[1].percent_of_weight"},
      {[](ipb::ProjectFiling& f) { f.mutable_actuals(1)->set_value("1"); },
       grpc::StatusCode::INVALID_ARGUMENT, "filing.actuals[1].value"},
      {[](ipb::ProjectFiling& f) { f.mutable_actuals(0)->set_value("119"); },
       grpc::StatusCode::INVALID_ARGUMENT,
       "filing.actuals[0].deviation_reason"},
      {[](ipb::ProjectFiling& f) {
         f.mutable_actuals(1)->set_achievement(ipb::NOT_ACHIEVED);
         f.mutable_actuals(1)->set_percent_of_weight("40");
         f.mutable_actuals(1)->set_deviation_reason("设备未到货");
       },
       grpc::StatusCode::INVALID_ARGUMENT, "filing.actuals[1].improvement"},
      {[](ipb::ProjectFiling& f) { f.mutable_actuals(0)->set_weight("二十"); },
       grpc::StatusCode::INVALID_ARGUMENT, "filing.actuals[0].weight"},
      {[](ipb::ProjectFiling& f) { f.set_self_score("101"); },
       grpc::StatusCode::INVALID_ARGUMENT, "filing.self_score"},
      {[](ipb::ProjectFiling& f) { f.set_scheme_id("CZ-2020"); },
       grpc::StatusCode::INVALID_ARGUMENT, "filing.scheme_id"},
      {[](ipb::ProjectFiling& f) {
         f.set_achieved_summary(std::string(2001, 'x'));
       },
       grpc::StatusCode::INVALID_ARGUMENT, "filing.achieved_summary"},
      // 农业局's targets are declared, not approved.
      {[](ipb::ProjectFiling& f) { f = Met("nyj", "N001"); },
       grpc::StatusCode::FAILED_PRECONDITION, "filing.key.department_code"},
  };
  for (const auto& [change, code, field] : cases) {
    ipb::ProjectFiling f = Met("jtj", "P002");
    for (ipb::ActualValue& a : *f.mutable_actuals()) {
      a.set_indicator_id("P002" + a.indicator_id().substr(4));
    }
    change(f);
    const std::string token =
        f.key().department_code() == "nyj"
            ? services_->TokenFor(access::Role::kDepartment, kRegion, "nyj")
            : *jtj_;
    ipb::ProjectFiling out;
    const grpc::Status s = Put(token, f, 0, &out);
    EXPECT_EQ(s.error_code(), code) << field << ": " << s.error_message();
    EXPECT_THAT(s.error_message(), StartsWith(field + ":")) << field;
  }
  // Nothing was stored: no filing, no audit row.
  ipb::ProjectFiling out;
  EXPECT_EQ(
      stub_->GetProjectFiling(CallAs(*jtj_).get(), Key("jtj", "P002"), &out)
          .error_code(),
      grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(AuditRows("PutProjectFiling"), before);
  // An incomplete draft is stored, and cannot be submitted.
  ipb::ProjectFiling partial = Met("jtj", "P002");
  partial.mutable_actuals()->Clear();
  ipb::ActualValue* a = partial.add_actuals();
  a->set_indicator_id("P002-3");
  a->set_value("91");
  ASSERT_TRUE(Put(*jtj_, partial, 0, &out).ok());
  const grpc::Status s = stub_->SubmitProjectFiling(
      CallAs(*jtj_).get(), Move(Key("jtj", "P002"), 1), &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(), StartsWith("filing.actuals: indicator"));
}

TEST_F(ProjectFilingTest, EachCallerReachesOnlyWhatIsTheirs) {
  ipb::ProjectFiling out;
  // A department files for itself only.
  grpc::Status s = Put(*jtj_, Met("wsj", "Q001"), 0, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(s.error_message(), StartsWith("filing.key.department_code"));
  s = stub_->GetProjectFiling(CallAs(*wsj_).get(), Key("jtj", "P001"), &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  ipb::ProjectFilingsRequest list;
  list.set_region_code(kRegion);
  list.set_department_code("jtj");
  list.set_year(kYear);
  ipb::ListProjectFilingsResponse listed;
  EXPECT_EQ(stub_->ListProjectFilings(CallAs(*wsj_).get(), list, &listed)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // Finance of another region reaches nothing here.
  s = Put(*elsewhere_, Met("wsj", "Q001"), 0, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  s = stub_->GetProjectFiling(CallAs(*elsewhere_).get(), Key("jtj", "P001"),
                              &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  s = stub_->ApproveProjectFiling(CallAs(*elsewhere_).get(),
                                  Move(Key("jtj", "P001"), 1), &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  s = stub_->ReturnProjectFiling(CallAs(*elsewhere_).get(),
                                 Move(Key("jtj", "P001"), 1, "x"), &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  // The region stream is finance's and admin's.
  ipb::ProjectFilingsRequest region;
  region.set_region_code(kRegion);
  region.set_year(kYear);
  for (const std::string* token : {jtj_, elsewhere_}) {
    const auto context = CallAs(*token);
    auto reader = stub_->StreamRegionProjectFilings(context.get(), region);
    ipb::RegionProjectFilingsPage page;
    while (reader->Read(&page)) {
    }
    EXPECT_EQ(reader->Finish().error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
  }
}

TEST_F(ProjectFilingTest, TheRegionStreamHoldsEveryDepartmentsProjects) {
  ipb::ProjectFiling filed;
  ASSERT_TRUE(Put(*wsj_, Met("wsj", "Q001"), 0, &filed).ok());
  ipb::ProjectFilingsRequest list;
  list.set_region_code(kRegion);
  list.set_department_code("jtj");
  list.set_year(kYear);
  ipb::ListProjectFilingsResponse jtj;
  ASSERT_TRUE(stub_->ListProjectFilings(CallAs(*jtj_).get(), list, &jtj).ok());

  ipb::ProjectFilingsRequest region;
  region.set_region_code(kRegion);
  region.set_year(kYear);
  const auto context = CallAs(*finance_);
  auto reader = stub_->StreamRegionProjectFilings(context.get(), region);
  std::vector<ipb::DepartmentProjectFilings> departments;
  ipb::RegionProjectFilingsPage page;
  while (reader->Read(&page)) {
    for (const auto& d : page.departments()) departments.push_back(d);
  }
  const grpc::Status s = reader->Finish();
  ASSERT_TRUE(s.ok()) << s.error_message();
  std::vector<std::string> codes;
  for (const auto& d : departments) codes.push_back(d.department_code());
  ASSERT_THAT(codes, ElementsAre("jtj", "nyj", "wsj"));
  // 交通运输局: both projects as approved, and what it filed.
  EXPECT_EQ(departments[0].targets_version(), 3);
  ASSERT_EQ(departments[0].projects_size(), 2);
  EXPECT_EQ(departments[0].projects(0).project_code(), "P001");
  EXPECT_EQ(departments[0].projects(1).project_code(), "P002");
  EXPECT_EQ(departments[0].projects(1).indicators_size(), 3);
  ASSERT_EQ(departments[0].filings_size(), jtj.filings_size());
  for (int i = 0; i < jtj.filings_size(); ++i) {
    EXPECT_EQ(departments[0].filings(i).SerializeAsString(),
              jtj.filings(i).SerializeAsString());
  }
  // 农业局: declared, nothing in force.
  EXPECT_EQ(departments[1].targets_version(), 0);
  EXPECT_EQ(departments[1].projects_size(), 0);
  EXPECT_EQ(departments[1].filings_size(), 0);
  // 卫健局: its one project and filing.
  EXPECT_EQ(departments[2].targets_version(), 3);
  ASSERT_EQ(departments[2].projects_size(), 1);
  EXPECT_EQ(departments[2].projects(0).project_name(), "基层医疗设备");
  ASSERT_EQ(departments[2].filings_size(), 1);
  EXPECT_EQ(departments[2].filings(0).SerializeAsString(),
            filed.SerializeAsString());
  // One department's filings, in project code order, for the department.
  ASSERT_TRUE(stub_
                  ->ListProjectFilings(
                      CallAs(*wsj_).get(),
                      [&] {
                        ipb::ProjectFilingsRequest r = list;
                        r.set_department_code("wsj");
                        return r;
                      }(),
                      &jtj)
                  .ok());
  ASSERT_EQ(jtj.filings_size(), 1);
  EXPECT_EQ(jtj.filings(0).key().project_code(), "Q001");
}

}  // namespace
}  // namespace jixiao

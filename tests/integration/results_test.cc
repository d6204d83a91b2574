// Results used (结果应用) and published (公开) over loopback gRPC, on the
// real services with tokens checked (SQLite, or PostgreSQL for the
// "postgresql." run): the built-in rule table's proposals for 中 (the seed,
// 73.26) and 优 (the seed under other grade bands, in a second evaluation
// service with its own database), a region's own table put and used,
// decisions recorded and re-recorded with their history, refused (no
// reason, a bad share, a department, another region's finance, no result)
// with nothing stored; a package refused before approval, published after,
// its digests, and a second publication that changes nothing; then
// (ResultsWithProjectsTest) the seed with the demo's illustrative projects:
// proposals and decisions for each project, a package holding each
// project's 自评表, verified offline by `jixiao verify` and refused when a
// form or a project's figure is changed. The ownership of every write RPC
// is also in security_test.cc and hostile_test.cc.
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "jixiao/evaluation/v1/evaluation.grpc.pb.h"
#include "jixiao/evaluation/v1/projects.grpc.pb.h"
#include "jixiao/evaluation/v1/results.grpc.pb.h"
#include "jixiao/indicator/v1/indicator.grpc.pb.h"
#include "tests/integration/calls.h"
#include "tests/integration/department_setup.h"
#include "tests/integration/service_process.h"
#include "tests/integration/services.h"
#include "tests/support/sha256_hex.h"

namespace jixiao {
namespace {

namespace epb = ::jixiao::evaluation::v1;
namespace ipb = ::jixiao::indicator::v1;
namespace fs = std::filesystem;
using test_support::Sha256Hex;
using testing::CallAs;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr char kSecret[] = "results-test-secret-0123456789-abcdefgh";
constexpr char kRegion[] = "430725";
constexpr char kSeed[] = "taoyuan-psb";

epb::DepartmentYear Key(const std::string& department = kSeed,
                        int year = 2019) {
  return testing::DepartmentYearKey<epb::DepartmentYear>(kRegion, department,
                                                         year);
}

void ExpectRefused(const grpc::Status& status, grpc::StatusCode code,
                   const std::string& field) {
  EXPECT_EQ(status.error_code(), code) << status.error_message();
  EXPECT_THAT(status.error_message(), StartsWith(field));
}

// The seed's department-wide evaluation in the indicator service moved
// along ("Submit" or "Approve") by the holder of `token`.
void MoveSeedEvaluation(const testing::ServiceProcess& indicator,
                        const std::string& admin, const std::string& method,
                        const std::string& token) {
  auto stub = ipb::IndicatorService::NewStub(testing::ChannelTo(indicator));
  const auto key =
      testing::DepartmentYearKey<ipb::EvaluationKey>(kRegion, kSeed, 2019);
  ipb::EvaluationVersion version;
  ASSERT_TRUE(
      stub->GetEvaluationVersion(CallAs(admin).get(), key, &version).ok());
  ipb::TransitionRequest request;
  *request.mutable_key() = key;
  request.set_expected_version(version.version());
  ipb::Evaluation moved;
  const grpc::Status s =
      method == "Submit" ? stub->Submit(CallAs(token).get(), request, &moved)
                         : stub->Approve(CallAs(token).get(), request, &moved);
  ASSERT_TRUE(s.ok()) << method << ": " << s.error_message();
}

class ResultsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    services_ =
        new testing::Services({.jwt_secret = kSecret, .evaluation = true});
    // A second evaluation service on a database of its own, with grade
    // bands under which the seed's 73.26 is 优.
    generous_ = services_
                    ->StartEvaluation(
                        {"--grade_bands=优:70,良:65,中:60,差:0",
                         "--storage=" +
                             testing::StorageUrl(services_->dir(), "generous")})
                    .release();
    admin_ = new std::string(services_->TokenFor(access::Role::kAdmin, "", ""));
    finance_ = new std::string(
        services_->TokenFor(access::Role::kFinance, kRegion, ""));
    elsewhere_ = new std::string(
        services_->TokenFor(access::Role::kFinance, "430600", ""));
    dept_ = new std::string(
        services_->TokenFor(access::Role::kDepartment, kRegion, kSeed));
    other_ = new std::string(
        services_->TokenFor(access::Role::kDepartment, kRegion, "002"));
    far_ = new std::string(
        services_->TokenFor(access::Role::kDepartment, "430600", "009"));
    const auto token_file = services_->dir().path() / "admin-token";
    std::ofstream(token_file) << *admin_ << "\n";
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"dataset", "load",
              std::string(JIXIAO_SOURCE_DIR) +
                  "/deploy/demo/taoyuan-psb-2019.json"},
             {"indicator", "load",
              std::string(JIXIAO_SOURCE_DIR) +
                  "/deploy/demo/taoyuan-psb-2019-indicators.json"}}) {
      std::vector<std::string> argv = {
          JIXIAO_CLI_BINARY, "--budget=" + services_->budget().address(),
          "--indicator=" + services_->indicator().address(),
          "--token_file=" + token_file.string()};
      argv.insert(argv.end(), args.begin(), args.end());
      const auto r = testing::RunCommand(argv);
      ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    results_ = Stub(services_->evaluation()).release();
    generous_results_ = Stub(*generous_).release();
    // Both services score the seed and keep its result.
    for (const testing::ServiceProcess* service :
         std::vector<const testing::ServiceProcess*>{&services_->evaluation(),
                                                     generous_}) {
      auto stub = epb::EvaluationService::NewStub(testing::ChannelTo(*service));
      epb::EvaluateRequest request;
      *request.mutable_key() = Key();
      epb::EvaluationResult result;
      const grpc::Status s =
          stub->Evaluate(CallAs(*finance_).get(), request, &result);
      ASSERT_TRUE(s.ok()) << s.error_message();
    }
  }
  static void TearDownTestSuite() {
    for (std::string* token :
         {admin_, finance_, elsewhere_, dept_, other_, far_}) {
      delete token;
    }
    delete results_;
    delete generous_results_;
    delete generous_;
    delete services_;
  }

  static std::unique_ptr<epb::ResultsService::Stub> Stub(
      const testing::ServiceProcess& service) {
    return epb::ResultsService::NewStub(testing::ChannelTo(service));
  }

  static epb::RecordDecisionRequest Reduce(int32_t share_bp,
                                           const std::string& reason,
                                           int64_t expected_version) {
    epb::RecordDecisionRequest request;
    *request.mutable_subject()->mutable_key() = Key();
    request.set_decision(epb::REDUCE);
    request.set_share_bp(share_bp);
    request.set_reason(reason);
    request.set_expected_version(expected_version);
    return request;
  }

  static std::vector<epb::Decision> Decisions(const std::string& token) {
    epb::ListDecisionsRequest request;
    request.set_region_code(kRegion);
    request.set_year(2019);
    epb::ListDecisionsResponse response;
    const grpc::Status s =
        results_->ListDecisions(CallAs(token).get(), request, &response);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return {response.decisions().begin(), response.decisions().end()};
  }

  // The indicator service's evaluation of the seed moved along.
  static void Move(const std::string& method, const std::string& token) {
    MoveSeedEvaluation(services_->indicator(), *admin_, method, token);
  }

  static testing::Services* services_;
  static testing::ServiceProcess* generous_;
  static epb::ResultsService::Stub* results_;
  static epb::ResultsService::Stub* generous_results_;
  static std::string* admin_;
  static std::string* finance_;
  static std::string* elsewhere_;
  static std::string* dept_;
  static std::string* other_;
  static std::string* far_;
};

testing::Services* ResultsTest::services_ = nullptr;
testing::ServiceProcess* ResultsTest::generous_ = nullptr;
epb::ResultsService::Stub* ResultsTest::results_ = nullptr;
epb::ResultsService::Stub* ResultsTest::generous_results_ = nullptr;
std::string* ResultsTest::admin_ = nullptr;
std::string* ResultsTest::finance_ = nullptr;
std::string* ResultsTest::elsewhere_ = nullptr;
std::string* ResultsTest::dept_ = nullptr;
std::string* ResultsTest::other_ = nullptr;
std::string* ResultsTest::far_ = nullptr;

TEST_F(ResultsTest, TheBuiltInTableProposesForTheSeedsMiddleGrade) {
  epb::GetDecisionRulesRequest get;
  get.set_region_code(kRegion);
  epb::DecisionRules rules;
  // Anyone of the region reads the table; a department elsewhere does not.
  ASSERT_TRUE(
      results_->GetDecisionRules(CallAs(*other_).get(), get, &rules).ok());
  EXPECT_TRUE(rules.built_in());
  EXPECT_EQ(rules.version(), 0);
  EXPECT_EQ(rules.rules_size(), 12);
  EXPECT_EQ(rules.source_article(), "第十八条");
  EXPECT_THAT(rules.note(), HasSubstr("local choice"));
  ExpectRefused(results_->GetDecisionRules(CallAs(*far_).get(), get, &rules),
                grpc::StatusCode::PERMISSION_DENIED, "region_code:");

  epb::DecisionSubject subject;
  *subject.mutable_key() = Key();
  epb::Proposal proposal;
  ASSERT_TRUE(
      results_->ProposeDecision(CallAs(*dept_).get(), subject, &proposal).ok());
  EXPECT_EQ(proposal.total(), "73.26");
  EXPECT_EQ(proposal.grade(), "中");
  EXPECT_EQ(proposal.object(), epb::DEPARTMENT_WIDE);
  EXPECT_EQ(proposal.rule().decision(), epb::MAINTAIN);
  EXPECT_EQ(proposal.rule().wording(), "严格控制新增项目");
  EXPECT_TRUE(proposal.built_in_rules());
  EXPECT_THAT(proposal.source(), HasSubstr("第十八条"));

  // A department-year without a result: refused, named.
  *subject.mutable_key() = Key(kSeed, 2020);
  ExpectRefused(
      results_->ProposeDecision(CallAs(*finance_).get(), subject, &proposal),
      grpc::StatusCode::FAILED_PRECONDITION, "subject: department taoyuan-psb");
  // A project that is not among the approved targets' has no result.
  *subject.mutable_key() = Key();
  subject.set_project_code("P999");
  ExpectRefused(
      results_->ProposeDecision(CallAs(*finance_).get(), subject, &proposal),
      grpc::StatusCode::FAILED_PRECONDITION, "subject: project P999");
  subject.clear_project_code();
  subject.set_project_kind(epb::PROJECT_ONE_OFF);
  ExpectRefused(
      results_->ProposeDecision(CallAs(*finance_).get(), subject, &proposal),
      grpc::StatusCode::INVALID_ARGUMENT, "project_kind:");
  subject.clear_project_kind();
  // Another department's proposal is not a department's to read.
  *subject.mutable_key() = Key();
  ExpectRefused(
      results_->ProposeDecision(CallAs(*other_).get(), subject, &proposal),
      grpc::StatusCode::PERMISSION_DENIED, "key.department_code:");
}

TEST_F(ResultsTest, ExcellentUnderTheDefaultThenTheRegionsOwnTable) {
  epb::DecisionSubject subject;
  *subject.mutable_key() = Key();
  epb::Proposal proposal;
  ASSERT_TRUE(generous_results_
                  ->ProposeDecision(CallAs(*finance_).get(), subject, &proposal)
                  .ok());
  EXPECT_EQ(proposal.grade(), "优");
  EXPECT_EQ(proposal.rule().decision(), epb::PRIORITY);
  EXPECT_EQ(proposal.rule().wording(), "优先保障总预算");

  epb::PutDecisionRulesRequest put;
  epb::DecisionRules* rules = put.mutable_rules();
  rules->set_region_code(kRegion);
  rules->set_source_document("桃源县财政局预算绩效结果应用办法 (示例)");
  rules->set_source_article("第七条");
  epb::DecisionRule* row = rules->add_rules();
  row->set_object(epb::DEPARTMENT_WIDE);
  row->set_grade("优");
  row->set_decision(epb::REDUCE);
  row->set_share_bp(20'000);
  row->set_wording("一定比例核减");
  epb::DecisionRules stored;
  // Refused: a share over 100%, a department, another region's finance.
  ExpectRefused(generous_results_->PutDecisionRules(CallAs(*finance_).get(),
                                                    put, &stored),
                grpc::StatusCode::INVALID_ARGUMENT, "rules.rules[0].share_bp:");
  row->set_share_bp(500);
  ExpectRefused(
      generous_results_->PutDecisionRules(CallAs(*dept_).get(), put, &stored),
      grpc::StatusCode::PERMISSION_DENIED, "rules.region_code:");
  ExpectRefused(generous_results_->PutDecisionRules(CallAs(*elsewhere_).get(),
                                                    put, &stored),
                grpc::StatusCode::PERMISSION_DENIED, "rules.region_code:");
  ASSERT_TRUE(
      generous_results_->PutDecisionRules(CallAs(*finance_).get(), put, &stored)
          .ok());
  EXPECT_FALSE(stored.built_in());
  EXPECT_EQ(stored.version(), 1);
  // A second writer working from version 0 is refused.
  ExpectRefused(generous_results_->PutDecisionRules(CallAs(*finance_).get(),
                                                    put, &stored),
                grpc::StatusCode::ABORTED, "expected_version:");

  ASSERT_TRUE(generous_results_
                  ->ProposeDecision(CallAs(*finance_).get(), subject, &proposal)
                  .ok());
  EXPECT_EQ(proposal.rule().decision(), epb::REDUCE);
  EXPECT_EQ(proposal.rule().share_bp(), 500);
  EXPECT_FALSE(proposal.built_in_rules());
  EXPECT_EQ(proposal.rules_version(), 1);
  EXPECT_THAT(proposal.source(), HasSubstr("第七条"));
  // The other service's database still has the built-in table.
  ASSERT_TRUE(
      results_->ProposeDecision(CallAs(*finance_).get(), subject, &proposal)
          .ok());
  EXPECT_TRUE(proposal.built_in_rules());
}

TEST_F(ResultsTest, DecisionsKeepTheProposalAndTheirHistory) {
  epb::Decision first;
  ASSERT_TRUE(results_
                  ->RecordDecision(CallAs(*finance_).get(),
                                   Reduce(1000, "执行率偏低, 核减一成", 0),
                                   &first)
                  .ok());
  EXPECT_EQ(first.version(), 1);
  EXPECT_EQ(first.share_bp(), 1000);
  EXPECT_EQ(first.proposal().rule().decision(), epb::MAINTAIN);
  EXPECT_TRUE(first.departs_from_proposal());
  EXPECT_EQ(first.decided_by(), absl::StrCat("user-", kRegion, "-"));

  // Refused, each naming its field, and nothing stored.
  epb::Decision refused;
  ExpectRefused(results_->RecordDecision(CallAs(*finance_).get(),
                                         Reduce(1000, "", 1), &refused),
                grpc::StatusCode::INVALID_ARGUMENT, "reason:");
  ExpectRefused(results_->RecordDecision(CallAs(*finance_).get(),
                                         Reduce(1000, "   ", 1), &refused),
                grpc::StatusCode::INVALID_ARGUMENT, "reason:");
  ExpectRefused(results_->RecordDecision(
                    CallAs(*finance_).get(),
                    Reduce(1000, std::string(1001, 'x'), 1), &refused),
                grpc::StatusCode::INVALID_ARGUMENT, "reason:");
  ExpectRefused(results_->RecordDecision(CallAs(*finance_).get(),
                                         Reduce(0, "理由", 1), &refused),
                grpc::StatusCode::INVALID_ARGUMENT, "share_bp:");
  ExpectRefused(results_->RecordDecision(CallAs(*finance_).get(),
                                         Reduce(10001, "理由", 1), &refused),
                grpc::StatusCode::INVALID_ARGUMENT, "share_bp:");
  epb::RecordDecisionRequest maintain = Reduce(1000, "理由", 1);
  maintain.set_decision(epb::MAINTAIN);
  ExpectRefused(
      results_->RecordDecision(CallAs(*finance_).get(), maintain, &refused),
      grpc::StatusCode::INVALID_ARGUMENT, "share_bp:");
  ExpectRefused(results_->RecordDecision(CallAs(*dept_).get(),
                                         Reduce(1000, "理由", 1), &refused),
                grpc::StatusCode::PERMISSION_DENIED,
                "subject.key.region_code:");
  ExpectRefused(results_->RecordDecision(CallAs(*elsewhere_).get(),
                                         Reduce(1000, "理由", 1), &refused),
                grpc::StatusCode::PERMISSION_DENIED,
                "subject.key.region_code:");
  epb::RecordDecisionRequest no_result = Reduce(1000, "理由", 0);
  *no_result.mutable_subject()->mutable_key() = Key(kSeed, 2020);
  ExpectRefused(
      results_->RecordDecision(CallAs(*finance_).get(), no_result, &refused),
      grpc::StatusCode::FAILED_PRECONDITION, "subject: department taoyuan-psb");
  ExpectRefused(results_->RecordDecision(CallAs(*finance_).get(),
                                         Reduce(1000, "理由", 0), &refused),
                grpc::StatusCode::ABORTED, "expected_version:");
  std::vector<epb::Decision> listed = Decisions(*finance_);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].version(), 1);

  // Re-recorded: the proposal's own decision, the first kept as history.
  maintain.clear_share_bp();
  maintain.set_reason("整改到位后维持");
  epb::Decision second;
  ASSERT_TRUE(
      results_->RecordDecision(CallAs(*finance_).get(), maintain, &second)
          .ok());
  EXPECT_EQ(second.version(), 2);
  EXPECT_FALSE(second.departs_from_proposal());
  listed = Decisions(*finance_);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].decision(), epb::MAINTAIN);
  ASSERT_EQ(listed[0].earlier_size(), 1);
  EXPECT_EQ(listed[0].earlier(0).decision(), epb::REDUCE);
  EXPECT_EQ(listed[0].earlier(0).reason(), "执行率偏低, 核减一成");

  // A department lists its own by naming itself, not the region's.
  epb::ListDecisionsRequest own;
  own.set_region_code(kRegion);
  own.set_year(2019);
  own.set_department_code(kSeed);
  epb::ListDecisionsResponse response;
  ASSERT_TRUE(
      results_->ListDecisions(CallAs(*dept_).get(), own, &response).ok());
  EXPECT_EQ(response.decisions_size(), 1);
  ExpectRefused(results_->ListDecisions(CallAs(*other_).get(), own, &response),
                grpc::StatusCode::PERMISSION_DENIED, "department_code:");
  own.clear_department_code();
  ExpectRefused(results_->ListDecisions(CallAs(*dept_).get(), own, &response),
                grpc::StatusCode::PERMISSION_DENIED, "region_code:");

  // Both writes audited, none of the refusals.
  audit::v1::ListAuditRequest audit;
  audit.set_region_code(kRegion);
  audit.set_method("RecordDecision");
  audit::v1::ListAuditResponse trail;
  auto eval = epb::EvaluationService::NewStub(
      testing::ChannelTo(services_->evaluation()));
  ASSERT_TRUE(eval->ListAudit(CallAs(*finance_).get(), audit, &trail).ok());
  EXPECT_EQ(trail.entries_size(), 2);
}

TEST_F(ResultsTest, APackageAfterApprovalOnceAndForAll) {
  epb::PublicationPackage package;
  // Not before the evaluation is approved, and nothing stored.
  ExpectRefused(
      results_->PublishPackage(CallAs(*finance_).get(), Key(), &package),
      grpc::StatusCode::FAILED_PRECONDITION, "department_code:");
  EXPECT_EQ(results_->GetPackage(CallAs(*finance_).get(), Key(), &package)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
  Move("Submit", *dept_);
  ExpectRefused(
      results_->PublishPackage(CallAs(*finance_).get(), Key(), &package),
      grpc::StatusCode::FAILED_PRECONDITION, "department_code:");
  Move("Approve", *finance_);
  // Finance publishes, not the department.
  ExpectRefused(results_->PublishPackage(CallAs(*dept_).get(), Key(), &package),
                grpc::StatusCode::PERMISSION_DENIED, "region_code:");
  const grpc::Status published =
      results_->PublishPackage(CallAs(*finance_).get(), Key(), &package);
  ASSERT_TRUE(published.ok()) << published.error_message();
  EXPECT_FALSE(package.already_published());
  EXPECT_EQ(package.total(), "73.26");
  EXPECT_EQ(package.grade(), "中");
  ASSERT_EQ(package.files_size(), 3);
  EXPECT_EQ(package.files(0).name(), "manifest.json");
  EXPECT_EQ(package.files(1).name(), "430725-taoyuan-psb-2019.md");
  EXPECT_EQ(package.files(2).name(), "scoring-table.json");
  for (const epb::PackageFile& f : package.files()) {
    EXPECT_EQ(f.sha256(), Sha256Hex(f.content())) << f.name();
    EXPECT_EQ(f.size_bytes(), static_cast<int64_t>(f.content().size()));
  }
  EXPECT_THAT(package.files(1).content(), HasSubstr("综合得分73.26分"));

  epb::PackageManifest manifest;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(
                  package.files(0).content(), &manifest)
                  .ok());
  EXPECT_EQ(manifest.total(), "73.26");
  EXPECT_EQ(manifest.grade(), "中");
  EXPECT_EQ(manifest.framework_id(), "hunan-county-department-2019");
  EXPECT_GT(manifest.framework().nodes_size(), manifest.leaves_size());
  EXPECT_GT(manifest.leaves_size(), 20);
  EXPECT_EQ(manifest.values_size(), manifest.leaves_size());
  EXPECT_GT(manifest.figures_version(), 0);
  EXPECT_GT(manifest.indicator_version(), 0);
  ASSERT_EQ(manifest.files_size(), 2);
  EXPECT_EQ(manifest.files(0).sha256(), package.files(1).sha256());
  EXPECT_EQ(manifest.files(1).sha256(), package.files(2).sha256());
  EXPECT_EQ(manifest.grade_bands_size(), 4);
  bool seen_deduction = false;
  for (const epb::ManifestLeaf& leaf : manifest.leaves()) {
    if (leaf.id() == "2.1.5") {
      EXPECT_EQ(leaf.score(), "3.96");
      seen_deduction = leaf.deductions_size() == 1;
    }
  }
  EXPECT_TRUE(seen_deduction);

  // Again: the stored package, unchanged, and no second audit row.
  epb::PublicationPackage again;
  ASSERT_TRUE(
      results_->PublishPackage(CallAs(*admin_).get(), Key(), &again).ok());
  EXPECT_TRUE(again.already_published());
  EXPECT_EQ(again.published_at(), package.published_at());
  ASSERT_EQ(again.files_size(), package.files_size());
  for (int i = 0; i < again.files_size(); ++i) {
    EXPECT_EQ(again.files(i).content(), package.files(i).content());
  }
  // Public in its region: another department reads it; one elsewhere not.
  epb::PublicationPackage read;
  ASSERT_TRUE(results_->GetPackage(CallAs(*other_).get(), Key(), &read).ok());
  EXPECT_EQ(read.files(0).sha256(), package.files(0).sha256());
  ExpectRefused(results_->GetPackage(CallAs(*far_).get(), Key(), &read),
                grpc::StatusCode::PERMISSION_DENIED, "region_code:");
  audit::v1::ListAuditRequest audit;
  audit.set_region_code(kRegion);
  audit.set_method("PublishPackage");
  audit::v1::ListAuditResponse trail;
  auto eval = epb::EvaluationService::NewStub(
      testing::ChannelTo(services_->evaluation()));
  ASSERT_TRUE(eval->ListAudit(CallAs(*finance_).get(), audit, &trail).ok());
  EXPECT_EQ(trail.entries_size(), 1);
}

// A department with projects, on services of its own: the seed with the
// demo's illustrative projects (deploy/demo: budgets, approved targets,
// payments to December, approved filings), evaluated; finance decides for
// the department and each project, publishes, and the package holds each
// project's 自评表 and a manifest from which `jixiao verify` scores the
// department and every project again, refusing a changed form or figure.
class ResultsWithProjectsTest : public ::testing::Test {
 protected:
  ResultsWithProjectsTest() {
    admin_ = services_.TokenFor(access::Role::kAdmin, "", "");
    finance_ = services_.TokenFor(access::Role::kFinance, kRegion, "");
    dept_ = services_.TokenFor(access::Role::kDepartment, kRegion, kSeed);
    token_file_ = Out("admin-token");
    std::ofstream(token_file_) << admin_ << "\n";
  }

  testing::CommandResult Cli(std::vector<std::string> args) {
    args.insert(args.begin(),
                {JIXIAO_CLI_BINARY, "--budget=" + services_.budget().address(),
                 "--indicator=" + services_.indicator().address(),
                 "--evaluation=" + services_.evaluation().address(),
                 "--token_file=" + token_file_});
    return testing::RunCommand(args);
  }

  static std::string Demo(const std::string& name) {
    return std::string(JIXIAO_SOURCE_DIR) + "/deploy/demo/" + name;
  }

  // The demo's steps (deploy/run-local.sh) up to the approved filings.
  void Seed() {
    const std::vector<std::string> key = {
        "--region=430725", "--department=taoyuan-psb", "--year=2019"};
    const auto with = [&](std::vector<std::string> args) {
      args.insert(args.end(), key.begin(), key.end());
      return args;
    };
    for (const std::vector<std::string>& args :
         std::vector<std::vector<std::string>>{
             {"dataset", "load", Demo("taoyuan-psb-2019.json"),
              "--projects_file=" +
                  Demo("taoyuan-psb-2019-project-budgets.json")},
             {"indicator", "load", Demo("taoyuan-psb-2019-indicators.json")},
             with({"targets", "import", Demo("taoyuan-psb-2019-targets.csv")}),
             with({"targets", "submit"}),
             with({"targets", "approve"}),
             {"import", "ledger", Demo("taoyuan-psb-2019-project-payments.csv"),
              "--region=430725"},
             with({"projects", "file", Demo("taoyuan-psb-2019-projects.csv")}),
             with({"projects", "submit", "--project=P001"}),
             with({"projects", "approve", "--project=P001"}),
             with({"projects", "submit", "--project=P002"}),
             with({"projects", "approve", "--project=P002"})}) {
      const auto r = Cli(args);
      ASSERT_EQ(r.exit_code, 0) << args[0] << " " << args[1] << ": " << r.err;
    }
  }

  // The seed's department-wide evaluation moved along.
  void Move(const std::string& method, const std::string& token) {
    MoveSeedEvaluation(services_.indicator(), admin_, method, token);
  }

  std::string Out(const std::string& name) const {
    return (services_.dir().path() / name).string();
  }

  testing::Services services_{{.jwt_secret = kSecret, .evaluation = true}};
  std::string admin_, finance_, dept_, token_file_;
};

TEST_F(ResultsWithProjectsTest, ProjectsDecidedPublishedAndVerified) {
  ASSERT_NO_FATAL_FAILURE(Seed());
  // The department-wide evaluation: the seed's score, its projects listed
  // as the project scoring gives them.
  auto evaluation = epb::EvaluationService::NewStub(
      testing::ChannelTo(services_.evaluation()));
  auto scoring = epb::ProjectScoringService::NewStub(
      testing::ChannelTo(services_.evaluation()));
  epb::EvaluateRequest request;
  *request.mutable_key() = Key();
  epb::EvaluationResult result;
  grpc::Status s =
      evaluation->Evaluate(CallAs(finance_).get(), request, &result);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(result.total(), "73.26");
  EXPECT_EQ(result.grade(), "中");
  epb::ProjectEvaluations projects;
  s = scoring->EvaluateProjects(CallAs(finance_).get(), request, &projects);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(projects.projects_size(), 2);
  ASSERT_EQ(result.projects_size(), 2);
  // By hand (cz2020_10: 执行 10, 产出 50, 效益 30, 满意度 10; bands 90/80/60).
  // P001: paid 2714.896 of 3393.62万元 = 80.00% → 8; 产出 2 of ≥ 3 个
  // (25 × 2/3 = 16.67) and 80% of ≥ 90% (25 × 80/90 = 22.22); 效益 部分达成
  // 75% of 30 = 22.5; 满意度 92% ≥ 90% → 10: 79.39, 中.
  // P002: 2102.768 of 2213.44万元 = 95.00% → 9.5; 产出 50; 效益 95% of 30
  // = 28.5; 满意度 96% ≥ 95% → 10: 98, 优.
  const std::vector<std::tuple<std::string, std::string, std::string>> want = {
      {"P001", "79.39", "中"}, {"P002", "98", "优"}};
  for (int i = 0; i < 2; ++i) {
    const auto& [code, total, grade] = want[i];
    EXPECT_EQ(projects.projects(i).project_code(), code);
    EXPECT_EQ(projects.projects(i).total(), total);
    EXPECT_EQ(projects.projects(i).grade(), grade);
    EXPECT_TRUE(projects.projects(i).complete());
    EXPECT_EQ(result.projects(i).project_code(), code);
    EXPECT_EQ(result.projects(i).total(), total);
    EXPECT_EQ(result.projects(i).grade(), grade);
    EXPECT_EQ(result.projects(i).filing_status(), "已审核");
  }
  EXPECT_EQ(result.projects(0).execution_rate(), "80.00");
  EXPECT_EQ(result.projects(1).execution_rate(), "95.00");

  // Proposals from each grade, then finance's decisions.
  auto results =
      epb::ResultsService::NewStub(testing::ChannelTo(services_.evaluation()));
  const std::vector<std::tuple<std::string, epb::DecisionKind>> decisions = {
      {"", epb::MAINTAIN},
      {"P001", epb::RECTIFY_FIRST},
      {"P002", epb::PRIORITY}};
  for (const auto& [project, kind] : decisions) {
    epb::DecisionSubject subject;
    *subject.mutable_key() = Key();
    if (!project.empty()) subject.set_project_code(project);
    epb::Proposal proposal;
    s = results->ProposeDecision(CallAs(finance_).get(), subject, &proposal);
    ASSERT_TRUE(s.ok()) << project << ": " << s.error_message();
    epb::RecordDecisionRequest record;
    *record.mutable_subject() = subject;
    record.set_decision(kind);
    record.set_reason(absl::StrCat("示例决定 ", project));
    record.set_expected_version(0);
    epb::Decision decision;
    s = results->RecordDecision(CallAs(finance_).get(), record, &decision);
    ASSERT_TRUE(s.ok()) << project << ": " << s.error_message();
    EXPECT_EQ(decision.subject().project_code(), project);
  }
  epb::ListDecisionsRequest list;
  list.set_region_code(kRegion);
  list.set_year(2019);
  epb::ListDecisionsResponse listed;
  ASSERT_TRUE(
      results->ListDecisions(CallAs(finance_).get(), list, &listed).ok());
  ASSERT_EQ(listed.decisions_size(), 3);

  // Published once approved: the report, the scoring table, each form.
  Move("Submit", dept_);
  Move("Approve", finance_);
  epb::PublicationPackage package;
  s = results->PublishPackage(CallAs(finance_).get(), Key(), &package);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(package.files_size(), 5);
  EXPECT_EQ(package.files(3).name(),
            "projects/430725-taoyuan-psb-2019-P001.md");
  EXPECT_EQ(package.files(4).name(),
            "projects/430725-taoyuan-psb-2019-P002.md");
  EXPECT_THAT(package.files(3).content(),
              HasSubstr("公安基础设施建设（示例）"));
  EXPECT_THAT(package.files(3).content(), HasSubstr("等级：中"));
  EXPECT_THAT(package.files(1).content(), HasSubstr("项目支出绩效自评情况"));
  epb::PackageManifest manifest;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(
                  package.files(0).content(), &manifest)
                  .ok());
  ASSERT_EQ(manifest.projects_size(), 2);
  for (int i = 0; i < 2; ++i) {
    const epb::ManifestProject& p = manifest.projects(i);
    EXPECT_EQ(p.project_code(), std::get<0>(want[i]));
    EXPECT_EQ(p.total(), std::get<1>(want[i]));
    EXPECT_EQ(p.grade(), std::get<2>(want[i]));
    EXPECT_EQ(p.file(), package.files(3 + i).name());
    EXPECT_EQ(p.target().project_code(), p.project_code());
    EXPECT_EQ(p.filing().actuals_size(), 4);
    EXPECT_FALSE(p.filing().has_changed_by());  // not published
    EXPECT_TRUE(p.budget_known());
    EXPECT_EQ(p.scheme().id(), "cz2020_10");
  }
  EXPECT_EQ(manifest.projects(0).executed(), 2'714'896'000);

  // Exported and verified offline: the department and each project scored
  // again from the manifest alone.
  const auto got =
      Cli({"package", "get", "--region=430725", "--department=taoyuan-psb",
           "--year=2019", "--out=" + Out("pkg")});
  ASSERT_EQ(got.exit_code, 0) << got.err;
  const auto verified = Cli({"verify", Out("pkg")});
  ASSERT_EQ(verified.exit_code, 0) << verified.err;
  EXPECT_EQ(verified.out, "verified: total 73.26 中, 5 files\n");

  // One byte of a project form changed: refused, the form named.
  fs::copy(Out("pkg"), Out("form"), fs::copy_options::recursive);
  const std::string form =
      Out("form") + "/projects/430725-taoyuan-psb-2019-P002.md";
  std::string text = testing::ReadFileText(form);
  const size_t at = text.find("等级：优");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, std::string("等级：优").size(), "等级：良");
  std::ofstream(form, std::ios::binary | std::ios::trunc) << text;
  const auto tampered = Cli({"verify", Out("form")});
  EXPECT_EQ(tampered.exit_code, 1);
  EXPECT_THAT(tampered.err,
              HasSubstr("projects/430725-taoyuan-psb-2019-P002.md: sha256 "));

  // A project's total changed in the manifest, or a figure it is scored
  // from: the project named with what it scores to.
  for (const std::string& change : {"total", "actual"}) {
    fs::copy(Out("pkg"), Out(change), fs::copy_options::recursive);
    epb::PackageManifest changed = manifest;
    if (change == "total") {
      changed.mutable_projects(1)->set_total("100");
    } else {
      // P001's 派出所 2 of ≥ 3 said to be 3: 25 more × 1/3 → 87.72.
      changed.mutable_projects(0)
          ->mutable_filing()
          ->mutable_actuals(0)
          ->set_value("3");
    }
    std::string json;
    google::protobuf::util::JsonPrintOptions options;
    options.add_whitespace = true;
    options.preserve_proto_field_names = true;
    ASSERT_TRUE(
        google::protobuf::util::MessageToJsonString(changed, &json, options)
            .ok());
    std::ofstream(Out(change) + "/manifest.json",
                  std::ios::binary | std::ios::trunc)
        << json;
    const auto refused = Cli({"verify", Out(change)});
    EXPECT_EQ(refused.exit_code, 1) << change;
    EXPECT_THAT(refused.err,
                HasSubstr(change == "total"
                              ? "manifest.json: project P002 "
                                "执法办案与社会治安防控（示例）: total 100, "
                                "recomputed 98"
                              : "manifest.json: project P001 "
                                "公安基础设施建设（示例）: total 79.39, "
                                "recomputed "))
        << change;
  }
}

}  // namespace
}  // namespace jixiao

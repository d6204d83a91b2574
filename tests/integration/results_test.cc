// Results used (结果应用) and published (公开) over loopback gRPC, on the
// real services with tokens checked (SQLite, or PostgreSQL for the
// "postgresql." run): the built-in rule table's proposals for 中 (the seed,
// 73.26) and 优 (the seed under other grade bands, in a second evaluation
// service with its own database), a region's own table put and used,
// decisions recorded and re-recorded with their history, refused (no
// reason, a bad share, a department, another region's finance, no result)
// with nothing stored; a package refused before approval, published after,
// its digests, and a second publication that changes nothing. The
// ownership of every write RPC is also in security_test.cc and
// hostile_test.cc.
#include <openssl/sha.h>

#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "jixiao/evaluation/v1/evaluation.grpc.pb.h"
#include "jixiao/evaluation/v1/results.grpc.pb.h"
#include "jixiao/indicator/v1/indicator.grpc.pb.h"
#include "libs/jwt/jwt.h"
#include "tests/integration/service_process.h"

namespace jixiao {
namespace {

namespace epb = ::jixiao::evaluation::v1;
namespace ipb = ::jixiao::indicator::v1;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr char kSecret[] = "results-test-secret-0123456789-abcdefgh";
constexpr char kRegion[] = "430725";
constexpr char kSeed[] = "taoyuan-psb";

std::string Token(access::Role role, const std::string& region,
                  const std::string& department) {
  jwt::Claims claims;
  claims.principal.subject = absl::StrCat("user-", region, "-", department);
  claims.principal.role = role;
  claims.principal.region_code = region;
  claims.principal.department_code = department;
  claims.expires = absl::Now() + absl::Hours(1);
  auto token = jwt::MintHs256(claims, kSecret);
  EXPECT_TRUE(token.ok()) << token.status();
  return token.ok() ? *token : "";
}

std::string Sha256Hex(const std::string& content) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(content.data()), content.size(),
         digest);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), sizeof(digest)));
}

epb::DepartmentYear Key(const std::string& department = kSeed,
                        int year = 2019) {
  epb::DepartmentYear key;
  key.set_region_code(kRegion);
  key.set_department_code(department);
  key.set_year(year);
  return key;
}

void ExpectRefused(const grpc::Status& status, grpc::StatusCode code,
                   const std::string& field) {
  EXPECT_EQ(status.error_code(), code) << status.error_message();
  EXPECT_THAT(status.error_message(), StartsWith(field));
}

class ResultsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    const auto secret = dir_->path() / "jwt-secret";
    std::ofstream(secret) << kSecret << "\n";
    const std::string flag = "--jwt_hs256_secret_file=" + secret.string();
    budget_ = testing::StartBudget(*dir_, {flag}).release();
    indicator_ = testing::StartIndicator(*dir_, *budget_, {flag}).release();
    evaluation_ = testing::StartEvaluation(*dir_, *budget_, *indicator_, {flag})
                      .release();
    // A second evaluation service on a database of its own, with grade
    // bands under which the seed's 73.26 is 优.
    generous_ = testing::StartEvaluation(
                    *dir_, *budget_, *indicator_,
                    {flag, "--grade_bands=优:70,良:65,中:60,差:0",
                     "--storage=" + testing::StorageUrl(*dir_, "generous")})
                    .release();
    admin_ = new std::string(Token(access::Role::kAdmin, "", ""));
    finance_ = new std::string(Token(access::Role::kFinance, kRegion, ""));
    elsewhere_ = new std::string(Token(access::Role::kFinance, "430600", ""));
    dept_ = new std::string(Token(access::Role::kDepartment, kRegion, kSeed));
    other_ = new std::string(Token(access::Role::kDepartment, kRegion, "002"));
    far_ = new std::string(Token(access::Role::kDepartment, "430600", "009"));
    const auto token_file = dir_->path() / "admin-token";
    std::ofstream(token_file) << *admin_ << "\n";
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"dataset", "load",
              std::string(JIXIAO_SOURCE_DIR) +
                  "/deploy/demo/taoyuan-psb-2019.json"},
             {"indicator", "load",
              std::string(JIXIAO_SOURCE_DIR) +
                  "/deploy/demo/taoyuan-psb-2019-indicators.json"}}) {
      std::vector<std::string> argv = {JIXIAO_CLI_BINARY,
                                       "--budget=" + budget_->address(),
                                       "--indicator=" + indicator_->address(),
                                       "--token_file=" + token_file.string()};
      argv.insert(argv.end(), args.begin(), args.end());
      const auto r = testing::RunCommand(argv);
      ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    results_ = Stub(*evaluation_).release();
    generous_results_ = Stub(*generous_).release();
    // Both services score the seed and keep its result.
    for (testing::ServiceProcess* service : {evaluation_, generous_}) {
      auto stub = epb::EvaluationService::NewStub(grpc::CreateChannel(
          service->address(), grpc::InsecureChannelCredentials()));
      epb::EvaluateRequest request;
      *request.mutable_key() = Key();
      epb::EvaluationResult result;
      const grpc::Status s =
          stub->Evaluate(As(*finance_).get(), request, &result);
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
    delete evaluation_;
    delete indicator_;
    delete budget_;
    delete dir_;
  }

  static std::unique_ptr<epb::ResultsService::Stub> Stub(
      const testing::ServiceProcess& service) {
    return epb::ResultsService::NewStub(grpc::CreateChannel(
        service.address(), grpc::InsecureChannelCredentials()));
  }

  static std::unique_ptr<grpc::ClientContext> As(const std::string& token) {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() +
                          std::chrono::seconds(30));
    context->AddMetadata("authorization", "Bearer " + token);
    return context;
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
        results_->ListDecisions(As(token).get(), request, &response);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return {response.decisions().begin(), response.decisions().end()};
  }

  // The indicator service's evaluation of the seed moved along.
  static void Move(const std::string& method, const std::string& token) {
    auto stub = ipb::IndicatorService::NewStub(grpc::CreateChannel(
        indicator_->address(), grpc::InsecureChannelCredentials()));
    ipb::EvaluationKey key;
    key.set_region_code(kRegion);
    key.set_department_code(kSeed);
    key.set_year(2019);
    ipb::EvaluationVersion version;
    ASSERT_TRUE(
        stub->GetEvaluationVersion(As(*admin_).get(), key, &version).ok());
    ipb::TransitionRequest request;
    *request.mutable_key() = key;
    request.set_expected_version(version.version());
    ipb::Evaluation moved;
    const grpc::Status s =
        method == "Submit" ? stub->Submit(As(token).get(), request, &moved)
                           : stub->Approve(As(token).get(), request, &moved);
    ASSERT_TRUE(s.ok()) << method << ": " << s.error_message();
  }

  static testing::TempDir* dir_;
  static testing::ServiceProcess* budget_;
  static testing::ServiceProcess* indicator_;
  static testing::ServiceProcess* evaluation_;
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

testing::TempDir* ResultsTest::dir_ = nullptr;
testing::ServiceProcess* ResultsTest::budget_ = nullptr;
testing::ServiceProcess* ResultsTest::indicator_ = nullptr;
testing::ServiceProcess* ResultsTest::evaluation_ = nullptr;
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
  ASSERT_TRUE(results_->GetDecisionRules(As(*other_).get(), get, &rules).ok());
  EXPECT_TRUE(rules.built_in());
  EXPECT_EQ(rules.version(), 0);
  EXPECT_EQ(rules.rules_size(), 12);
  EXPECT_EQ(rules.source_article(), "第十八条");
  EXPECT_THAT(rules.note(), HasSubstr("local choice"));
  ExpectRefused(results_->GetDecisionRules(As(*far_).get(), get, &rules),
                grpc::StatusCode::PERMISSION_DENIED, "region_code:");

  epb::DecisionSubject subject;
  *subject.mutable_key() = Key();
  epb::Proposal proposal;
  ASSERT_TRUE(
      results_->ProposeDecision(As(*dept_).get(), subject, &proposal).ok());
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
      results_->ProposeDecision(As(*finance_).get(), subject, &proposal),
      grpc::StatusCode::FAILED_PRECONDITION, "subject: department taoyuan-psb");
  // A project that is not among the approved targets' has no result.
  *subject.mutable_key() = Key();
  subject.set_project_code("P999");
  ExpectRefused(
      results_->ProposeDecision(As(*finance_).get(), subject, &proposal),
      grpc::StatusCode::FAILED_PRECONDITION, "subject: project P999");
  subject.clear_project_code();
  subject.set_project_kind(epb::PROJECT_ONE_OFF);
  ExpectRefused(
      results_->ProposeDecision(As(*finance_).get(), subject, &proposal),
      grpc::StatusCode::INVALID_ARGUMENT, "project_kind:");
  subject.clear_project_kind();
  // Another department's proposal is not a department's to read.
  *subject.mutable_key() = Key();
  ExpectRefused(
      results_->ProposeDecision(As(*other_).get(), subject, &proposal),
      grpc::StatusCode::PERMISSION_DENIED, "key.department_code:");
}

TEST_F(ResultsTest, ExcellentUnderTheDefaultThenTheRegionsOwnTable) {
  epb::DecisionSubject subject;
  *subject.mutable_key() = Key();
  epb::Proposal proposal;
  ASSERT_TRUE(generous_results_
                  ->ProposeDecision(As(*finance_).get(), subject, &proposal)
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
  ExpectRefused(
      generous_results_->PutDecisionRules(As(*finance_).get(), put, &stored),
      grpc::StatusCode::INVALID_ARGUMENT, "rules.rules[0].share_bp:");
  row->set_share_bp(500);
  ExpectRefused(
      generous_results_->PutDecisionRules(As(*dept_).get(), put, &stored),
      grpc::StatusCode::PERMISSION_DENIED, "rules.region_code:");
  ExpectRefused(
      generous_results_->PutDecisionRules(As(*elsewhere_).get(), put, &stored),
      grpc::StatusCode::PERMISSION_DENIED, "rules.region_code:");
  ASSERT_TRUE(
      generous_results_->PutDecisionRules(As(*finance_).get(), put, &stored)
          .ok());
  EXPECT_FALSE(stored.built_in());
  EXPECT_EQ(stored.version(), 1);
  // A second writer working from version 0 is refused.
  ExpectRefused(
      generous_results_->PutDecisionRules(As(*finance_).get(), put, &stored),
      grpc::StatusCode::ABORTED, "expected_version:");

  ASSERT_TRUE(generous_results_
                  ->ProposeDecision(As(*finance_).get(), subject, &proposal)
                  .ok());
  EXPECT_EQ(proposal.rule().decision(), epb::REDUCE);
  EXPECT_EQ(proposal.rule().share_bp(), 500);
  EXPECT_FALSE(proposal.built_in_rules());
  EXPECT_EQ(proposal.rules_version(), 1);
  EXPECT_THAT(proposal.source(), HasSubstr("第七条"));
  // The other service's database still has the built-in table.
  ASSERT_TRUE(
      results_->ProposeDecision(As(*finance_).get(), subject, &proposal).ok());
  EXPECT_TRUE(proposal.built_in_rules());
}

TEST_F(ResultsTest, DecisionsKeepTheProposalAndTheirHistory) {
  epb::Decision first;
  ASSERT_TRUE(results_
                  ->RecordDecision(As(*finance_).get(),
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
  ExpectRefused(results_->RecordDecision(As(*finance_).get(),
                                         Reduce(1000, "", 1), &refused),
                grpc::StatusCode::INVALID_ARGUMENT, "reason:");
  ExpectRefused(results_->RecordDecision(As(*finance_).get(),
                                         Reduce(1000, "   ", 1), &refused),
                grpc::StatusCode::INVALID_ARGUMENT, "reason:");
  ExpectRefused(results_->RecordDecision(
                    As(*finance_).get(),
                    Reduce(1000, std::string(1001, 'x'), 1), &refused),
                grpc::StatusCode::INVALID_ARGUMENT, "reason:");
  ExpectRefused(results_->RecordDecision(As(*finance_).get(),
                                         Reduce(0, "理由", 1), &refused),
                grpc::StatusCode::INVALID_ARGUMENT, "share_bp:");
  ExpectRefused(results_->RecordDecision(As(*finance_).get(),
                                         Reduce(10001, "理由", 1), &refused),
                grpc::StatusCode::INVALID_ARGUMENT, "share_bp:");
  epb::RecordDecisionRequest maintain = Reduce(1000, "理由", 1);
  maintain.set_decision(epb::MAINTAIN);
  ExpectRefused(
      results_->RecordDecision(As(*finance_).get(), maintain, &refused),
      grpc::StatusCode::INVALID_ARGUMENT, "share_bp:");
  ExpectRefused(results_->RecordDecision(As(*dept_).get(),
                                         Reduce(1000, "理由", 1), &refused),
                grpc::StatusCode::PERMISSION_DENIED,
                "subject.key.region_code:");
  ExpectRefused(results_->RecordDecision(As(*elsewhere_).get(),
                                         Reduce(1000, "理由", 1), &refused),
                grpc::StatusCode::PERMISSION_DENIED,
                "subject.key.region_code:");
  epb::RecordDecisionRequest no_result = Reduce(1000, "理由", 0);
  *no_result.mutable_subject()->mutable_key() = Key(kSeed, 2020);
  ExpectRefused(
      results_->RecordDecision(As(*finance_).get(), no_result, &refused),
      grpc::StatusCode::FAILED_PRECONDITION, "subject: department taoyuan-psb");
  ExpectRefused(results_->RecordDecision(As(*finance_).get(),
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
      results_->RecordDecision(As(*finance_).get(), maintain, &second).ok());
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
  ASSERT_TRUE(results_->ListDecisions(As(*dept_).get(), own, &response).ok());
  EXPECT_EQ(response.decisions_size(), 1);
  ExpectRefused(results_->ListDecisions(As(*other_).get(), own, &response),
                grpc::StatusCode::PERMISSION_DENIED, "department_code:");
  own.clear_department_code();
  ExpectRefused(results_->ListDecisions(As(*dept_).get(), own, &response),
                grpc::StatusCode::PERMISSION_DENIED, "region_code:");

  // Both writes audited, none of the refusals.
  audit::v1::ListAuditRequest audit;
  audit.set_region_code(kRegion);
  audit.set_method("RecordDecision");
  audit::v1::ListAuditResponse trail;
  auto eval = epb::EvaluationService::NewStub(grpc::CreateChannel(
      evaluation_->address(), grpc::InsecureChannelCredentials()));
  ASSERT_TRUE(eval->ListAudit(As(*finance_).get(), audit, &trail).ok());
  EXPECT_EQ(trail.entries_size(), 2);
}

TEST_F(ResultsTest, APackageAfterApprovalOnceAndForAll) {
  epb::PublicationPackage package;
  // Not before the evaluation is approved, and nothing stored.
  ExpectRefused(results_->PublishPackage(As(*finance_).get(), Key(), &package),
                grpc::StatusCode::FAILED_PRECONDITION, "department_code:");
  EXPECT_EQ(
      results_->GetPackage(As(*finance_).get(), Key(), &package).error_code(),
      grpc::StatusCode::NOT_FOUND);
  Move("Submit", *dept_);
  ExpectRefused(results_->PublishPackage(As(*finance_).get(), Key(), &package),
                grpc::StatusCode::FAILED_PRECONDITION, "department_code:");
  Move("Approve", *finance_);
  // Finance publishes, not the department.
  ExpectRefused(results_->PublishPackage(As(*dept_).get(), Key(), &package),
                grpc::StatusCode::PERMISSION_DENIED, "region_code:");
  const grpc::Status published =
      results_->PublishPackage(As(*finance_).get(), Key(), &package);
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
  ASSERT_TRUE(results_->PublishPackage(As(*admin_).get(), Key(), &again).ok());
  EXPECT_TRUE(again.already_published());
  EXPECT_EQ(again.published_at(), package.published_at());
  ASSERT_EQ(again.files_size(), package.files_size());
  for (int i = 0; i < again.files_size(); ++i) {
    EXPECT_EQ(again.files(i).content(), package.files(i).content());
  }
  // Public in its region: another department reads it; one elsewhere not.
  epb::PublicationPackage read;
  ASSERT_TRUE(results_->GetPackage(As(*other_).get(), Key(), &read).ok());
  EXPECT_EQ(read.files(0).sha256(), package.files(0).sha256());
  ExpectRefused(results_->GetPackage(As(*far_).get(), Key(), &read),
                grpc::StatusCode::PERMISSION_DENIED, "region_code:");
  audit::v1::ListAuditRequest audit;
  audit.set_region_code(kRegion);
  audit.set_method("PublishPackage");
  audit::v1::ListAuditResponse trail;
  auto eval = epb::EvaluationService::NewStub(grpc::CreateChannel(
      evaluation_->address(), grpc::InsecureChannelCredentials()));
  ASSERT_TRUE(eval->ListAudit(As(*finance_).get(), audit, &trail).ok());
  EXPECT_EQ(trail.entries_size(), 1);
}

}  // namespace
}  // namespace jixiao

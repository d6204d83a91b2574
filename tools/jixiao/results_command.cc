#include "tools/jixiao/results_command.h"

#include <cstdio>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "jixiao/evaluation/v1/results.grpc.pb.h"
#include "tools/jixiao/command_support.h"
#include "tools/jixiao/package_files.h"

ABSL_DECLARE_FLAG(std::string, region);
ABSL_DECLARE_FLAG(std::string, department);
ABSL_DECLARE_FLAG(int, year);
ABSL_DECLARE_FLAG(std::string, out);
ABSL_DECLARE_FLAG(std::string, reason);
ABSL_DECLARE_FLAG(std::string, project);

ABSL_FLAG(std::string, decision, "",
          "results decide: PRIORITY, MAINTAIN, REDUCE, CANCEL or "
          "RECTIFY_FIRST (优先保障 / 维持 / 核减 / 取消 / 整改后再议)");
ABSL_FLAG(int, share_bp, 0,
          "results decide: a REDUCE decision's share, basis points (1000 = "
          "10%)");
ABSL_FLAG(int64_t, amount_fen, 0,
          "results decide: a REDUCE decision's amount, 分");
ABSL_FLAG(int64_t, expected_version, -1,
          "results decide: the decision's current version (0 for the "
          "first; read when unset)");

namespace jixiao::cli {
namespace {

namespace epb = ::jixiao::evaluation::v1;

constexpr char kUsage[] = R"(jixiao: results used and published:
  jixiao publish --region R --department D --year Y --out DIR
  jixiao package get --region R --department D --year Y --out DIR
  jixiao verify DIR
  jixiao results rules --region R
  jixiao results propose --region R --department D --year Y [--project P]
  jixiao results decide --region R --department D --year Y [--project P]
                        --decision KIND [--share_bp N | --amount_fen N]
                        --reason TEXT
  jixiao results decisions --region R --year Y [--department D])";

epb::DepartmentYear Key() {
  epb::DepartmentYear key;
  key.set_region_code(absl::GetFlag(FLAGS_region));
  key.set_department_code(absl::GetFlag(FLAGS_department));
  key.set_year(absl::GetFlag(FLAGS_year));
  return key;
}

int Write(const epb::PublicationPackage& package, const char* what) {
  const std::string dir = absl::GetFlag(FLAGS_out);
  if (auto s = WritePackage(package, dir); !s.ok()) {
    return Fail(kExitRefused, std::string(s.message()));
  }
  std::printf("%s: total %s %s, %d files in %s\n", what,
              package.total().c_str(), package.grade().c_str(),
              package.files_size(), dir.c_str());
  for (const epb::PackageFile& f : package.files()) {
    std::printf("  %s  %lld bytes  sha256 %s\n", f.name().c_str(),
                static_cast<long long>(f.size_bytes()), f.sha256().c_str());
  }
  return kExitOk;
}

int Publish(const ResultsEnv& env, bool get) {
  auto stub = epb::ResultsService::NewStub(env.evaluation);
  epb::PublicationPackage package;
  const grpc::Status status =
      get ? stub->GetPackage(env.context().get(), Key(), &package)
          : stub->PublishPackage(env.context().get(), Key(), &package);
  if (!status.ok()) return FailCall(status, get ? "package get" : "publish");
  return Write(package, get                           ? "package"
                        : package.already_published() ? "published before"
                                                      : "published");
}

int Verify(const std::string& dir) {
  auto verified = VerifyPackage(dir);
  if (!verified.ok()) {
    return Fail(kExitRefused, absl::StrCat("verify ", dir, ": ",
                                           verified.status().message()));
  }
  std::printf("%s\n", verified->c_str());
  return kExitOk;
}

// The department as a whole, or one of its projects (--project).
epb::DecisionSubject Subject() {
  epb::DecisionSubject subject;
  *subject.mutable_key() = Key();
  const std::string project = absl::GetFlag(FLAGS_project);
  if (!project.empty()) subject.set_project_code(project);
  return subject;
}

int Decide(const ResultsEnv& env) {
  auto stub = epb::ResultsService::NewStub(env.evaluation);
  epb::RecordDecisionRequest request;
  *request.mutable_subject() = Subject();
  epb::DecisionKind kind;
  if (!epb::DecisionKind_Parse(absl::GetFlag(FLAGS_decision), &kind)) {
    return Fail(kExitUsage,
                "--decision: PRIORITY, MAINTAIN, REDUCE, CANCEL or "
                "RECTIFY_FIRST");
  }
  request.set_decision(kind);
  if (absl::GetFlag(FLAGS_share_bp) != 0) {
    request.set_share_bp(absl::GetFlag(FLAGS_share_bp));
  }
  if (absl::GetFlag(FLAGS_amount_fen) != 0) {
    request.set_amount_fen(absl::GetFlag(FLAGS_amount_fen));
  }
  request.set_reason(absl::GetFlag(FLAGS_reason));
  int64_t expected = absl::GetFlag(FLAGS_expected_version);
  if (expected < 0) {
    // The current version, so that a second decision adds to the history.
    epb::ListDecisionsRequest list;
    list.set_region_code(Key().region_code());
    list.set_year(Key().year());
    list.set_department_code(Key().department_code());
    epb::ListDecisionsResponse decisions;
    if (auto s = stub->ListDecisions(env.context().get(), list, &decisions);
        !s.ok()) {
      return FailCall(s, "results decide");
    }
    expected = 0;
    for (const epb::Decision& d : decisions.decisions()) {
      if (d.subject().project_code() == request.subject().project_code()) {
        expected = d.version();
      }
    }
  }
  request.set_expected_version(expected);
  epb::Decision decision;
  if (auto s = stub->RecordDecision(env.context().get(), request, &decision);
      !s.ok()) {
    return FailCall(s, "results decide");
  }
  return PrintJson(decision, {.proto_names = true});
}

}  // namespace

int RunResults(const std::vector<std::string>& words, const ResultsEnv& env) {
  if (words[0] == "verify") return Verify(words[1]);
  if (words[0] == "publish") return Publish(env, false);
  if (words[0] == "package") return Publish(env, true);
  if (words.size() != 2) return Fail(kExitUsage, kUsage);
  auto stub = epb::ResultsService::NewStub(env.evaluation);
  const std::string& verb = words[1];
  if (verb == "rules") {
    epb::GetDecisionRulesRequest request;
    request.set_region_code(absl::GetFlag(FLAGS_region));
    epb::DecisionRules rules;
    if (auto s = stub->GetDecisionRules(env.context().get(), request, &rules);
        !s.ok()) {
      return FailCall(s, "results rules");
    }
    return PrintJson(rules, {.proto_names = true});
  }
  if (verb == "propose") {
    const epb::DecisionSubject subject = Subject();
    epb::Proposal proposal;
    if (auto s = stub->ProposeDecision(env.context().get(), subject, &proposal);
        !s.ok()) {
      return FailCall(s, "results propose");
    }
    return PrintJson(proposal, {.proto_names = true});
  }
  if (verb == "decide") return Decide(env);
  if (verb == "decisions") {
    epb::ListDecisionsRequest request;
    request.set_region_code(absl::GetFlag(FLAGS_region));
    request.set_year(absl::GetFlag(FLAGS_year));
    if (!absl::GetFlag(FLAGS_department).empty()) {
      request.set_department_code(absl::GetFlag(FLAGS_department));
    }
    epb::ListDecisionsResponse decisions;
    if (auto s = stub->ListDecisions(env.context().get(), request, &decisions);
        !s.ok()) {
      return FailCall(s, "results decisions");
    }
    return PrintJson(decisions, {.proto_names = true});
  }
  return Fail(kExitUsage, kUsage);
}

}  // namespace jixiao::cli

#include "tools/jixiao/projects_command.h"

#include <cstdio>
#include <map>
#include <utility>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "jixiao/indicator/v1/project_evaluation.grpc.pb.h"
#include "jixiao/indicator/v1/targets.grpc.pb.h"
#include "services/indicator/domain/project_filing.h"
#include "services/indicator/domain/workflow.h"
#include "tools/jixiao/command_support.h"
#include "tools/jixiao/projects_csv.h"

ABSL_DECLARE_FLAG(std::string, region);
ABSL_DECLARE_FLAG(std::string, department);
ABSL_DECLARE_FLAG(int, year);
ABSL_DECLARE_FLAG(std::string, format);
ABSL_DECLARE_FLAG(std::string, reason);
ABSL_DECLARE_FLAG(std::string, encoding);
ABSL_DECLARE_FLAG(bool, dry_run);

ABSL_FLAG(std::string, project, "",
          "projects show|submit|return|approve: the project's code");

namespace jixiao::cli {
namespace {

namespace ipb = ::jixiao::indicator::v1;

std::string Render(const ipb::ProjectFiling& f) {
  std::string out = absl::StrCat(
      f.key().project_code(), "  ", indicator::StatusWords(f.status(), "未填"),
      "  version ", f.version(), "  (targets version ", f.targets_version(),
      ")\n");
  if (!f.return_reason().empty()) {
    absl::StrAppend(&out, "  退回原因: ", f.return_reason(), "\n");
  }
  if (!f.achieved_summary().empty()) {
    absl::StrAppend(&out, "  实际完成情况: ", f.achieved_summary(), "\n");
  }
  if (f.has_self_score()) {
    absl::StrAppend(&out, "  自评得分: ", f.self_score(), "\n");
  }
  for (const ipb::ActualValue& a : f.actuals()) {
    absl::StrAppend(&out, "  ", a.indicator_id(), "  ");
    if (a.has_value()) absl::StrAppend(&out, a.value());
    if (a.achievement() != ipb::ACHIEVEMENT_UNSPECIFIED) {
      absl::StrAppend(&out, indicator::AchievementName(a.achievement()), " ",
                      a.percent_of_weight(), "%");
    }
    if (a.has_weight()) absl::StrAppend(&out, "  分值 ", a.weight());
    if (!a.deviation_reason().empty()) {
      absl::StrAppend(&out, "  偏差原因: ", a.deviation_reason(),
                      "  改进措施: ", a.improvement());
    }
    absl::StrAppend(&out, "\n");
  }
  return out;
}

class Command {
 public:
  explicit Command(const ProjectsEnv& env)
      : env_(env),
        stub_(ipb::ProjectEvaluationService::NewStub(env.indicator)),
        targets_(ipb::TargetService::NewStub(env.indicator)) {}

  int File(const std::string& path);
  int Show();
  int Move(const std::string& verb);

 private:
  std::string Missing(bool project) const {
    std::vector<std::string> missing;
    if (absl::GetFlag(FLAGS_region).empty()) missing.push_back("--region");
    if (absl::GetFlag(FLAGS_department).empty()) {
      missing.push_back("--department");
    }
    if (absl::GetFlag(FLAGS_year) == 0) missing.push_back("--year");
    if (project && absl::GetFlag(FLAGS_project).empty()) {
      missing.push_back("--project");
    }
    return absl::StrJoin(missing, ", ");
  }
  ipb::ProjectKey Key(const std::string& project) const {
    ipb::ProjectKey key;
    key.set_region_code(absl::GetFlag(FLAGS_region));
    key.set_department_code(absl::GetFlag(FLAGS_department));
    key.set_year(absl::GetFlag(FLAGS_year));
    key.set_project_code(project);
    return key;
  }

  const ProjectsEnv& env_;
  std::unique_ptr<ipb::ProjectEvaluationService::Stub> stub_;
  std::unique_ptr<ipb::TargetService::Stub> targets_;
};

int Command::File(const std::string& path) {
  if (const std::string m = Missing(false); !m.empty()) {
    return Fail(kExitUsage, absl::StrCat("projects file: ", m));
  }
  const std::optional<Encoding> encoding =
      EncodingNamed(absl::GetFlag(FLAGS_encoding));
  if (!encoding.has_value()) {
    return Fail(kExitUsage, "--encoding: utf-8, gbk or auto");
  }
  auto rows = ReadTableFile(path, *encoding);
  if (!rows.ok()) return Fail(kExitRefused, rows.status().message());
  const ipb::ProjectKey key = Key("");
  ipb::TargetKey target_key;
  target_key.set_region_code(key.region_code());
  target_key.set_department_code(key.department_code());
  target_key.set_year(key.year());
  ipb::TargetsView targets;
  if (auto s = targets_->GetTargets(env_.context().get(), target_key, &targets);
      !s.ok()) {
    return FailCall(s, "targets");
  }
  if (!targets.has_in_force()) {
    return Fail(kExitRefused, absl::StrCat(key.department_code(),
                                           " has no approved targets "
                                           "for ",
                                           key.year(),
                                           "; projects are evaluated against "
                                           "them"));
  }
  ProjectsFile file = ReadProjectFilings(*rows, targets.in_force(), key);
  if (!file.errors.empty()) return FailFileErrors(path, file.errors, "sent");
  // Each project's version, and none of them past editing, before any is
  // sent: a file is filed whole or not at all.
  std::map<std::string, int64_t> versions;
  for (const ipb::ProjectFiling& f : file.filings) {
    ipb::ProjectFiling stored;
    const grpc::Status s =
        stub_->GetProjectFiling(env_.context().get(), f.key(), &stored);
    if (s.error_code() == grpc::StatusCode::NOT_FOUND) {
      versions[f.key().project_code()] = 0;
      continue;
    }
    if (!s.ok()) return FailCall(s, f.key().project_code());
    if (stored.status() == ipb::SUBMITTED || stored.status() == ipb::APPROVED) {
      return Fail(kExitRefused,
                  absl::StrCat(path, ": ", f.key().project_code(), " is ",
                               indicator::StatusWords(stored.status(), "未填"),
                               " and cannot be edited; nothing was sent"));
    }
    versions[f.key().project_code()] = stored.version();
  }
  if (absl::GetFlag(FLAGS_dry_run)) {
    std::printf("dry run: %s would file %zu project(s); nothing was sent\n",
                path.c_str(), file.filings.size());
    return kExitOk;
  }
  for (ipb::ProjectFiling& f : file.filings) {
    ipb::PutProjectFilingRequest put;
    put.set_expected_version(versions[f.key().project_code()]);
    *put.mutable_filing() = std::move(f);
    ipb::ProjectFiling stored;
    if (auto s = stub_->PutProjectFiling(env_.context().get(), put, &stored);
        !s.ok()) {
      return FailCall(
          s, absl::StrCat(path, ": ", put.filing().key().project_code()));
    }
    std::printf(
        "%s: filed %s: %d indicator(s) (version %lld, against targets "
        "version %lld)\n",
        path.c_str(), stored.key().project_code().c_str(),
        stored.actuals_size(), static_cast<long long>(stored.version()),
        static_cast<long long>(stored.targets_version()));
  }
  return kExitOk;
}

int Command::Show() {
  const std::string format = absl::GetFlag(FLAGS_format);
  if (format != "text" && format != "json") {
    return Fail(kExitUsage, "--format: text or json");
  }
  if (const std::string m = Missing(false); !m.empty()) {
    return Fail(kExitUsage, absl::StrCat("projects show: ", m));
  }
  ipb::ListProjectFilingsResponse list;
  if (const std::string project = absl::GetFlag(FLAGS_project);
      !project.empty()) {
    if (auto s = stub_->GetProjectFiling(env_.context().get(), Key(project),
                                         list.add_filings());
        !s.ok()) {
      return FailCall(s, project);
    }
  } else {
    ipb::ProjectFilingsRequest request;
    request.set_region_code(absl::GetFlag(FLAGS_region));
    request.set_department_code(absl::GetFlag(FLAGS_department));
    request.set_year(absl::GetFlag(FLAGS_year));
    if (auto s =
            stub_->ListProjectFilings(env_.context().get(), request, &list);
        !s.ok()) {
      return FailCall(s, "projects");
    }
  }
  std::string out;
  if (format == "json") {
    out = JsonOf(list, {.one_line = true});
  } else {
    for (const ipb::ProjectFiling& f : list.filings()) out += Render(f);
    if (list.filings_size() == 0) out = "no project filed\n";
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return kExitOk;
}

int Command::Move(const std::string& verb) {
  if (const std::string m = Missing(true); !m.empty()) {
    return Fail(kExitUsage, absl::StrCat("projects ", verb, ": ", m));
  }
  if (verb == "return" && absl::GetFlag(FLAGS_reason).empty()) {
    return Fail(kExitUsage, "projects return: --reason is required");
  }
  const ipb::ProjectKey key = Key(absl::GetFlag(FLAGS_project));
  // The version moved is the one read now.
  ipb::ProjectFiling current;
  if (auto s = stub_->GetProjectFiling(env_.context().get(), key, &current);
      !s.ok()) {
    return FailCall(s, key.project_code());
  }
  ipb::ProjectTransition move;
  *move.mutable_key() = key;
  move.set_expected_version(current.version());
  ipb::ProjectFiling moved;
  grpc::Status s;
  if (verb == "submit") {
    s = stub_->SubmitProjectFiling(env_.context().get(), move, &moved);
  } else if (verb == "approve") {
    s = stub_->ApproveProjectFiling(env_.context().get(), move, &moved);
  } else {
    move.set_reason(absl::GetFlag(FLAGS_reason));
    s = stub_->ReturnProjectFiling(env_.context().get(), move, &moved);
  }
  if (!s.ok()) return FailCall(s, key.project_code());
  std::printf(
      "%s: %s (version %lld)\n", key.project_code().c_str(),
      std::string(indicator::StatusWords(moved.status(), "未填")).c_str(),
      static_cast<long long>(moved.version()));
  return kExitOk;
}

}  // namespace

int RunProjects(const std::vector<std::string>& words, const ProjectsEnv& env) {
  Command command(env);
  const std::string& verb = words[1];
  if (verb == "file" && words.size() == 3) return command.File(words[2]);
  if (words.size() == 2) {
    if (verb == "show") return command.Show();
    if (verb == "submit" || verb == "return" || verb == "approve") {
      return command.Move(verb);
    }
  }
  return Fail(kExitUsage,
              "projects: file FILE, show, submit, return or approve (jixiao "
              "--help)");
}

}  // namespace jixiao::cli

#include "tools/jixiao/rectification_command.h"

#include <cstdio>
#include <set>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "jixiao/budget/v1/budget.grpc.pb.h"
#include "jixiao/indicator/v1/rectification.grpc.pb.h"
#include "tools/jixiao/command_support.h"
#include "tools/jixiao/rectification_args.h"
#include "tools/jixiao/rectification_view.h"

ABSL_DECLARE_FLAG(std::string, region);
ABSL_DECLARE_FLAG(std::string, department);
ABSL_DECLARE_FLAG(int, year);
ABSL_DECLARE_FLAG(std::string, format);
ABSL_DECLARE_FLAG(std::string, note);
ABSL_DECLARE_FLAG(std::string, as_of);

ABSL_FLAG(int64_t, task, 0, "rectification: the task's id in the region");
ABSL_FLAG(std::string, kind, "",
          "rectification create: where the task comes from: consistency, "
          "missed_target, monitoring_warning, low_score or reviewer_note");
ABSL_FLAG(std::string, reference, "",
          "rectification create: the finding's reference, e.g. B5, an "
          "indicator id, or 2019-07/execution_lag");
ABSL_FLAG(std::string, figures, "",
          "rectification create: the finding in words with its figures (a "
          "consistency finding: read from the budget service when empty)");
ABSL_FLAG(std::string, requirement, "",
          "rectification create: what is required (整改要求)");
ABSL_FLAG(std::string, deadline, "",
          "rectification create: the deadline, YYYY-MM-DD");
ABSL_FLAG(std::string, status, "",
          "rectification list: open, reported, accepted or reopened");
ABSL_FLAG(std::string, response, "",
          "rectification report: what the department did (整改情况)");
ABSL_FLAG(std::vector<std::string>, evidence, {},
          "rectification report: the sha256 of each evidence file uploaded "
          "to the task (`rectification evidence FILE` prints it)");

namespace jixiao::cli {
namespace {

namespace bpb = ::jixiao::budget::v1;
namespace ipb = ::jixiao::indicator::v1;

constexpr char kVerbs[] =
    "rectification: create, list, show, evidence FILE, report, accept, "
    "reopen or overdue (jixiao --help)";

// FailCall, a refusal naming the flag the field came from ("--deadline:
// task.deadline: …"), so that the person knows what to change.
int FailNamingFlag(const grpc::Status& status, const std::string& what) {
  const std::string flag =
      status.error_code() == grpc::StatusCode::INVALID_ARGUMENT
          ? FlagOfField(status.error_message())
          : std::string();
  return FailCall(status, flag.empty() ? what : absl::StrCat(what, ": ", flag));
}

std::string TodayUtc() {
  return absl::FormatCivilTime(
      absl::ToCivilDay(absl::Now(), absl::UTCTimeZone()));
}

class Command {
 public:
  explicit Command(const RectificationEnv& env)
      : env_(env), stub_(ipb::RectificationService::NewStub(env.indicator)) {}

  int Create();
  int List(bool overdue_only);
  int Show();
  int Evidence(const std::string& path);
  int Report();
  int Decide(bool accept);

 private:
  // --region and --task, else the flags missing.
  std::string MissingKey() const {
    std::vector<std::string> missing;
    if (absl::GetFlag(FLAGS_region).empty()) missing.push_back("--region");
    if (absl::GetFlag(FLAGS_task) <= 0) missing.push_back("--task");
    return absl::StrJoin(missing, ", ");
  }
  ipb::TaskKey Key() const {
    ipb::TaskKey key;
    key.set_region_code(absl::GetFlag(FLAGS_region));
    key.set_task_id(absl::GetFlag(FLAGS_task));
    return key;
  }
  grpc::Status Read(ipb::RectificationTask& task) {
    return stub_->GetTask(env_.context().get(), Key(), &task);
  }
  // The figures of a consistency finding as the budget service states it
  // now: "2019年决算：…" for each phase it is found in.
  grpc::Status ConsistencyFigures(const ipb::RectificationTask& task,
                                  std::string& figures);
  int Print(const ipb::RectificationTask& task);

  const RectificationEnv& env_;
  std::unique_ptr<ipb::RectificationService::Stub> stub_;
};

std::string PhaseName(bpb::Phase phase) {
  switch (phase) {
    case bpb::PHASE_ORIGINAL:
      return "年初预算";
    case bpb::PHASE_ADJUSTED:
      return "调整预算";
    case bpb::PHASE_FINAL:
      return "决算";
    default:
      return "";
  }
}

grpc::Status Command::ConsistencyFigures(const ipb::RectificationTask& task,
                                         std::string& figures) {
  bpb::CheckConsistencyRequest request;
  request.mutable_key()->set_region_code(task.key().region_code());
  request.mutable_key()->set_department_code(task.department_code());
  request.mutable_key()->set_year(task.year());
  bpb::ConsistencyReport report;
  if (auto s = bpb::BudgetService::NewStub(env_.budget)
                   ->CheckConsistency(env_.context().get(), request, &report);
      !s.ok()) {
    return s;
  }
  std::vector<std::string> found;
  std::set<std::string> identities;
  for (const bpb::Finding& f : report.findings()) {
    identities.insert(f.identity());
    if (f.identity() != task.finding().reference()) continue;
    // The service's message names its year and phase ("2019年决算：…") in
    // most cases; the prefix is added only where it does not.
    found.push_back(absl::StartsWith(f.message(), absl::StrCat(f.year(), "年"))
                        ? f.message()
                        : absl::StrCat(f.year(), "年", PhaseName(f.phase()),
                                       "：", f.message()));
  }
  if (found.empty()) {
    return grpc::Status(
        grpc::StatusCode::INVALID_ARGUMENT,
        absl::StrCat(
            "task.finding.reference: ", task.department_code(), " ",
            task.year(), " has no consistency finding \"",
            task.finding().reference(), "\" (it has: ",
            identities.empty() ? "none" : absl::StrJoin(identities, ", "),
            ")"));
  }
  figures = absl::StrJoin(found, "；");
  return grpc::Status::OK;
}

int Command::Create() {
  std::vector<std::string> missing;
  for (const auto& [flag, value] :
       std::vector<std::pair<const char*, std::string>>{
           {"--region", absl::GetFlag(FLAGS_region)},
           {"--department", absl::GetFlag(FLAGS_department)},
           {"--kind", absl::GetFlag(FLAGS_kind)},
           {"--reference", absl::GetFlag(FLAGS_reference)},
           {"--requirement", absl::GetFlag(FLAGS_requirement)},
           {"--deadline", absl::GetFlag(FLAGS_deadline)}}) {
    if (value.empty()) missing.push_back(flag);
  }
  if (absl::GetFlag(FLAGS_year) == 0) missing.push_back("--year");
  if (!missing.empty()) {
    return Fail(kExitUsage, absl::StrCat("rectification create: ",
                                         absl::StrJoin(missing, ", ")));
  }
  auto kind = ParseFindingKind(absl::GetFlag(FLAGS_kind));
  if (!kind.ok()) return Fail(kExitUsage, std::string(kind.status().message()));
  if (auto s = ValidateDate("--deadline", absl::GetFlag(FLAGS_deadline));
      !s.ok()) {
    return Fail(kExitUsage, std::string(s.message()));
  }
  ipb::CreateTaskRequest request;
  ipb::RectificationTask& task = *request.mutable_task();
  task.mutable_key()->set_region_code(absl::GetFlag(FLAGS_region));
  task.set_department_code(absl::GetFlag(FLAGS_department));
  task.set_year(absl::GetFlag(FLAGS_year));
  task.mutable_finding()->set_kind(*kind);
  task.mutable_finding()->set_reference(absl::GetFlag(FLAGS_reference));
  task.set_requirement(absl::GetFlag(FLAGS_requirement));
  task.set_deadline(absl::GetFlag(FLAGS_deadline));
  std::string figures = absl::GetFlag(FLAGS_figures);
  if (figures.empty()) {
    if (*kind != ipb::CONSISTENCY_FINDING) {
      return Fail(kExitUsage,
                  "rectification create: --figures (the finding in words "
                  "with its figures; read from the budget service only for "
                  "a consistency finding)");
    }
    if (auto s = ConsistencyFigures(task, figures); !s.ok()) {
      return FailNamingFlag(s, "rectification create");
    }
  }
  task.mutable_finding()->set_figures(figures);
  ipb::RectificationTask created;
  if (auto s = stub_->CreateTask(env_.context().get(), request, &created);
      !s.ok()) {
    return FailNamingFlag(s, "rectification create");
  }
  std::printf("created %s\n  %s\n", TaskSummary(created).c_str(),
              created.finding().figures().c_str());
  return kExitOk;
}

int Command::List(bool overdue_only) {
  const std::string format = absl::GetFlag(FLAGS_format);
  if (format != "text" && format != "json") {
    return Fail(kExitUsage, "--format: text or json");
  }
  if (absl::GetFlag(FLAGS_region).empty()) {
    return Fail(kExitUsage,
                absl::StrCat("rectification ",
                             overdue_only ? "overdue" : "list", ": --region"));
  }
  ipb::ListTasksRequest request;
  request.set_region_code(absl::GetFlag(FLAGS_region));
  if (const std::string d = absl::GetFlag(FLAGS_department); !d.empty()) {
    request.set_department_code(d);
  }
  std::string what;
  if (const std::string s = absl::GetFlag(FLAGS_status); !s.empty()) {
    auto status = ParseTaskStatus(s);
    if (!status.ok()) {
      return Fail(kExitUsage, std::string(status.status().message()));
    }
    request.set_status(*status);
    absl::StrAppend(&what, "（", TaskStatusLabel(*status), "）");
  }
  std::string as_of = absl::GetFlag(FLAGS_as_of);
  if (overdue_only && as_of.empty()) as_of = TodayUtc();
  if (!as_of.empty()) {
    if (auto s = ValidateDate("--as_of", as_of); !s.ok()) {
      return Fail(kExitUsage, std::string(s.message()));
    }
    request.set_overdue_as_of(as_of);
    absl::StrAppend(&what, "，截至 ", as_of, " 逾期");
  }
  ipb::ListTasksResponse list;
  if (auto s = stub_->ListTasks(env_.context().get(), request, &list);
      !s.ok()) {
    return FailNamingFlag(
        s, absl::StrCat("rectification ", overdue_only ? "overdue" : "list"));
  }
  const std::string out =
      format == "json" ? JsonOf(list) : RenderTaskList(list, what);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return kExitOk;
}

int Command::Print(const ipb::RectificationTask& task) {
  if (absl::GetFlag(FLAGS_format) == "json") return PrintJson(task);
  std::string out;
  // The latest report's files by name and size; a task holds at most 50.
  std::vector<ipb::Evidence> evidence;
  for (const std::string& sha256 : task.evidence_sha256()) {
    ipb::EvidenceKey key;
    *key.mutable_task() = task.key();
    key.set_sha256(sha256);
    ipb::EvidenceFile file;
    if (auto s = stub_->GetEvidence(env_.context().get(), key, &file);
        !s.ok()) {
      return FailNamingFlag(s, absl::StrCat("evidence ", sha256));
    }
    evidence.push_back(file.evidence());
  }
  out = RenderTask(task, evidence);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return kExitOk;
}

int Command::Show() {
  const std::string format = absl::GetFlag(FLAGS_format);
  if (format != "text" && format != "json") {
    return Fail(kExitUsage, "--format: text or json");
  }
  if (const std::string missing = MissingKey(); !missing.empty()) {
    return Fail(kExitUsage, absl::StrCat("rectification show: ", missing));
  }
  ipb::RectificationTask task;
  if (auto s = Read(task); !s.ok())
    return FailNamingFlag(s, "rectification show");
  return Print(task);
}

int Command::Evidence(const std::string& path) {
  if (const std::string missing = MissingKey(); !missing.empty()) {
    return Fail(kExitUsage, absl::StrCat("rectification evidence: ", missing));
  }
  auto read = ReadFileBytes(path);
  if (!read.ok()) return Fail(kExitRefused, read.status().message());
  std::string content = *std::move(read);
  auto type = EvidenceContentType(path, content);
  if (!type.ok())
    return Fail(kExitRefused, std::string(type.status().message()));
  ipb::UploadEvidenceRequest request;
  *request.mutable_task() = Key();
  const size_t slash = path.find_last_of('/');
  request.set_file_name(slash == std::string::npos ? path
                                                   : path.substr(slash + 1));
  request.set_content_type(*type);
  request.set_content(std::move(content));
  ipb::Evidence stored;
  if (auto s = stub_->UploadEvidence(env_.context().get(), request, &stored);
      !s.ok()) {
    return FailNamingFlag(s, path);
  }
  std::printf("uploaded %s (%s, %lld bytes) to task %s-%lld\nsha256 %s\n",
              stored.file_name().c_str(), stored.content_type().c_str(),
              static_cast<long long>(stored.size_bytes()),
              stored.task().region_code().c_str(),
              static_cast<long long>(stored.task().task_id()),
              stored.sha256().c_str());
  return kExitOk;
}

int Command::Report() {
  if (const std::string missing = MissingKey(); !missing.empty()) {
    return Fail(kExitUsage, absl::StrCat("rectification report: ", missing));
  }
  if (absl::GetFlag(FLAGS_response).empty()) {
    return Fail(kExitUsage,
                "rectification report: --response (what was done, 整改情况)");
  }
  ipb::RectificationTask task;
  if (auto s = Read(task); !s.ok())
    return FailNamingFlag(s, "rectification report");
  ipb::ReportTaskRequest request;
  *request.mutable_key() = Key();
  request.set_expected_version(task.version());
  request.set_response(absl::GetFlag(FLAGS_response));
  for (const std::string& sha256 : absl::GetFlag(FLAGS_evidence)) {
    request.add_evidence_sha256(sha256);
  }
  ipb::RectificationTask reported;
  if (auto s = stub_->ReportTask(env_.context().get(), request, &reported);
      !s.ok()) {
    return FailNamingFlag(s, "rectification report");
  }
  std::printf("reported %s (version %lld, %d evidence files)\n",
              TaskSummary(reported).c_str(),
              static_cast<long long>(reported.version()),
              reported.evidence_sha256_size());
  return kExitOk;
}

int Command::Decide(bool accept) {
  const char* verb = accept ? "accept" : "reopen";
  if (const std::string missing = MissingKey(); !missing.empty()) {
    return Fail(kExitUsage,
                absl::StrCat("rectification ", verb, ": ", missing));
  }
  if (absl::GetFlag(FLAGS_note).empty()) {
    return Fail(kExitUsage,
                absl::StrCat("rectification ", verb,
                             ": --note (finance's note, required)"));
  }
  ipb::RectificationTask task;
  if (auto s = Read(task); !s.ok()) {
    return FailNamingFlag(s, absl::StrCat("rectification ", verb));
  }
  ipb::DecideTaskRequest request;
  *request.mutable_key() = Key();
  request.set_expected_version(task.version());
  request.set_note(absl::GetFlag(FLAGS_note));
  ipb::RectificationTask decided;
  const grpc::Status s =
      accept ? stub_->AcceptTask(env_.context().get(), request, &decided)
             : stub_->ReopenTask(env_.context().get(), request, &decided);
  if (!s.ok()) return FailNamingFlag(s, absl::StrCat("rectification ", verb));
  std::printf("%s %s：%s\n", accept ? "accepted" : "reopened",
              TaskSummary(decided).c_str(), decided.decision_note().c_str());
  return kExitOk;
}

}  // namespace

int RunRectification(const std::vector<std::string>& words,
                     const RectificationEnv& env) {
  Command command(env);
  const std::string& verb = words.size() > 1 ? words[1] : "";
  if (words.size() == 3 && verb == "evidence")
    return command.Evidence(words[2]);
  if (words.size() != 2) return Fail(kExitUsage, kVerbs);
  if (verb == "create") return command.Create();
  if (verb == "list") return command.List(false);
  if (verb == "overdue") return command.List(true);
  if (verb == "show") return command.Show();
  if (verb == "report") return command.Report();
  if (verb == "accept") return command.Decide(true);
  if (verb == "reopen") return command.Decide(false);
  return Fail(kExitUsage, kVerbs);
}

}  // namespace jixiao::cli

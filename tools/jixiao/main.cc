// jixiao: the command-line tool for what people and scripts do by hand.
//
//   jixiao dataset load FILE     load a report dataset into the budget service
//   jixiao budget show           a department-year: figures, rates, findings
//   jixiao indicator show        a department-year's indicators and values
//   jixiao indicator load FILE   enter a department-year's indicator values
//   jixiao evaluate              score a department-year
//   jixiao report                write its self-evaluation report
//   jixiao health                probe each service's grpc.health.v1
//   jixiao call METHOD JSON      one unary call, JSON in and out
//
// Exit codes: 0 done; 1 the service or a file refused (the message says
// why); 2 the command line is wrong; 3 a service could not be reached.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "jixiao/budget/v1/budget.grpc.pb.h"
#include "jixiao/evaluation/v1/evaluation.grpc.pb.h"
#include "jixiao/indicator/v1/indicator.grpc.pb.h"
#include "jixiao/probe/v1/health.grpc.pb.h"
#include "libs/flags_env/flags_env.h"
#include "libs/rpcjson/json_call.h"
#include "tools/jixiao/budget_view.h"
#include "tools/jixiao/dataset.h"
#include "tools/jixiao/evaluation_view.h"
#include "tools/jixiao/indicator_view.h"

ABSL_FLAG(std::string, budget, "127.0.0.1:50051",
          "address of the budget service");
ABSL_FLAG(std::string, indicator, "127.0.0.1:50052",
          "address of the indicator service");
ABSL_FLAG(std::string, evaluation, "127.0.0.1:50053",
          "address of the evaluation service");
ABSL_FLAG(std::string, region, "", "region code (行政区划代码), e.g. 430725");
ABSL_FLAG(std::string, department, "", "department code");
ABSL_FLAG(int, year, 0, "year");
ABSL_FLAG(std::string, format, "text", "output: text or json");
ABSL_FLAG(int, deadline_ms, 10000, "deadline of each call");
ABSL_FLAG(int, wait_ms, 0,
          "health: keep probing up to this long until every service serves");
ABSL_FLAG(std::vector<std::string>, services,
          std::vector<std::string>({"budget", "indicator", "evaluation"}),
          "health: the services to probe");
ABSL_FLAG(std::string, out, ".", "report: the folder the report is written to");
ABSL_FLAG(std::string, actor, "jixiao-cli", "who the writes are recorded as");

namespace {

namespace bpb = ::jixiao::budget::v1;

constexpr int kExitOk = 0;
constexpr int kExitRefused = 1;
constexpr int kExitUsage = 2;
constexpr int kExitUnreachable = 3;

constexpr char kUsage[] = R"(jixiao: the Jixiao command-line tool

  jixiao dataset load FILE
      Load a dataset file (figures as a report states them) into the budget
      service: creates or updates the department, replaces each year.
  jixiao budget show --region R --department D --year Y [--format text|json]
      Print a department-year's figures, rates and consistency findings.
  jixiao indicator show --region R --department D --year Y
      Print a department-year's evaluation: every indicator of its framework
      with its weight, its value and where the value came from.
  jixiao indicator load FILE
      Open a department-year's evaluation (if it is not yet) and enter the
      indicator values of FILE (see deploy/demo/*-indicators.json).
  jixiao evaluate --region R --department D --year Y [--format text|json]
      Score the department-year: total, grade, every deduction, findings.
  jixiao report --region R --department D --year Y [--format md|html] [--out DIR]
      Write the self-evaluation report to DIR; prints its path and sha256.
  jixiao health [--wait_ms N] [--services=budget,indicator,evaluation]
      Probe grpc.health.v1 of each service; exit 0 when all are SERVING.
  jixiao call package.Service/Method 'JSON'
      One unary call with a JSON request (protobuf's JSON mapping); prints
      the JSON reply. jixiao.budget.* goes to --budget, jixiao.indicator.*
      to --indicator, jixiao.evaluation.* to --evaluation. On an error prints
      the gRPC code and message and exits 1.

Every flag can also be set as JIXIAO_<FLAG>, e.g. JIXIAO_BUDGET=host:port.)";

int Fail(int code, const std::string& message) {
  std::fprintf(stderr, "jixiao: %s\n", message.c_str());
  return code;
}

int FailCall(const grpc::Status& status, const std::string& what) {
  const int code =
      status.error_code() == grpc::StatusCode::UNAVAILABLE ||
              status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED
          ? kExitUnreachable
          : kExitRefused;
  return Fail(code,
              absl::StrCat(what, ": ", status.error_message(), " (gRPC code ",
                           static_cast<int>(status.error_code()), ")"));
}

std::unique_ptr<grpc::ClientContext> Context() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(
      std::chrono::system_clock::now() +
      std::chrono::milliseconds(absl::GetFlag(FLAGS_deadline_ms)));
  context->AddMetadata("x-jixiao-actor", absl::GetFlag(FLAGS_actor));
  return context;
}

std::unique_ptr<bpb::BudgetService::Stub> BudgetStub() {
  return bpb::BudgetService::NewStub(grpc::CreateChannel(
      absl::GetFlag(FLAGS_budget), grpc::InsecureChannelCredentials()));
}

int LoadDataset(const std::string& path) {
  auto dataset = jixiao::cli::ReadDataset(path);
  if (!dataset.ok())
    return Fail(kExitRefused, std::string(dataset.status().message()));
  auto plan = jixiao::cli::PlanLoad(*dataset);
  if (!plan.ok())
    return Fail(kExitRefused,
                absl::StrCat(path, ": ", plan.status().message()));
  auto stub = BudgetStub();
  bpb::Department department;
  bpb::CreateDepartmentRequest create;
  *create.mutable_department() = plan->department;
  grpc::Status status =
      stub->CreateDepartment(Context().get(), create, &department);
  if (status.error_code() == grpc::StatusCode::ALREADY_EXISTS) {
    bpb::UpdateDepartmentRequest update;
    *update.mutable_department() = plan->department;
    status = stub->UpdateDepartment(Context().get(), update, &department);
  }
  if (!status.ok()) return FailCall(status, "department");
  int figures = 0;
  for (const bpb::PutDepartmentYearRequest& request : plan->years) {
    bpb::DepartmentYear stored;
    status = stub->PutDepartmentYear(Context().get(), request, &stored);
    if (!status.ok())
      return FailCall(status, absl::StrCat(request.department_year().year()));
    for (const bpb::PhaseFigures& p : stored.phases())
      figures += p.sources_size();
  }
  std::printf("loaded %s (%s/%s): %zu years from %s\n",
              department.name().c_str(), department.region_code().c_str(),
              department.code().c_str(), plan->years.size(), path.c_str());
  return kExitOk;
}

int ShowBudget() {
  const std::string format = absl::GetFlag(FLAGS_format);
  if (format != "text" && format != "json") {
    return Fail(kExitUsage, "--format: text or json");
  }
  auto stub = BudgetStub();
  jixiao::cli::BudgetView view;
  bpb::DepartmentKey department_key;
  department_key.set_region_code(absl::GetFlag(FLAGS_region));
  department_key.set_code(absl::GetFlag(FLAGS_department));
  if (auto s = stub->GetDepartment(Context().get(), department_key,
                                   &view.department);
      !s.ok()) {
    return FailCall(s, "department");
  }
  bpb::DepartmentYearKey key;
  key.set_region_code(department_key.region_code());
  key.set_department_code(department_key.code());
  key.set_year(absl::GetFlag(FLAGS_year));
  if (auto s = stub->GetDepartmentYear(Context().get(), key, &view.year);
      !s.ok()) {
    return FailCall(s, "figures");
  }
  bpb::GetAggregatesRequest aggregates;
  *aggregates.mutable_key() = key;
  if (auto s =
          stub->GetAggregates(Context().get(), aggregates, &view.aggregates);
      !s.ok()) {
    return FailCall(s, "aggregates");
  }
  bpb::CheckConsistencyRequest check;
  *check.mutable_key() = key;
  if (auto s =
          stub->CheckConsistency(Context().get(), check, &view.consistency);
      !s.ok()) {
    return FailCall(s, "consistency");
  }
  const std::string out = format == "json" ? jixiao::cli::RenderJson(view)
                                           : jixiao::cli::RenderText(view);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return kExitOk;
}

int ShowIndicators() {
  namespace ipb = ::jixiao::indicator::v1;
  auto stub = ipb::IndicatorService::NewStub(grpc::CreateChannel(
      absl::GetFlag(FLAGS_indicator), grpc::InsecureChannelCredentials()));
  ipb::EvaluationKey key;
  key.set_region_code(absl::GetFlag(FLAGS_region));
  key.set_department_code(absl::GetFlag(FLAGS_department));
  key.set_year(absl::GetFlag(FLAGS_year));
  ipb::Evaluation evaluation;
  if (auto s = stub->GetEvaluation(Context().get(), key, &evaluation);
      !s.ok()) {
    return FailCall(s, "evaluation");
  }
  ipb::GetFrameworkRequest get;
  get.set_id(evaluation.framework_id());
  get.set_version(evaluation.framework_version());
  ipb::Framework framework;
  if (auto s = stub->GetFramework(Context().get(), get, &framework); !s.ok()) {
    return FailCall(s, "framework");
  }
  const std::string out = jixiao::cli::RenderEvaluation(framework, evaluation);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return kExitOk;
}

namespace ipb = ::jixiao::indicator::v1;
namespace epb = ::jixiao::evaluation::v1;

std::unique_ptr<ipb::IndicatorService::Stub> IndicatorStub() {
  return ipb::IndicatorService::NewStub(grpc::CreateChannel(
      absl::GetFlag(FLAGS_indicator), grpc::InsecureChannelCredentials()));
}

std::unique_ptr<epb::EvaluationService::Stub> EvaluationStub() {
  return epb::EvaluationService::NewStub(grpc::CreateChannel(
      absl::GetFlag(FLAGS_evaluation), grpc::InsecureChannelCredentials()));
}

epb::DepartmentYear KeyFromFlags() {
  epb::DepartmentYear key;
  key.set_region_code(absl::GetFlag(FLAGS_region));
  key.set_department_code(absl::GetFlag(FLAGS_department));
  key.set_year(absl::GetFlag(FLAGS_year));
  return key;
}

// Opens the evaluation if it is not yet, then enters the values.
int LoadIndicators(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(kExitRefused, absl::StrCat(path, ": cannot open"));
  std::stringstream text;
  text << in.rdbuf();
  jixiao::dataset::v1::IndicatorDataset dataset;
  if (auto s =
          google::protobuf::util::JsonStringToMessage(text.str(), &dataset);
      !s.ok()) {
    return Fail(kExitRefused,
                absl::StrCat(path, ": ", s.message().as_string()));
  }
  auto stub = IndicatorStub();
  ipb::EvaluationVersion version;
  grpc::Status status =
      stub->GetEvaluationVersion(Context().get(), dataset.key(), &version);
  if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
    ipb::StartEvaluationRequest start;
    *start.mutable_key() = dataset.key();
    start.set_framework_id(dataset.framework_id());
    *start.mutable_actor() = dataset.actor();
    ipb::Evaluation started;
    status = stub->StartEvaluation(Context().get(), start, &started);
    if (!status.ok()) return FailCall(status, "start");
    version.set_version(started.version());
    version.set_status(started.status());
  } else if (!status.ok()) {
    return FailCall(status, "evaluation");
  }
  if (version.status() != ipb::DRAFT && version.status() != ipb::RETURNED) {
    std::printf("the evaluation is %s already; values left as they are\n",
                ipb::Status_Name(version.status()).c_str());
    return kExitOk;
  }
  ipb::SetValuesRequest set;
  *set.mutable_key() = dataset.key();
  *set.mutable_values() = dataset.values();
  if (!dataset.self_score().empty()) set.set_self_score(dataset.self_score());
  *set.mutable_actor() = dataset.actor();
  set.set_expected_version(version.version());
  ipb::Evaluation stored;
  status = stub->SetValues(Context().get(), set, &stored);
  if (!status.ok()) return FailCall(status, absl::StrCat(path, ": values"));
  std::printf("entered %d indicator values for %s %d from %s\n",
              dataset.values_size(), dataset.key().department_code().c_str(),
              dataset.key().year(), path.c_str());
  return kExitOk;
}

int Evaluate() {
  if (absl::GetFlag(FLAGS_format) != "text" &&
      absl::GetFlag(FLAGS_format) != "json") {
    return Fail(kExitUsage, "--format: text or json");
  }
  epb::EvaluateRequest request;
  *request.mutable_key() = KeyFromFlags();
  epb::EvaluationResult result;
  if (auto s = EvaluationStub()->Evaluate(Context().get(), request, &result);
      !s.ok()) {
    return FailCall(s, "evaluate");
  }
  const std::string out = absl::GetFlag(FLAGS_format) == "json"
                              ? [&] {
                                  std::string json;
                                  (void)google::protobuf::util::MessageToJsonString(result, &json);
                                  return json + "\n";
                                }()
                              : jixiao::cli::RenderResult(result);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return kExitOk;
}

int WriteReport() {
  std::string format = absl::GetFlag(FLAGS_format);
  if (format == "text") format = "md";  // the flag's default: Markdown
  if (format != "md" && format != "html") {
    return Fail(kExitUsage, "--format: md or html for a report");
  }
  epb::RenderReportRequest request;
  *request.mutable_key() = KeyFromFlags();
  request.set_format(format == "html" ? epb::HTML : epb::MARKDOWN);
  epb::Report report;
  if (auto s =
          EvaluationStub()->RenderReport(Context().get(), request, &report);
      !s.ok()) {
    return FailCall(s, "report");
  }
  const std::string path =
      absl::StrCat(absl::GetFlag(FLAGS_out), "/", report.file_name());
  std::ofstream file(path, std::ios::binary);
  file << report.content();
  if (!file) return Fail(kExitRefused, absl::StrCat(path, ": cannot write"));
  std::printf("%s  sha256 %s\n", path.c_str(), report.sha256().c_str());
  return kExitOk;
}

int Health() {
  struct Target {
    const char* label;
    std::string address;
    const char* service;
  };
  const std::vector<Target> targets = {
      {"budget", absl::GetFlag(FLAGS_budget), "jixiao.budget.v1.BudgetService"},
      {"indicator", absl::GetFlag(FLAGS_indicator),
       "jixiao.indicator.v1.IndicatorService"},
      {"evaluation", absl::GetFlag(FLAGS_evaluation),
       "jixiao.evaluation.v1.EvaluationService"}};
  const auto give_up = std::chrono::steady_clock::now() +
                       std::chrono::milliseconds(absl::GetFlag(FLAGS_wait_ms));
  int result = kExitOk;
  const std::vector<std::string> wanted = absl::GetFlag(FLAGS_services);
  for (const Target& target : targets) {
    if (std::find(wanted.begin(), wanted.end(), target.label) == wanted.end()) {
      continue;
    }
    auto stub = grpc::health::v1::Health::NewStub(grpc::CreateChannel(
        target.address, grpc::InsecureChannelCredentials()));
    grpc::health::v1::HealthCheckRequest request;
    request.set_service(target.service);
    grpc::health::v1::HealthCheckResponse response;
    grpc::Status status;
    while (true) {
      grpc::ClientContext context;
      context.set_deadline(std::chrono::system_clock::now() +
                           std::chrono::seconds(2));
      status = stub->Check(&context, request, &response);
      const bool serving =
          status.ok() &&
          response.status() == grpc::health::v1::HealthCheckResponse::SERVING;
      if (serving || std::chrono::steady_clock::now() >= give_up) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    const std::string state =
        status.ok()
            ? grpc::health::v1::HealthCheckResponse::ServingStatus_Name(
                  response.status())
            : absl::StrCat("UNREACHABLE (", status.error_message(), ")");
    std::printf("%-10s %-22s %s\n", target.label, target.address.c_str(),
                state.c_str());
    if (!status.ok()) {
      result = kExitUnreachable;
    } else if (response.status() !=
                   grpc::health::v1::HealthCheckResponse::SERVING &&
               result == kExitOk) {
      result = kExitRefused;
    }
  }
  return result;
}

int Call(const std::string& method, const std::string& json) {
  // The package names the service, and so the address.
  const std::string address = absl::StartsWith(method, "jixiao.indicator.")
                                  ? absl::GetFlag(FLAGS_indicator)
                              : absl::StartsWith(method, "jixiao.evaluation.")
                                  ? absl::GetFlag(FLAGS_evaluation)
                                  : absl::GetFlag(FLAGS_budget);
  auto channel =
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
  auto result = jixiao::rpcjson::CallJson(
      channel, method, json,
      std::chrono::milliseconds(absl::GetFlag(FLAGS_deadline_ms)),
      {{"x-jixiao-actor", absl::GetFlag(FLAGS_actor)}});
  if (!result.ok())
    return Fail(kExitUsage, std::string(result.status().message()));
  if (result->code != 0) {
    std::printf("%s\n", absl::StatusCodeToString(
                            static_cast<absl::StatusCode>(result->code))
                            .c_str());
    std::printf("%s\n", result->message.c_str());
    return result->code == static_cast<int>(grpc::StatusCode::UNAVAILABLE) ||
                   result->code ==
                       static_cast<int>(grpc::StatusCode::DEADLINE_EXCEEDED)
               ? kExitUnreachable
               : kExitRefused;
  }
  std::fwrite(result->response_json.data(), 1, result->response_json.size(),
              stdout);
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(kUsage);
  if (const absl::Status s = jixiao::flags_env::ApplyEnvironment(); !s.ok()) {
    return Fail(kExitUsage, std::string(s.message()));
  }
  const std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  const std::vector<std::string> words(args.begin() + 1, args.end());
  if (words.size() == 3 && words[0] == "dataset" && words[1] == "load") {
    return LoadDataset(words[2]);
  }
  if (words.size() == 2 && words[0] == "budget" && words[1] == "show")
    return ShowBudget();
  if (words.size() == 2 && words[0] == "indicator" && words[1] == "show") {
    return ShowIndicators();
  }
  if (words.size() == 3 && words[0] == "indicator" && words[1] == "load") {
    return LoadIndicators(words[2]);
  }
  if (words.size() == 1 && words[0] == "evaluate") return Evaluate();
  if (words.size() == 1 && words[0] == "report") return WriteReport();
  if (words.size() == 1 && words[0] == "health") return Health();
  if (words.size() == 3 && words[0] == "call") return Call(words[1], words[2]);
  std::fprintf(stderr, "%s\n", kUsage);
  return kExitUsage;
}

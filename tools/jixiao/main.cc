// jixiao: the command-line tool for what people and scripts do by hand.
//
//   jixiao dataset load FILE     load a report dataset into the budget service
//   jixiao budget show           a department-year: figures, rates, findings
//   jixiao indicator show        a department-year's indicators and values
//   jixiao indicator load FILE   enter a department-year's indicator values
//   jixiao evaluate              score a department-year
//   jixiao targets import FILE   declare performance targets (申报表 CSV/.xlsx)
//   jixiao targets show|export   read them back; submit, approve, return
//   jixiao monitoring …          mid-year monitoring (绩效运行监控): rounds,
//                                a department's filing, warnings, the table
//   jixiao rectification …       rectification tasks (整改): create from a
//                                finding, evidence, report, accept/reopen
//   jixiao projects …            project self-evaluations (项目支出绩效自评):
//                                file from CSV, show, submit, return, approve
//   jixiao report                write its self-evaluation report
//   jixiao publish|package get   a publication package (绩效信息公开)
//   jixiao verify DIR            recompute a package's score offline
//   jixiao results …             结果应用: rules, proposals, decisions
//   jixiao health                probe each service's grpc.health.v1
//   jixiao call METHOD JSON      one unary call, JSON in and out
//
// Exit codes: 0 done; 1 the service or a file refused (the message says
// why); 2 the command line is wrong; 3 a service could not be reached.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
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
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "jixiao/budget/v1/budget.grpc.pb.h"
#include "jixiao/evaluation/v1/evaluation.grpc.pb.h"
#include "jixiao/indicator/v1/indicator.grpc.pb.h"
#include "jixiao/indicator/v1/monitoring.grpc.pb.h"
#include "jixiao/indicator/v1/targets.grpc.pb.h"
#include "jixiao/probe/v1/health.grpc.pb.h"
#include "libs/base/atomic_file.h"
#include "libs/document_text/document_text.h"
#include "libs/flags_env/flags_env.h"
#include "libs/jwt/jwt.h"
#include "libs/money/money.h"
#include "libs/validate/validate.h"
#include "services/budget/domain/convert.h"
#include "services/budget/domain/extraction_proto.h"
#include "services/budget/domain/ledger.h"
#include "services/budget/domain/report_extract/extract.h"
#include "services/common/client.h"
#include "services/common/request_context.h"
#include "services/common/rpcjson/json_call.h"
#include "services/common/tls.h"
#include "services/indicator/domain/monitoring.h"
#include "tools/jixiao/budget_view.h"
#include "tools/jixiao/command_support.h"
#include "tools/jixiao/dataset.h"
#include "tools/jixiao/evaluation_view.h"
#include "tools/jixiao/indicator_view.h"
#include "tools/jixiao/ledger_csv.h"
#include "tools/jixiao/monitoring_csv.h"
#include "tools/jixiao/monitoring_view.h"
#include "tools/jixiao/projects_command.h"
#include "tools/jixiao/rectification_command.h"
#include "tools/jixiao/results_command.h"
#include "tools/jixiao/table_reader.h"
#include "tools/jixiao/targets_csv.h"
#include "tools/jixiao/targets_view.h"
#include "tools/jixiao/token.h"

ABSL_FLAG(std::string, budget, "127.0.0.1:50051",
          "address of the budget service");
ABSL_FLAG(std::string, indicator, "127.0.0.1:50052",
          "address of the indicator service");
ABSL_FLAG(std::string, evaluation, "127.0.0.1:50053",
          "address of the evaluation service");
ABSL_FLAG(std::string, projects_file, "",
          "dataset load: a file of projects (years[].projects alone) added "
          "to the dataset's years, e.g. deploy/demo's illustrative ones");
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
ABSL_FLAG(std::string, unit, "元",
          "import ledger: the unit of the amounts, 元 or 万元");
ABSL_FLAG(std::string, encoding, "auto", "import ledger: utf-8, gbk, or auto");
ABSL_FLAG(std::string, batch_id, "",
          "import ledger: the batch id (default: from the file's content, so "
          "importing the same file twice stores it once)");
ABSL_FLAG(std::string, reason, "",
          "targets return: why the targets go back to the department");
ABSL_FLAG(std::string, round, "",
          "monitoring: the round's id, e.g. 2019-07 (unique in the region)");
ABSL_FLAG(std::string, as_of, "",
          "monitoring open: the day the data run to, YYYY-MM-DD in --year");
ABSL_FLAG(std::string, due, "",
          "monitoring open: the day filings are due, YYYY-MM-DD");
ABSL_FLAG(std::string, title, "",
          "monitoring open: the round's title, e.g. 2019年1-7月绩效运行监控");
ABSL_FLAG(int, lag_threshold_bp, 0,
          "monitoring open: warn when 执行率 lags 时间进度 by more than this "
          "many basis points (0: the service's default, 1000 = 10 points)");
ABSL_FLAG(std::string, warning, "",
          "monitoring decide: the warning's id, e.g. execution_lag");
ABSL_FLAG(std::string, action, "",
          "monitoring decide: 暂缓拨付, 调整预算 or 督促整改");
ABSL_FLAG(std::string, note, "",
          "monitoring decide, rectification accept|reopen: what is done and "
          "why");
ABSL_FLAG(bool, dry_run, false,
          "import: show what would be stored and every error");
ABSL_FLAG(bool, commit, false,
          "report extract: store the figures in the budget service under "
          "--region and --department (without it: print what was read, store "
          "nothing)");
ABSL_FLAG(std::string, issuer, "",
          "token mint: the issuer (iss) the services require, if any");
ABSL_FLAG(std::string, audience, "",
          "token mint: the audience (aud) the services require, if any");
ABSL_FLAG(std::string, actor, "jixiao-cli",
          "who the writes are recorded as, when the services check no tokens");
ABSL_FLAG(std::string, token_file, "",
          "file holding the bearer token sent with every call");
ABSL_FLAG(std::string, secret_file, "", "token mint: the HS256 secret file");
ABSL_FLAG(std::string, private_key_file, "",
          "token mint: the RS256 private key (PEM)");
ABSL_FLAG(std::string, subject, "", "token mint: who the token is for");
ABSL_FLAG(std::string, role, "", "token mint: department, finance or admin");
ABSL_FLAG(absl::Duration, ttl, absl::Hours(8), "token mint: how long it lasts");

namespace {

namespace bpb = ::jixiao::budget::v1;

using ::jixiao::cli::Fail;
using ::jixiao::cli::FailCall;
using ::jixiao::cli::kExitOk;
using ::jixiao::cli::kExitRefused;
using ::jixiao::cli::kExitUnreachable;
using ::jixiao::cli::kExitUsage;
using ::jixiao::cli::PrintJson;

constexpr char kUsage[] = R"(jixiao: the Jixiao command-line tool

  jixiao dataset load FILE [--projects_file PROJECTS.json]
      Load a dataset file (figures as a report states them) into the budget
      service: creates or updates the department, replaces each year (with
      the projects of PROJECTS.json added to its years).
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
  jixiao evaluate --region R --year Y
      Score every department of the region with an evaluation: a ranking.
  jixiao import ledger FILE.csv --region R [--unit 元|万元] [--encoding auto|utf-8|gbk]
                                 [--batch_id ID] [--dry_run]
      Budget lines or payment records from CSV (layout: docs/import.md). Every
      error names its row and column, and a file with errors stores nothing.
      The same file twice is stored once.
  jixiao import department-year FILE.json
      A department and its years as a dataset file (= dataset load).
  jixiao import report FILE.txt --region R --department D [--dry_run]
      = report extract --commit (with --dry_run: print what was read).
  jixiao export department-year --region R --department D --year Y [--format json|csv]
      A department-year's figures, as JSON or as CSV (amounts in 万元).
  jixiao report --region R --department D --year Y [--format md|html] [--out DIR]
      Write the self-evaluation report to DIR; prints its path and sha256.
  jixiao report extract FILE [--commit --region R --department D]
      Read a legacy 自评报告 (.txt in UTF-8 or GBK, .docx, .xlsx or .pdf,
      told by its bytes; `jixiao report text FILE` prints the text read)
      into one JSON object:
      department, year, figures (each with its quote), claimed_changes,
      findings (docs/extract.md). With --commit, the budget service stores
      the figures for the department-year.
  jixiao targets import FILE --region R --department D --year Y
                         [--encoding auto|utf-8|gbk] [--dry_run]
      Declare the year's performance targets (绩效目标) from a 申报表 as CSV
      or .xlsx (部门整体 and 项目支出 forms, amounts in 万元; layout:
      docs/import.md). Every error names its row and column, and a file
      with errors stores nothing. Stores a draft (PutTargets).
  jixiao targets export --region R --department D --year Y
      The targets in force (else the current ones) as CSV in that layout.
  jixiao targets show --region R --department D --year Y [--format text|json]
      The current targets: status, version, the version in force, every
      indicator.
  jixiao targets submit|approve --region R --department D --year Y
  jixiao targets return --region R --department D --year Y --reason TEXT
      Move the targets in their workflow (finance approves and returns).
  jixiao monitoring open --region R --year Y --round ID --as_of DATE --due DATE
                         [--title TEXT] [--lag_threshold_bp N]
  jixiao monitoring close --region R --round ID
  jixiao monitoring rounds --region R [--year Y]
      Mid-year monitoring (绩效运行监控): finance opens a round for its
      region (data up to --as_of, filings due --due) and closes it.
  jixiao monitoring file FILE --region R --department D --round ID
                         [--encoding auto|utf-8|gbk] [--dry_run]
      A department's filing from the indicator part of a 绩效监控表 as CSV or
      .xlsx (一级指标, 二级指标, 三级指标, 年度指标值, 1-X月执行情况,
      全年预计完成情况, 完成目标可能性, 偏差原因, 纠偏措施; layout:
      docs/import.md), each row matched to the approved targets by its 三级
      name. Every error names its row and column, and a file with errors
      stores nothing. The same filing again is left as it is.
  jixiao monitoring show --region R --department D --round ID [--format text|json]
      The round, 执行率 against 时间进度 for the department and each
      project (from the budget service's payments), the filing, and every
      warning with its figures and finance's decision.
  jixiao monitoring warnings --region R --round ID [--format text|json]
      Finance: every warning of the region's departments in the round.
  jixiao monitoring decide --region R --department D --round ID --warning ID
                           --action 暂缓拨付|调整预算|督促整改 --note TEXT
      Finance: what is done about a warning.
  jixiao monitoring table --region R --department D --round ID [--format md|html] [--out DIR]
      Write the 绩效监控表 of the department and its projects to DIR.
  jixiao projects file FILE --region R --department D --year Y [--encoding gbk] [--dry_run]
      The department: the 项目支出绩效自评表's indicator part from CSV or
      .xlsx (项目代码, 指标编号, 实际完成值, 完成程度, 得分比例, 分值,
      偏差原因分析, 改进措施; a row without 指标编号 gives the project's
      实际完成情况 and 自评得分), checked against the approved targets:
      every error at its row and column, nothing sent while any is wrong.
  jixiao projects show --region R --department D --year Y [--project P] [--format text|json]
  jixiao projects submit|approve --region R --department D --year Y --project P
  jixiao projects return --region R --department D --year Y --project P --reason TEXT
      The department submits a project's filing; finance returns or
      approves it.
  jixiao rectification create --region R --department D --year Y
                              --kind consistency|missed_target|monitoring_warning|low_score|reviewer_note
                              --reference REF [--figures TEXT]
                              --requirement TEXT --deadline YYYY-MM-DD
      Finance: a rectification task (整改) from a finding. A consistency
      finding's figures (--reference B5) are read from the budget service
      when --figures is not given.
  jixiao rectification list --region R [--department D] [--status open|reported|accepted|reopened]
                            [--as_of DATE] [--format text|json]
      Finance: the region's tasks; a department names itself. With
      --as_of only the tasks overdue on that day.
  jixiao rectification overdue --region R [--department D] [--as_of DATE]
      The tasks overdue (deadline passed, not accepted) on DATE (today).
  jixiao rectification show --region R --task N [--format text|json]
      The task: its finding and figures, requirement, deadline, the latest
      report with its evidence files, finance's note, every step.
  jixiao rectification evidence FILE --region R --task N
      The department: upload a PDF, PNG, JPEG, XLSX or CSV (told by its
      bytes) to an open or reopened task; prints its sha256.
  jixiao rectification report --region R --task N --response TEXT [--evidence SHA,…]
      The department reports what it did, with the evidence uploaded.
  jixiao rectification accept|reopen --region R --task N --note TEXT
      Finance accepts the report, or reopens the task saying what is missing.
  jixiao publish --region R --department D --year Y --out DIR
  jixiao package get --region R --department D --year Y --out DIR
      Finance publishes the department-year's package (绩效信息公开: the
      report, the scoring table, manifest.json) once its evaluation is
      approved; anyone of the region fetches it. Written to DIR.
  jixiao verify DIR
      Offline: checks every file's size and sha256 against manifest.json,
      scores the manifest's values again under its framework and compares
      every leaf, the total and the grade. Exit 0, or 1 naming the first
      difference.
  jixiao results rules --region R
  jixiao results propose --region R --department D --year Y
  jixiao results decide --region R --department D --year Y --decision KIND
                        [--share_bp N | --amount_fen N] --reason TEXT
  jixiao results decisions --region R --year Y [--department D]
      结果应用: the region's rule table, the decision it proposes from the
      grade, finance's decision (PRIORITY, MAINTAIN, REDUCE, CANCEL,
      RECTIFY_FIRST) with its reason, and the decisions of a year.
  jixiao health [--wait_ms N] [--services=budget,indicator,evaluation]
      Probe grpc.health.v1 of each service; exit 0 when all are SERVING.
  jixiao token mint --subject S --role department|finance|admin
                    [--region R] [--department D] [--ttl 8h]
                    (--secret_file F | --private_key_file F)
      Print a bearer token (JWT) for a person or a platform. Other commands
      send the token of --token_file with every call.
  jixiao call package.Service/Method 'JSON'
      One unary call with a JSON request (protobuf's JSON mapping); prints
      the JSON reply. jixiao.budget.* goes to --budget, jixiao.indicator.*
      to --indicator, jixiao.evaluation.* to --evaluation. On an error prints
      the gRPC code and message and exits 1.

Every flag can also be set as JIXIAO_<FLAG>, e.g. JIXIAO_BUDGET=host:port.)";

// The bearer token of --token_file, read once in main.
std::string& Token() {
  static std::string token;
  return token;
}

// Who calls: the token when there is one, the stated actor otherwise.
std::vector<std::pair<std::string, std::string>> CallerMetadata() {
  std::vector<std::pair<std::string, std::string>> metadata = {
      {"x-jixiao-actor", absl::GetFlag(FLAGS_actor)}};
  if (!Token().empty())
    metadata.emplace_back("authorization", "Bearer " + Token());
  return metadata;
}

void AddCaller(grpc::ClientContext& context) {
  for (const auto& [key, value] : CallerMetadata())
    context.AddMetadata(key, value);
}

// The services' own channel: mTLS when the --tls_* flags are set.
std::shared_ptr<grpc::Channel> Channel(const std::string& address) {
  return jixiao::ServiceChannel(address, {});
}

std::unique_ptr<grpc::ClientContext> Context() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(
      std::chrono::system_clock::now() +
      std::chrono::milliseconds(absl::GetFlag(FLAGS_deadline_ms)));
  AddCaller(*context);
  return context;
}

int MintToken() {
  auto token = jixiao::cli::MintToken(
      {.secret_file = absl::GetFlag(FLAGS_secret_file),
       .private_key_file = absl::GetFlag(FLAGS_private_key_file),
       .subject = absl::GetFlag(FLAGS_subject),
       .role = absl::GetFlag(FLAGS_role),
       .region_code = absl::GetFlag(FLAGS_region),
       .department_code = absl::GetFlag(FLAGS_department),
       .issuer = absl::GetFlag(FLAGS_issuer),
       .audience = absl::GetFlag(FLAGS_audience),
       .ttl = absl::GetFlag(FLAGS_ttl)},
      absl::Now());
  if (!token.ok())
    return Fail(kExitUsage, std::string(token.status().message()));
  std::printf("%s\n", token->c_str());
  return kExitOk;
}

std::unique_ptr<bpb::BudgetService::Stub> BudgetStub() {
  return bpb::BudgetService::NewStub(Channel(absl::GetFlag(FLAGS_budget)));
}

int LoadDataset(const std::string& path) {
  auto dataset = jixiao::cli::ReadDataset(path);
  if (!dataset.ok())
    return Fail(kExitRefused, std::string(dataset.status().message()));
  if (const std::string projects = absl::GetFlag(FLAGS_projects_file);
      !projects.empty()) {
    auto overlay = jixiao::cli::ReadDataset(projects);
    if (!overlay.ok())
      return Fail(kExitRefused, std::string(overlay.status().message()));
    if (auto s = jixiao::cli::AddProjects(*overlay, *dataset); !s.ok()) {
      return Fail(kExitRefused, absl::StrCat(projects, ": ", s.message()));
    }
  }
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
  std::printf(
      "loaded %s (%s/%s): %zu years, %d figures with their quotes, "
      "from %s\n",
      department.name().c_str(), department.region_code().c_str(),
      department.code().c_str(), plan->years.size(), figures, path.c_str());
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
  auto stub =
      ipb::IndicatorService::NewStub(Channel(absl::GetFlag(FLAGS_indicator)));
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
  return ipb::IndicatorService::NewStub(
      Channel(absl::GetFlag(FLAGS_indicator)));
}

std::unique_ptr<epb::EvaluationService::Stub> EvaluationStub() {
  return epb::EvaluationService::NewStub(
      Channel(absl::GetFlag(FLAGS_evaluation)));
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
  if (absl::GetFlag(FLAGS_format) == "json")
    return PrintJson(result, {.one_line = true});
  const std::string out = jixiao::cli::RenderResult(result);
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
  if (!jixiao::WriteFileAtomically(path, report.content()).ok()) {
    return Fail(kExitRefused, absl::StrCat(path, ": cannot write"));
  }
  std::printf("%s  sha256 %s\n", path.c_str(), report.sha256().c_str());
  return kExitOk;
}

// A progress bar on stderr for long imports: "[#####     ] 50% 500000/1000000".
void Progress(size_t done, size_t total) {
  constexpr int kWidth = 30;
  const int filled =
      total == 0 ? kWidth : static_cast<int>(done * kWidth / total);
  std::fprintf(
      stderr, "\r[%s%s] %3d%% %zu/%zu rows", std::string(filled, '#').c_str(),
      std::string(kWidth - filled, ' ').c_str(),
      total == 0 ? 100 : static_cast<int>(done * 100 / total), done, total);
  if (done == total) std::fprintf(stderr, "\n");
}

int ImportLedger(const std::string& path) {
  const std::string unit = absl::GetFlag(FLAGS_unit);
  if (unit != "元" && unit != "万元")
    return Fail(kExitUsage, "--unit: 元 or 万元");
  const auto encoding =
      jixiao::cli::EncodingNamed(absl::GetFlag(FLAGS_encoding));
  if (!encoding.has_value()) {
    return Fail(kExitUsage, "--encoding: utf-8, gbk or auto");
  }
  const std::string region = absl::GetFlag(FLAGS_region);
  if (region.size() != 6)
    return Fail(kExitUsage, "--region: the six-digit region code");
  auto text = jixiao::cli::ReadTextFile(path, *encoding);
  if (!text.ok()) return Fail(kExitRefused, text.status().message());
  jixiao::cli::LedgerFile file = jixiao::cli::ReadLedgerCsv(*text, unit);
  *text = std::string();
  jixiao::budget::LedgerBatch& batch = file.rows;
  batch.region_code = region;
  const size_t rows = batch.lines.size() + batch.payments.size();
  std::string batch_id = absl::GetFlag(FLAGS_batch_id);
  if (batch_id.empty()) {
    // The rows' own digest: the same file imported twice is the same batch.
    batch_id = absl::StrCat("csv-", jixiao::budget::LedgerDigest(batch));
  }
  if (!file.errors.empty()) {
    return jixiao::cli::FailFileErrors(path, file.errors, "stored");
  }
  int64_t total = 0;
  for (const auto& l : batch.lines) total += l.amount;
  for (const auto& p : batch.payments) total += p.amount;
  if (absl::GetFlag(FLAGS_dry_run)) {
    std::printf(
        "dry run: %s would store %zu budget lines and %zu payments (%s) for "
        "region %s "
        "as batch %s; nothing was stored\n",
        path.c_str(), batch.lines.size(), batch.payments.size(),
        jixiao::money::FormatWanYuan(total).c_str(), region.c_str(),
        batch_id.c_str());
    return kExitOk;
  }
  auto stub = BudgetStub();
  bpb::ImportLedgerResponse response;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::minutes(10));
  AddCaller(context);
  auto writer = stub->StreamImportLedger(&context, &response);
  constexpr size_t kChunk = jixiao::budget::kMaxUnaryBatchRows;
  const bool show_progress = rows > kChunk;
  size_t sent = 0;
  for (size_t i = 0; i < batch.lines.size() || i < batch.payments.size();
       i += kChunk) {
    bpb::ImportLedgerRequest chunk;
    if (i == 0) {
      chunk.set_batch_id(batch_id);
      chunk.set_region_code(region);
    }
    for (size_t k = i; k < std::min(i + kChunk, batch.lines.size()); ++k) {
      jixiao::budget::ToProto(batch.lines[k], chunk.add_lines());
    }
    for (size_t k = i; k < std::min(i + kChunk, batch.payments.size()); ++k) {
      jixiao::budget::ToProto(batch.payments[k], chunk.add_payments());
    }
    if (!writer->Write(chunk)) break;
    sent += chunk.lines_size() + chunk.payments_size();
    if (show_progress) Progress(sent, rows);
  }
  writer->WritesDone();
  const grpc::Status status = writer->Finish();
  if (!status.ok()) {
    return FailCall(
        grpc::Status(status.error_code(),
                     jixiao::cli::ToCsvPosition(status.error_message())),
        path);
  }
  std::printf(
      "%s: stored %lld budget lines and %lld payments as batch %s%s\n",
      path.c_str(), static_cast<long long>(response.lines_stored()),
      static_cast<long long>(response.payments_stored()), batch_id.c_str(),
      response.already_imported() ? " (imported before; stored once)" : "");
  return kExitOk;
}

int ExportDepartmentYear() {
  const std::string format = absl::GetFlag(FLAGS_format);
  if (format != "text" && format != "json" && format != "csv") {
    return Fail(kExitUsage, "--format: json or csv");
  }
  bpb::DepartmentYearKey key;
  key.set_region_code(absl::GetFlag(FLAGS_region));
  key.set_department_code(absl::GetFlag(FLAGS_department));
  key.set_year(absl::GetFlag(FLAGS_year));
  bpb::DepartmentYear year;
  if (auto s = BudgetStub()->GetDepartmentYear(Context().get(), key, &year);
      !s.ok()) {
    return FailCall(s, "figures");
  }
  if (format == "csv") {
    // One figure a row, amounts in 万元 exactly: easy to open in a spreadsheet.
    std::printf("phase,item,label,amount_wan_yuan\n");
    for (const bpb::PhaseFigures& p : year.phases()) {
      for (const jixiao::budget::Item item : jixiao::budget::AllItems()) {
        if (const auto v = jixiao::budget::FigureOf(p, item)) {
          const std::string wan = jixiao::money::FormatWanYuan(*v);
          std::printf(
              "%s,%s,%s,%s\n", bpb::Phase_Name(p.phase()).c_str(),
              std::string(jixiao::budget::KeyOf(item)).c_str(),
              std::string(jixiao::budget::LabelOf(item)).c_str(),
              wan.substr(0, wan.size() - std::string("万元").size()).c_str());
        }
      }
    }
    return kExitOk;
  }
  return PrintJson(year);
}

int EvaluateRegion() {
  epb::EvaluateRegionRequest request;
  request.set_region_code(absl::GetFlag(FLAGS_region));
  request.set_year(absl::GetFlag(FLAGS_year));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::minutes(10));
  AddCaller(context);
  auto reader = EvaluationStub()->EvaluateRegion(&context, request);
  epb::RegionEvent event;
  epb::RegionSummary summary;
  while (reader->Read(&event)) {
    if (event.has_summary()) summary = event.summary();
  }
  if (auto s = reader->Finish(); !s.ok()) return FailCall(s, "region");
  std::printf(
      "%s %d年：评价 %d 个单位，未开始评价 %d 个\n\n%-6s%-24s%-24s%8s  %s\n",
      request.region_code().c_str(), request.year(), summary.evaluated(),
      summary.skipped(), "名次", "单位编码", "单位名称", "得分", "等级");
  for (const auto& d : summary.ranking()) {
    std::printf("%-6d%-24s%-24s%8s  %s\n", d.rank(),
                d.department_code().c_str(), d.department_name().c_str(),
                d.total().c_str(), d.grade().c_str());
  }
  std::printf("\n");
  for (const auto& g : summary.grades())
    std::printf("%s %d  ", g.grade().c_str(), g.count());
  std::printf("\n");
  for (const auto& e : summary.errors())
    std::printf("未能评价：%s\n", e.c_str());
  return kExitOk;
}

// The text of a report file: a .docx, .xlsx or .pdf is read to its text
// (told by its bytes, not its name); plain text may be GB18030 or UTF-8.
absl::StatusOr<std::string> ReadReportText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot open"));
  std::stringstream bytes;
  bytes << in.rdbuf();
  auto document = jixiao::document_text::DocumentText(bytes.str());
  if (!document.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": ", document.status().message()));
  }
  auto text = jixiao::cli::ToUtf8(*document, jixiao::cli::Encoding::kAuto);
  if (!text.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": ", text.status().message()));
  }
  return text;
}

int PrintReportText(const std::string& path) {
  auto text = ReadReportText(path);
  if (!text.ok())
    return Fail(kExitRefused, std::string(text.status().message()));
  std::fwrite(text->data(), 1, text->size(), stdout);
  return kExitOk;
}

int ExtractReport(const std::string& path) {
  auto text = ReadReportText(path);
  if (!text.ok())
    return Fail(kExitRefused, std::string(text.status().message()));
  if (!absl::GetFlag(FLAGS_commit)) {
    bpb::ExtractReportResponse extraction;
    jixiao::budget::ToProto(jixiao::report_extract::Extract(*text),
                            &extraction);
    // Printed from the message the budget service would send, with the
    // proto's field names (docs/extract.md).
    return PrintJson(extraction, {.proto_names = true, .one_line = true});
  }
  bpb::ExtractReportRequest request;
  request.set_text(*text);
  request.set_region_code(absl::GetFlag(FLAGS_region));
  request.set_department_code(absl::GetFlag(FLAGS_department));
  request.set_commit(true);
  bpb::ExtractReportResponse response;
  if (auto s = BudgetStub()->ExtractReport(Context().get(), request, &response);
      !s.ok()) {
    return FailCall(s, path);
  }
  std::printf(
      "%s: stored %zu figures of %s %d as %s/%s (version %lld); %d findings\n",
      path.c_str(), static_cast<size_t>(response.figures_size()),
      response.department().c_str(), response.year(),
      request.region_code().c_str(), request.department_code().c_str(),
      static_cast<long long>(response.figures_version()),
      response.findings_size());
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
    grpc::health::v1::HealthCheckRequest request;
    request.set_service(target.service);
    grpc::health::v1::HealthCheckResponse response;
    grpc::Status status;
    while (true) {
      // A new channel each try: a name the cluster's DNS does not know yet
      // (a pod just started) leaves a channel's resolver backing off for
      // longer than the wait, while the next try's new resolver finds it.
      const auto stub =
          grpc::health::v1::Health::NewStub(Channel(target.address));
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
  auto result = jixiao::rpcjson::CallJson(
      Channel(address), method, json,
      std::chrono::milliseconds(absl::GetFlag(FLAGS_deadline_ms)),
      CallerMetadata());
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

// --- Performance targets (绩效目标): TargetService --------------------------

std::unique_ptr<ipb::TargetService::Stub> TargetStub() {
  return ipb::TargetService::NewStub(Channel(absl::GetFlag(FLAGS_indicator)));
}

ipb::TargetKey TargetKeyFromFlags() {
  ipb::TargetKey key;
  key.set_region_code(absl::GetFlag(FLAGS_region));
  key.set_department_code(absl::GetFlag(FLAGS_department));
  key.set_year(absl::GetFlag(FLAGS_year));
  return key;
}

// The set's content, without what the service sets on each version.
ipb::TargetSet TargetContent(ipb::TargetSet set) {
  set.clear_status();
  set.clear_version();
  set.clear_return_reasons();
  set.clear_adjustment_reason();
  set.clear_decision_reason();
  set.clear_changed_by();
  set.clear_changed_at();
  return set;
}

std::string TargetSummary(const ipb::TargetSet& set) {
  return absl::StrCat(set.key().region_code(), "/", set.key().department_code(),
                      " ", set.key().year(), " ",
                      jixiao::cli::TargetStatusLabel(set.status()),
                      ", version ", set.version(), ", ",
                      jixiao::cli::CountTargetIndicators(set), " indicators (",
                      set.indicators_size(), " department-wide, ",
                      set.projects_size(), " projects)");
}

// GetTargets; `found` false (and OK) when nothing is declared yet.
grpc::Status ReadTargets(ipb::TargetsView& view, bool& found) {
  const grpc::Status status =
      TargetStub()->GetTargets(Context().get(), TargetKeyFromFlags(), &view);
  found = status.ok();
  return status.error_code() == grpc::StatusCode::NOT_FOUND ? grpc::Status::OK
                                                            : status;
}

int ImportTargets(const std::string& path) {
  const auto encoding =
      jixiao::cli::EncodingNamed(absl::GetFlag(FLAGS_encoding));
  if (!encoding.has_value()) {
    return Fail(kExitUsage, "--encoding: utf-8, gbk or auto");
  }
  const ipb::TargetKey key = TargetKeyFromFlags();
  if (auto s = jixiao::validate::ValidateDepartmentYearKey(
          "--", key.region_code(), key.department_code(), key.year());
      !s.ok()) {
    return Fail(kExitUsage,
                absl::StrCat("--region, --department, --year: ", s.message()));
  }
  auto rows = jixiao::cli::ReadTableFile(path, *encoding);
  if (!rows.ok()) return Fail(kExitRefused, rows.status().message());
  jixiao::cli::TargetsFile file = jixiao::cli::ReadTargets(*rows, key);
  if (!file.errors.empty()) {
    return jixiao::cli::FailFileErrors(path, file.errors, "stored");
  }
  const ipb::TargetSet& targets = file.targets;
  if (absl::GetFlag(FLAGS_dry_run)) {
    std::printf(
        "dry run: %s would declare %d indicators (%d department-wide, %d "
        "projects) for %s/%s %d; nothing was stored\n",
        path.c_str(), jixiao::cli::CountTargetIndicators(targets),
        targets.indicators_size(), targets.projects_size(),
        key.region_code().c_str(), key.department_code().c_str(), key.year());
    return kExitOk;
  }
  ipb::TargetsView view;
  bool found = false;
  if (auto s = ReadTargets(view, found); !s.ok()) return FailCall(s, "targets");
  // The same content again is no new version: a script may run twice.
  if (found && google::protobuf::util::MessageDifferencer::Equals(
                   TargetContent(view.current()), targets)) {
    std::printf("%s: unchanged: %s\n", path.c_str(),
                TargetSummary(view.current()).c_str());
    return kExitOk;
  }
  ipb::PutTargetsRequest put;
  *put.mutable_targets() = targets;
  put.set_expected_version(found ? view.current().version() : 0);
  ipb::TargetSet stored;
  if (auto s = TargetStub()->PutTargets(Context().get(), put, &stored);
      !s.ok()) {
    return FailCall(s, path);
  }
  std::printf("%s: stored %s\n", path.c_str(), TargetSummary(stored).c_str());
  return kExitOk;
}

int ExportTargets() {
  ipb::TargetsView view;
  if (auto s = TargetStub()->GetTargets(Context().get(), TargetKeyFromFlags(),
                                        &view);
      !s.ok()) {
    return FailCall(s, "targets");
  }
  const std::string csv = jixiao::cli::WriteTargetsCsv(
      view.has_in_force() ? view.in_force() : view.current());
  std::fwrite(csv.data(), 1, csv.size(), stdout);
  return kExitOk;
}

int ShowTargets() {
  const std::string format = absl::GetFlag(FLAGS_format);
  if (format != "text" && format != "json") {
    return Fail(kExitUsage, "--format: text or json");
  }
  ipb::TargetsView view;
  if (auto s = TargetStub()->GetTargets(Context().get(), TargetKeyFromFlags(),
                                        &view);
      !s.ok()) {
    return FailCall(s, "targets");
  }
  const std::string out = format == "json" ? jixiao::cli::JsonOf(view)
                                           : jixiao::cli::RenderTargets(view);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return kExitOk;
}

// Submit, approve or return the current version (the one just read).
int MoveTargets(const std::string& action) {
  ipb::TargetTransition transition;
  *transition.mutable_key() = TargetKeyFromFlags();
  if (action == "return") {
    const std::string reason = absl::GetFlag(FLAGS_reason);
    if (reason.empty()) return Fail(kExitUsage, "targets return: --reason");
    transition.add_reasons()->set_reason(reason);
  }
  ipb::TargetsView view;
  auto stub = TargetStub();
  if (auto s = stub->GetTargets(Context().get(), transition.key(), &view);
      !s.ok()) {
    return FailCall(s, "targets");
  }
  transition.set_expected_version(view.current().version());
  ipb::TargetSet moved;
  const grpc::Status status =
      action == "submit"
          ? stub->SubmitTargets(Context().get(), transition, &moved)
      : action == "approve"
          ? stub->ApproveTargets(Context().get(), transition, &moved)
          : stub->ReturnTargets(Context().get(), transition, &moved);
  if (!status.ok()) return FailCall(status, absl::StrCat("targets ", action));
  std::printf("targets %s\n", TargetSummary(moved).c_str());
  return kExitOk;
}

// A command's verbs (`jixiao targets import FILE`): words[1] is the verb,
// words[2] the file for a verb that takes one; anything else is usage.
struct SubCommand {
  const char* verb;
  bool takes_file;
  std::function<int(const std::vector<std::string>&)> run;
};

int RunSubCommand(const std::vector<std::string>& words,
                  absl::Span<const SubCommand> commands) {
  for (const SubCommand& command : commands) {
    if (words[1] == command.verb &&
        words.size() == (command.takes_file ? 3u : 2u)) {
      return command.run(words);
    }
  }
  std::fprintf(stderr, "%s\n", kUsage);
  return kExitUsage;
}

// `jixiao targets VERB [FILE]`.
int Targets(const std::vector<std::string>& words) {
  const SubCommand commands[] = {
      {"import", true, [](const auto& w) { return ImportTargets(w[2]); }},
      {"export", false, [](const auto&) { return ExportTargets(); }},
      {"show", false, [](const auto&) { return ShowTargets(); }},
      {"submit", false, [](const auto&) { return MoveTargets("submit"); }},
      {"approve", false, [](const auto&) { return MoveTargets("approve"); }},
      {"return", false, [](const auto&) { return MoveTargets("return"); }},
  };
  return RunSubCommand(words, commands);
}

// --- Mid-year monitoring (绩效运行监控): MonitoringService -----------------

std::unique_ptr<ipb::MonitoringService::Stub> MonitoringStub() {
  return ipb::MonitoringService::NewStub(
      Channel(absl::GetFlag(FLAGS_indicator)));
}

ipb::RoundKey RoundKeyFromFlags() {
  ipb::RoundKey key;
  key.set_region_code(absl::GetFlag(FLAGS_region));
  key.set_round_id(absl::GetFlag(FLAGS_round));
  return key;
}

ipb::MonitoringKey MonitoringKeyFromFlags() {
  ipb::MonitoringKey key;
  *key.mutable_round() = RoundKeyFromFlags();
  key.set_department_code(absl::GetFlag(FLAGS_department));
  return key;
}

// The flags a monitoring command needs, else what is missing.
std::string MissingMonitoringFlags(bool department) {
  std::vector<std::string> missing;
  if (absl::GetFlag(FLAGS_region).empty()) missing.push_back("--region");
  if (absl::GetFlag(FLAGS_round).empty()) missing.push_back("--round");
  if (department && absl::GetFlag(FLAGS_department).empty()) {
    missing.push_back("--department");
  }
  return absl::StrJoin(missing, ", ");
}

bool OutputFormat(std::string& format) {
  format = absl::GetFlag(FLAGS_format);
  return format == "text" || format == "json";
}

std::string Json(const google::protobuf::Message& message) {
  return jixiao::cli::JsonOf(message);
}

// The round of --region and --round, read from the region's list (there is
// no single-round read); NOT_FOUND naming it when there is none.
grpc::Status FindRound(const ipb::RoundKey& key, ipb::MonitoringRound& round) {
  ipb::ListRoundsRequest request;
  request.set_region_code(key.region_code());
  ipb::ListRoundsResponse list;
  if (auto s = MonitoringStub()->ListRounds(Context().get(), request, &list);
      !s.ok()) {
    return s;
  }
  for (const ipb::MonitoringRound& r : list.rounds()) {
    if (r.key().round_id() == key.round_id()) {
      round = r;
      return grpc::Status::OK;
    }
  }
  return grpc::Status(
      grpc::StatusCode::NOT_FOUND,
      absl::StrCat("region ", key.region_code(), " has no monitoring round \"",
                   key.round_id(), "\""));
}

int OpenRound() {
  if (const std::string missing = MissingMonitoringFlags(false);
      !missing.empty()) {
    return Fail(kExitUsage, absl::StrCat("monitoring open: ", missing));
  }
  ipb::OpenRoundRequest request;
  ipb::MonitoringRound& round = *request.mutable_round();
  *round.mutable_key() = RoundKeyFromFlags();
  round.set_year(absl::GetFlag(FLAGS_year));
  round.set_as_of(absl::GetFlag(FLAGS_as_of));
  round.set_due(absl::GetFlag(FLAGS_due));
  if (round.year() == 0 || round.as_of().empty() || round.due().empty()) {
    return Fail(kExitUsage, "monitoring open: --year, --as_of and --due");
  }
  if (const std::string title = absl::GetFlag(FLAGS_title); !title.empty()) {
    round.set_title(title);
  }
  if (const int bp = absl::GetFlag(FLAGS_lag_threshold_bp); bp != 0) {
    round.set_lag_threshold_bp(bp);
  }
  ipb::MonitoringRound opened;
  const grpc::Status status =
      MonitoringStub()->OpenRound(Context().get(), request, &opened);
  if (status.error_code() == grpc::StatusCode::ALREADY_EXISTS) {
    // A script may run twice: the same round again is left as it is.
    ipb::MonitoringRound existing;
    if (FindRound(round.key(), existing).ok() &&
        existing.year() == round.year() && existing.as_of() == round.as_of() &&
        existing.due() == round.due() &&
        (!round.has_title() || existing.title() == round.title())) {
      std::printf("round exists, left as it is: %s\n",
                  jixiao::cli::RoundSummary(existing).c_str());
      return kExitOk;
    }
  }
  if (!status.ok()) return FailCall(status, "monitoring open");
  std::printf("opened %s\n", jixiao::cli::RoundSummary(opened).c_str());
  return kExitOk;
}

int CloseRound() {
  if (const std::string missing = MissingMonitoringFlags(false);
      !missing.empty()) {
    return Fail(kExitUsage, absl::StrCat("monitoring close: ", missing));
  }
  ipb::MonitoringRound closed;
  if (auto s = MonitoringStub()->CloseRound(Context().get(),
                                            RoundKeyFromFlags(), &closed);
      !s.ok()) {
    return FailCall(s, "monitoring close");
  }
  std::printf("closed %s\n", jixiao::cli::RoundSummary(closed).c_str());
  return kExitOk;
}

int ListRounds() {
  if (absl::GetFlag(FLAGS_region).empty()) {
    return Fail(kExitUsage, "monitoring rounds: --region");
  }
  ipb::ListRoundsRequest request;
  request.set_region_code(absl::GetFlag(FLAGS_region));
  request.set_year(absl::GetFlag(FLAGS_year));
  if (!absl::GetFlag(FLAGS_department).empty()) {
    request.set_department_code(absl::GetFlag(FLAGS_department));
  }
  ipb::ListRoundsResponse list;
  if (auto s = MonitoringStub()->ListRounds(Context().get(), request, &list);
      !s.ok()) {
    return FailCall(s, "monitoring rounds");
  }
  if (list.rounds().empty()) std::printf("no monitoring rounds\n");
  for (const ipb::MonitoringRound& r : list.rounds()) {
    std::printf("%s\n", jixiao::cli::RoundSummary(r).c_str());
  }
  return kExitOk;
}

// What a department files, without what the service copies from the
// targets: two filings with the same content compare equal.
google::protobuf::RepeatedPtrField<ipb::MonitoredIndicator> FiledContent(
    const google::protobuf::RepeatedPtrField<ipb::MonitoredIndicator>& in) {
  google::protobuf::RepeatedPtrField<ipb::MonitoredIndicator> out;
  for (const ipb::MonitoredIndicator& i : in) {
    ipb::MonitoredIndicator* o = out.Add();
    o->set_indicator_id(i.indicator_id());
    o->set_value_to_date(i.value_to_date());
    o->set_forecast(i.forecast());
    o->set_likelihood(i.likelihood());
    if (i.deviation_cause() != ipb::DEVIATION_CAUSE_UNSPECIFIED) {
      o->set_deviation_cause(i.deviation_cause());
    }
    if (!i.corrective_measure().empty()) {
      o->set_corrective_measure(i.corrective_measure());
    }
  }
  return out;
}

bool SameFiling(
    const google::protobuf::RepeatedPtrField<ipb::MonitoredIndicator>& a,
    const google::protobuf::RepeatedPtrField<ipb::MonitoredIndicator>& b) {
  const auto x = FiledContent(a), y = FiledContent(b);
  if (x.size() != y.size()) return false;
  for (int i = 0; i < x.size(); ++i) {
    if (!google::protobuf::util::MessageDifferencer::Equals(x[i], y[i])) {
      return false;
    }
  }
  return true;
}

int FileMonitoring(const std::string& path) {
  const auto encoding =
      jixiao::cli::EncodingNamed(absl::GetFlag(FLAGS_encoding));
  if (!encoding.has_value()) {
    return Fail(kExitUsage, "--encoding: utf-8, gbk or auto");
  }
  if (const std::string missing = MissingMonitoringFlags(true);
      !missing.empty()) {
    return Fail(kExitUsage, absl::StrCat("monitoring file: ", missing));
  }
  const ipb::MonitoringKey key = MonitoringKeyFromFlags();
  auto rows = jixiao::cli::ReadTableFile(path, *encoding);
  if (!rows.ok()) return Fail(kExitRefused, rows.status().message());
  // The round says the year, and so which targets are in force.
  ipb::MonitoringRound round;
  if (auto s = FindRound(key.round(), round); !s.ok()) {
    return FailCall(s, "monitoring file");
  }
  ipb::TargetKey target_key;
  target_key.set_region_code(key.round().region_code());
  target_key.set_department_code(key.department_code());
  target_key.set_year(round.year());
  ipb::TargetsView targets;
  if (auto s = TargetStub()->GetTargets(Context().get(), target_key, &targets);
      !s.ok()) {
    return FailCall(s, "targets");
  }
  if (!targets.has_in_force()) {
    return Fail(kExitRefused, absl::StrCat(key.department_code(),
                                           " has no approved targets "
                                           "for ",
                                           round.year(),
                                           "; monitoring measures "
                                           "progress against them"));
  }
  jixiao::cli::MonitoringFile file =
      jixiao::cli::ReadMonitoring(*rows, targets.in_force());
  if (!file.errors.empty()) {
    return jixiao::cli::FailFileErrors(path, file.errors, "stored");
  }
  const int filed = file.filing.indicators_size();
  const int total = jixiao::cli::CountTargetIndicators(targets.in_force());
  const std::string what = absl::StrCat(
      filed, " of ", total, " indicators for ", key.round().region_code(), "/",
      key.department_code(), " in round ", key.round().round_id());
  if (absl::GetFlag(FLAGS_dry_run)) {
    std::printf("dry run: %s would file %s; nothing was stored\n", path.c_str(),
                what.c_str());
    return kExitOk;
  }
  ipb::MonitoringView view;
  if (auto s = MonitoringStub()->GetMonitoring(Context().get(), key, &view);
      !s.ok()) {
    return FailCall(s, "monitoring");
  }
  // The same filing again is no new version: a script may run twice.
  if (view.has_filing() &&
      SameFiling(view.filing().indicators(), file.filing.indicators())) {
    std::printf("%s: unchanged: %s (version %lld)\n", path.c_str(),
                what.c_str(), static_cast<long long>(view.filing().version()));
    return kExitOk;
  }
  ipb::PutMonitoringRequest put;
  *put.mutable_filing() = std::move(file.filing);
  *put.mutable_filing()->mutable_key() = key;
  put.set_expected_version(view.has_filing() ? view.filing().version() : 0);
  ipb::MonitoringFiling stored;
  if (auto s = MonitoringStub()->PutMonitoring(Context().get(), put, &stored);
      !s.ok()) {
    return FailCall(s, path);
  }
  std::printf("%s: filed %s (version %lld, against targets version %lld)\n",
              path.c_str(), what.c_str(),
              static_cast<long long>(stored.version()),
              static_cast<long long>(stored.targets_version()));
  return kExitOk;
}

int ShowMonitoring() {
  std::string format;
  if (!OutputFormat(format)) return Fail(kExitUsage, "--format: text or json");
  if (const std::string missing = MissingMonitoringFlags(true);
      !missing.empty()) {
    return Fail(kExitUsage, absl::StrCat("monitoring show: ", missing));
  }
  const ipb::MonitoringKey key = MonitoringKeyFromFlags();
  ipb::MonitoringView view;
  if (auto s = MonitoringStub()->GetMonitoring(Context().get(), key, &view);
      !s.ok()) {
    return FailCall(s, "monitoring");
  }
  const std::string out = format == "json" ? Json(view)
                                           : jixiao::cli::RenderMonitoring(
                                                 view, key.department_code());
  std::fwrite(out.data(), 1, out.size(), stdout);
  return kExitOk;
}

int ListWarnings() {
  std::string format;
  if (!OutputFormat(format)) return Fail(kExitUsage, "--format: text or json");
  if (const std::string missing = MissingMonitoringFlags(false);
      !missing.empty()) {
    return Fail(kExitUsage, absl::StrCat("monitoring warnings: ", missing));
  }
  ipb::ListWarningsResponse list;
  if (auto s = MonitoringStub()->ListWarnings(Context().get(),
                                              RoundKeyFromFlags(), &list);
      !s.ok()) {
    return FailCall(s, "monitoring warnings");
  }
  const std::string out =
      format == "json" ? Json(list) : jixiao::cli::RenderWarnings(list);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return kExitOk;
}

int DecideWarning() {
  if (const std::string missing = MissingMonitoringFlags(true);
      !missing.empty()) {
    return Fail(kExitUsage, absl::StrCat("monitoring decide: ", missing));
  }
  const std::string action = absl::GetFlag(FLAGS_action);
  ipb::DecideWarningRequest request;
  *request.mutable_key() = MonitoringKeyFromFlags();
  request.set_warning_id(absl::GetFlag(FLAGS_warning));
  request.set_note(absl::GetFlag(FLAGS_note));
  if (action == "暂缓拨付" || action == "SUSPEND_FUNDING") {
    request.set_action(ipb::SUSPEND_FUNDING);
  } else if (action == "调整预算" || action == "ADJUST_BUDGET") {
    request.set_action(ipb::ADJUST_BUDGET);
  } else if (action == "督促整改" || action == "URGE_RECTIFICATION") {
    request.set_action(ipb::URGE_RECTIFICATION);
  } else {
    return Fail(kExitUsage, "--action: 暂缓拨付, 调整预算 or 督促整改");
  }
  if (request.warning_id().empty() || request.note().empty()) {
    return Fail(kExitUsage, "monitoring decide: --warning and --note");
  }
  ipb::WarningDecision decision;
  if (auto s =
          MonitoringStub()->DecideWarning(Context().get(), request, &decision);
      !s.ok()) {
    return FailCall(s, "monitoring decide");
  }
  std::printf(
      "decided %s %s: %s；%s (%s, %s)\n",
      decision.key().department_code().c_str(), decision.warning_id().c_str(),
      std::string(jixiao::indicator::WarningActionName(decision.action()))
          .c_str(),
      decision.note().c_str(), decision.decided_by().c_str(),
      decision.decided_at().c_str());
  return kExitOk;
}

int WriteMonitoringTable() {
  std::string format = absl::GetFlag(FLAGS_format);
  if (format == "text" || format == "markdown") format = "md";
  if (format != "md" && format != "html") {
    return Fail(kExitUsage, "--format: md or html for a table");
  }
  if (const std::string missing = MissingMonitoringFlags(true);
      !missing.empty()) {
    return Fail(kExitUsage, absl::StrCat("monitoring table: ", missing));
  }
  ipb::RenderMonitoringTableRequest request;
  *request.mutable_key() = MonitoringKeyFromFlags();
  request.set_format(format == "html" ? ipb::TABLE_HTML : ipb::TABLE_MARKDOWN);
  ipb::MonitoringTable table;
  if (auto s = MonitoringStub()->RenderMonitoringTable(Context().get(), request,
                                                       &table);
      !s.ok()) {
    return FailCall(s, "monitoring table");
  }
  const ipb::MonitoringKey& key = request.key();
  const std::string path = absl::StrCat(
      absl::GetFlag(FLAGS_out), "/绩效监控表-", key.round().region_code(), "-",
      key.department_code(), "-", key.round().round_id(), ".", format);
  if (!jixiao::WriteFileAtomically(path, table.content()).ok()) {
    return Fail(kExitRefused, absl::StrCat(path, ": cannot write"));
  }
  std::printf("%s  %zu bytes\n", path.c_str(), table.content().size());
  return kExitOk;
}

// `jixiao monitoring VERB [FILE]`.
int Monitoring(const std::vector<std::string>& words) {
  const SubCommand commands[] = {
      {"open", false, [](const auto&) { return OpenRound(); }},
      {"close", false, [](const auto&) { return CloseRound(); }},
      {"rounds", false, [](const auto&) { return ListRounds(); }},
      {"file", true, [](const auto& w) { return FileMonitoring(w[2]); }},
      {"show", false, [](const auto&) { return ShowMonitoring(); }},
      {"warnings", false, [](const auto&) { return ListWarnings(); }},
      {"decide", false, [](const auto&) { return DecideWarning(); }},
      {"table", false, [](const auto&) { return WriteMonitoringTable(); }},
  };
  return RunSubCommand(words, commands);
}

// The commands: the words that name one, how many operands follow them,
// what runs it, and one line for `jixiao help` (kUsage has the details).
// The first command whose words match is run.
constexpr int kVerbs = -1;  // a group with verbs of its own: one or more
constexpr int kAny = -2;    // any number of words, none included

int RunResults(const std::vector<std::string>& words) {
  return jixiao::cli::RunResults(
      words, {.context = [] { return Context(); },
              .evaluation = Channel(absl::GetFlag(FLAGS_evaluation))});
}

struct Command {
  std::vector<std::string> words;
  int operands;  // words after `words`, or kVerbs, or kAny
  const char* synopsis;
  const char* help;
  std::function<int(const std::vector<std::string>&)> run;
  bool before_setup = false;  // runs before TLS and --token_file are read
};

const std::vector<Command>& Commands() {
  using Words = const std::vector<std::string>&;
  static const std::vector<Command> commands = {
      {{"token", "mint"},
       0,
       "",
       "mint a signed token (--secret_file or --private_key_file)",
       [](Words) { return MintToken(); },
       /*before_setup=*/true},
      {{"dataset", "load"},
       1,
       "FILE",
       "load a dataset file into the budget",
       [](Words w) { return LoadDataset(w[2]); }},
      {{"budget", "show"},
       0,
       "",
       "a department-year's figures and findings",
       [](Words) { return ShowBudget(); }},
      {{"indicator", "show"},
       0,
       "",
       "a department-year's indicator values",
       [](Words) { return ShowIndicators(); }},
      {{"indicator", "load"},
       1,
       "FILE",
       "enter indicator values from FILE",
       [](Words w) { return LoadIndicators(w[2]); }},
      {{"evaluate"},
       0,
       "",
       "score a department-year, or rank a region",
       [](Words) {
         return absl::GetFlag(FLAGS_department).empty() ? EvaluateRegion()
                                                        : Evaluate();
       }},
      {{"import", "ledger"},
       1,
       "FILE.csv",
       "budget lines or payments from CSV",
       [](Words w) { return ImportLedger(w[2]); }},
      {{"import", "department-year"},
       1,
       "FILE.json",
       "= dataset load",
       [](Words w) { return LoadDataset(w[2]); }},
      {{"export", "department-year"},
       0,
       "",
       "a department-year as JSON or CSV",
       [](Words) { return ExportDepartmentYear(); }},
      {{"report"},
       0,
       "",
       "write the self-evaluation report",
       [](Words) { return WriteReport(); }},
      {{"report", "extract"},
       1,
       "FILE",
       "read a legacy 自评报告 into JSON",
       [](Words w) { return ExtractReport(w[2]); }},
      {{"report", "text"},
       1,
       "FILE",
       "print the text read from a report",
       [](Words w) { return PrintReportText(w[2]); }},
      {{"import", "report"},
       1,
       "FILE",
       "= report extract --commit (--dry_run: print only)",
       [](Words w) {
         absl::SetFlag(&FLAGS_commit, !absl::GetFlag(FLAGS_dry_run));
         return ExtractReport(w[2]);
       }},
      {{"targets"},
       kVerbs,
       "VERB",
       "performance targets (绩效目标)",
       [](Words w) { return Targets(w); }},
      {{"monitoring"},
       kVerbs,
       "VERB",
       "mid-year monitoring (绩效运行监控)",
       [](Words w) { return Monitoring(w); }},
      {{"projects"},
       kVerbs,
       "VERB",
       "project self-evaluations (项目自评)",
       [](Words w) {
         return jixiao::cli::RunProjects(
             w, {.context = [] { return Context(); },
                 .indicator = Channel(absl::GetFlag(FLAGS_indicator))});
       }},
      {{"rectification"},
       kVerbs,
       "VERB",
       "rectification tasks (整改)",
       [](Words w) {
         return jixiao::cli::RunRectification(
             w, {.context = [] { return Context(); },
                 .indicator = Channel(absl::GetFlag(FLAGS_indicator)),
                 .budget = Channel(absl::GetFlag(FLAGS_budget))});
       }},
      {{"publish"},
       0,
       "",
       "publish the results package",
       [](Words w) { return RunResults(w); }},
      {{"package", "get"},
       0,
       "",
       "fetch the published package",
       [](Words w) { return RunResults(w); }},
      {{"verify"},
       1,
       "DIR",
       "rescore a published package offline",
       [](Words w) { return RunResults(w); }},
      {{"results"},
       kAny,
       "[VERB]",
       "result proposals and decisions",
       [](Words w) { return RunResults(w); }},
      {{"health"},
       0,
       "",
       "ask every service whether it serves",
       [](Words) { return Health(); }},
      {{"call"},
       2,
       "METHOD JSON",
       "any unary RPC, JSON in and out",
       [](Words w) { return Call(w[1], w[2]); }},
  };
  return commands;
}

const Command* FindCommand(const std::vector<std::string>& words) {
  for (const Command& command : Commands()) {
    const size_t n = command.words.size();
    if (words.size() < n || !std::equal(command.words.begin(),
                                        command.words.end(), words.begin())) {
      continue;
    }
    const bool fits =
        command.operands == kAny ? true
        : command.operands == kVerbs
            ? words.size() > n
            : words.size() == n + static_cast<size_t>(command.operands);
    if (fits) return &command;
  }
  return nullptr;
}

// `jixiao help`: every command of the table, one line each.
int PrintHelp() {
  std::printf(
      "jixiao COMMAND [flags]   (jixiao --help: flags and details)\n\n");
  for (const Command& command : Commands()) {
    std::string synopsis = absl::StrJoin(command.words, " ");
    if (*command.synopsis != '\0') {
      absl::StrAppend(&synopsis, " ", command.synopsis);
    }
    std::printf("  %-36s %s\n", synopsis.c_str(), command.help);
  }
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
  // Before TLS and the token: minting one needs neither.
  if (const Command* command = FindCommand(words);
      command != nullptr && command->before_setup) {
    return command->run(words);
  }
  if (const absl::Status s = jixiao::tls::InstallFromFlags(); !s.ok()) {
    return Fail(kExitUsage, std::string(s.message()));
  }
  if (const std::string path = absl::GetFlag(FLAGS_token_file); !path.empty()) {
    auto token = jixiao::cli::ReadToken(path);
    if (!token.ok()) {
      return Fail(kExitUsage, std::string(token.status().message()));
    }
    // Checked once here: a token is sent as gRPC metadata, and gRPC aborts
    // on a byte it refuses there.
    auto bearer = jixiao::jwt::BearerToken::FromToken(*token);
    if (!bearer.ok()) {
      return Fail(kExitUsage,
                  absl::StrCat("--token_file: ", bearer.status().message()));
    }
    Token() = bearer->token();
  }
  if (!jixiao::IsUsableId(absl::GetFlag(FLAGS_actor))) {
    return Fail(kExitUsage,
                "--actor: 1 to 128 printable ASCII characters without spaces");
  }
  if (words.size() == 1 && words[0] == "help") return PrintHelp();
  if (const Command* command = FindCommand(words)) return command->run(words);
  std::fprintf(stderr, "%s\n", kUsage);
  return kExitUsage;
}

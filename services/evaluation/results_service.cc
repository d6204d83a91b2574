#include "services/evaluation/results_service.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "libs/base/status_macros.h"
#include "libs/validate/validate.h"
#include "services/common/audit_rpc.h"
#include "services/common/auth.h"
#include "services/common/client.h"
#include "services/common/grpc_status.h"
#include "services/common/respond.h"
#include "services/common/storage/audit.h"
#include "services/evaluation/domain/decision_rules.h"
#include "services/evaluation/package.h"
#include "services/evaluation/project_form.h"
#include "services/evaluation/report.h"

namespace jixiao::evaluation {
namespace {

namespace ipb = ::jixiao::indicator::v1;

absl::Status ValidateKey(absl::string_view prefix,
                         const v1::DepartmentYear& key) {
  return validate::ValidateDepartmentYearKey(prefix, key.region_code(),
                                             key.department_code(), key.year());
}

absl::Status ValidateSubject(absl::string_view prefix,
                             const v1::DecisionSubject& subject) {
  JIXIAO_RETURN_IF_ERROR(
      ValidateKey(absl::StrCat(prefix, "key."), subject.key()));
  if (subject.has_project_code()) {
    JIXIAO_RETURN_IF_ERROR(validate::ValidateDepartmentCode(
        absl::StrCat(prefix, "project_code"), subject.project_code()));
  }
  if (subject.has_project_kind() &&
      (subject.project_code().empty() ||
       (subject.project_kind() != v1::PROJECT_RECURRING &&
        subject.project_kind() != v1::PROJECT_ONE_OFF))) {
    return validate::Invalid(
        absl::StrCat(prefix, "project_kind"),
        "PROJECT_RECURRING or PROJECT_ONE_OFF, for a project only");
  }
  return absl::OkStatus();
}

// A region's rule table and published packages are the region's: anyone
// of it reads them (a department its own region's, finance its own or
// those under it, admin all).
absl::Status MayReadRegion(const grpc::ServerContextBase& context,
                           absl::string_view region, absl::string_view field) {
  JIXIAO_ASSIGN_OR_RETURN(auto caller, auth::CallerOf(context));
  if (caller.role == access::Role::kDepartment) {
    if (caller.region_code == region) return absl::OkStatus();
    return absl::PermissionDeniedError(
        absl::StrCat(field, ": region ", region, " is not the region of ",
                     "department ", caller.department_code));
  }
  return auth::MayAccessRegion(context, region, field);
}

std::string SubjectName(const v1::DecisionSubject& subject) {
  const v1::DepartmentYear& key = subject.key();
  return subject.project_code().empty()
             ? absl::StrCat("department ", key.department_code(), " (",
                            key.region_code(), ") ", key.year())
             : absl::StrCat("project ", subject.project_code(),
                            " of department ", key.department_code(), " (",
                            key.region_code(), ") ", key.year());
}

// A subject's service-set fields cleared: only what the caller states.
v1::DecisionSubject Stated(const v1::DecisionSubject& subject) {
  v1::DecisionSubject s = subject;
  if (s.project_code().empty()) {
    s.clear_project_code();
    s.clear_project_kind();
  }
  return s;
}

}  // namespace

ResultsServiceImpl::ResultsServiceImpl(Evaluator* evaluator,
                                       ProjectEvaluator* projects,
                                       ResultStore* results,
                                       std::vector<GradeBand> bands,
                                       const std::string& indicator_address,
                                       std::chrono::milliseconds deadline)
    : evaluator_(evaluator),
      projects_(projects),
      results_(results),
      store_(results->database()),
      bands_(std::move(bands)),
      indicator_(ipb::IndicatorService::NewStub(ServiceChannel(
          indicator_address,
          {"jixiao.indicator.v1.IndicatorService/GetEvaluation"}))),
      deadline_(deadline) {}

absl::StatusOr<v1::DecisionRules> ResultsServiceImpl::RulesOf(
    const std::string& region_code) {
  JIXIAO_ASSIGN_OR_RETURN(auto own, store_.Rules(region_code));
  if (own.has_value()) return *std::move(own);
  return DefaultDecisionRules(region_code);
}

absl::StatusOr<v1::Proposal> ResultsServiceImpl::ProposalFor(
    const v1::DecisionSubject& subject, const Forwarded& caller) {
  JIXIAO_ASSIGN_OR_RETURN(auto rules, RulesOf(subject.key().region_code()));
  if (!subject.project_code().empty()) {
    // Project results are computed, not stored: scored now from the
    // approved targets, the filing and the year's execution.
    auto project =
        projects_->EvaluateOne(subject.key(), subject.project_code(), caller);
    if (absl::IsNotFound(project.status())) {
      return absl::FailedPreconditionError(
          absl::StrCat("subject: ", SubjectName(subject),
                       " is not among the approved targets' projects"));
    }
    JIXIAO_RETURN_IF_ERROR(project.status());
    if (project->filing_version() == 0) {
      return absl::FailedPreconditionError(
          absl::StrCat("subject: ", SubjectName(subject),
                       " has no self-evaluation filed; it has no result"));
    }
    return Propose(rules, subject, project->total(), project->grade());
  }
  auto result = results_->Latest(subject.key());
  if (absl::IsNotFound(result.status())) {
    return absl::FailedPreconditionError(
        absl::StrCat("subject: ", SubjectName(subject),
                     " has no evaluation result; evaluate it first"));
  }
  JIXIAO_RETURN_IF_ERROR(result.status());
  return Propose(rules, subject, result->total(), result->grade());
}

grpc::ServerUnaryReactor* ResultsServiceImpl::GetDecisionRules(
    grpc::CallbackServerContext* context,
    const v1::GetDecisionRulesRequest* request, v1::DecisionRules* response) {
  return Respond(context, [=, this]() -> absl::Status {
    JIXIAO_RETURN_IF_ERROR(
        validate::ValidateRegionCode("region_code", request->region_code()));
    JIXIAO_RETURN_IF_ERROR(
        MayReadRegion(*context, request->region_code(), "region_code"));
    JIXIAO_ASSIGN_OR_RETURN(auto rules, RulesOf(request->region_code()));
    *response = std::move(rules);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ResultsServiceImpl::PutDecisionRules(
    grpc::CallbackServerContext* context,
    const v1::PutDecisionRulesRequest* request, v1::DecisionRules* response) {
  return Respond(context, [=, this]() -> absl::Status {
    v1::DecisionRules rules = request->rules();
    // What the service sets is not the caller's to state.
    rules.clear_built_in();
    rules.clear_version();
    rules.clear_changed_by();
    rules.clear_changed_at();
    JIXIAO_RETURN_IF_ERROR(ValidateDecisionRules("rules.", rules));
    if (request->expected_version() < 0) {
      return validate::Invalid("expected_version", "0 or more");
    }
    JIXIAO_RETURN_IF_ERROR(auth::MayOverseeRegion(
        *context, rules.region_code(),
        "set the region's result-application rules", "rules.region_code"));
    rules.set_changed_by(ForwardedFrom(*context).subject);
    JIXIAO_ASSIGN_OR_RETURN(
        auto stored,
        store_.PutRules(std::move(rules), request->expected_version(),
                        AuditWriter(*context, "PutDecisionRules")));
    *response = std::move(stored);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ResultsServiceImpl::ProposeDecision(
    grpc::CallbackServerContext* context, const v1::DecisionSubject* request,
    v1::Proposal* response) {
  return Respond(context, [=, this]() -> absl::Status {
    JIXIAO_RETURN_IF_ERROR(ValidateSubject("", *request));
    JIXIAO_RETURN_IF_ERROR(auth::MayAccessDepartment(
        *context, request->key().region_code(),
        request->key().department_code(), "key.department_code"));
    JIXIAO_ASSIGN_OR_RETURN(
        auto proposal, ProposalFor(Stated(*request), ForwardedFrom(*context)));
    *response = std::move(proposal);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ResultsServiceImpl::RecordDecision(
    grpc::CallbackServerContext* context,
    const v1::RecordDecisionRequest* request, v1::Decision* response) {
  return Respond(context, [=, this]() -> absl::Status {
    JIXIAO_RETURN_IF_ERROR(ValidateSubject("subject.", request->subject()));
    JIXIAO_RETURN_IF_ERROR(ValidateDecision(*request));
    JIXIAO_RETURN_IF_ERROR(auth::MayOverseeRegion(
        *context, request->subject().key().region_code(),
        "record a result-application decision", "subject.key.region_code"));
    const v1::DecisionSubject subject = Stated(request->subject());
    // The proposal of the moment is kept beside the decision: the suite
    // proposes, finance decides, and where they differ both are on record.
    JIXIAO_ASSIGN_OR_RETURN(auto proposal,
                            ProposalFor(subject, ForwardedFrom(*context)));
    v1::Decision decision;
    *decision.mutable_subject() = subject;
    decision.set_decision(request->decision());
    if (request->has_amount_fen())
      decision.set_amount_fen(request->amount_fen());
    if (request->has_share_bp()) decision.set_share_bp(request->share_bp());
    decision.set_reason(request->reason());
    *decision.mutable_proposal() = std::move(proposal);
    decision.set_departs_from_proposal(
        DepartsFrom(decision, decision.proposal()));
    decision.set_decided_by(ForwardedFrom(*context).subject);
    JIXIAO_ASSIGN_OR_RETURN(
        auto stored,
        store_.AddDecision(std::move(decision), request->expected_version(),
                           AuditWriter(*context, "RecordDecision")));
    *response = std::move(stored);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ResultsServiceImpl::ListDecisions(
    grpc::CallbackServerContext* context,
    const v1::ListDecisionsRequest* request,
    v1::ListDecisionsResponse* response) {
  return Respond(context, [=, this]() -> absl::Status {
    JIXIAO_RETURN_IF_ERROR(
        validate::ValidateRegionCode("region_code", request->region_code()));
    JIXIAO_RETURN_IF_ERROR(validate::ValidateYear("year", request->year()));
    std::optional<std::string> department;
    if (request->has_department_code()) {
      JIXIAO_RETURN_IF_ERROR(validate::ValidateDepartmentCode(
          "department_code", request->department_code()));
      JIXIAO_RETURN_IF_ERROR(auth::MayAccessDepartment(
          *context, request->region_code(), request->department_code(),
          "department_code"));
      department = request->department_code();
    } else {
      JIXIAO_RETURN_IF_ERROR(
          auth::MayOverseeRegion(*context, request->region_code(),
                                 "list the region's decisions", "region_code"));
    }
    JIXIAO_ASSIGN_OR_RETURN(
        auto decisions,
        store_.Decisions(request->region_code(), request->year(), department));
    for (v1::Decision& d : decisions) *response->add_decisions() = std::move(d);
    return absl::OkStatus();
  });
}

absl::Status ResultsServiceImpl::RequireApproved(
    const grpc::CallbackServerContext& context, const v1::DepartmentYear& key) {
  ipb::EvaluationKey request;
  request.set_region_code(key.region_code());
  request.set_department_code(key.department_code());
  request.set_year(key.year());
  ipb::Evaluation evaluation;
  auto call = CallContext(deadline_, ForwardedFrom(context));
  const absl::Status status = FromGrpcStatus(
      indicator_->GetEvaluation(call.get(), request, &evaluation));
  if (absl::IsNotFound(status)) {
    return absl::FailedPreconditionError(
        absl::StrCat("department_code: department ", key.department_code(),
                     " has no evaluation for ", key.year()));
  }
  if (!status.ok()) {
    return absl::UnavailableError(absl::StrCat(
        "the indicator service did not answer: ", status.message()));
  }
  if (evaluation.status() != ipb::APPROVED) {
    return absl::FailedPreconditionError(absl::StrCat(
        "department_code: the evaluation of department ", key.department_code(),
        " for ", key.year(), " is ", ipb::Status_Name(evaluation.status()),
        ", not APPROVED: finance approves it before it is published"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<ProjectForm>> ResultsServiceImpl::ProjectForms(
    const ProjectEvaluator::Scored& scored) {
  std::vector<ProjectForm> forms;
  const auto& schemes = projects_->schemes();
  const ProjectReads& reads = scored.reads;
  for (const v1::ProjectResult& project : scored.evaluations.projects()) {
    const auto scheme = std::find_if(schemes.begin(), schemes.end(),
                                     [&](const v1::ProjectScheme& s) {
                                       return s.id() == project.scheme_id();
                                     });
    // What it was scored from, for the manifest: anyone scores it again.
    v1::ManifestProject from;
    if (reads.in_force) {
      for (const ipb::ProjectTarget& t : reads.in_force->projects()) {
        if (t.project_code() == project.project_code())
          *from.mutable_target() = t;
      }
    }
    for (const ipb::ProjectFiling& f : reads.filings) {
      if (f.key().project_code() != project.project_code()) continue;
      *from.mutable_filing() = f;
      // Who last changed it is not what it scores: left out of a public
      // file.
      from.mutable_filing()->clear_changed_by();
      from.mutable_filing()->clear_changed_at();
      from.mutable_filing()->clear_return_reason();
    }
    const ProjectMoney money = MoneyOf(
        reads.execution ? &*reads.execution : nullptr, project.project_code());
    from.set_budget_known(money.known);
    if (money.original) from.set_original(*money.original);
    if (money.full_year) from.set_full_year(*money.full_year);
    from.set_executed(money.executed);
    if (scheme != schemes.end()) *from.mutable_scheme() = *scheme;
    forms.push_back(
        {.project_code = project.project_code(),
         .project_name = project.project_name(),
         .total = project.total(),
         .grade = project.grade(),
         .file_name = absl::StrCat("projects/",
                                   ProjectFormFileName(project, v1::MARKDOWN)),
         .content = RenderProjectForm(
             project, scheme == schemes.end() ? nullptr : &*scheme,
             v1::MARKDOWN),
         .scored_from = std::move(from)});
  }
  return forms;
}

absl::StatusOr<v1::PublicationPackage> ResultsServiceImpl::Build(
    const grpc::CallbackServerContext& context, const v1::DepartmentYear& key) {
  JIXIAO_ASSIGN_OR_RETURN(auto evaluated, evaluator_->EvaluateWithInputs(
                                              key, ForwardedFrom(context)));
  const auto& [result, inputs] = evaluated;
  if (inputs.evaluation.status() != ipb::APPROVED) {
    return absl::FailedPreconditionError(
        "department_code: the evaluation is no longer APPROVED");
  }
  JIXIAO_ASSIGN_OR_RETURN(auto scored, projects_->EvaluateAllWithReads(
                                           key, ForwardedFrom(context)));
  JIXIAO_ASSIGN_OR_RETURN(auto forms, ProjectForms(scored));
  PackageSource source{
      .result = result,
      .framework = inputs.framework,
      .evaluation = inputs.evaluation,
      .bands = bands_,
      .report_name = ReportFileName(key, v1::MARKDOWN),
      // As RenderReport gives it: with the projects.
      .report_markdown = RenderMarkdown(result, inputs, &scored.evaluations),
      .projects = std::move(forms),
      .published_by = ForwardedFrom(context).subject,
      .published_at = storage::NowUtc()};
  v1::PublicationPackage package = BuildPackage(source);
  int64_t bytes = 0;
  for (const v1::PackageFile& f : package.files()) bytes += f.size_bytes();
  if (bytes > kMaxPackageBytes) {
    return absl::ResourceExhaustedError(
        absl::StrCat("department_code: the package would be ", bytes,
                     " bytes, more than ", kMaxPackageBytes));
  }
  return package;
}

grpc::ServerUnaryReactor* ResultsServiceImpl::PublishPackage(
    grpc::CallbackServerContext* context, const v1::DepartmentYear* request,
    v1::PublicationPackage* response) {
  return Respond(context, [=, this]() -> absl::Status {
    JIXIAO_RETURN_IF_ERROR(ValidateKey("", *request));
    JIXIAO_RETURN_IF_ERROR(auth::MayOverseeRegion(
        *context, request->region_code(), "publish a package", "region_code"));
    // Published once: a second call returns what was stored, unchanged.
    JIXIAO_ASSIGN_OR_RETURN(auto existing, store_.Package(*request, true));
    if (existing.has_value()) {
      *response = *std::move(existing);
      response->set_already_published(true);
      return absl::OkStatus();
    }
    JIXIAO_RETURN_IF_ERROR(RequireApproved(*context, *request));
    JIXIAO_ASSIGN_OR_RETURN(auto package, Build(*context, *request));
    JIXIAO_ASSIGN_OR_RETURN(
        auto stored, store_.Publish(std::move(package),
                                    AuditWriter(*context, "PublishPackage")));
    *response = std::move(stored);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ResultsServiceImpl::GetPackage(
    grpc::CallbackServerContext* context, const v1::DepartmentYear* request,
    v1::PublicationPackage* response) {
  return Respond(context, [=, this]() -> absl::Status {
    JIXIAO_RETURN_IF_ERROR(ValidateKey("", *request));
    JIXIAO_RETURN_IF_ERROR(
        MayReadRegion(*context, request->region_code(), "region_code"));
    JIXIAO_ASSIGN_OR_RETURN(auto package, store_.Package(*request, true));
    if (!package.has_value()) {
      return absl::NotFoundError(absl::StrCat(
          "department_code: department ", request->department_code(),
          " has no published package for ", request->year()));
    }
    *response = *std::move(package);
    return absl::OkStatus();
  });
}

}  // namespace jixiao::evaluation

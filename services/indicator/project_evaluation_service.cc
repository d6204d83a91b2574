#include "services/indicator/project_evaluation_service.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "libs/base/status_macros.h"
#include "libs/validate/validate.h"
#include "services/common/audit_rpc.h"
#include "services/common/auth.h"
#include "services/common/respond.h"
#include "services/common/respond_stream.h"
#include "services/indicator/domain/project_filing.h"

namespace jixiao::indicator {
namespace {

// Departments a StreamRegionProjectFilings message, as the other region
// streams.
constexpr int kRegionPageSize = 100;

// The workflow's actor is the caller as the token says (an unverified admin
// without tokens): a filing's request states no actor.
absl::StatusOr<pb::Actor> ActorOf(const grpc::CallbackServerContext& context) {
  JIXIAO_ASSIGN_OR_RETURN(auto caller, auth::CallerOf(context));
  pb::Actor actor;
  actor.set_subject(caller.subject);
  switch (caller.role) {
    case access::Role::kDepartment:
      actor.set_role(pb::DEPARTMENT);
      actor.set_department_code(caller.department_code);
      break;
    case access::Role::kFinance:
      actor.set_role(pb::FINANCE);
      break;
    case access::Role::kAdmin:
      actor.set_role(pb::ADMIN);
      break;
  }
  return actor;
}

absl::string_view MethodOf(Action action) {
  switch (action) {
    case Action::kSubmit:
      return "SubmitProjectFiling";
    case Action::kReturn:
      return "ReturnProjectFiling";
    case Action::kApprove:
      return "ApproveProjectFiling";
    default:
      return "PutProjectFiling";
  }
}

absl::Status NoTargets(const pb::ProjectKey& key, absl::string_view field) {
  return absl::FailedPreconditionError(absl::StrCat(
      field, ": department \"", key.department_code(), "\" of region ",
      key.region_code(), " has no approved targets for ", key.year(),
      "; a project is evaluated against them"));
}

// The project of the targets in force, or INVALID_ARGUMENT naming `field`.
absl::StatusOr<const pb::ProjectTarget*> ProjectOf(
    const pb::TargetSet& in_force, const pb::ProjectKey& key,
    absl::string_view field) {
  const pb::ProjectTarget* project = FindProject(in_force, key.project_code());
  if (project == nullptr) {
    return validate::Invalid(
        field,
        absl::StrCat("the approved targets (version ", in_force.version(),
                     ") have no project \"", key.project_code(), "\""));
  }
  return project;
}

// A filing moves on only against the targets it was filed against: an
// adjustment approved since then may have changed its indicators.
absl::Status SameTargets(const pb::ProjectFiling& filing,
                         const pb::TargetSet* in_force) {
  if (in_force == nullptr) return NoTargets(filing.key(), "key");
  if (in_force->version() != filing.targets_version()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "key: the filing was made against the targets' version ",
        filing.targets_version(), "; version ", in_force->version(),
        " is in force now: put the filing again against it"));
  }
  return absl::OkStatus();
}

}  // namespace

grpc::ServerUnaryReactor* ProjectEvaluationServiceImpl::PutProjectFiling(
    grpc::CallbackServerContext* context,
    const v1::PutProjectFilingRequest* request, v1::ProjectFiling* response) {
  return Respond(context, [=, this]() -> absl::Status {
    const pb::ProjectKey& key = request->filing().key();
    JIXIAO_RETURN_IF_ERROR(ValidateProjectKey("filing.key.", key));
    JIXIAO_RETURN_IF_ERROR(auth::MayAccessDepartment(
        *context, key.region_code(), key.department_code(),
        "filing.key.department_code"));
    JIXIAO_ASSIGN_OR_RETURN(auto actor, ActorOf(*context));
    const pb::ProjectFiling content = FiledContent(request->filing());
    JIXIAO_RETURN_IF_ERROR(ValidateFilingShape(content));
    JIXIAO_ASSIGN_OR_RETURN(
        auto stored,
        store_->Write(
            key, request->expected_version(),
            [&](const pb::ProjectFiling* before, const pb::TargetSet* in_force)
                -> absl::StatusOr<pb::ProjectFiling> {
              JIXIAO_RETURN_IF_ERROR(
                  Transition(before == nullptr ? pb::STATUS_UNSPECIFIED
                                               : before->status(),
                             before == nullptr ? Action::kStart : Action::kEdit,
                             actor, key.department_code())
                      .status());
              if (in_force == nullptr) {
                return NoTargets(key, "filing.key.department_code");
              }
              JIXIAO_ASSIGN_OR_RETURN(
                  auto project,
                  ProjectOf(*in_force, key, "filing.key.project_code"));
              JIXIAO_RETURN_IF_ERROR(CheckAgainstTargets(content, *project));
              pb::ProjectFiling next = content;
              // A returned filing edited is a draft again; the reason stays
              // until it is submitted, for the department to read.
              next.set_status(pb::DRAFT);
              next.set_targets_version(in_force->version());
              if (before != nullptr && before->has_return_reason()) {
                next.set_return_reason(before->return_reason());
              }
              return next;
            },
            AuditWriter(*context, "PutProjectFiling")));
    *response = std::move(stored);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ProjectEvaluationServiceImpl::GetProjectFiling(
    grpc::CallbackServerContext* context, const v1::ProjectKey* request,
    v1::ProjectFiling* response) {
  return Respond(context, [=, this]() -> absl::Status {
    JIXIAO_RETURN_IF_ERROR(ValidateProjectKey("", *request));
    JIXIAO_RETURN_IF_ERROR(auth::MayAccessDepartment(
        *context, request->region_code(), request->department_code(),
        "department_code"));
    JIXIAO_ASSIGN_OR_RETURN(auto filing, store_->Filing(*request));
    if (!filing.has_value()) {
      return absl::NotFoundError(absl::StrCat(
          "project_code: department \"", request->department_code(),
          "\" has filed nothing for project \"", request->project_code(),
          "\" of ", request->year()));
    }
    *response = *std::move(filing);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ProjectEvaluationServiceImpl::ListProjectFilings(
    grpc::CallbackServerContext* context,
    const v1::ProjectFilingsRequest* request,
    v1::ListProjectFilingsResponse* response) {
  return Respond(context, [=, this]() -> absl::Status {
    JIXIAO_RETURN_IF_ERROR(validate::ValidateDepartmentYearKey(
        "", request->region_code(), request->department_code(),
        request->year()));
    JIXIAO_RETURN_IF_ERROR(auth::MayAccessDepartment(
        *context, request->region_code(), request->department_code(),
        "department_code"));
    JIXIAO_ASSIGN_OR_RETURN(
        auto filings,
        store_->Filings(request->region_code(), request->department_code(),
                        request->year()));
    for (pb::ProjectFiling& f : filings) {
      *response->add_filings() = std::move(f);
    }
    return absl::OkStatus();
  });
}

absl::Status ProjectEvaluationServiceImpl::Move(
    grpc::CallbackServerContext& context, const pb::ProjectTransition& request,
    Action action,
    absl::FunctionRef<absl::Status(const pb::TargetSet* in_force,
                                   pb::ProjectFiling& next)>
        fill,
    pb::ProjectFiling* response) {
  const pb::ProjectKey& key = request.key();
  JIXIAO_RETURN_IF_ERROR(ValidateProjectKey("key.", key));
  if (action == Action::kSubmit) {
    JIXIAO_RETURN_IF_ERROR(auth::MayAccessDepartment(context, key.region_code(),
                                                     key.department_code(),
                                                     "key.department_code"));
  } else {
    JIXIAO_RETURN_IF_ERROR(auth::MayOverseeRegion(
        context, key.region_code(),
        absl::StrCat(NameOf(action), " a project filing"), "key.region_code"));
  }
  if (!request.has_expected_version()) {
    return validate::Invalid("expected_version",
                             "is required: send the version you read, so "
                             "that no concurrent write is lost");
  }
  JIXIAO_ASSIGN_OR_RETURN(auto actor, ActorOf(context));
  JIXIAO_ASSIGN_OR_RETURN(
      auto stored,
      store_->Write(
          key, request.expected_version(),
          [&](const pb::ProjectFiling* before, const pb::TargetSet* in_force)
              -> absl::StatusOr<pb::ProjectFiling> {
            if (before == nullptr) {
              return absl::NotFoundError(absl::StrCat(
                  "key.project_code: department \"", key.department_code(),
                  "\" has filed nothing for project \"", key.project_code(),
                  "\" of ", key.year()));
            }
            JIXIAO_ASSIGN_OR_RETURN(auto status,
                                    Transition(before->status(), action, actor,
                                               key.department_code()));
            pb::ProjectFiling next = *before;
            next.set_status(status);
            JIXIAO_RETURN_IF_ERROR(fill(in_force, next));
            return next;
          },
          AuditWriter(context, MethodOf(action))));
  *response = std::move(stored);
  return absl::OkStatus();
}

grpc::ServerUnaryReactor* ProjectEvaluationServiceImpl::SubmitProjectFiling(
    grpc::CallbackServerContext* context, const v1::ProjectTransition* request,
    v1::ProjectFiling* response) {
  return Respond(context, [=, this]() -> absl::Status {
    return Move(
        *context, *request, Action::kSubmit,
        [&](const pb::TargetSet* in_force,
            pb::ProjectFiling& next) -> absl::Status {
          JIXIAO_RETURN_IF_ERROR(SameTargets(next, in_force));
          JIXIAO_ASSIGN_OR_RETURN(auto project, ProjectOf(*in_force, next.key(),
                                                          "key.project_code"));
          JIXIAO_RETURN_IF_ERROR(CheckComplete(next, *project));
          next.clear_return_reason();
          return absl::OkStatus();
        },
        response);
  });
}

grpc::ServerUnaryReactor* ProjectEvaluationServiceImpl::ReturnProjectFiling(
    grpc::CallbackServerContext* context, const v1::ProjectTransition* request,
    v1::ProjectFiling* response) {
  return Respond(context, [=, this]() -> absl::Status {
    JIXIAO_RETURN_IF_ERROR(
        validate::ValidateText("reason", request->reason(), 1000, true));
    return Move(
        *context, *request, Action::kReturn,
        [&](const pb::TargetSet*, pb::ProjectFiling& next) {
          next.set_return_reason(request->reason());
          return absl::OkStatus();
        },
        response);
  });
}

grpc::ServerUnaryReactor* ProjectEvaluationServiceImpl::ApproveProjectFiling(
    grpc::CallbackServerContext* context, const v1::ProjectTransition* request,
    v1::ProjectFiling* response) {
  return Respond(context, [=, this]() -> absl::Status {
    return Move(
        *context, *request, Action::kApprove,
        [&](const pb::TargetSet* in_force, pb::ProjectFiling& next) {
          return SameTargets(next, in_force);
        },
        response);
  });
}

grpc::ServerWriteReactor<v1::RegionProjectFilingsPage>*
ProjectEvaluationServiceImpl::StreamRegionProjectFilings(
    grpc::CallbackServerContext* context,
    const v1::ProjectFilingsRequest* request) {
  return RespondStream<v1::RegionProjectFilingsPage>(
      context,
      [=,
       this](StreamWriter<v1::RegionProjectFilingsPage>& out) -> absl::Status {
        JIXIAO_RETURN_IF_ERROR(validate::ValidateRegionCode(
            "region_code", request->region_code()));
        JIXIAO_RETURN_IF_ERROR(validate::ValidateYear("year", request->year()));
        if (!request->department_code().empty()) {
          return validate::Invalid(
              "department_code",
              "leave it empty: the stream reads the whole region "
              "(ListProjectFilings reads one department)");
        }
        JIXIAO_RETURN_IF_ERROR(auth::MayOverseeRegion(
            *context, request->region_code(), "read a region's project filings",
            "region_code"));
        return store_->ForEachRegionPage(
            request->region_code(), request->year(), kRegionPageSize,
            [&](std::vector<ProjectFilingStore::Department>& departments) {
              v1::RegionProjectFilingsPage page;
              for (ProjectFilingStore::Department& d : departments) {
                v1::DepartmentProjectFilings* m = page.add_departments();
                m->set_department_code(std::move(d.department_code));
                m->set_targets_version(
                    d.in_force.has_value() ? d.in_force->version() : 0);
                if (d.in_force.has_value()) {
                  m->mutable_projects()->Swap(d.in_force->mutable_projects());
                }
                for (pb::ProjectFiling& f : d.filings) {
                  *m->add_filings() = std::move(f);
                }
              }
              return out.Write(std::move(page));  // false: the caller left
            });
      });
}

}  // namespace jixiao::indicator

#include "services/indicator/targets_service.h"

#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "libs/base/status_macros.h"
#include "libs/validate/validate.h"
#include "services/common/audit_rpc.h"
#include "services/common/auth.h"
#include "services/common/client.h"
#include "services/common/request_context.h"
#include "services/common/respond.h"

namespace jixiao::indicator {
namespace {

absl::Status ValidateKey(absl::string_view prefix, const pb::TargetKey& key) {
  return validate::ValidateDepartmentYearKey(prefix, key.region_code(),
                                             key.department_code(), key.year());
}

// Reads and the department's own moves: the department itself, finance of
// its region, admin. Finance's moves: finance of the region or admin (a
// department never approves its own targets).
absl::Status MayAct(const grpc::CallbackServerContext& context,
                    const pb::TargetKey& key,
                    std::optional<TargetAction> action,
                    absl::string_view field) {
  if (action.has_value() && IsFinanceAction(*action)) {
    JIXIAO_ASSIGN_OR_RETURN(auto caller, auth::CallerOf(context));
    if (caller.role == access::Role::kDepartment) {
      return absl::PermissionDeniedError(
          absl::StrCat("key: a department may not ", NameOf(*action),
                       " targets; the finance bureau of region ",
                       key.region_code(), " does"));
    }
    return auth::MayAccessRegion(context, key.region_code(),
                                 absl::StrCat(field, ".region_code"));
  }
  return auth::MayAccessDepartment(context, key.region_code(),
                                   key.department_code(),
                                   absl::StrCat(field, ".department_code"));
}

absl::Status RequireReason(absl::string_view field, absl::string_view reason) {
  JIXIAO_RETURN_IF_ERROR(validate::ValidateText(field, reason, 1000, true));
  return absl::OkStatus();
}

// The RPC that makes a move, for the audit trail.
absl::string_view MethodOf(TargetAction action) {
  switch (action) {
    case TargetAction::kPut:
      return "PutTargets";
    case TargetAction::kSubmit:
      return "SubmitTargets";
    case TargetAction::kReturn:
      return "ReturnTargets";
    case TargetAction::kApprove:
      return "ApproveTargets";
    case TargetAction::kRequestAdjustment:
      return "RequestTargetAdjustment";
    case TargetAction::kApproveAdjustment:
    case TargetAction::kRefuseAdjustment:
      return "DecideTargetAdjustment";
  }
  return "";
}

// The content a department declares, without what the service keeps.
pb::TargetSet Content(const pb::TargetSet& sent) {
  pb::TargetSet content = sent;
  for (const int field :
       {pb::TargetSet::kStatusFieldNumber, pb::TargetSet::kVersionFieldNumber,
        pb::TargetSet::kReturnReasonsFieldNumber,
        pb::TargetSet::kAdjustmentReasonFieldNumber,
        pb::TargetSet::kDecisionReasonFieldNumber,
        pb::TargetSet::kChangedByFieldNumber,
        pb::TargetSet::kChangedAtFieldNumber}) {
    content.GetReflection()->ClearField(
        &content, content.GetDescriptor()->FindFieldByNumber(field));
  }
  return content;
}

}  // namespace

absl::StatusOr<pb::TargetReview> TargetServiceImpl::Review(
    const grpc::CallbackServerContext& context, const pb::TargetSet& targets) {
  auto year = budget_->DepartmentYear(
      targets.key().region_code(), targets.key().department_code(),
      targets.key().year(), ForwardedFrom(context));
  if (!year.ok() && !absl::IsNotFound(year.status())) {
    return absl::UnavailableError(absl::StrCat(
        "the budget service did not answer: ", year.status().message()));
  }
  std::optional<std::vector<BudgetProject>> projects;
  if (year.ok()) {
    projects.emplace();
    for (const budget::v1::Project& p : year->projects()) {
      projects->push_back(
          {p.code(), p.name(), p.has_adjusted() ? p.adjusted() : p.original()});
    }
  }
  return ReviewTargetSet(targets, projects);
}

grpc::ServerUnaryReactor* TargetServiceImpl::PutTargets(
    grpc::CallbackServerContext* context, const v1::PutTargetsRequest* request,
    v1::TargetSet* response) {
  return Respond(context, [=, this]() -> absl::Status {
    const pb::TargetSet content = Content(request->targets());
    JIXIAO_RETURN_IF_ERROR(ValidateTargetSet("targets", content));
    JIXIAO_RETURN_IF_ERROR(
        MayAct(*context, content.key(), TargetAction::kPut, "targets.key"));
    JIXIAO_ASSIGN_OR_RETURN(
        auto stored,
        store_->Append(
            content.key(), request->expected_version(),
            [&](const pb::TargetSet* before) -> absl::StatusOr<pb::TargetSet> {
              JIXIAO_ASSIGN_OR_RETURN(
                  auto status,
                  NextTargetStatus(before == nullptr
                                       ? pb::TARGET_STATUS_UNSPECIFIED
                                       : before->status(),
                                   TargetAction::kPut));
              pb::TargetSet next = content;
              next.set_status(status);
              return next;
            },
            AuditWriter(*context, MethodOf(TargetAction::kPut))));
    *response = std::move(stored);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* TargetServiceImpl::GetTargets(
    grpc::CallbackServerContext* context, const v1::TargetKey* request,
    v1::TargetsView* response) {
  return Respond(context, [=, this]() -> absl::Status {
    JIXIAO_RETURN_IF_ERROR(ValidateKey("key", *request));
    JIXIAO_RETURN_IF_ERROR(MayAct(*context, *request, std::nullopt, "key"));
    JIXIAO_ASSIGN_OR_RETURN(auto view, store_->View(*request));
    *response = std::move(view);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* TargetServiceImpl::ListTargetHistory(
    grpc::CallbackServerContext* context, const v1::TargetKey* request,
    v1::TargetHistory* response) {
  return Respond(context, [=, this]() -> absl::Status {
    JIXIAO_RETURN_IF_ERROR(ValidateKey("key", *request));
    JIXIAO_RETURN_IF_ERROR(MayAct(*context, *request, std::nullopt, "key"));
    JIXIAO_ASSIGN_OR_RETURN(auto history, store_->History(*request));
    for (pb::TargetSet& version : history) {
      *response->add_versions() = std::move(version);
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* TargetServiceImpl::ReviewTargets(
    grpc::CallbackServerContext* context, const v1::TargetKey* request,
    v1::TargetReview* response) {
  return Respond(context, [=, this]() -> absl::Status {
    JIXIAO_RETURN_IF_ERROR(ValidateKey("key", *request));
    JIXIAO_RETURN_IF_ERROR(MayAct(*context, *request, std::nullopt, "key"));
    JIXIAO_ASSIGN_OR_RETURN(auto view, store_->View(*request));
    JIXIAO_ASSIGN_OR_RETURN(auto review, Review(*context, view.current()));
    *response = std::move(review);
    return absl::OkStatus();
  });
}

absl::Status TargetServiceImpl::Move(
    grpc::CallbackServerContext& context, const pb::TargetKey& key,
    int64_t expected_version, TargetAction action,
    absl::FunctionRef<absl::Status(const pb::TargetSet& before,
                                   pb::TargetSet& next)>
        fill,
    pb::TargetSet* response) {
  JIXIAO_RETURN_IF_ERROR(ValidateKey("key", key));
  JIXIAO_RETURN_IF_ERROR(MayAct(context, key, action, "key"));
  JIXIAO_ASSIGN_OR_RETURN(
      auto stored,
      store_->Append(
          key, expected_version,
          [&](const pb::TargetSet* before) -> absl::StatusOr<pb::TargetSet> {
            if (before == nullptr) {
              return absl::NotFoundError(absl::StrCat(
                  "no targets for department \"", key.department_code(),
                  "\" of region ", key.region_code(), " in ", key.year()));
            }
            JIXIAO_ASSIGN_OR_RETURN(auto status,
                                    NextTargetStatus(before->status(), action));
            pb::TargetSet next = *before;
            next.set_status(status);
            JIXIAO_RETURN_IF_ERROR(fill(*before, next));
            return next;
          },
          AuditWriter(context, MethodOf(action))));
  *response = std::move(stored);
  return absl::OkStatus();
}

grpc::ServerUnaryReactor* TargetServiceImpl::SubmitTargets(
    grpc::CallbackServerContext* context, const v1::TargetTransition* request,
    v1::TargetSet* response) {
  return Respond(context, [=, this]() -> absl::Status {
    JIXIAO_RETURN_IF_ERROR(ValidateKey("key", request->key()));
    JIXIAO_RETURN_IF_ERROR(
        MayAct(*context, request->key(), TargetAction::kSubmit, "key"));
    // The review reads the budget service: outside the write's transaction,
    // on the version the caller names (a later edit fails the version
    // check and must be reviewed again).
    JIXIAO_ASSIGN_OR_RETURN(auto view, store_->View(request->key()));
    if (view.current().version() == request->expected_version()) {
      JIXIAO_ASSIGN_OR_RETURN(auto review, Review(*context, view.current()));
      if (review.problems_size() > 0) {
        std::string problems;
        for (const pb::TargetCheck& p : review.problems()) {
          absl::StrAppend(&problems, problems.empty() ? "" : "; ", p.field(),
                          ": ", p.message());
        }
        return absl::FailedPreconditionError(absl::StrCat(
            "targets: ", review.problems_size(),
            " check(s) fail (ReviewTargets lists them): ", problems));
      }
    }
    return Move(
        *context, request->key(), request->expected_version(),
        TargetAction::kSubmit,
        [](const pb::TargetSet&, pb::TargetSet& next) {
          next.clear_return_reasons();
          return absl::OkStatus();
        },
        response);
  });
}

grpc::ServerUnaryReactor* TargetServiceImpl::ReturnTargets(
    grpc::CallbackServerContext* context, const v1::TargetTransition* request,
    v1::TargetSet* response) {
  return Respond(context, [=, this]() -> absl::Status {
    if (request->reasons_size() == 0) {
      return validate::Invalid(
          "reasons", "say why: a reason for an indicator or for the whole");
    }
    if (request->reasons_size() > 500) {
      return validate::Invalid("reasons", "at most 500");
    }
    for (int i = 0; i < request->reasons_size(); ++i) {
      JIXIAO_RETURN_IF_ERROR(
          RequireReason(absl::StrCat("reasons[", i, "].reason"),
                        request->reasons(i).reason()));
      JIXIAO_RETURN_IF_ERROR(validate::ValidateText(
          absl::StrCat("reasons[", i, "].indicator_id"),
          request->reasons(i).indicator_id(), 40, false));
    }
    return Move(
        *context, request->key(), request->expected_version(),
        TargetAction::kReturn,
        [&](const pb::TargetSet& before, pb::TargetSet& next) -> absl::Status {
          std::set<std::string> ids;
          for (const auto& i : before.indicators()) ids.insert(i.id());
          for (const auto& p : before.projects()) {
            for (const auto& i : p.indicators()) ids.insert(i.id());
          }
          for (int i = 0; i < request->reasons_size(); ++i) {
            const std::string& id = request->reasons(i).indicator_id();
            if (!id.empty() && !ids.contains(id)) {
              return validate::Invalid(
                  absl::StrCat("reasons[", i, "].indicator_id"),
                  absl::StrCat("the targets have no indicator \"", id, "\""));
            }
          }
          *next.mutable_return_reasons() = request->reasons();
          return absl::OkStatus();
        },
        response);
  });
}

grpc::ServerUnaryReactor* TargetServiceImpl::ApproveTargets(
    grpc::CallbackServerContext* context, const v1::TargetTransition* request,
    v1::TargetSet* response) {
  return Respond(context, [=, this]() -> absl::Status {
    return Move(
        *context, request->key(), request->expected_version(),
        TargetAction::kApprove,
        [](const pb::TargetSet&, pb::TargetSet& next) {
          next.clear_return_reasons();
          return absl::OkStatus();
        },
        response);
  });
}

grpc::ServerUnaryReactor* TargetServiceImpl::RequestTargetAdjustment(
    grpc::CallbackServerContext* context,
    const v1::TargetAdjustmentRequest* request, v1::TargetSet* response) {
  return Respond(context, [=, this]() -> absl::Status {
    const pb::TargetSet content = Content(request->targets());
    JIXIAO_RETURN_IF_ERROR(ValidateTargetSet("targets", content));
    JIXIAO_RETURN_IF_ERROR(RequireReason("reason", request->reason()));
    return Move(
        *context, content.key(), request->expected_version(),
        TargetAction::kRequestAdjustment,
        [&](const pb::TargetSet&, pb::TargetSet& next) {
          next = content;
          next.set_status(pb::TARGET_ADJUSTMENT_REQUESTED);
          next.set_adjustment_reason(request->reason());
          return absl::OkStatus();
        },
        response);
  });
}

grpc::ServerUnaryReactor* TargetServiceImpl::DecideTargetAdjustment(
    grpc::CallbackServerContext* context,
    const v1::TargetAdjustmentDecision* request, v1::TargetSet* response) {
  return Respond(context, [=, this]() -> absl::Status {
    JIXIAO_RETURN_IF_ERROR(RequireReason("reason", request->reason()));
    if (!request->has_approve()) {
      return validate::Invalid("approve", "true or false is required");
    }
    const pb::TargetKey& key = request->key();
    // A refusal puts the approved targets back in force: read them first.
    std::optional<pb::TargetSet> in_force;
    if (!request->approve()) {
      JIXIAO_RETURN_IF_ERROR(ValidateKey("key", key));
      JIXIAO_RETURN_IF_ERROR(
          MayAct(*context, key, TargetAction::kRefuseAdjustment, "key"));
      JIXIAO_ASSIGN_OR_RETURN(auto view, store_->View(key));
      if (view.has_in_force()) in_force = view.in_force();
    }
    return Move(
        *context, key, request->expected_version(),
        request->approve() ? TargetAction::kApproveAdjustment
                           : TargetAction::kRefuseAdjustment,
        [&](const pb::TargetSet& before, pb::TargetSet& next) -> absl::Status {
          if (!request->approve()) {
            if (!in_force.has_value()) {
              return absl::InternalError(
                  "an adjustment without approved "
                  "targets before it");
            }
            next = Content(*in_force);
            next.set_status(pb::TARGET_APPROVED);
            next.set_adjustment_reason(before.adjustment_reason());
          }
          next.set_decision_reason(request->reason());
          return absl::OkStatus();
        },
        response);
  });
}

}  // namespace jixiao::indicator

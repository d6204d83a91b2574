#include "services/indicator/indicator_service.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "libs/base/status_macros.h"
#include "libs/validate/validate.h"
#include "services/common/audit_rpc.h"
#include "services/common/auth.h"
#include "services/common/request_context.h"
#include "services/common/respond.h"
#include "services/common/respond_stream.h"
#include "services/common/storage/audit.h"
#include "services/common/write_epoch_rpc.h"
#include "services/indicator/derive.h"
#include "services/indicator/domain/framework.h"
#include "services/indicator/domain/targets_in_force.h"
#include "services/indicator/domain/values.h"
#include "services/indicator/domain/workflow.h"

namespace jixiao::indicator {
namespace {

// Evaluations a StreamRegionEvaluations message: few messages (each costs a
// write and a wake-up on both ends), none large.
constexpr int kRegionPageSize = 100;

absl::Status ValidateKey(absl::string_view prefix,
                         const pb::EvaluationKey& key) {
  return validate::ValidateDepartmentYearKey(prefix, key.region_code(),
                                             key.department_code(), key.year());
}

pb::Role RoleOf(access::Role role) {
  switch (role) {
    case access::Role::kDepartment:
      return pb::DEPARTMENT;
    case access::Role::kFinance:
      return pb::FINANCE;
    case access::Role::kAdmin:
      return pb::ADMIN;
  }
  return pb::ROLE_UNSPECIFIED;
}

// Who acts on an evaluation. When tokens are checked the verified token
// says so and the request's actor field is not consulted: nobody can state
// a role they do not hold. Without tokens, the request's actor is trusted.
absl::StatusOr<pb::Actor> ActingAs(const grpc::CallbackServerContext& context,
                                   const pb::Actor& stated) {
  if (!auth::TokensChecked()) {
    JIXIAO_RETURN_IF_ERROR(ValidateActor("actor", stated));
    return stated;
  }
  JIXIAO_ASSIGN_OR_RETURN(auto caller, auth::CallerOf(context));
  pb::Actor actor;
  actor.set_subject(caller.subject);
  actor.set_role(RoleOf(caller.role));
  if (!caller.department_code.empty())
    actor.set_department_code(caller.department_code);
  return actor;
}

absl::Status RequireVersion(bool has, absl::string_view field) {
  if (!has) {
    return validate::Invalid(
        field,
        "is required: send the version you read, so that no "
        "concurrent write is lost");
  }
  return absl::OkStatus();
}

pb::StatusChange Change(pb::Status from, pb::Status to, const pb::Actor& actor,
                        absl::string_view reason) {
  pb::StatusChange change;
  change.set_from(from);
  change.set_to(to);
  change.set_subject(actor.subject());
  change.set_role(actor.role());
  if (!reason.empty()) change.set_reason(std::string(reason));
  change.set_at(storage::NowUtc());
  return change;
}

// A framework id and version as an evaluation names them: unknown ones are
// the caller's mistake.
absl::StatusOr<pb::Framework> FrameworkOf(IndicatorStore& store,
                                          const pb::Evaluation& evaluation) {
  auto framework = store.GetFramework(evaluation.framework_id(),
                                      evaluation.framework_version());
  if (!framework.ok() && absl::IsNotFound(framework.status())) {
    return validate::Invalid("framework_id", framework.status().message());
  }
  return framework;
}

DeclaredTargets Borrow(const TargetStore::Declared& declared) {
  return DeclaredTargets{declared.latest_version,
                         declared.in_force ? &*declared.in_force : nullptr};
}

pb::TargetKey TargetKeyOf(const pb::EvaluationKey& key) {
  pb::TargetKey target_key;
  target_key.set_region_code(key.region_code());
  target_key.set_department_code(key.department_code());
  target_key.set_year(key.year());
  return target_key;
}

}  // namespace

absl::StatusOr<TargetStore::Declared> IndicatorServiceImpl::DeclaredFor(
    const pb::EvaluationKey& key) {
  auto view = targets_->View(TargetKeyOf(key));
  if (absl::IsNotFound(view.status())) return TargetStore::Declared{};
  JIXIAO_RETURN_IF_ERROR(view.status());
  TargetStore::Declared declared;
  declared.latest_version = view->current().version();
  if (view->has_in_force()) declared.in_force = view->in_force();
  return declared;
}

absl::Status IndicatorServiceImpl::Present(
    const grpc::CallbackServerContext& context, pb::Evaluation evaluation,
    pb::Evaluation* response) {
  JIXIAO_ASSIGN_OR_RETURN(auto framework, FrameworkOf(*store_, evaluation));
  absl::StatusOr<budget::v1::Aggregates> aggregates =
      absl::NotFoundError("frozen");
  if (evaluation.status() != pb::APPROVED) {
    // Derived values are computed on read: the budget figures may change at
    // any time, and one batch call is cheap next to a stale score.
    aggregates = budget_->Aggregates(
        evaluation.key().region_code(), evaluation.key().department_code(),
        evaluation.key().year(), ForwardedFrom(context));
    if (!aggregates.ok() && !absl::IsNotFound(aggregates.status())) {
      return absl::UnavailableError(
          absl::StrCat("the budget service did not answer: ",
                       aggregates.status().message()));
    }
  }
  AssembleValues(framework, aggregates, &evaluation);
  TargetStore::Declared declared;  // an approved evaluation reads none
  if (evaluation.status() != pb::APPROVED) {
    JIXIAO_ASSIGN_OR_RETURN(auto read, DeclaredFor(evaluation.key()));
    declared = std::move(read);
  }
  ApplyDeclaredTargets(Borrow(declared), framework, &evaluation);
  *response = std::move(evaluation);
  return absl::OkStatus();
}

grpc::ServerUnaryReactor* IndicatorServiceImpl::PutFramework(
    grpc::CallbackServerContext* context,
    const v1::PutFrameworkRequest* request, v1::Framework* response) {
  return Respond(context, [=, this]() -> absl::Status {
    JIXIAO_RETURN_IF_ERROR(auth::MayAccessRegion(
        *context, request->framework().region_code(), "framework.region_code"));
    pb::Framework framework = request->framework();
    JIXIAO_RETURN_IF_ERROR(
        validate::ValidateDepartmentCode("framework.id", framework.id()));
    const auto caller = auth::CallerOf(*context);
    const std::string actor = auth::TokensChecked() && caller.ok()
                                  ? caller->subject
                              : request->actor().empty() ? ActorOf(*context)
                                                         : request->actor();
    JIXIAO_RETURN_IF_ERROR(validate::ValidateText("actor", actor, 100, true));
    // The owner of a framework that exists is the region it is stored
    // under, whatever the new body says: checked against the stored one,
    // in the write's transaction.
    const auto may_replace = [&](const pb::Framework& stored) -> absl::Status {
      if (stored.region_code() != framework.region_code()) {
        return absl::PermissionDeniedError(absl::StrCat(
            "framework.region_code: framework \"", stored.id(),
            "\" belongs to ",
            stored.region_code().empty() ? "no region (it is national)"
                                         : "region " + stored.region_code(),
            "; a framework stays where it was made (use a new id)"));
      }
      return auth::MayAccessRegion(*context, stored.region_code(),
                                   "framework.id");
    };
    // Asked before the new body's content is judged (a caller who may not
    // write learns nothing more), and again in the write's transaction.
    if (auto existing = store_->GetFramework(framework.id(), std::nullopt);
        existing.ok()) {
      JIXIAO_RETURN_IF_ERROR(may_replace(*existing));
    }
    JIXIAO_RETURN_IF_ERROR(NormalizeFramework(&framework));
    JIXIAO_ASSIGN_OR_RETURN(
        auto stored,
        store_->PutFramework(framework,
                             AuditWriter(*context, "PutFramework", actor),
                             may_replace));
    *response = std::move(stored);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* IndicatorServiceImpl::GetFramework(
    grpc::CallbackServerContext* context,
    const v1::GetFrameworkRequest* request, v1::Framework* response) {
  return Respond(context, [=, this]() -> absl::Status {
    JIXIAO_RETURN_IF_ERROR(
        validate::ValidateDepartmentCode("id", request->id()));
    JIXIAO_ASSIGN_OR_RETURN(
        auto framework,
        store_->GetFramework(request->id(),
                             request->has_version()
                                 ? std::optional<int32_t>(request->version())
                                 : std::nullopt));
    *response = std::move(framework);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* IndicatorServiceImpl::ListFrameworks(
    grpc::CallbackServerContext* context,
    const v1::ListFrameworksRequest* request,
    v1::ListFrameworksResponse* response) {
  return Respond(context, [=, this]() -> absl::Status {
    if (!request->region_code().empty()) {
      JIXIAO_RETURN_IF_ERROR(
          validate::ValidateRegionCode("region_code", request->region_code()));
    }
    JIXIAO_ASSIGN_OR_RETURN(auto frameworks,
                            store_->ListFrameworks(request->region_code()));
    for (pb::Framework& f : frameworks) {
      *response->add_frameworks() = std::move(f);
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* IndicatorServiceImpl::StartEvaluation(
    grpc::CallbackServerContext* context,
    const v1::StartEvaluationRequest* request, v1::Evaluation* response) {
  return Respond(context, [=, this]() -> absl::Status {
    const pb::EvaluationKey& key = request->key();
    JIXIAO_RETURN_IF_ERROR(ValidateKey("key.", key));
    JIXIAO_RETURN_IF_ERROR(auth::MayAccessDepartment(
        *context, key.region_code(), key.department_code(),
        "key.department_code"));
    JIXIAO_ASSIGN_OR_RETURN(auto acting, ActingAs(*context, request->actor()));
    const pb::Actor& actor = acting;
    JIXIAO_RETURN_IF_ERROR(validate::ValidateDepartmentCode(
        "framework_id", request->framework_id()));
    auto framework = store_->GetFramework(
        request->framework_id(),
        request->has_framework_version()
            ? std::optional<int32_t>(request->framework_version())
            : std::nullopt);
    if (!framework.ok()) {
      return absl::IsNotFound(framework.status())
                 ? validate::Invalid("framework_id",
                                     framework.status().message())
                 : framework.status();
    }
    JIXIAO_ASSIGN_OR_RETURN(
        auto next, Transition(pb::STATUS_UNSPECIFIED, Action::kStart, actor,
                              key.department_code()));
    const absl::Status department = budget_->CheckDepartment(
        key.region_code(), key.department_code(), ForwardedFrom(*context));
    if (absl::IsNotFound(department)) {
      return validate::Invalid("key.department_code", department.message());
    }
    if (!department.ok()) {
      return absl::UnavailableError(absl::StrCat(
          "the budget service did not answer: ", department.message()));
    }
    pb::Evaluation evaluation;
    *evaluation.mutable_key() = key;
    evaluation.set_framework_id(framework->id());
    evaluation.set_framework_version(framework->version());
    evaluation.set_status(next);
    *evaluation.add_history() = Change(pb::STATUS_UNSPECIFIED, next, actor, "");
    JIXIAO_ASSIGN_OR_RETURN(
        auto stored, store_->CreateEvaluation(
                         evaluation, AuditWriter(*context, "StartEvaluation",
                                                 actor.subject())));
    return Present(*context, std::move(stored), response);
  });
}

grpc::ServerUnaryReactor* IndicatorServiceImpl::GetEvaluation(
    grpc::CallbackServerContext* context, const v1::EvaluationKey* request,
    v1::Evaluation* response) {
  return Respond(context, [=, this]() -> absl::Status {
    JIXIAO_RETURN_IF_ERROR(ValidateKey("", *request));
    JIXIAO_RETURN_IF_ERROR(auth::MayAccessDepartment(
        *context, request->region_code(), request->department_code(),
        "department_code"));
    JIXIAO_ASSIGN_OR_RETURN(auto evaluation, store_->GetEvaluation(*request));
    return Present(*context, std::move(evaluation), response);
  });
}

grpc::ServerWriteReactor<v1::RegionEvaluationsPage>*
IndicatorServiceImpl::StreamRegionEvaluations(
    grpc::CallbackServerContext* context,
    const v1::RegionEvaluationsRequest* request) {
  return RespondStream<pb::RegionEvaluationsPage>(
      context,
      [=, this](StreamWriter<pb::RegionEvaluationsPage>& out) -> absl::Status {
        JIXIAO_RETURN_IF_ERROR(validate::ValidateRegionCode(
            "region_code", request->region_code()));
        JIXIAO_RETURN_IF_ERROR(validate::ValidateYear("year", request->year()));
        JIXIAO_RETURN_IF_ERROR(auth::MayAccessRegion(
            *context, request->region_code(), "region_code"));
        // Both reads are in department code order: merged as they arrive,
        // so the first evaluations leave before the last are read.
        auto budget = budget_->OpenRegionAggregates(
            request->region_code(), request->year(), ForwardedFrom(*context));
        budget::v1::DepartmentInputs figures;
        bool more_figures = budget.Next(&figures);
        // A region's evaluations use a few framework versions: each is read
        // once.
        std::map<std::pair<std::string, int32_t>, pb::Framework> frameworks;
        // The year's declared targets of the region, read once.
        JIXIAO_ASSIGN_OR_RETURN(
            auto declared,
            targets_->RegionDeclared(request->region_code(), request->year()));
        bool gone = false;
        absl::Status failure;
        const absl::Status read = store_->ForEachRegionPage(
            request->region_code(), request->year(), kRegionPageSize,
            [&](std::vector<pb::Evaluation>& evaluations) {
              pb::RegionEvaluationsPage page;
              for (pb::Evaluation& e : evaluations) {
                const std::string& code = e.key().department_code();
                while (more_figures && figures.department().code() < code) {
                  more_figures = budget.Next(&figures);
                }
                absl::StatusOr<budget::v1::Aggregates> aggregates =
                    absl::NotFoundError("frozen");
                if (e.status() != pb::APPROVED) {
                  if (more_figures && figures.department().code() == code &&
                      figures.has_aggregates()) {
                    aggregates = figures.aggregates();
                  } else {  // as the budget service words it for one
                    aggregates = absl::NotFoundError(
                        absl::StrCat("no figures for department \"", code,
                                     "\" in ", e.key().year()));
                  }
                }
                const auto id =
                    std::make_pair(e.framework_id(), e.framework_version());
                auto known = frameworks.find(id);
                if (known == frameworks.end()) {
                  auto framework = FrameworkOf(*store_, e);
                  if (!framework.ok()) {
                    failure = framework.status();
                    return false;
                  }
                  known = frameworks.emplace(id, *std::move(framework)).first;
                }
                AssembleValues(known->second, aggregates, &e);
                const auto targets = declared.find(code);
                ApplyDeclaredTargets(targets == declared.end()
                                         ? DeclaredTargets{}
                                         : Borrow(targets->second),
                                     known->second, &e);
                *page.add_evaluations() = std::move(e);
              }
              gone = !out.Write(std::move(page));
              return !gone;
            });
        // Departments after the last evaluation are not wanted: cancelled,
        // and their CANCELLED is no failure.
        const bool abandon =
            gone || !failure.ok() || !read.ok() || more_figures;
        const grpc::Status from_budget = budget.Finish(abandon);
        JIXIAO_RETURN_IF_ERROR(read);
        JIXIAO_RETURN_IF_ERROR(failure);
        if (gone) return absl::OkStatus();
        if (!abandon && !from_budget.ok()) {
          return absl::UnavailableError(
              absl::StrCat("the budget service did not answer: ",
                           from_budget.error_message()));
        }
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* IndicatorServiceImpl::GetWriteEpoch(
    grpc::CallbackServerContext* context,
    const v1::GetWriteEpochRequest* /*request*/, v1::WriteEpoch* response) {
  return ServeWriteEpoch(context, store_->database(), response);
}

grpc::ServerUnaryReactor* IndicatorServiceImpl::GetEvaluationVersion(
    grpc::CallbackServerContext* context, const v1::EvaluationKey* request,
    v1::EvaluationVersion* response) {
  return Respond(context, [=, this]() -> absl::Status {
    JIXIAO_RETURN_IF_ERROR(ValidateKey("", *request));
    JIXIAO_RETURN_IF_ERROR(auth::MayAccessDepartment(
        *context, request->region_code(), request->department_code(),
        "department_code"));
    JIXIAO_ASSIGN_OR_RETURN(auto version,
                            store_->GetEvaluationVersion(*request));
    *response = std::move(version);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* IndicatorServiceImpl::SetValues(
    grpc::CallbackServerContext* context, const v1::SetValuesRequest* request,
    v1::Evaluation* response) {
  return Respond(context, [=, this]() -> absl::Status {
    JIXIAO_RETURN_IF_ERROR(ValidateKey("key.", request->key()));
    JIXIAO_RETURN_IF_ERROR(auth::MayAccessDepartment(
        *context, request->key().region_code(),
        request->key().department_code(), "key.department_code"));
    JIXIAO_ASSIGN_OR_RETURN(auto acting, ActingAs(*context, request->actor()));
    const pb::Actor& actor = acting;
    JIXIAO_RETURN_IF_ERROR(
        RequireVersion(request->has_expected_version(), "expected_version"));
    JIXIAO_ASSIGN_OR_RETURN(auto stored, store_->GetEvaluation(request->key()));
    JIXIAO_ASSIGN_OR_RETURN(auto framework, FrameworkOf(*store_, stored));
    // Targets come from the declared targets once there are any.
    JIXIAO_ASSIGN_OR_RETURN(auto declared, DeclaredFor(request->key()));
    // Check every value against its leaf before touching anything.
    std::vector<pb::IndicatorValue> values;
    std::set<std::string> seen;
    for (int i = 0; i < request->values_size(); ++i) {
      const std::string at = absl::StrCat("values[", i, "]");
      pb::IndicatorValue value = request->values(i);
      const pb::Node* node = FindNode(framework, value.indicator_id());
      const auto leaves = Leaves(framework);
      if (node == nullptr ||
          std::find(leaves.begin(), leaves.end(), node) == leaves.end()) {
        return validate::Invalid(
            at + ".indicator_id",
            absl::StrCat("no indicator \"", value.indicator_id(),
                         "\" to fill in framework ", framework.id()));
      }
      if (!seen.insert(value.indicator_id()).second) {
        return validate::Invalid(at + ".indicator_id", "appears twice");
      }
      if (value.has_target()) {
        JIXIAO_RETURN_IF_ERROR(
            CheckTypedTarget(at + ".target", Borrow(declared)));
      }
      JIXIAO_RETURN_IF_ERROR(ValidateEnteredValue(at, *node, &value));
      values.push_back(std::move(value));
    }
    if (request->has_self_score()) {
      auto total = ParsePoints("", framework.total());
      JIXIAO_RETURN_IF_ERROR(
          ValidateSelfScore("self_score", request->self_score(), *total));
    }
    JIXIAO_ASSIGN_OR_RETURN(
        auto updated,
        store_->UpdateEvaluation(
            request->key(), request->expected_version(),
            [&](pb::Evaluation& e) -> absl::Status {
              JIXIAO_RETURN_IF_ERROR(Transition(e.status(), Action::kEdit,
                                                actor,
                                                e.key().department_code())
                                         .status());
              for (pb::IndicatorValue& value : values) {
                pb::IndicatorValue* slot = nullptr;
                for (pb::IndicatorValue& existing : *e.mutable_values()) {
                  if (existing.indicator_id() == value.indicator_id()) {
                    slot = &existing;
                  }
                }
                *(slot != nullptr ? slot : e.add_values()) = std::move(value);
              }
              if (request->has_self_score())
                e.set_self_score(request->self_score());
              return absl::OkStatus();
            },
            AuditWriter(*context, "SetValues", actor.subject())));
    return Present(*context, std::move(updated), response);
  });
}

absl::Status IndicatorServiceImpl::Move(grpc::CallbackServerContext* context,
                                        const v1::TransitionRequest& request,
                                        Action action,
                                        v1::Evaluation* response) {
  JIXIAO_RETURN_IF_ERROR(ValidateKey("key.", request.key()));
  JIXIAO_RETURN_IF_ERROR(auth::MayAccessDepartment(
      *context, request.key().region_code(), request.key().department_code(),
      "key.department_code"));
  JIXIAO_ASSIGN_OR_RETURN(auto acting, ActingAs(*context, request.actor()));
  const pb::Actor& actor = acting;
  JIXIAO_RETURN_IF_ERROR(
      RequireVersion(request.has_expected_version(), "expected_version"));
  JIXIAO_RETURN_IF_ERROR(validate::ValidateText(
      "reason", request.reason(), 2000, action == Action::kReturn));
  // Approval freezes the derived values: fetch them before the write.
  std::optional<pb::Evaluation> frozen;
  if (action == Action::kApprove) {
    JIXIAO_ASSIGN_OR_RETURN(auto stored, store_->GetEvaluation(request.key()));
    pb::Evaluation presented;
    JIXIAO_RETURN_IF_ERROR(Present(*context, stored, &presented));
    frozen = std::move(presented);
  }
  JIXIAO_ASSIGN_OR_RETURN(
      auto updated,
      store_->UpdateEvaluation(
          request.key(), request.expected_version(),
          [&](pb::Evaluation& e) -> absl::Status {
            JIXIAO_ASSIGN_OR_RETURN(auto next,
                                    Transition(e.status(), action, actor,
                                               e.key().department_code()));
            *e.add_history() =
                Change(e.status(), next, actor, request.reason());
            e.set_status(next);
            if (action == Action::kReturn) {
              e.set_return_reason(request.reason());
            }
            if (frozen) {
              *e.mutable_values() = frozen->values();
              e.set_targets_version(frozen->targets_version());
              e.set_targets_in_force(frozen->targets_in_force());
            }
            return absl::OkStatus();
          },
          AuditWriter(*context, NameOf(action), actor.subject())));
  return Present(*context, std::move(updated), response);
}

grpc::ServerUnaryReactor* IndicatorServiceImpl::Submit(
    grpc::CallbackServerContext* context, const v1::TransitionRequest* request,
    v1::Evaluation* response) {
  return Respond(context, [=, this] {
    return Move(context, *request, Action::kSubmit, response);
  });
}

grpc::ServerUnaryReactor* IndicatorServiceImpl::Return(
    grpc::CallbackServerContext* context, const v1::TransitionRequest* request,
    v1::Evaluation* response) {
  return Respond(context, [=, this] {
    return Move(context, *request, Action::kReturn, response);
  });
}

grpc::ServerUnaryReactor* IndicatorServiceImpl::Approve(
    grpc::CallbackServerContext* context, const v1::TransitionRequest* request,
    v1::Evaluation* response) {
  return Respond(context, [=, this] {
    return Move(context, *request, Action::kApprove, response);
  });
}

grpc::ServerUnaryReactor* IndicatorServiceImpl::ListAudit(
    grpc::CallbackServerContext* context,
    const audit::v1::ListAuditRequest* request,
    audit::v1::ListAuditResponse* response) {
  return Respond(context, [=, this] {
    return ServeListAudit(*context, store_->database(), *request, response);
  });
}

}  // namespace jixiao::indicator

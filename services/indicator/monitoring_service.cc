#include "services/indicator/monitoring_service.h"

#include <optional>
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
#include "services/common/respond_stream.h"
#include "services/indicator/monitoring_table.h"

namespace jixiao::indicator {
namespace {

// Departments a StreamMonitoringSummary message (as the budget service's
// region streams).
constexpr int kSummaryPageSize = 100;

absl::Status ValidateRoundKey(absl::string_view prefix,
                              const pb::RoundKey& key) {
  JIXIAO_RETURN_IF_ERROR(validate::ValidateRegionCode(
      absl::StrCat(prefix, "region_code"), key.region_code()));
  return validate::ValidateDepartmentCode(absl::StrCat(prefix, "round_id"),
                                          key.round_id());
}

absl::Status ValidateKey(absl::string_view prefix,
                         const pb::MonitoringKey& key) {
  JIXIAO_RETURN_IF_ERROR(
      ValidateRoundKey(absl::StrCat(prefix, "round."), key.round()));
  return validate::ValidateDepartmentCode(
      absl::StrCat(prefix, "department_code"), key.department_code());
}

Spending SpendingOf(const budget::v1::Execution& e) {
  Spending s;
  s.figures_stored = e.figures_stored();
  if (e.has_budget()) s.budget = e.budget();
  s.paid = e.paid();
  s.projects.reserve(e.projects_size());
  for (const budget::v1::ProjectExecution& p : e.projects()) {
    ProjectSpending& out = s.projects.emplace_back();
    out.code = p.code();
    out.name = p.name();
    if (p.has_budget()) out.budget = p.budget();
    out.paid = p.paid();
  }
  return s;
}

absl::Status BudgetUnavailable(const absl::Status& status) {
  return absl::UnavailableError(
      absl::StrCat("the budget service did not answer: ", status.message()));
}

void AttachDecisions(const MonitoringStore::Decisions& decisions,
                     std::vector<pb::Warning>& warnings) {
  for (pb::Warning& w : warnings) {
    const auto it = decisions.find({w.department_code(), w.id()});
    if (it != decisions.end()) *w.mutable_decision() = it->second;
  }
}

}  // namespace

absl::StatusOr<pb::MonitoringView> MonitoringServiceImpl::View(
    const grpc::CallbackServerContext& context, const pb::MonitoringKey& key) {
  JIXIAO_ASSIGN_OR_RETURN(auto round, store_->Round(key.round()));
  auto day = ParseDay("round.as_of", round.as_of());
  if (!day.ok()) return absl::InternalError(day.status().message());
  auto spent =
      budget_->Execution(key.round().region_code(), key.department_code(),
                         round.year(), round.as_of(), ForwardedFrom(context));
  if (absl::IsNotFound(spent.status())) {
    return absl::NotFoundError(
        absl::StrCat("key.department_code: ", spent.status().message()));
  }
  if (!spent.ok()) return BudgetUnavailable(spent.status());
  JIXIAO_ASSIGN_OR_RETURN(auto filing, store_->Filing(key));
  JIXIAO_ASSIGN_OR_RETURN(
      auto decisions,
      store_->LatestDecisions(key.round(), key.department_code()));

  pb::MonitoringView view;
  *view.mutable_round() = round;
  view.set_department_name(spent->department_name());
  *view.mutable_execution() =
      ComputeExecution(round.as_of(), *day, SpendingOf(*spent));
  if (filing.has_value()) *view.mutable_filing() = *filing;
  std::vector<pb::Warning> warnings =
      ComputeWarnings(round, key.department_code(), view.execution(),
                      filing.has_value() ? &*filing : nullptr);
  AttachDecisions(decisions, warnings);
  for (pb::Warning& w : warnings) *view.add_warnings() = std::move(w);
  return view;
}

absl::Status MonitoringServiceImpl::ForEachDepartment(
    const grpc::CallbackServerContext& context,
    const pb::MonitoringRound& round,
    absl::FunctionRef<bool(RegionDepartment&)> visit) {
  auto day = ParseDay("round.as_of", round.as_of());
  if (!day.ok()) return absl::InternalError(day.status().message());
  JIXIAO_ASSIGN_OR_RETURN(auto filings, store_->Filings(round.key()));
  JIXIAO_ASSIGN_OR_RETURN(auto decisions,
                          store_->LatestDecisions(round.key(), std::nullopt));
  auto stream =
      budget_->OpenRegionExecution(round.key().region_code(), round.year(),
                                   round.as_of(), ForwardedFrom(context));
  budget::v1::Execution spent;
  bool stopped = false;
  while (stream.Next(&spent)) {
    const std::string& code = spent.key().department_code();
    const auto filed = filings.find(code);
    const pb::MonitoringFiling* filing =
        filed == filings.end() ? nullptr : &filed->second;
    const pb::Execution execution =
        ComputeExecution(round.as_of(), *day, SpendingOf(spent));
    std::vector<pb::Warning> warnings =
        ComputeWarnings(round, code, execution, filing);
    AttachDecisions(decisions, warnings);
    RegionDepartment d{spent, execution, filing, warnings};
    if (!visit(d)) {
      stopped = true;
      break;
    }
  }
  const grpc::Status status = stream.Finish(stopped);
  if (!stopped && !status.ok()) {
    return BudgetUnavailable(
        absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                     status.error_message()));
  }
  return absl::OkStatus();
}

grpc::ServerUnaryReactor* MonitoringServiceImpl::OpenRound(
    grpc::CallbackServerContext* context, const v1::OpenRoundRequest* request,
    v1::MonitoringRound* response) {
  return Respond(context, [=, this]() -> absl::Status {
    pb::MonitoringRound round = request->round();
    // What the service sets is not taken from the caller.
    round.clear_status();
    round.clear_opened_by();
    round.clear_opened_at();
    round.clear_closed_by();
    round.clear_closed_at();
    JIXIAO_RETURN_IF_ERROR(ValidateRound(round));
    JIXIAO_RETURN_IF_ERROR(auth::MayOverseeRegion(
        *context, round.key().region_code(), "open a monitoring round",
        "round.key.region_code"));
    if (!round.has_lag_threshold_bp()) {
      round.set_lag_threshold_bp(default_lag_threshold_bp_);
    }
    JIXIAO_ASSIGN_OR_RETURN(
        auto stored, store_->OpenRound(std::move(round),
                                       AuditWriter(*context, "OpenRound")));
    *response = std::move(stored);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* MonitoringServiceImpl::CloseRound(
    grpc::CallbackServerContext* context, const v1::RoundKey* request,
    v1::MonitoringRound* response) {
  return Respond(context, [=, this]() -> absl::Status {
    JIXIAO_RETURN_IF_ERROR(ValidateRoundKey("", *request));
    JIXIAO_RETURN_IF_ERROR(
        auth::MayOverseeRegion(*context, request->region_code(),
                               "close a monitoring round", "region_code"));
    JIXIAO_ASSIGN_OR_RETURN(
        auto stored,
        store_->CloseRound(*request, AuditWriter(*context, "CloseRound")));
    *response = std::move(stored);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* MonitoringServiceImpl::ListRounds(
    grpc::CallbackServerContext* context, const v1::ListRoundsRequest* request,
    v1::ListRoundsResponse* response) {
  return Respond(context, [=, this]() -> absl::Status {
    JIXIAO_RETURN_IF_ERROR(
        validate::ValidateRegionCode("region_code", request->region_code()));
    if (request->year() != 0) {
      JIXIAO_RETURN_IF_ERROR(validate::ValidateYear("year", request->year()));
    }
    if (request->has_department_code()) {
      // A department reads its own region's rounds.
      JIXIAO_RETURN_IF_ERROR(validate::ValidateDepartmentCode(
          "department_code", request->department_code()));
      JIXIAO_RETURN_IF_ERROR(auth::MayAccessDepartment(
          *context, request->region_code(), request->department_code(),
          "department_code"));
    } else {
      JIXIAO_RETURN_IF_ERROR(auth::MayAccessRegion(
          *context, request->region_code(), "region_code"));
    }
    JIXIAO_ASSIGN_OR_RETURN(
        auto rounds, store_->Rounds(request->region_code(), request->year()));
    for (pb::MonitoringRound& r : rounds) {
      *response->add_rounds() = std::move(r);
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* MonitoringServiceImpl::PutMonitoring(
    grpc::CallbackServerContext* context,
    const v1::PutMonitoringRequest* request, v1::MonitoringFiling* response) {
  return Respond(context, [=, this]() -> absl::Status {
    const pb::MonitoringKey& key = request->filing().key();
    JIXIAO_RETURN_IF_ERROR(ValidateKey("filing.key.", key));
    JIXIAO_RETURN_IF_ERROR(auth::MayAccessDepartment(
        *context, key.round().region_code(), key.department_code(),
        "filing.key.department_code"));
    JIXIAO_ASSIGN_OR_RETURN(auto round, store_->Round(key.round()));
    // Checked again in the write's transaction; here so that a filing for
    // a closed round is told so before its content is judged.
    if (round.status() != pb::ROUND_OPEN) {
      return absl::FailedPreconditionError(absl::StrCat(
          "filing.key.round: \"", key.round().round_id(), "\" was closed at ",
          round.closed_at(), "; a closed round takes no filing"));
    }
    pb::TargetKey target_key;
    target_key.set_region_code(key.round().region_code());
    target_key.set_department_code(key.department_code());
    target_key.set_year(round.year());
    auto targets = targets_->View(target_key);
    if (!targets.ok() && !absl::IsNotFound(targets.status())) {
      return targets.status();
    }
    if (!targets.ok() || !targets->has_in_force()) {
      return absl::FailedPreconditionError(
          absl::StrCat("filing.key.department_code: \"", key.department_code(),
                       "\" has no approved targets for ", round.year(),
                       "; monitoring measures progress against them"));
    }
    JIXIAO_ASSIGN_OR_RETURN(
        auto filing, CheckFiling(request->filing(), targets->in_force()));
    filing.set_targets_version(targets->in_force().version());
    JIXIAO_ASSIGN_OR_RETURN(
        auto stored,
        store_->AppendFiling(std::move(filing), request->expected_version(),
                             AuditWriter(*context, "PutMonitoring")));
    *response = std::move(stored);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* MonitoringServiceImpl::GetMonitoring(
    grpc::CallbackServerContext* context, const v1::MonitoringKey* request,
    v1::MonitoringView* response) {
  return Respond(context, [=, this]() -> absl::Status {
    JIXIAO_RETURN_IF_ERROR(ValidateKey("", *request));
    JIXIAO_RETURN_IF_ERROR(auth::MayAccessDepartment(
        *context, request->round().region_code(), request->department_code(),
        "department_code"));
    JIXIAO_ASSIGN_OR_RETURN(auto view, View(*context, *request));
    *response = std::move(view);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* MonitoringServiceImpl::ListWarnings(
    grpc::CallbackServerContext* context, const v1::RoundKey* request,
    v1::ListWarningsResponse* response) {
  return Respond(context, [=, this]() -> absl::Status {
    JIXIAO_RETURN_IF_ERROR(ValidateRoundKey("", *request));
    JIXIAO_RETURN_IF_ERROR(
        auth::MayOverseeRegion(*context, request->region_code(),
                               "list a region's warnings", "region_code"));
    JIXIAO_ASSIGN_OR_RETURN(auto round, store_->Round(*request));
    *response->mutable_round() = round;
    return ForEachDepartment(*context, round, [&](RegionDepartment& d) {
      for (pb::Warning& w : d.warnings) {
        *response->add_warnings() = std::move(w);
      }
      return true;
    });
  });
}

grpc::ServerUnaryReactor* MonitoringServiceImpl::DecideWarning(
    grpc::CallbackServerContext* context,
    const v1::DecideWarningRequest* request, v1::WarningDecision* response) {
  return Respond(context, [=, this]() -> absl::Status {
    JIXIAO_RETURN_IF_ERROR(ValidateKey("key.", request->key()));
    JIXIAO_RETURN_IF_ERROR(
        validate::ValidateText("warning_id", request->warning_id(), 80, true));
    if (!pb::WarningAction_IsValid(request->action()) ||
        request->action() == pb::WARNING_ACTION_UNSPECIFIED) {
      return validate::Invalid("action",
                               "SUSPEND_FUNDING (暂缓拨付), ADJUST_BUDGET "
                               "(调整预算) or URGE_RECTIFICATION (督促整改)");
    }
    JIXIAO_RETURN_IF_ERROR(
        validate::ValidateText("note", request->note(), 1000, true));
    JIXIAO_RETURN_IF_ERROR(
        auth::MayOverseeRegion(*context, request->key().round().region_code(),
                               "decide a warning", "key.round.region_code"));
    // Only a warning the figures raise now can be decided.
    JIXIAO_ASSIGN_OR_RETURN(auto view, View(*context, request->key()));
    bool raised = false;
    for (const pb::Warning& w : view.warnings()) {
      raised = raised || w.id() == request->warning_id();
    }
    if (!raised) {
      return validate::Invalid(
          "warning_id",
          absl::StrCat("department \"", request->key().department_code(),
                       "\" has no warning \"", request->warning_id(),
                       "\" in round \"", request->key().round().round_id(),
                       "\" (GetMonitoring lists them)"));
    }
    pb::WarningDecision decision;
    *decision.mutable_key() = request->key();
    decision.set_warning_id(request->warning_id());
    decision.set_action(request->action());
    decision.set_note(request->note());
    JIXIAO_ASSIGN_OR_RETURN(
        auto stored, store_->Decide(std::move(decision),
                                    AuditWriter(*context, "DecideWarning")));
    *response = std::move(stored);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* MonitoringServiceImpl::RenderMonitoringTable(
    grpc::CallbackServerContext* context,
    const v1::RenderMonitoringTableRequest* request,
    v1::MonitoringTable* response) {
  return Respond(context, [=, this]() -> absl::Status {
    JIXIAO_RETURN_IF_ERROR(ValidateKey("key.", request->key()));
    if (!pb::TableFormat_IsValid(request->format())) {
      return validate::Invalid("format", "TABLE_MARKDOWN or TABLE_HTML");
    }
    JIXIAO_RETURN_IF_ERROR(auth::MayAccessDepartment(
        *context, request->key().round().region_code(),
        request->key().department_code(), "key.department_code"));
    JIXIAO_ASSIGN_OR_RETURN(auto view, View(*context, request->key()));
    const pb::TableFormat format = request->format() == pb::TABLE_HTML
                                       ? pb::TABLE_HTML
                                       : pb::TABLE_MARKDOWN;
    response->set_format(format);
    response->set_content(indicator::RenderMonitoringTable(
        view, request->key().department_code(), format));
    return absl::OkStatus();
  });
}

grpc::ServerWriteReactor<v1::MonitoringSummaryPage>*
MonitoringServiceImpl::StreamMonitoringSummary(
    grpc::CallbackServerContext* context, const v1::RoundKey* request) {
  return RespondStream<v1::MonitoringSummaryPage>(
      context,
      [=, this](StreamWriter<v1::MonitoringSummaryPage>& out) -> absl::Status {
        JIXIAO_RETURN_IF_ERROR(ValidateRoundKey("", *request));
        JIXIAO_RETURN_IF_ERROR(auth::MayOverseeRegion(
            *context, request->region_code(),
            "read a region's monitoring summary", "region_code"));
        JIXIAO_ASSIGN_OR_RETURN(auto round, store_->Round(*request));
        v1::MonitoringSummaryPage page;
        *page.mutable_round() = round;
        bool open = true;
        JIXIAO_RETURN_IF_ERROR(
            ForEachDepartment(*context, round, [&](RegionDepartment& d) {
              v1::DepartmentMonitoring* m = page.add_departments();
              m->set_department_code(d.budget.key().department_code());
              m->set_department_name(d.budget.department_name());
              m->set_figures_stored(d.execution.figures_stored());
              if (d.execution.has_budget()) m->set_budget(d.execution.budget());
              m->set_paid(d.execution.paid());
              if (d.execution.has_execution_bp()) {
                m->set_execution_bp(d.execution.execution_bp());
              }
              m->set_time_progress_bp(d.execution.time_progress_bp());
              m->set_filed(d.filing != nullptr);
              m->set_projects(d.execution.projects_size());
              int decided = 0;
              for (const pb::Warning& w : d.warnings) {
                decided += w.has_decision() ? 1 : 0;
              }
              m->set_warnings(static_cast<int32_t>(d.warnings.size()));
              m->set_warnings_decided(decided);
              if (page.departments_size() == kSummaryPageSize) {
                open = out.Write(std::exchange(page, {}));
              }
              return open;  // false: the caller left
            }));
        if (open && (page.departments_size() > 0 || page.has_round())) {
          out.Write(std::move(page));
        }
        return absl::OkStatus();
      });
}

}  // namespace jixiao::indicator

#include "services/evaluation/peers.h"

#include <atomic>
#include <functional>
#include <future>
#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "libs/base/status_macros.h"
#include "services/common/client.h"
#include "services/common/grpc_status.h"

namespace jixiao::evaluation {
namespace {

namespace bpb = ::jixiao::budget::v1;
namespace ipb = ::jixiao::indicator::v1;

// A peer that does not answer is the caller's UNAVAILABLE, named.
absl::Status FromPeer(const grpc::Status& status, absl::string_view peer) {
  const absl::Status s = FromGrpcStatus(status);
  if (s.ok() || absl::IsNotFound(s) || absl::IsInvalidArgument(s)) return s;
  return absl::UnavailableError(
      absl::StrCat("the ", peer, " service did not answer: ", s.message()));
}

bpb::DepartmentYearKey BudgetKey(const v1::DepartmentYear& key) {
  bpb::DepartmentYearKey k;
  k.set_region_code(key.region_code());
  k.set_department_code(key.department_code());
  k.set_year(key.year());
  return k;
}

ipb::EvaluationKey IndicatorKey(const v1::DepartmentYear& key) {
  ipb::EvaluationKey k;
  k.set_region_code(key.region_code());
  k.set_department_code(key.department_code());
  k.set_year(key.year());
  return k;
}

// One call started on the callback API; Wait() blocks until it ends.
template <typename Response>
struct PendingCall {
  std::unique_ptr<grpc::ClientContext> context;
  Response response;
  std::promise<grpc::Status> done;
  grpc::Status Wait() { return done.get_future().get(); }
};

template <typename Response, typename Begin>
std::unique_ptr<PendingCall<Response>> Start(
    std::unique_ptr<grpc::ClientContext> context, Begin begin) {
  auto call = std::make_unique<PendingCall<Response>>();
  call->context = std::move(context);
  PendingCall<Response>* raw = call.get();
  begin(raw->context.get(), &raw->response,
        [raw](grpc::Status status) { raw->done.set_value(std::move(status)); });
  return call;
}

}  // namespace

Peers::Peers(const std::string& budget_address,
             const std::string& indicator_address,
             std::chrono::milliseconds deadline)
    : deadline_(deadline) {
  const auto budget = ServiceChannel(
      budget_address, {"jixiao.budget.v1.BudgetService/GetVersions",
                       "jixiao.budget.v1.BudgetService/GetDepartment",
                       "jixiao.budget.v1.BudgetService/GetDepartmentYear",
                       "jixiao.budget.v1.BudgetService/GetAggregates",
                       "jixiao.budget.v1.BudgetService/CheckConsistency",
                       "jixiao.budget.v1.BudgetService/GetWriteEpoch",
                       "jixiao.budget.v1.BudgetService/GetExecution"});
  const auto indicator = ServiceChannel(
      indicator_address,
      {"jixiao.indicator.v1.IndicatorService/GetEvaluationVersion",
       "jixiao.indicator.v1.IndicatorService/GetEvaluation",
       "jixiao.indicator.v1.IndicatorService/GetFramework",
       "jixiao.indicator.v1.IndicatorService/GetWriteEpoch",
       "jixiao.indicator.v1.TargetService/GetTargets",
       "jixiao.indicator.v1.ProjectEvaluationService/ListProjectFilings"});
  budget_ = bpb::BudgetService::NewStub(budget);
  indicator_ = ipb::IndicatorService::NewStub(indicator);
  targets_ = ipb::TargetService::NewStub(indicator);
  filings_ = ipb::ProjectEvaluationService::NewStub(indicator);
}

// Whether every input was read at `v`: each carries its version (the
// evaluation, its framework, the department, the year's figures and what
// was computed from them, with the year before's), and a write anywhere
// bumps one of them.
bool ReadAt(const Inputs& in, const Versions& v) {
  const ipb::Evaluation& e = in.evaluation;
  if (e.version() != v.indicator || e.framework_id() != v.framework_id ||
      e.framework_version() != v.framework_version ||
      in.framework.id() != v.framework_id ||
      in.framework.version() != v.framework_version ||
      in.department.version() != v.department) {
    return false;
  }
  const int64_t figures = in.figures ? in.figures->version() : 0;
  if (figures != v.figures) return false;
  // Targets are read with the values (frozen with them at approval).
  if (e.status() != ipb::APPROVED && e.targets_version() != v.targets) {
    return false;
  }
  if (e.status() != ipb::APPROVED) {  // derived values are computed on read
    for (const ipb::IndicatorValue& value : e.values()) {
      if (value.source() == ipb::DERIVED &&
          value.derivation().budget_figures_version() != figures) {
        return false;
      }
    }
  }
  // Without figures for the year nothing read depends on the year before.
  if (!in.figures) return true;
  return in.aggregates && in.consistency &&
         in.aggregates->figures_version() == figures &&
         in.consistency->figures_version() == figures &&
         in.aggregates->base_figures_version() == v.base_figures &&
         in.consistency->base_figures_version() == v.base_figures;
}

absl::StatusOr<Versions> Peers::GetVersions(const v1::DepartmentYear& key,
                                            const Forwarded& caller) {
  // Both peers at once: the read costs one round trip, not two.
  const ipb::EvaluationKey indicator_key = IndicatorKey(key);
  const bpb::DepartmentYearKey budget_key = BudgetKey(key);
  auto evaluation = Start<ipb::EvaluationVersion>(
      CallContext(deadline_, caller), [&](auto* context, auto* out, auto done) {
        indicator_->async()->GetEvaluationVersion(context, &indicator_key, out,
                                                  std::move(done));
      });
  auto budget = Start<bpb::Versions>(
      CallContext(deadline_, caller), [&](auto* context, auto* out, auto done) {
        budget_->async()->GetVersions(context, &budget_key, out,
                                      std::move(done));
      });
  const absl::Status from_indicator = FromPeer(evaluation->Wait(), "indicator");
  const absl::Status from_budget = FromPeer(budget->Wait(), "budget");
  JIXIAO_RETURN_IF_ERROR(from_indicator);
  JIXIAO_RETURN_IF_ERROR(from_budget);
  const ipb::EvaluationVersion& e = evaluation->response;
  const bpb::Versions& b = budget->response;
  return Versions{e.version(),           e.framework_id(),
                  e.framework_version(), b.department_version(),
                  b.figures_version(),   b.base_figures_version(),
                  e.targets_version()};
}

namespace {

// The two epoch reads of one GetWriteEpochs, alive until both have ended.
struct EpochReads {
  std::unique_ptr<grpc::ClientContext> budget_context;
  std::unique_ptr<grpc::ClientContext> indicator_context;
  bpb::GetWriteEpochRequest budget_request;
  ipb::GetWriteEpochRequest indicator_request;
  bpb::WriteEpoch budget;
  ipb::WriteEpoch indicator;
  grpc::Status budget_status;
  grpc::Status indicator_status;
  std::atomic<int> pending{2};
  std::function<void(absl::StatusOr<WriteEpochs>)> done;

  void OneEnded() {
    if (--pending > 0) return;
    absl::Status status = FromPeer(indicator_status, "indicator");
    if (status.ok()) status = FromPeer(budget_status, "budget");
    if (status.ok()) {
      done(WriteEpochs{budget.epoch(), indicator.epoch()});
    } else {
      done(status);
    }
    delete this;
  }
};

}  // namespace

void Peers::GetWriteEpochs(
    const Forwarded& caller,
    std::function<void(absl::StatusOr<WriteEpochs>)> done) {
  auto* reads = new EpochReads;
  reads->budget_context = CallContext(deadline_, caller);
  reads->indicator_context = CallContext(deadline_, caller);
  reads->done = std::move(done);
  indicator_->async()->GetWriteEpoch(
      reads->indicator_context.get(), &reads->indicator_request,
      &reads->indicator, [reads](grpc::Status status) {
        reads->indicator_status = std::move(status);
        reads->OneEnded();
      });
  budget_->async()->GetWriteEpoch(reads->budget_context.get(),
                                  &reads->budget_request, &reads->budget,
                                  [reads](grpc::Status status) {
                                    reads->budget_status = std::move(status);
                                    reads->OneEnded();
                                  });
}

absl::StatusOr<Inputs> Peers::Fetch(const v1::DepartmentYear& key,
                                    const Versions& versions,
                                    const Forwarded& caller) {
  // Every read at once, the framework named by the versions read before
  // (the evaluator checks they stood still). Each call is waited for
  // before returning, whatever the others answered: they write into this
  // frame.
  const ipb::EvaluationKey indicator_key = IndicatorKey(key);
  const bpb::DepartmentYearKey budget_key = BudgetKey(key);
  ipb::GetFrameworkRequest framework_request;
  framework_request.set_id(versions.framework_id);
  framework_request.set_version(versions.framework_version);
  bpb::DepartmentKey department_key;
  department_key.set_region_code(key.region_code());
  department_key.set_code(key.department_code());
  bpb::GetAggregatesRequest aggregates_request;
  *aggregates_request.mutable_key() = budget_key;
  bpb::CheckConsistencyRequest check_request;
  *check_request.mutable_key() = budget_key;

  auto evaluation = Start<ipb::Evaluation>(
      CallContext(deadline_, caller), [&](auto* context, auto* out, auto done) {
        indicator_->async()->GetEvaluation(context, &indicator_key, out,
                                           std::move(done));
      });
  auto framework = Start<ipb::Framework>(
      CallContext(deadline_, caller), [&](auto* context, auto* out, auto done) {
        indicator_->async()->GetFramework(context, &framework_request, out,
                                          std::move(done));
      });
  auto department = Start<bpb::Department>(
      CallContext(deadline_, caller), [&](auto* context, auto* out, auto done) {
        budget_->async()->GetDepartment(context, &department_key, out,
                                        std::move(done));
      });
  auto figures = Start<bpb::DepartmentYear>(
      CallContext(deadline_, caller), [&](auto* context, auto* out, auto done) {
        budget_->async()->GetDepartmentYear(context, &budget_key, out,
                                            std::move(done));
      });
  auto aggregates = Start<bpb::Aggregates>(
      CallContext(deadline_, caller), [&](auto* context, auto* out, auto done) {
        budget_->async()->GetAggregates(context, &aggregates_request, out,
                                        std::move(done));
      });
  auto consistency = Start<bpb::ConsistencyReport>(
      CallContext(deadline_, caller), [&](auto* context, auto* out, auto done) {
        budget_->async()->CheckConsistency(context, &check_request, out,
                                           std::move(done));
      });
  const absl::Status evaluation_status =
      FromPeer(evaluation->Wait(), "indicator");
  const absl::Status framework_status =
      FromPeer(framework->Wait(), "indicator");
  const absl::Status department_status = FromPeer(department->Wait(), "budget");
  const absl::Status year_status = FromPeer(figures->Wait(), "budget");
  const absl::Status aggregates_status = FromPeer(aggregates->Wait(), "budget");
  const absl::Status consistency_status =
      FromPeer(consistency->Wait(), "budget");

  for (const absl::Status* s :
       {&evaluation_status, &framework_status, &department_status}) {
    JIXIAO_RETURN_IF_ERROR(*s);
  }
  Inputs in;
  in.evaluation = std::move(evaluation->response);
  in.framework = std::move(framework->response);
  in.department = std::move(department->response);
  // The year's figures may not exist: the report then says so, and what is
  // computed from them is absent too.
  if (!year_status.ok() && !absl::IsNotFound(year_status)) return year_status;
  if (year_status.ok()) {
    JIXIAO_RETURN_IF_ERROR(aggregates_status);
    JIXIAO_RETURN_IF_ERROR(consistency_status);
    in.figures = std::move(figures->response);
    in.aggregates = std::move(aggregates->response);
    in.consistency = std::move(consistency->response);
  }
  return in;
}

RegionStreams Peers::OpenRegion(const std::string& region_code, int32_t year,
                                const Forwarded& caller) {
  const auto deadline = RegionReadDeadline(deadline_);
  bpb::RegionInputsRequest inputs;
  inputs.set_region_code(region_code);
  inputs.set_year(year);
  // The score needs the department, the versions and the findings; the
  // figures and rates only the report (which reads one department).
  inputs.set_with_consistency(true);
  ipb::RegionEvaluationsRequest evaluations;
  evaluations.set_region_code(region_code);
  evaluations.set_year(year);
  auto budget_context = CallContext(deadline, caller);
  auto indicator_context = CallContext(deadline, caller);
  auto budget = budget_->StreamRegionInputs(budget_context.get(), inputs);
  auto indicator =
      indicator_->StreamRegionEvaluations(indicator_context.get(), evaluations);
  return RegionStreams{{std::move(budget_context), std::move(budget),
                        &bpb::RegionInputsPage::mutable_departments},
                       {std::move(indicator_context), std::move(indicator),
                        &ipb::RegionEvaluationsPage::mutable_evaluations}};
}

absl::Status Peers::FinishRegion(RegionStreams& streams, bool abandon) {
  const absl::Status budget =
      FromPeer(streams.budget.Finish(abandon), "budget");
  const absl::Status indicator =
      FromPeer(streams.indicator.Finish(abandon), "indicator");
  return budget.ok() ? indicator : budget;
}

absl::StatusOr<ipb::Framework> Peers::GetFramework(const std::string& id,
                                                   int32_t version,
                                                   const Forwarded& caller) {
  ipb::GetFrameworkRequest request;
  request.set_id(id);
  request.set_version(version);
  ipb::Framework framework;
  JIXIAO_RETURN_IF_ERROR(
      FromPeer(indicator_->GetFramework(CallContext(deadline_, caller).get(),
                                        request, &framework),
               "indicator"));
  return framework;
}

absl::StatusOr<ProjectReads> Peers::FetchProjects(const v1::DepartmentYear& key,
                                                  const Forwarded& caller) {
  // Four reads at once, each waited for before returning (they write into
  // this frame).
  ipb::TargetKey targets_key;
  targets_key.set_region_code(key.region_code());
  targets_key.set_department_code(key.department_code());
  targets_key.set_year(key.year());
  ipb::ProjectFilingsRequest filings_request;
  filings_request.set_region_code(key.region_code());
  filings_request.set_department_code(key.department_code());
  filings_request.set_year(key.year());
  bpb::GetExecutionRequest execution_request;
  *execution_request.mutable_key() = BudgetKey(key);
  execution_request.set_as_of(absl::StrCat(key.year(), "-12-31"));
  bpb::GetWriteEpochRequest epoch_request;

  auto targets = Start<ipb::TargetsView>(
      CallContext(deadline_, caller), [&](auto* context, auto* out, auto done) {
        targets_->async()->GetTargets(context, &targets_key, out,
                                      std::move(done));
      });
  auto filings = Start<ipb::ListProjectFilingsResponse>(
      CallContext(deadline_, caller), [&](auto* context, auto* out, auto done) {
        filings_->async()->ListProjectFilings(context, &filings_request, out,
                                              std::move(done));
      });
  auto execution = Start<bpb::Execution>(
      CallContext(deadline_, caller), [&](auto* context, auto* out, auto done) {
        budget_->async()->GetExecution(context, &execution_request, out,
                                       std::move(done));
      });
  auto epoch = Start<bpb::WriteEpoch>(
      CallContext(deadline_, caller), [&](auto* context, auto* out, auto done) {
        budget_->async()->GetWriteEpoch(context, &epoch_request, out,
                                        std::move(done));
      });
  const absl::Status targets_status = FromPeer(targets->Wait(), "indicator");
  const absl::Status filings_status = FromPeer(filings->Wait(), "indicator");
  const absl::Status execution_status = FromPeer(execution->Wait(), "budget");
  const absl::Status epoch_status = FromPeer(epoch->Wait(), "budget");
  ProjectReads reads;
  // No targets yet, no filing yet, a department the budget service does
  // not know: each is an answer, not a failure.
  if (!targets_status.ok() && !absl::IsNotFound(targets_status)) {
    return targets_status;
  }
  if (targets_status.ok() && targets->response.has_in_force()) {
    reads.in_force = std::move(*targets->response.mutable_in_force());
  }
  if (!filings_status.ok() && !absl::IsNotFound(filings_status)) {
    return filings_status;
  }
  for (auto& f : *filings->response.mutable_filings()) {
    reads.filings.push_back(std::move(f));
  }
  if (!execution_status.ok() && !absl::IsNotFound(execution_status)) {
    return execution_status;
  }
  if (execution_status.ok()) reads.execution = std::move(execution->response);
  JIXIAO_RETURN_IF_ERROR(epoch_status);
  reads.budget_epoch = epoch->response.epoch();
  return reads;
}

absl::StatusOr<int64_t> Peers::BudgetWriteEpoch(const Forwarded& caller) {
  bpb::GetWriteEpochRequest request;
  bpb::WriteEpoch epoch;
  JIXIAO_RETURN_IF_ERROR(
      FromPeer(budget_->GetWriteEpoch(CallContext(deadline_, caller).get(),
                                      request, &epoch),
               "budget"));
  return epoch.epoch();
}

RegionProjectStreams Peers::OpenRegionProjects(const std::string& region_code,
                                               int32_t year,
                                               const Forwarded& caller) {
  const auto deadline = RegionReadDeadline(deadline_);
  ipb::ProjectFilingsRequest filings;
  filings.set_region_code(region_code);
  filings.set_year(year);
  bpb::RegionExecutionRequest execution;
  execution.set_region_code(region_code);
  execution.set_year(year);
  execution.set_as_of(absl::StrCat(year, "-12-31"));
  auto filings_context = CallContext(deadline, caller);
  auto execution_context = CallContext(deadline, caller);
  auto filings_reader =
      filings_->StreamRegionProjectFilings(filings_context.get(), filings);
  auto execution_reader =
      budget_->StreamRegionExecution(execution_context.get(), execution);
  return RegionProjectStreams{
      {std::move(filings_context), std::move(filings_reader),
       &ipb::RegionProjectFilingsPage::mutable_departments},
      {std::move(execution_context), std::move(execution_reader),
       &bpb::RegionExecutionPage::mutable_departments}};
}

absl::Status Peers::FinishRegionProjects(RegionProjectStreams& streams,
                                         bool abandon) {
  const absl::Status filings =
      FromPeer(streams.filings.Finish(abandon), "indicator");
  const absl::Status execution =
      FromPeer(streams.execution.Finish(abandon), "budget");
  return filings.ok() ? execution : filings;
}

}  // namespace jixiao::evaluation

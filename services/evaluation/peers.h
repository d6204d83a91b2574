// The evaluation service's calls to the budget and indicator services: the
// versions a result depends on (two cheap reads), and everything a result
// and its report are computed from (one call per kind, never per
// indicator), each with a deadline.
#ifndef JIXIAO_SERVICES_EVALUATION_PEERS_H_
#define JIXIAO_SERVICES_EVALUATION_PEERS_H_

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "jixiao/budget/v1/budget.grpc.pb.h"
#include "jixiao/evaluation/v1/evaluation.pb.h"
#include "jixiao/indicator/v1/indicator.grpc.pb.h"
#include "jixiao/indicator/v1/project_evaluation.grpc.pb.h"
#include "jixiao/indicator/v1/targets.grpc.pb.h"
#include "services/common/client.h"
#include "services/common/paged_stream.h"

namespace jixiao::evaluation {

struct Versions {
  int64_t indicator = 0;
  std::string framework_id;
  int32_t framework_version = 0;
  int64_t department = 0;
  int64_t figures = 0;
  int64_t base_figures = 0;
  int64_t targets = 0;  // the declared targets' latest version (0: none)

  bool operator==(const Versions&) const = default;
};

// The peers' write epochs (storage/write_epoch.h): while both stand still,
// nothing read from them has changed.
struct WriteEpochs {
  int64_t budget = 0;
  int64_t indicator = 0;

  bool operator==(const WriteEpochs&) const = default;
};

struct Inputs {
  indicator::v1::Evaluation evaluation;
  indicator::v1::Framework framework;
  budget::v1::Department department;
  // Absent when the budget service has no figures for the year.
  std::optional<budget::v1::DepartmentYear> figures;
  std::optional<budget::v1::Aggregates> aggregates;
  std::optional<budget::v1::ConsistencyReport> consistency;
};

// A region's two streamed reads, open at once: the budget service's
// inputs and the indicator service's evaluations, both in department code
// (byte) order.
struct RegionStreams {
  PagedStream<budget::v1::RegionInputsPage, budget::v1::DepartmentInputs>
      budget;
  PagedStream<indicator::v1::RegionEvaluationsPage, indicator::v1::Evaluation>
      indicator;
};

// Whether every input was read at `versions`: each input carries the
// version it was read at, so one round of version reads before the inputs
// is enough to know that nothing moved in between.
bool ReadAt(const Inputs& inputs, const Versions& versions);

// What a score is computed from, by reference: a region's inputs are read
// once and not copied per department.
struct ScoreInputs {
  const indicator::v1::Evaluation& evaluation;
  const indicator::v1::Framework& framework;
  const budget::v1::Department& department;
  const budget::v1::ConsistencyReport* consistency = nullptr;  // no figures

  static ScoreInputs Of(const Inputs& in) {
    return {in.evaluation, in.framework, in.department,
            in.consistency ? &*in.consistency : nullptr};
  }
};

// What a department-year's project self-evaluations are scored from:
// the targets in force, what the department filed, and the year's
// execution as of 31 December (each read once, all at once).
struct ProjectReads {
  // Absent before the first approval: no project to evaluate.
  std::optional<indicator::v1::TargetSet> in_force;
  std::vector<indicator::v1::ProjectFiling> filings;
  // Absent when the budget service does not know the department.
  std::optional<budget::v1::Execution> execution;
  int64_t budget_epoch = 0;  // the budget service's write epoch
};

// A region's two streamed reads for its projects, open at once, both in
// department code (byte) order.
struct RegionProjectStreams {
  PagedStream<indicator::v1::RegionProjectFilingsPage,
              indicator::v1::DepartmentProjectFilings>
      filings;
  PagedStream<budget::v1::RegionExecutionPage, budget::v1::Execution> execution;
};

class Peers {
 public:
  Peers(const std::string& budget_address, const std::string& indicator_address,
        std::chrono::milliseconds deadline);

  // NOT_FOUND when the department has no evaluation; UNAVAILABLE when a
  // peer does not answer.
  absl::StatusOr<Versions> GetVersions(const v1::DepartmentYear& key,
                                       const Forwarded& caller);
  // Both write epochs at once (one round trip); `done` runs on gRPC's
  // thread when both have answered.
  void GetWriteEpochs(const Forwarded& caller,
                      std::function<void(absl::StatusOr<WriteEpochs>)> done);
  // Reads every input at once; the framework is the one `versions` names.
  absl::StatusOr<Inputs> Fetch(const v1::DepartmentYear& key,
                               const Versions& versions,
                               const Forwarded& caller);
  // Opens both region reads (end them with FinishRegion).
  RegionStreams OpenRegion(const std::string& region_code, int32_t year,
                           const Forwarded& caller);
  // The first failure of the two reads, once both are read to their end;
  // `abandon` cancels what is left of them first.
  absl::Status FinishRegion(RegionStreams& streams, bool abandon);
  absl::StatusOr<indicator::v1::Framework> GetFramework(
      const std::string& id, int32_t version, const Forwarded& caller);

  // The department-year's projects: targets in force, filings, execution
  // as of 31 December and the budget service's write epoch, read at once.
  absl::StatusOr<ProjectReads> FetchProjects(const v1::DepartmentYear& key,
                                             const Forwarded& caller);
  // The budget service's write epoch alone.
  absl::StatusOr<int64_t> BudgetWriteEpoch(const Forwarded& caller);
  // Opens a region's project reads (end them with FinishRegionProjects).
  RegionProjectStreams OpenRegionProjects(const std::string& region_code,
                                          int32_t year,
                                          const Forwarded& caller);
  absl::Status FinishRegionProjects(RegionProjectStreams& streams,
                                    bool abandon);

 private:
  std::unique_ptr<budget::v1::BudgetService::Stub> budget_;
  std::unique_ptr<indicator::v1::IndicatorService::Stub> indicator_;
  std::unique_ptr<indicator::v1::TargetService::Stub> targets_;
  std::unique_ptr<indicator::v1::ProjectEvaluationService::Stub> filings_;
  const std::chrono::milliseconds deadline_;
};

}  // namespace jixiao::evaluation

#endif  // JIXIAO_SERVICES_EVALUATION_PEERS_H_

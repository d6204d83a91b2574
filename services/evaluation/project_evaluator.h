// Project self-evaluations (项目支出绩效自评) scored from the peers' data:
// the indicator service's targets in force and filings, the budget
// service's execution as of 31 December. A department-year costs four
// reads at once; a region two streamed reads joined by department code,
// never a call per department. Nothing is stored: every result is computed
// from what the peers hold now (the versions it names say which).
#ifndef JIXIAO_SERVICES_EVALUATION_PROJECT_EVALUATOR_H_
#define JIXIAO_SERVICES_EVALUATION_PROJECT_EVALUATOR_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "jixiao/evaluation/v1/projects.pb.h"
#include "services/evaluation/domain/project_scoring.h"
#include "services/evaluation/peers.h"

namespace jixiao::evaluation {

// A project's money in the year's execution (not known when the
// execution does not list it, or there is none).
ProjectMoney MoneyOf(const budget::v1::Execution* execution,
                     const std::string& project_code);

// One department's projects scored, in project code order.
std::vector<v1::ProjectResult> ScoreDepartmentProjects(
    const v1::DepartmentYear& key, int64_t targets_version,
    const google::protobuf::RepeatedPtrField<indicator::v1::ProjectTarget>&
        projects,
    const std::map<std::string, const indicator::v1::ProjectFiling*>& filings,
    const budget::v1::Execution* execution, int64_t budget_epoch,
    const std::vector<v1::ProjectScheme>& schemes,
    const std::vector<GradeBand>& bands);

// A project's result in brief, as the department-wide result lists it.
v1::DepartmentProject DepartmentProjectOf(const v1::ProjectResult& result);

// A region's projects, ranked and counted, kept small (codes, names and
// totals, not the results).
class RegionProjectTally {
 public:
  // `limit`: how many the summary's ranking, gaps and errors list at most.
  RegionProjectTally(int64_t gap_centi, int32_t limit)
      : gap_centi_(gap_centi), limit_(limit) {}
  void Add(const v1::ProjectResult& result);
  void Error(std::string message) { errors_.push_back(std::move(message)); }
  // Ranked by total (ties share a rank, then department and project code
  // order); grade counts; projects whose own total differs from the
  // computed by more than the gap, the largest difference first. The
  // counts are the whole region's, the lists its first `limit`.
  v1::RegionProjectSummary Summary() const;

 private:
  struct Entry {
    v1::RankedProject ranked;  // without its rank
    int64_t total = 0;         // hundredths of a point
    std::optional<int64_t> difference;
  };
  const int64_t gap_centi_;
  const int32_t limit_;
  std::vector<Entry> entries_;
  int incomplete_ = 0;
  std::vector<std::string> errors_;
};

class ProjectEvaluator {
 public:
  ProjectEvaluator(Peers* peers, std::vector<v1::ProjectScheme> schemes,
                   std::vector<GradeBand> bands);

  // Every project of the targets in force (none before the first approval).
  absl::StatusOr<v1::ProjectEvaluations> EvaluateAll(
      const v1::DepartmentYear& key, const Forwarded& caller);
  // The same with what they were scored from (a publication package
  // carries both, so that anyone can score them again).
  struct Scored {
    v1::ProjectEvaluations evaluations;
    ProjectReads reads;
  };
  absl::StatusOr<Scored> EvaluateAllWithReads(const v1::DepartmentYear& key,
                                              const Forwarded& caller);
  // One project; NOT_FOUND when the targets in force do not have it.
  absl::StatusOr<v1::ProjectResult> EvaluateOne(const v1::DepartmentYear& key,
                                                const std::string& project_code,
                                                const Forwarded& caller);
  // Every project of the region, each handed to `emit` as it is scored
  // (`emit` returns false to stop: the caller went away).
  absl::Status EvaluateRegion(const std::string& region_code, int32_t year,
                              const Forwarded& caller,
                              RegionProjectTally& tally,
                              absl::FunctionRef<bool(v1::ProjectResult)> emit);

  const std::vector<v1::ProjectScheme>& schemes() const { return schemes_; }
  // What the scoring is configured with (the schemes and grade bands), as a
  // short digest: a cache key that carries it is never read by a process
  // configured otherwise.
  const std::string& configuration_tag() const { return configuration_tag_; }

 private:
  Peers* const peers_;
  const std::vector<v1::ProjectScheme> schemes_;
  const std::vector<GradeBand> bands_;
  std::string configuration_tag_;
};

}  // namespace jixiao::evaluation

#endif  // JIXIAO_SERVICES_EVALUATION_PROJECT_EVALUATOR_H_

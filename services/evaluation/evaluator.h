// Evaluates a department-year: cache-aside over the scoring of the
// indicator service's values and the budget service's figures. The cache
// key carries the versions of everything the result depends on (the
// evaluation, its framework, the department, the year's and the year
// before's figures, the grade bands), so a change anywhere means the next
// read computes afresh: no read is ever stale. The project list, which
// hangs on filings and payments that no version names, is kept in Redis
// under both peers' write epochs instead. In front of Redis, when
// configured, results are also kept in memory under the peers' write
// epochs (result_tier.h), checked by one shared read of both epochs
// (fresh_epochs.h) that began after the call did.
#ifndef JIXIAO_SERVICES_EVALUATION_EVALUATOR_H_
#define JIXIAO_SERVICES_EVALUATION_EVALUATOR_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "jixiao/evaluation/v1/evaluation.pb.h"
#include "services/common/cache/redis_cache.h"
#include "services/evaluation/domain/scoring.h"
#include "services/evaluation/fresh_epochs.h"
#include "services/evaluation/peers.h"
#include "services/evaluation/project_evaluator.h"
#include "services/evaluation/result_tier.h"
#include "services/evaluation/store/result_store.h"

namespace jixiao::evaluation {

class Evaluator {
 public:
  // `memory_entries`: how many results to keep in memory (0: none).
  // `projects`: lists the department-year's projects in Evaluate's result
  // (none without it).
  Evaluator(Peers* peers, ResultStore* store, cache::RedisCache* cache,
            std::vector<GradeBand> bands, size_t memory_entries = 0,
            ProjectEvaluator* projects = nullptr);

  // Through Redis: the versions from the peers, then the cache or the
  // computation; then the projects (AddProjects). Blocks.
  absl::StatusOr<v1::EvaluationResult> Evaluate(const v1::DepartmentYear& key,
                                                const Forwarded& caller);

  // Calls `done` with the result: one kept in memory and still good is
  // served on the thread that learns so (no hand-off); anything else is
  // Evaluate()d on a handler worker, and kept.
  // The result serialized (shared: one kept in memory is serialized once,
  // when it is kept).
  using Done =
      std::function<void(absl::StatusOr<std::shared_ptr<const std::string>>)>;
  void EvaluateAsync(const v1::DepartmentYear& key, const Forwarded& caller,
                     Done done);

  // Scores inputs read elsewhere at `versions` (a region's streamed reads,
  // each consistent at those versions) and caches the result under them.
  // Saving it is the caller's (a region saves in batches).
  v1::EvaluationResult ComputeAndCache(const v1::DepartmentYear& key,
                                       const Versions& versions,
                                       const ScoreInputs& inputs);

  // The result with the inputs it came from, for the report (not cached:
  // the report needs the figures too). `known`: versions just read, for the
  // first attempt.
  absl::StatusOr<std::pair<v1::EvaluationResult, Inputs>> EvaluateWithInputs(
      const v1::DepartmentYear& key, const Forwarded& caller,
      std::optional<Versions> known = std::nullopt);

  ResultTier::Stats memory_stats() { return tier_.stats(); }

 private:
  // Evaluate() on a handler worker; the result kept under `epochs`.
  void EvaluateAndKeep(const v1::DepartmentYear& key, const Forwarded& caller,
                       std::string tier_key, std::optional<WriteEpochs> epochs,
                       Done done);

  // The department-year's projects added to `result`. Without declared
  // targets (nor targets an approved evaluation was frozen with) there is
  // no project and nothing is read.
  absl::Status AddProjects(const v1::DepartmentYear& key, const Versions& v,
                           const Forwarded& caller,
                           v1::EvaluationResult& result);
  // The projects scored, through Redis when configured. They hang on
  // targets, filings and payments, which the result's versions do not name:
  // the list is kept under both peers' write epochs, read after the call
  // began and before the list is, so that anything written since moves
  // the epochs past its key. (A result kept in memory keeps its projects
  // the same way: result_tier.h.)
  absl::StatusOr<v1::ProjectEvaluations> Projects(const v1::DepartmentYear& key,
                                                  const Forwarded& caller);
  // Both peers' write epochs from a read that began after this call (one
  // read shared by the calls waiting at once: fresh_epochs.h). Blocks.
  absl::StatusOr<WriteEpochs> EpochsReadAfterNow(const Forwarded& caller);
  std::string CacheKey(const v1::DepartmentYear& key, const Versions& v) const;
  std::string ProjectsCacheKey(const v1::DepartmentYear& key,
                               const WriteEpochs& epochs) const;
  v1::EvaluationResult Compute(const v1::DepartmentYear& key, const Versions& v,
                               const ScoreInputs& in) const;

  Peers* const peers_;
  ResultStore* const store_;
  cache::RedisCache* const cache_;
  const std::vector<GradeBand> bands_;
  std::string bands_tag_;
  ResultTier tier_;
  FreshEpochs epochs_;
  ProjectEvaluator* const projects_;
};

}  // namespace jixiao::evaluation

#endif  // JIXIAO_SERVICES_EVALUATION_EVALUATOR_H_

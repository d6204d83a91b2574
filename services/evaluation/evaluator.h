// Evaluates a department-year: cache-aside over the scoring of the
// indicator service's values and the budget service's figures. The cache
// key carries the versions of everything the result depends on (the
// evaluation, its framework, the department, the year's and the year
// before's figures, the grade bands), so a change anywhere means the next
// read computes afresh: no read is ever stale.
#ifndef JIXIAO_SERVICES_EVALUATION_EVALUATOR_H_
#define JIXIAO_SERVICES_EVALUATION_EVALUATOR_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "jixiao/evaluation/v1/evaluation.pb.h"
#include "services/common/cache/redis_cache.h"
#include "services/evaluation/domain/scoring.h"
#include "services/evaluation/peers.h"
#include "services/evaluation/store/result_store.h"

namespace jixiao::evaluation {

class Evaluator {
 public:
  Evaluator(Peers* peers, ResultStore* store, cache::RedisCache* cache,
            std::vector<GradeBand> bands);

  absl::StatusOr<v1::EvaluationResult> Evaluate(const v1::DepartmentYear& key,
                                                const Forwarded& caller);

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

 private:
  std::string CacheKey(const v1::DepartmentYear& key, const Versions& v) const;
  v1::EvaluationResult Compute(const v1::DepartmentYear& key, const Versions& v,
                               const ScoreInputs& in) const;

  Peers* const peers_;
  ResultStore* const store_;
  cache::RedisCache* const cache_;
  const std::vector<GradeBand> bands_;
  std::string bands_tag_;
};

}  // namespace jixiao::evaluation

#endif  // JIXIAO_SERVICES_EVALUATION_EVALUATOR_H_

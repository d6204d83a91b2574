// Evaluation results kept in this process with the peers' write epochs they
// were read under, and served again while those epochs stand still: a
// cached read without asking the peers for versions or Redis for the
// result. Bounded by entries (about 12 KB each for a 40-indicator result).
#ifndef JIXIAO_SERVICES_EVALUATION_RESULT_TIER_H_
#define JIXIAO_SERVICES_EVALUATION_RESULT_TIER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "jixiao/evaluation/v1/evaluation.pb.h"
#include "services/evaluation/peers.h"

namespace jixiao::evaluation {

class ResultTier {
 public:
  explicit ResultTier(size_t max_entries) : max_entries_(max_entries) {}

  bool enabled() const { return max_entries_ > 0; }
  bool Has(const std::string& key);
  // The result kept for `key`, serialized, if it was read under `now`; a
  // result read under other epochs is dropped.
  std::shared_ptr<const std::string> Get(const std::string& key,
                                         const WriteEpochs& now);
  // Keeps `result`, read entirely after the epochs `read_under` were.
  void Put(const std::string& key, const WriteEpochs& read_under,
           v1::EvaluationResult result);

  struct Stats {
    int64_t hits = 0;
    int64_t misses = 0;
    int64_t entries = 0;
  };
  Stats stats();

 private:
  struct Entry {
    WriteEpochs epochs;
    std::shared_ptr<const std::string> bytes;  // the result, as served
  };
  const size_t max_entries_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, Entry> entries_ ABSL_GUARDED_BY(mu_);
  int64_t hits_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t misses_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace jixiao::evaluation

#endif  // JIXIAO_SERVICES_EVALUATION_RESULT_TIER_H_

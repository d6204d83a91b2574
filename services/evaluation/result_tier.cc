#include "services/evaluation/result_tier.h"

#include <utility>

namespace jixiao::evaluation {

bool ResultTier::Has(const std::string& key) {
  absl::MutexLock lock(&mu_);
  return entries_.contains(key);
}

std::shared_ptr<const std::string> ResultTier::Get(const std::string& key,
                                                   const WriteEpochs& now) {
  absl::MutexLock lock(&mu_);
  const auto it = entries_.find(key);
  if (it == entries_.end()) {
    ++misses_;
    return nullptr;
  }
  if (!(it->second.epochs == now)) {
    entries_.erase(it);  // something was written since: never served again
    ++misses_;
    return nullptr;
  }
  ++hits_;
  return it->second.bytes;
}

void ResultTier::Put(const std::string& key, const WriteEpochs& read_under,
                     v1::EvaluationResult result) {
  result.set_cache("MEMORY");  // how it is served from here on
  auto kept = std::make_shared<std::string>();
  result.SerializeToString(kept.get());
  absl::MutexLock lock(&mu_);
  if (!entries_.contains(key) && entries_.size() >= max_entries_) {
    entries_.erase(entries_.begin());  // any one: the bound is what matters
  }
  entries_.insert_or_assign(key, Entry{read_under, std::move(kept)});
}

ResultTier::Stats ResultTier::stats() {
  absl::MutexLock lock(&mu_);
  return {hits_, misses_, static_cast<int64_t>(entries_.size())};
}

}  // namespace jixiao::evaluation

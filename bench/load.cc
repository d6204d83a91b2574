#include "bench/load.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace jixiao::bench {

LoadResult Summarize(std::vector<int64_t>& latencies, int64_t errors,
                     double seconds) {
  LoadResult result;
  result.calls = static_cast<int64_t>(latencies.size());
  result.errors = errors;
  result.per_second = result.calls / seconds;
  std::sort(latencies.begin(), latencies.end());
  if (!latencies.empty()) {
    result.p50_us = latencies[latencies.size() / 2];
    result.p99_us =
        latencies[std::min(latencies.size() - 1, latencies.size() * 99 / 100)];
  }
  return result;
}

LoadResult RunLoad(int in_flight, std::chrono::milliseconds duration,
                   const StartCall& start) {
  using Clock = std::chrono::steady_clock;
  struct Shared {
    absl::Mutex mu;
    std::vector<int64_t> latencies ABSL_GUARDED_BY(mu);
    int64_t errors ABSL_GUARDED_BY(mu) = 0;
    int active ABSL_GUARDED_BY(mu) = 0;  // slots still issuing calls
    Clock::time_point end;
    bool AllDone() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
      return active == 0;
    }
  } shared;
  const Clock::time_point begin = Clock::now();
  shared.end = begin + duration;
  {
    const absl::MutexLock lock(&shared.mu);
    shared.latencies.reserve(1 << 20);
    shared.active = in_flight;
  }

  // Each slot issues its next call from the completion of the last one.
  std::function<void(int)> issue = [&](int slot) {
    const Clock::time_point started = Clock::now();
    start(slot, [&, slot, started](bool ok) {
      const Clock::time_point now = Clock::now();
      bool again = false;
      {
        const absl::MutexLock lock(&shared.mu);
        shared.latencies.push_back(
            std::chrono::duration_cast<std::chrono::microseconds>(now - started)
                .count());
        if (!ok) ++shared.errors;
        again = now < shared.end;
        if (!again) --shared.active;
      }
      if (again) issue(slot);
    });
  };
  for (int slot = 0; slot < in_flight; ++slot) issue(slot);
  const absl::MutexLock lock(&shared.mu,
                             absl::Condition(&shared, &Shared::AllDone));
  const double seconds =
      std::chrono::duration<double>(Clock::now() - begin).count();

  return Summarize(shared.latencies, shared.errors, seconds);
}

LoadResult RunBlockingLoad(int threads, std::chrono::milliseconds duration,
                           const BlockingCall& call) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point begin = Clock::now();
  const Clock::time_point end = begin + duration;
  std::vector<std::vector<int64_t>> latencies(threads);
  std::vector<int64_t> errors(threads, 0);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (Clock::time_point now = Clock::now(); now < end;) {
        const bool ok = call(t);
        const Clock::time_point done = Clock::now();
        latencies[t].push_back(
            std::chrono::duration_cast<std::chrono::microseconds>(done - now)
                .count());
        if (!ok) ++errors[t];
        now = done;
      }
    });
  }
  for (auto& w : workers) w.join();
  const double seconds =
      std::chrono::duration<double>(Clock::now() - begin).count();
  std::vector<int64_t> all;
  int64_t failed = 0;
  for (int t = 0; t < threads; ++t) {
    all.insert(all.end(), latencies[t].begin(), latencies[t].end());
    failed += errors[t];
  }
  return Summarize(all, failed, seconds);
}

}  // namespace jixiao::bench

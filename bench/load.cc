#include "bench/load.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <vector>

namespace jixiao::bench {

LoadResult RunLoad(int in_flight, std::chrono::milliseconds duration,
                   const StartCall& start) {
  using Clock = std::chrono::steady_clock;
  struct Shared {
    std::mutex mu;
    std::condition_variable cv;
    std::vector<int64_t> latencies;
    int64_t errors = 0;
    int active = 0;
    Clock::time_point end;
  } shared;
  shared.latencies.reserve(1 << 20);
  const Clock::time_point begin = Clock::now();
  shared.end = begin + duration;
  shared.active = in_flight;

  // Each slot issues its next call from the completion of the last one.
  std::function<void(int)> issue = [&](int slot) {
    const Clock::time_point started = Clock::now();
    start(slot, [&, slot, started](bool ok) {
      const Clock::time_point now = Clock::now();
      bool again = false;
      {
        const std::lock_guard<std::mutex> lock(shared.mu);
        shared.latencies.push_back(
            std::chrono::duration_cast<std::chrono::microseconds>(now - started)
                .count());
        if (!ok) ++shared.errors;
        again = now < shared.end;
        if (!again && --shared.active == 0) shared.cv.notify_all();
      }
      if (again) issue(slot);
    });
  };
  for (int slot = 0; slot < in_flight; ++slot) issue(slot);
  std::unique_lock<std::mutex> lock(shared.mu);
  shared.cv.wait(lock, [&] { return shared.active == 0; });
  const double seconds =
      std::chrono::duration<double>(Clock::now() - begin).count();

  LoadResult result;
  result.calls = static_cast<int64_t>(shared.latencies.size());
  result.errors = shared.errors;
  result.per_second = result.calls / seconds;
  std::sort(shared.latencies.begin(), shared.latencies.end());
  if (!shared.latencies.empty()) {
    result.p50_us = shared.latencies[shared.latencies.size() / 2];
    result.p99_us = shared.latencies[std::min(
        shared.latencies.size() - 1, shared.latencies.size() * 99 / 100)];
  }
  return result;
}

}  // namespace jixiao::bench

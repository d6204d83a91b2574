// A closed-loop load generator on gRPC's callback API: `in_flight` calls
// at once, spread over the channels the caller made, for a fixed time;
// latencies kept exactly (sorted at the end) for percentiles.
#ifndef JIXIAO_BENCH_LOAD_H_
#define JIXIAO_BENCH_LOAD_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <vector>

namespace jixiao::bench {

struct LoadResult {
  int64_t calls = 0;
  int64_t errors = 0;
  double per_second = 0;
  int64_t p50_us = 0;
  int64_t p99_us = 0;
};

// Starts one call on `slot`'s channel and calls `done(ok)` when it ends.
using StartCall =
    std::function<void(int slot, std::function<void(bool ok)> done)>;

LoadResult RunLoad(int in_flight, std::chrono::milliseconds duration,
                   const StartCall& start);

// The same measure for a blocking client (HTTP): `threads` threads, each
// calling `call(thread)` in a loop until the time is up.
using BlockingCall = std::function<bool(int thread)>;
LoadResult RunBlockingLoad(int threads, std::chrono::milliseconds duration,
                           const BlockingCall& call);

// Calls, calls a second and exact percentiles of `latencies` (µs; sorted
// here), for every load generator alike.
LoadResult Summarize(std::vector<int64_t>& latencies, int64_t errors,
                     double seconds);

}  // namespace jixiao::bench

#endif  // JIXIAO_BENCH_LOAD_H_

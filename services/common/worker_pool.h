// A fixed set of threads for handler work that blocks (storage, calls to
// other services). gRPC's callback API runs handlers on a few threads of
// its own; work that blocks there stalls every other call (the collapse
// docs/architecture.md warns of), so handlers hand their work here and finish
// the call from a worker.
#ifndef JIXIAO_SERVICES_COMMON_WORKER_POOL_H_
#define JIXIAO_SERVICES_COMMON_WORKER_POOL_H_

#include <deque>
#include <functional>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace jixiao {

class WorkerPool {
 public:
  explicit WorkerPool(int threads);
  ~WorkerPool();  // finishes the queued work, then joins
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  void Post(std::function<void()> work);

  // Waits until no work is queued or running, or until `deadline`; false
  // if work was still running then. A server that has stopped waits here
  // before its objects go away: a handler's last steps (after it finished
  // its call) may still be using them.
  bool WaitIdle(absl::Time deadline);

  // The process's pool for request handlers (16 threads: enough blocking
  // calls in flight for two cores, few enough to stay cheap).
  static WorkerPool& ForHandlers();
  // The pool for streams, apart from the unary handlers' so that no number
  // of streams can hold those: as many threads as --max_streams, so every
  // admitted stream (StreamLimits) has one at once.
  static WorkerPool& ForStreams();

 private:
  // One worker: takes queued work until the pool stops and none is left.
  void Work();
  // What a worker waits for, and what WaitIdle waits for (the mutex
  // re-checks them whenever it is released: no condition variable).
  bool HasWorkOrStopping() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  bool Idle() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  absl::Mutex mu_;
  int running_ ABSL_GUARDED_BY(mu_) = 0;
  std::deque<std::function<void()>> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
};

}  // namespace jixiao

#endif  // JIXIAO_SERVICES_COMMON_WORKER_POOL_H_

// A fixed set of threads for handler work that blocks (storage, calls to
// other services). gRPC's callback API runs handlers on a few threads of
// its own; work that blocks there stalls every other call (the collapse
// docs/architecture.md warns of), so handlers hand their work here and finish
// the call from a worker.
#ifndef JIXIAO_SERVICES_COMMON_WORKER_POOL_H_
#define JIXIAO_SERVICES_COMMON_WORKER_POOL_H_

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

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
  bool WaitIdle(std::chrono::steady_clock::time_point deadline);

  // The process's pool for request handlers (16 threads: enough blocking
  // calls in flight for two cores, few enough to stay cheap).
  static WorkerPool& ForHandlers();
  // The pool for streams, apart from the unary handlers' so that no number
  // of streams can hold those: as many threads as --max_streams, so every
  // admitted stream (StreamLimits) has one at once.
  static WorkerPool& ForStreams();

 private:
  std::mutex mu_;
  std::condition_variable ready_;
  std::condition_variable idle_;
  int running_ = 0;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace jixiao

#endif  // JIXIAO_SERVICES_COMMON_WORKER_POOL_H_

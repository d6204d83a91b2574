// A fixed set of threads for handler work that blocks (storage, calls to
// other services). gRPC's callback API runs handlers on a few threads of
// its own; work that blocks there stalls every other call (the collapse
// architecture.md warns of), so handlers hand their work here and finish
// the call from a worker.
#ifndef JIXIAO_SERVICES_COMMON_WORKER_POOL_H_
#define JIXIAO_SERVICES_COMMON_WORKER_POOL_H_

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

  // The process's pool for request handlers (16 threads: enough blocking
  // calls in flight for two cores, few enough to stay cheap).
  static WorkerPool& ForHandlers();

 private:
  std::mutex mu_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace jixiao

#endif  // JIXIAO_SERVICES_COMMON_WORKER_POOL_H_

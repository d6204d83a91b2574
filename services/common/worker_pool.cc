#include "services/common/worker_pool.h"

#include <algorithm>
#include <utility>

#include "absl/flags/flag.h"
#include "services/common/stream_limits.h"

namespace jixiao {

WorkerPool::WorkerPool(int threads) {
  for (int i = 0; i < threads; ++i) {
    threads_.emplace_back([this] { Work(); });
  }
}

WorkerPool::~WorkerPool() {
  {
    const absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  for (std::thread& t : threads_) t.join();
}

void WorkerPool::Work() {
  while (true) {
    std::function<void()> work;
    {
      const absl::MutexLock lock(
          &mu_, absl::Condition(this, &WorkerPool::HasWorkOrStopping));
      if (queue_.empty()) return;  // stopping, and nothing left
      work = std::move(queue_.front());
      queue_.pop_front();
      ++running_;
    }
    work();
    work = nullptr;  // what it holds goes before it counts as done
    const absl::MutexLock lock(&mu_);
    --running_;
  }
}

void WorkerPool::Post(std::function<void()> work) {
  const absl::MutexLock lock(&mu_);
  queue_.push_back(std::move(work));
}

bool WorkerPool::WaitIdle(absl::Time deadline) {
  const absl::MutexLock lock(&mu_);
  return mu_.AwaitWithDeadline(absl::Condition(this, &WorkerPool::Idle),
                               deadline);
}

bool WorkerPool::HasWorkOrStopping() const {
  return stopping_ || !queue_.empty();
}

bool WorkerPool::Idle() const { return queue_.empty() && running_ == 0; }

WorkerPool& WorkerPool::ForHandlers() {
  // Never destroyed: calls may still finish while the process exits.
  static WorkerPool* pool = new WorkerPool(16);
  return *pool;
}

WorkerPool& WorkerPool::ForStreams() {
  static WorkerPool* pool =
      new WorkerPool(std::max(1, absl::GetFlag(FLAGS_max_streams)));
  return *pool;
}

}  // namespace jixiao

#include "services/common/worker_pool.h"

#include <algorithm>

#include "absl/flags/flag.h"
#include "services/common/stream_limits.h"

namespace jixiao {

WorkerPool::WorkerPool(int threads) {
  for (int i = 0; i < threads; ++i) {
    threads_.emplace_back([this] {
      while (true) {
        std::function<void()> work;
        {
          std::unique_lock<std::mutex> lock(mu_);
          ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
          if (queue_.empty()) return;  // stopping, and nothing left
          work = std::move(queue_.front());
          queue_.pop_front();
          ++running_;
        }
        work();
        work = nullptr;  // what it holds goes before it counts as done
        {
          const std::lock_guard<std::mutex> lock(mu_);
          --running_;
        }
        idle_.notify_all();
      }
    });
  }
}

WorkerPool::~WorkerPool() {
  {
    const std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  ready_.notify_all();
  for (std::thread& t : threads_) t.join();
}

void WorkerPool::Post(std::function<void()> work) {
  {
    const std::lock_guard<std::mutex> lock(mu_);
    queue_.push_back(std::move(work));
  }
  ready_.notify_one();
}

bool WorkerPool::WaitIdle(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock<std::mutex> lock(mu_);
  return idle_.wait_until(lock, deadline,
                          [this] { return queue_.empty() && running_ == 0; });
}

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

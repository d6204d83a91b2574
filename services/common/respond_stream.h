// The shape of a server-streaming handler whose messages come from work that
// blocks (storage, other services): as Respond() for unary calls, the
// caller's token is checked first and the work runs on a handler worker. The
// work hands each message to the writer it is given; at most kMaxQueued wait
// to be sent (the worker waits for room), so memory stays flat however long
// the stream. The writer answers false once the caller has gone away: the
// work should then stop. Its status ends the call after the last message.
#ifndef JIXIAO_SERVICES_COMMON_RESPOND_STREAM_H_
#define JIXIAO_SERVICES_COMMON_RESPOND_STREAM_H_

#include <condition_variable>
#include <deque>
#include <mutex>
#include <utility>

#include "absl/status/status.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/server_callback.h"
#include "services/common/auth.h"
#include "services/common/grpc_status.h"
#include "services/common/memory.h"
#include "services/common/worker_pool.h"

namespace jixiao {

template <typename Message>
class StreamWriter final : public grpc::ServerWriteReactor<Message> {
 public:
  static constexpr size_t kMaxQueued = 64;

  // Queues `message`; false when the caller went away.
  bool Write(Message message) {
    bool more = false;
    {
      std::unique_lock<std::mutex> lock(mu_);
      room_.wait(lock, [&] { return queue_.size() < kMaxQueued || gone_; });
      if (gone_) return false;
      queue_.push_back(std::move(message));
      if (writing_) return true;
      writing_ = true;
      current_ = std::move(queue_.front());
      queue_.pop_front();
      more = !queue_.empty();
    }
    // Outside the lock: gRPC may run OnWriteDone on this very thread.
    StartWriteOfCurrent(more);
    return true;
  }

  // The work is over: the call ends with `status` once the queue is sent.
  // The writer must not be used afterwards.
  void Done(const absl::Status& status) {
    bool finish = false;
    {
      const std::lock_guard<std::mutex> lock(mu_);
      status_ = ToGrpcStatus(status);
      produced_ = true;
      finish = !writing_;
    }
    if (finish) FinishOnce();
  }

  void OnWriteDone(bool ok) override {
    bool next = false;
    bool more = false;
    bool finish = false;
    {
      const std::lock_guard<std::mutex> lock(mu_);
      if (!ok) {
        gone_ = true;
        queue_.clear();
      }
      if (!gone_ && !queue_.empty()) {
        current_ = std::move(queue_.front());
        queue_.pop_front();
        next = true;
        more = !queue_.empty();
      } else {
        writing_ = false;
        finish = produced_;
      }
      room_.notify_all();
    }
    if (next) {
      StartWriteOfCurrent(more);
    } else if (finish) {
      FinishOnce();
    }
  }

  // The caller cancelled or went away: the work stops at its next Write
  // instead of waiting for room that will not come.
  void OnCancel() override {
    {
      const std::lock_guard<std::mutex> lock(mu_);
      gone_ = true;
      queue_.clear();
    }
    room_.notify_all();
  }

  void OnDone() override { delete this; }

 private:
  // With more messages queued, gRPC may hold this one to send with them:
  // fewer writes to the socket. The last of a burst is sent at once.
  void StartWriteOfCurrent(bool more) {
    grpc::WriteOptions options;
    if (more) options.set_buffer_hint();
    this->StartWrite(&current_, options);
  }

  void FinishOnce() {
    grpc::Status status;
    {
      const std::lock_guard<std::mutex> lock(mu_);
      if (finished_) return;
      finished_ = true;
      status = gone_ ? grpc::Status(grpc::StatusCode::CANCELLED,
                                    "the caller went away")
                     : status_;
    }
    this->Finish(status);
  }

  std::mutex mu_;
  std::condition_variable room_;
  std::deque<Message> queue_;
  Message current_;
  bool writing_ = false;
  bool produced_ = false;
  bool gone_ = false;
  bool finished_ = false;
  grpc::Status status_;
};

// `work(StreamWriter<Message>&)` returns the call's status; it must capture
// by value (it runs after the handler has returned).
template <typename Message, typename Work>
grpc::ServerWriteReactor<Message>* RespondStream(
    grpc::CallbackServerContext* context, Work&& work) {
  auto* writer = new StreamWriter<Message>();
  WorkerPool::ForHandlers().Post(
      [writer, context, work = std::forward<Work>(work)]() mutable {
        const auto caller = auth::CallerOf(*context);
        writer->Done(caller.ok() ? work(*writer) : caller.status());
        ReturnFreedMemory();  // a stream's work is a whole region
      });
  return writer;
}

}  // namespace jixiao

#endif  // JIXIAO_SERVICES_COMMON_RESPOND_STREAM_H_

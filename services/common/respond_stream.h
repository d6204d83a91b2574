// The shape of a server-streaming handler whose messages come from work that
// blocks (storage, other services): as Respond() for unary calls, the
// caller's token is checked first; then the stream is admitted against the
// stream limits (StreamLimits: per caller and per service) and its work runs
// on a stream worker, never a unary handler's. The work hands each message
// to the writer it is given; at most kMaxQueued wait to be sent (the worker
// waits for room), so memory stays flat however long the stream. A caller
// that takes no message for --stream_write_timeout_ms is cancelled. The
// writer answers false once the caller has gone away: the work should then
// stop. Its status ends the call after the last message.
#ifndef JIXIAO_SERVICES_COMMON_RESPOND_STREAM_H_
#define JIXIAO_SERVICES_COMMON_RESPOND_STREAM_H_

#include <chrono>
#include <deque>
#include <memory>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/server_callback.h"
#include "services/common/auth.h"
#include "services/common/grpc_status.h"
#include "services/common/memory.h"
#include "services/common/stream_limits.h"
#include "services/common/worker_pool.h"

namespace jixiao {

template <typename Message>
class StreamWriter final : public grpc::ServerWriteReactor<Message> {
 public:
  static constexpr size_t kMaxQueued = 64;

  StreamWriter(grpc::CallbackServerContext* context,
               std::chrono::milliseconds write_timeout)
      : context_(context), write_timeout_(absl::FromChrono(write_timeout)) {}

  // Queues `message`; false when the caller went away, or took nothing for
  // the write timeout (the call is then cancelled).
  bool Write(Message message) {
    bool more = false;
    {
      absl::ReleasableMutexLock lock(&mu_);
      if (!mu_.AwaitWithTimeout(
              absl::Condition(this, &StreamWriter::HasRoomOrGone),
              write_timeout_)) {
        gone_ = true;
        timed_out_ = true;
        queue_.clear();
        lock.Release();
        context_->TryCancel();  // frees the worker; the caller sees CANCELLED
        return false;
      }
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
      const absl::MutexLock lock(&mu_);
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
      const absl::MutexLock lock(&mu_);
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
      const absl::MutexLock lock(&mu_);
      gone_ = true;
      queue_.clear();
    }
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

  // What Write waits for (re-checked whenever mu_ is released: OnWriteDone
  // taking a message, OnCancel).
  bool HasRoomOrGone() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return queue_.size() < kMaxQueued || gone_;
  }

  void FinishOnce() {
    grpc::Status status;
    {
      const absl::MutexLock lock(&mu_);
      if (finished_) return;
      finished_ = true;
      status = timed_out_ ? grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED,
                                         "the caller read nothing for too long")
               : gone_    ? grpc::Status(grpc::StatusCode::CANCELLED,
                                         "the caller went away")
                          : status_;
    }
    this->Finish(status);
  }

  grpc::CallbackServerContext* const context_;
  const absl::Duration write_timeout_;
  absl::Mutex mu_;
  std::deque<Message> queue_ ABSL_GUARDED_BY(mu_);
  // The message being written: set under mu_, then read by gRPC until
  // OnWriteDone, while no other write can start.
  Message current_;
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool produced_ ABSL_GUARDED_BY(mu_) = false;
  bool gone_ ABSL_GUARDED_BY(mu_) = false;
  bool timed_out_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  grpc::Status status_ ABSL_GUARDED_BY(mu_);
};

// `work(StreamWriter<Message>&)` returns the call's status; it must capture
// by value (it runs after the handler has returned).
template <typename Message, typename Work>
grpc::ServerWriteReactor<Message>* RespondStream(
    grpc::CallbackServerContext* context, Work&& work) {
  auto* writer = new StreamWriter<Message>(context, StreamWriteTimeout());
  if (const auto caller = auth::CallerOf(*context); !caller.ok()) {
    writer->Done(caller.status());
    return writer;
  }
  auto ticket = StreamLimits::ForService().Admit(StreamCallerOf(*context));
  if (!ticket.ok()) {
    writer->Done(ticket.status());
    return writer;
  }
  WorkerPool::ForStreams().Post(
      [writer,
       ticket = std::shared_ptr<StreamLimits::Ticket>(*std::move(ticket)),
       work = std::forward<Work>(work)]() mutable {
        const absl::Status status = work(*writer);
        ticket.reset();  // the work is over: its place is free
        writer->Done(status);
        ReturnFreedMemory();  // a stream's work is a whole region
      });
  return writer;
}

}  // namespace jixiao

#endif  // JIXIAO_SERVICES_COMMON_RESPOND_STREAM_H_

// What one caller, and all callers together, may hold of a service through
// streams: a stream in either direction holds a thread or memory for as long
// as its caller likes, so each is admitted against limits first.
//
//   --max_streams_per_caller   streams one caller may have open at once (4)
//   --max_streams              streams the service serves at once (16); each
//                              admitted one gets a stream worker of its own,
//                              never one of the unary handlers' workers
//   --max_stream_bytes         bytes all import streams may hold at once
//                              (512 MiB)
//   --stream_write_timeout_ms  how long a server stream waits for its caller
//                              to take the next message (30 s) before it is
//                              cancelled
//
// A caller over a limit gets RESOURCE_EXHAUSTED naming it, at once.
#ifndef JIXIAO_SERVICES_COMMON_STREAM_LIMITS_H_
#define JIXIAO_SERVICES_COMMON_STREAM_LIMITS_H_

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/flags/declare.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "grpcpp/server_context.h"

ABSL_DECLARE_FLAG(int, max_streams_per_caller);
ABSL_DECLARE_FLAG(int, max_streams);
ABSL_DECLARE_FLAG(int64_t, max_stream_bytes);
ABSL_DECLARE_FLAG(int, stream_write_timeout_ms);

namespace jixiao {

class StreamLimits {
 public:
  struct Limits {
    int per_caller = 4;
    int per_service = 16;
    int64_t bytes = int64_t{512} << 20;
  };
  explicit StreamLimits(Limits limits) : limits_(limits) {}

  // One admitted stream; giving it back (destroying it) frees its place and
  // every byte it held.
  class Ticket {
   public:
    ~Ticket();
    Ticket(const Ticket&) = delete;
    Ticket& operator=(const Ticket&) = delete;
    // Before the stream keeps `bytes` more: RESOURCE_EXHAUSTED when all
    // streams together would hold more than the service's budget.
    absl::Status Hold(int64_t bytes);

   private:
    friend class StreamLimits;
    Ticket(StreamLimits* limits, std::string caller)
        : limits_(limits), caller_(std::move(caller)) {}
    StreamLimits* const limits_;
    const std::string caller_;
    int64_t held_ = 0;
  };

  absl::StatusOr<std::unique_ptr<Ticket>> Admit(const std::string& caller);

  // The process's limits, from the flags (read on first use).
  static StreamLimits& ForService();

 private:
  const Limits limits_;
  absl::Mutex mu_;
  std::map<std::string, int> open_by_caller_ ABSL_GUARDED_BY(mu_);
  int open_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t held_ ABSL_GUARDED_BY(mu_) = 0;
};

// Who a stream is counted against: the verified token's subject; in open
// mode (no tokens) the stated actor, else the caller's address without its
// port.
std::string StreamCallerOf(const grpc::ServerContextBase& context);

// How long a server stream waits for its caller to read (the flag).
std::chrono::milliseconds StreamWriteTimeout();

}  // namespace jixiao

#endif  // JIXIAO_SERVICES_COMMON_STREAM_LIMITS_H_

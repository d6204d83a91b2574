#include "services/common/stream_limits.h"

#include <utility>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "services/common/auth.h"
#include "services/common/request_context.h"

ABSL_FLAG(int, max_streams_per_caller, 4,
          "streams one caller may have open at once");
ABSL_FLAG(int, max_streams, 16,
          "streams the service serves at once (each on a stream worker)");
ABSL_FLAG(int64_t, max_stream_bytes, int64_t{512} << 20,
          "bytes all import streams together may hold in memory");
ABSL_FLAG(int, stream_write_timeout_ms, 30000,
          "how long a server stream waits for its caller to read before it "
          "is cancelled");

namespace jixiao {

StreamLimits::Ticket::~Ticket() {
  const absl::MutexLock lock(&limits_->mu_);
  limits_->held_ -= held_;
  --limits_->open_;
  if (--limits_->open_by_caller_[caller_] == 0) {
    limits_->open_by_caller_.erase(caller_);
  }
}

absl::Status StreamLimits::Ticket::Hold(int64_t bytes) {
  const absl::MutexLock lock(&limits_->mu_);
  if (limits_->held_ + bytes > limits_->limits_.bytes) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "streams: the service holds at most ", limits_->limits_.bytes,
        " bytes of streamed rows at once; send a smaller batch or try again "
        "later"));
  }
  limits_->held_ += bytes;
  held_ += bytes;
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<StreamLimits::Ticket>> StreamLimits::Admit(
    const std::string& caller) {
  const absl::MutexLock lock(&mu_);
  if (open_ >= limits_.per_service) {
    return absl::ResourceExhaustedError(
        absl::StrCat("streams: this service serves at most ",
                     limits_.per_service, " streams at once; try again later"));
  }
  int& mine = open_by_caller_[caller];
  if (mine >= limits_.per_caller) {
    return absl::ResourceExhaustedError(
        absl::StrCat("streams: at most ", limits_.per_caller,
                     " open at once for one caller (", caller, ")"));
  }
  ++mine;
  ++open_;
  return std::unique_ptr<Ticket>(new Ticket(this, caller));
}

StreamLimits& StreamLimits::ForService() {
  // Never destroyed: a stream may end while the process exits.
  static StreamLimits* limits = new StreamLimits(Limits{
      absl::GetFlag(FLAGS_max_streams_per_caller),
      absl::GetFlag(FLAGS_max_streams), absl::GetFlag(FLAGS_max_stream_bytes)});
  return *limits;
}

std::string StreamCallerOf(const grpc::ServerContextBase& context) {
  if (auth::TokensChecked()) {
    const auto caller = auth::CallerOf(context);
    return caller.ok() ? absl::StrCat("subject:", caller->subject) : "";
  }
  const std::string actor = ActorOf(context);
  if (actor != "anonymous") return absl::StrCat("actor:", actor);
  // "ipv4:127.0.0.1:41234": the address without the port, so that new
  // connections from one host count together.
  std::string peer = context.peer();
  if (const size_t colon = peer.rfind(':'); colon != std::string::npos) {
    peer.resize(colon);
  }
  return absl::StrCat("peer:", peer);
}

std::chrono::milliseconds StreamWriteTimeout() {
  return std::chrono::milliseconds(
      absl::GetFlag(FLAGS_stream_write_timeout_ms));
}

}  // namespace jixiao

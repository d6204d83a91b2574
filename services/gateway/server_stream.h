// The Connect protocol's server-streaming form over HTTP/1.1, JSON codec
// (connectrpc.com/docs/protocol, "Streaming RPCs"): a POST with
// Content-Type application/connect+json whose body is one enveloped request
// message (a flags byte, a 4-byte big-endian length, the JSON), answered
// with 200 and a stream of enveloped reply messages, then one end-of-stream
// envelope (flags 0x02) holding {} or {"error": {"code", "message"}}.
// For the methods that stream their replies (EvaluateRegion …), so that a
// browser can rank a region; client-streaming methods stay gRPC only.
#ifndef JIXIAO_SERVICES_GATEWAY_SERVER_STREAM_H_
#define JIXIAO_SERVICES_GATEWAY_SERVER_STREAM_H_

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "grpcpp/channel.h"

namespace jixiao::gateway {

inline constexpr char kConnectStreamingJson[] = "application/connect+json";

// Whether `method` ("package.Service/Method") is known and streams its
// replies from one request (server streaming, not client streaming).
bool IsServerStreaming(absl::string_view method);

// The JSON of the one enveloped message of `body`: INVALID_ARGUMENT when the
// body is not exactly one uncompressed envelope.
absl::StatusOr<std::string> UnwrapEnvelope(absl::string_view body);

// One envelope: flags, length, payload.
std::string Envelope(unsigned char flags, absl::string_view payload);

// The end-of-stream envelope: {} for OK, else the error in Connect's shape.
std::string EndOfStream(grpc::StatusCode code, absl::string_view message);

// Calls `method` with the request `request_json` and hands each reply, as
// compact JSON, to `on_message`; stops early (cancelling the call) when
// `on_message` returns false. Returns the call's status as (code, message).
std::pair<grpc::StatusCode, std::string> CallServerStreaming(
    const std::shared_ptr<grpc::Channel>& channel, absl::string_view method,
    absl::string_view request_json, std::chrono::milliseconds deadline,
    const std::vector<std::pair<std::string, std::string>>& metadata,
    const std::function<bool(const std::string&)>& on_message);

}  // namespace jixiao::gateway

#endif  // JIXIAO_SERVICES_GATEWAY_SERVER_STREAM_H_

// How a service calls another: one channel per peer with round_robin over
// every address the name resolves to (a headless Service in Kubernetes),
// retries of idempotent reads on UNAVAILABLE by service config, and a
// context per call with a deadline and the caller's request id.
#ifndef JIXIAO_SERVICES_COMMON_CLIENT_H_
#define JIXIAO_SERVICES_COMMON_CLIENT_H_

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "grpcpp/server_context.h"

namespace jixiao {

// `read_methods` are "package.Service/Method" names that are safe to retry.
std::shared_ptr<grpc::Channel> ServiceChannel(
    const std::string& address, const std::vector<std::string>& read_methods);

// What an outbound call carries on from the call that caused it: the request
// id (one id across the services' logs) and the caller's bearer token (every
// service checks who is asking, not only the first).
struct Forwarded {
  std::string request_id;
  std::string authorization;  // "Bearer …", or "" for none
  // Who the call is made for (the verified subject and role; in open mode
  // the stated actor): what the caller's own audit rows name. Not sent.
  std::string subject;
  std::string role;
};
Forwarded ForwardedFrom(const grpc::ServerContextBase& context);

std::unique_ptr<grpc::ClientContext> CallContext(
    std::chrono::milliseconds deadline, const Forwarded& caller);

// The deadline of a streamed read of a whole region (thousands of
// departments): for the whole read, not one department's, so never shorter
// than this whatever a service's per-call deadline.
inline std::chrono::milliseconds RegionReadDeadline(
    std::chrono::milliseconds per_call) {
  return std::max<std::chrono::milliseconds>(per_call, std::chrono::minutes(2));
}

}  // namespace jixiao

#endif  // JIXIAO_SERVICES_COMMON_CLIENT_H_

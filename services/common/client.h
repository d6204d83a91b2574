// How a service calls another: one channel per peer with round_robin over
// every address the name resolves to (a headless Service in Kubernetes),
// retries of idempotent reads on UNAVAILABLE by service config, and a
// context per call with a deadline and the caller's request id.
#ifndef JIXIAO_SERVICES_COMMON_CLIENT_H_
#define JIXIAO_SERVICES_COMMON_CLIENT_H_

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"

namespace jixiao {

// `read_methods` are "package.Service/Method" names that are safe to retry.
std::shared_ptr<grpc::Channel> ServiceChannel(
    const std::string& address, const std::vector<std::string>& read_methods);

std::unique_ptr<grpc::ClientContext> CallContext(
    std::chrono::milliseconds deadline, const std::string& request_id);

}  // namespace jixiao

#endif  // JIXIAO_SERVICES_COMMON_CLIENT_H_

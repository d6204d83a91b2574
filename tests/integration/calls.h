// How a test reaches a service started by service_process.h: a plaintext
// channel to its loopback port, and a call's context with a deadline and,
// when the services check tokens, the caller's bearer token.
#ifndef JIXIAO_TESTS_INTEGRATION_CALLS_H_
#define JIXIAO_TESTS_INTEGRATION_CALLS_H_

#include <chrono>
#include <memory>
#include <string>

#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "tests/integration/service_process.h"

namespace jixiao::testing {

// Long enough for the slowest call of a suite (a region's evaluation under
// ASan on a busy two-core machine); it only bounds how long a call that
// hangs takes to fail.
inline constexpr std::chrono::seconds kCallDeadline{30};

std::shared_ptr<grpc::Channel> ChannelTo(const ServiceProcess& service);

// A call's context as the holder of `token`; an empty token sends none (for
// services started without a token key).
std::unique_ptr<grpc::ClientContext> CallAs(
    const std::string& token, std::chrono::seconds deadline = kCallDeadline);

// A call's context without a token.
std::unique_ptr<grpc::ClientContext> Call(
    std::chrono::seconds deadline = kCallDeadline);

}  // namespace jixiao::testing

#endif  // JIXIAO_TESTS_INTEGRATION_CALLS_H_

// Every call carries a request id in the "x-request-id" metadata: taken from
// the caller when it sends one, made up otherwise. The interceptor puts it
// into the call's metadata (so handlers and outbound calls can read it),
// sends it back in the initial metadata, and logs one JSON line a call.
#ifndef JIXIAO_SERVICES_COMMON_REQUEST_CONTEXT_H_
#define JIXIAO_SERVICES_COMMON_REQUEST_CONTEXT_H_

#include <memory>
#include <string>

#include "absl/strings/string_view.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/server_interceptor.h"

namespace jixiao {

inline constexpr absl::string_view kRequestIdHeader = "x-request-id";
// Who made a write, until the security issue brings verified tokens.
inline constexpr absl::string_view kActorHeader = "x-jixiao-actor";

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
MakeRequestLogInterceptorFactory();

// The call's request id (as set by the interceptor), or "" when none.
std::string RequestIdOf(const grpc::ServerContextBase& context);
// The "authorization" metadata as sent ("Bearer …"), or "".
std::string AuthorizationOf(const grpc::ServerContextBase& context);
// The caller's name from x-jixiao-actor, or "anonymous".
std::string ActorOf(const grpc::ServerContextBase& context);

// A fresh random id, 32 hex digits.
std::string NewRequestId();

// A request id or actor name as accepted from outside: 1 to 128 printable
// ASCII characters without spaces.
bool IsUsableId(absl::string_view id);

}  // namespace jixiao

#endif  // JIXIAO_SERVICES_COMMON_REQUEST_CONTEXT_H_

// The Connect protocol's unary JSON mapping (connectrpc.com/docs/protocol):
// gRPC status codes as Connect error codes and HTTP statuses, and the error
// body {"code": "invalid_argument", "message": "…"}.
#ifndef JIXIAO_SERVICES_GATEWAY_CONNECT_H_
#define JIXIAO_SERVICES_GATEWAY_CONNECT_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "grpcpp/support/status.h"

namespace jixiao::gateway {

// "invalid_argument" for INVALID_ARGUMENT.
std::string ConnectCode(grpc::StatusCode code);
// 400 for invalid_argument, 404 not_found, 503 unavailable …
int HttpStatusOf(grpc::StatusCode code);
// {"code":"…","message":"…"}
std::string ErrorBody(grpc::StatusCode code, absl::string_view message);

// The gRPC code of an absl::Status (the two share their numbering).
grpc::StatusCode GrpcCodeOf(const absl::Status& status);

}  // namespace jixiao::gateway

#endif  // JIXIAO_SERVICES_GATEWAY_CONNECT_H_

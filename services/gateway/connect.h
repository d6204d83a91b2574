// The Connect protocol's unary JSON mapping (connectrpc.com/docs/protocol):
// gRPC status codes as Connect error codes and HTTP statuses, and the error
// body {"code": "invalid_argument", "message": "…"}.
#ifndef JIXIAO_SERVICES_GATEWAY_CONNECT_H_
#define JIXIAO_SERVICES_GATEWAY_CONNECT_H_

#include <string>

#include "absl/strings/string_view.h"

namespace jixiao::gateway {

// "invalid_argument" for gRPC code 3.
std::string ConnectCode(int grpc_code);
// 400 for invalid_argument, 404 not_found, 503 unavailable …
int HttpStatusOf(int grpc_code);
// {"code":"…","message":"…"}
std::string ErrorBody(int grpc_code, absl::string_view message);

}  // namespace jixiao::gateway

#endif  // JIXIAO_SERVICES_GATEWAY_CONNECT_H_

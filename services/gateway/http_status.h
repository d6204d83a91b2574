// The HTTP status codes the gateway answers with, by name (the gRPC codes it
// names are grpc::StatusCode's).
#ifndef JIXIAO_SERVICES_GATEWAY_HTTP_STATUS_H_
#define JIXIAO_SERVICES_GATEWAY_HTTP_STATUS_H_

namespace jixiao::gateway::http {

inline constexpr int kOk = 200;
inline constexpr int kNoContent = 204;
inline constexpr int kFound = 302;
inline constexpr int kBadRequest = 400;
inline constexpr int kUnauthorized = 401;
inline constexpr int kForbidden = 403;
inline constexpr int kNotFound = 404;
inline constexpr int kMethodNotAllowed = 405;
inline constexpr int kPayloadTooLarge = 413;
inline constexpr int kUnsupportedMediaType = 415;

}  // namespace jixiao::gateway::http

#endif  // JIXIAO_SERVICES_GATEWAY_HTTP_STATUS_H_

#include "services/gateway/connect.h"

#include "absl/strings/str_cat.h"
#include "libs/base/json_string.h"

namespace jixiao::gateway {
namespace {

struct Mapping {
  const char* code;
  int http;
};

// Indexed by gRPC status code (OK = 0 … UNAUTHENTICATED = 16), as the
// Connect specification maps them.
constexpr Mapping kMappings[] = {
    {"ok", 200},                   // 0
    {"canceled", 499},             // 1
    {"unknown", 500},              // 2
    {"invalid_argument", 400},     // 3
    {"deadline_exceeded", 504},    // 4
    {"not_found", 404},            // 5
    {"already_exists", 409},       // 6
    {"permission_denied", 403},    // 7
    {"resource_exhausted", 429},   // 8
    {"failed_precondition", 400},  // 9
    {"aborted", 409},              // 10
    {"out_of_range", 400},         // 11
    {"unimplemented", 501},        // 12
    {"internal", 500},             // 13
    {"unavailable", 503},          // 14
    {"data_loss", 500},            // 15
    {"unauthenticated", 401},      // 16
};

const Mapping& Of(grpc::StatusCode code) {
  if (code < grpc::StatusCode::OK || code > grpc::StatusCode::UNAUTHENTICATED) {
    return kMappings[grpc::StatusCode::UNKNOWN];
  }
  return kMappings[code];
}

}  // namespace

std::string ConnectCode(grpc::StatusCode code) { return Of(code).code; }

int HttpStatusOf(grpc::StatusCode code) { return Of(code).http; }

std::string ErrorBody(grpc::StatusCode code, absl::string_view message) {
  std::string body =
      absl::StrCat("{\"code\":\"", ConnectCode(code), "\",\"message\":");
  json::AppendString(&body, message);
  body.append("}");
  return body;
}

grpc::StatusCode GrpcCodeOf(const absl::Status& status) {
  return static_cast<grpc::StatusCode>(status.code());
}

}  // namespace jixiao::gateway

#include "services/gateway/connect.h"

#include "absl/strings/str_cat.h"
#include "libs/base/json_string.h"

namespace jixiao::gateway {
namespace {

struct Mapping {
  const char* code;
  int http;
};

// Indexed by gRPC status code, as the Connect specification maps them.
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

const Mapping& Of(int grpc_code) {
  if (grpc_code < 0 || grpc_code > 16) return kMappings[2];
  return kMappings[grpc_code];
}

}  // namespace

std::string ConnectCode(int grpc_code) { return Of(grpc_code).code; }

int HttpStatusOf(int grpc_code) { return Of(grpc_code).http; }

std::string ErrorBody(int grpc_code, absl::string_view message) {
  std::string body =
      absl::StrCat("{\"code\":\"", ConnectCode(grpc_code), "\",\"message\":");
  json::AppendString(&body, message);
  body.append("}");
  return body;
}

}  // namespace jixiao::gateway

// One unary gRPC call described by its full method name and a JSON request,
// answered as JSON: the request and response types come from the protobuf
// descriptors linked into the program, and the call goes through a generic
// stub, so no method needs code of its own. (`jixiao call`, and the
// examples of docs/api.md.)
#ifndef JIXIAO_SERVICES_COMMON_RPCJSON_JSON_CALL_H_
#define JIXIAO_SERVICES_COMMON_RPCJSON_JSON_CALL_H_

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "grpcpp/channel.h"

namespace jixiao::rpcjson {

struct JsonCallResult {
  // The call's own status; when OK, `response_json` holds the reply.
  int code = 0;
  std::string message;
  std::string response_json;
  std::string request_id;  // the x-request-id the service answered with
};

// Makes sure the generated descriptors of every Jixiao service are loaded:
// a program that only looks methods up by name references no generated
// symbol, and the linker would drop the library that registers them.
void LinkServiceDescriptors();

// Every method of every service of the budget, indicator and evaluation
// packages, as "package.Service/Method", sorted.
std::vector<std::string> ServiceMethods();

// The request of `method` ("package.Service/Method") read from JSON
// (protobuf's JSON mapping) and serialized: NOT_FOUND for an unknown method,
// UNIMPLEMENTED for a streaming one, INVALID_ARGUMENT for JSON that does not
// fit the request type.
absl::StatusOr<std::string> JsonToRequestBytes(absl::string_view method,
                                               absl::string_view request_json);

// `method` is "package.Service/Method". Fails before calling: NOT_FOUND
// when the method is unknown, UNIMPLEMENTED when it streams,
// INVALID_ARGUMENT when the JSON does not fit its request type.
absl::StatusOr<JsonCallResult> CallJson(
    const std::shared_ptr<grpc::Channel>& channel, absl::string_view method,
    absl::string_view request_json, std::chrono::milliseconds deadline,
    const std::vector<std::pair<std::string, std::string>>& metadata);

}  // namespace jixiao::rpcjson

#endif  // JIXIAO_SERVICES_COMMON_RPCJSON_JSON_CALL_H_

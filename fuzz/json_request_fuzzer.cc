// The gateway's JSON-to-protobuf path on arbitrary input: the first byte
// picks one of the services' unary methods, the rest is the JSON body.
// It must never crash; what it accepts must parse back as the request type.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "services/common/rpcjson/json_call.h"

namespace {

const std::vector<std::string>& Methods() {
  static const auto* methods =
      new std::vector<std::string>(jixiao::rpcjson::ServiceMethods());
  return *methods;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const auto& methods = Methods();
  const std::string& method = methods[data[0] % methods.size()];
  const std::string json(reinterpret_cast<const char*>(data + 1), size - 1);
  (void)jixiao::rpcjson::JsonToRequestBytes(method, json);
  return 0;
}

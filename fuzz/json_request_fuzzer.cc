// The gateway's JSON-to-protobuf path on arbitrary input: the first byte
// picks one of the services' unary methods, the rest is the JSON body.
// It must never crash; what it accepts must parse back as the request type.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "google/protobuf/descriptor.h"
#include "libs/rpcjson/json_call.h"

namespace {

const std::vector<std::string>& Methods() {
  static const auto* methods = [] {
    jixiao::rpcjson::LinkServiceDescriptors();
    auto* out = new std::vector<std::string>;
    for (const char* name : {"jixiao.budget.v1.BudgetService",
                             "jixiao.indicator.v1.IndicatorService",
                             "jixiao.evaluation.v1.EvaluationService"}) {
      const auto* service =
          google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
              name);
      for (int i = 0; service != nullptr && i < service->method_count(); ++i) {
        out->push_back(std::string(name) + "/" + service->method(i)->name());
      }
    }
    return out;
  }();
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

// The gateway's header checks on arbitrary bytes: the input is split into
// header lines ("Name: value"), as an HTTP request would carry them. Every
// value the checks let through to a backend's metadata must be one gRPC
// takes: an illegal one would abort the gateway.
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_split.h"
#include "libs/validate/validate.h"
#include "services/gateway/call_headers.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  std::vector<std::pair<std::string, std::string>> headers;
  for (absl::string_view line : absl::StrSplit(bytes, "\r\n")) {
    const size_t colon = line.find(':');
    if (colon == absl::string_view::npos) continue;
    absl::string_view value = line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    headers.emplace_back(std::string(line.substr(0, colon)),
                         std::string(value));
  }
  for (const bool insecure : {false, true}) {
    auto call = jixiao::gateway::ParseCallHeaders(headers, {insecure});
    if (!call.ok()) continue;
    for (const auto& [key, value] : call->Metadata()) {
      if (!jixiao::validate::IsLegalMetadataValue(value)) __builtin_trap();
    }
  }
  return 0;
}

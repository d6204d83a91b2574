// What the gateway takes from an HTTP request's headers, each checked once
// into a typed value before anything is sent on: only these values reach a
// backend's metadata, never a raw header. gRPC aborts the process that adds
// a metadata value outside printable ASCII, so a header is the one place a
// stray byte (a UTF-8 character, a TAB, DEL) could take the gateway down.
#ifndef JIXIAO_SERVICES_GATEWAY_CALL_HEADERS_H_
#define JIXIAO_SERVICES_GATEWAY_CALL_HEADERS_H_

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "libs/jwt/jwt.h"

namespace jixiao::gateway {

struct HeaderRules {
  // Open mode (--insecure): a call may come without a token, and
  // X-Jixiao-Actor names the caller. Otherwise every call needs a bearer
  // token and X-Jixiao-Actor is refused (a token says who calls).
  bool insecure = false;
  std::chrono::milliseconds default_timeout{10'000};
  std::chrono::milliseconds max_timeout{60'000};
};

struct CallHeaders {
  std::string request_id;  // the caller's, checked, or a fresh one
  std::optional<jwt::BearerToken> bearer;
  std::string actor;  // open mode only; "" for none
  std::chrono::milliseconds timeout{0};

  // The metadata a backend call carries: each value already checked.
  std::vector<std::pair<std::string, std::string>> Metadata() const;
};

// `headers` as received (name, value), names in any case. An error is
// INVALID_ARGUMENT (HTTP 400) or UNAUTHENTICATED (401), naming the header.
absl::StatusOr<CallHeaders> ParseCallHeaders(
    const std::vector<std::pair<std::string, std::string>>& headers,
    const HeaderRules& rules);

// The request id to answer with when the headers are refused: the caller's
// when it is usable, a fresh one otherwise.
std::string ResponseRequestId(
    const std::vector<std::pair<std::string, std::string>>& headers);

}  // namespace jixiao::gateway

#endif  // JIXIAO_SERVICES_GATEWAY_CALL_HEADERS_H_

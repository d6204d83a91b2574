#include "services/gateway/call_headers.h"

#include <algorithm>
#include <cstdint>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "libs/base/status_macros.h"
#include "services/common/request_context.h"

namespace jixiao::gateway {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

// The one value of header `name`: nullopt when absent, an error when sent
// more than once (two Authorization headers have no one meaning).
absl::StatusOr<std::optional<std::string>> OneValue(const Headers& headers,
                                                    absl::string_view name) {
  std::optional<std::string> found;
  for (const auto& [key, value] : headers) {
    if (!absl::EqualsIgnoreCase(key, name)) continue;
    if (found) {
      return absl::InvalidArgumentError(
          absl::StrCat(name, ": sent more than once"));
    }
    found = value;
  }
  return found;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> CallHeaders::Metadata() const {
  std::vector<std::pair<std::string, std::string>> metadata = {
      {std::string(kRequestIdHeader), request_id}};
  if (bearer) metadata.emplace_back("authorization", bearer->Header());
  if (!actor.empty()) metadata.emplace_back(std::string(kActorHeader), actor);
  return metadata;
}

absl::StatusOr<CallHeaders> ParseCallHeaders(const Headers& headers,
                                             const HeaderRules& rules) {
  CallHeaders out;
  JIXIAO_ASSIGN_OR_RETURN(auto request_id, OneValue(headers, "X-Request-Id"));
  if (!request_id.has_value()) {
    out.request_id = NewRequestId();
  } else if (IsUsableId(*request_id)) {
    out.request_id = *request_id;
  } else {
    return absl::InvalidArgumentError(
        "X-Request-Id: 1 to 128 printable ASCII characters without spaces");
  }

  JIXIAO_ASSIGN_OR_RETURN(auto authorization,
                          OneValue(headers, "Authorization"));
  if (authorization.has_value()) {
    JIXIAO_ASSIGN_OR_RETURN(auto bearer,
                            jwt::BearerToken::FromHeader(*authorization));
    out.bearer = std::move(bearer);
  } else if (!rules.insecure) {
    return absl::UnauthenticatedError(
        "authorization: a bearer token is required");
  }

  JIXIAO_ASSIGN_OR_RETURN(auto actor, OneValue(headers, "X-Jixiao-Actor"));
  if (actor.has_value()) {
    if (!rules.insecure) {
      return absl::InvalidArgumentError(
          "X-Jixiao-Actor: names the caller only in open mode (--insecure); "
          "the bearer token says who calls");
    }
    if (!IsUsableId(*actor)) {
      return absl::InvalidArgumentError(
          "X-Jixiao-Actor: 1 to 128 printable ASCII characters without "
          "spaces");
    }
    out.actor = *actor;
  }

  out.timeout = rules.default_timeout;
  JIXIAO_ASSIGN_OR_RETURN(auto timeout,
                          OneValue(headers, "Connect-Timeout-Ms"));
  if (timeout.has_value()) {
    int64_t ms = 0;
    if (!absl::SimpleAtoi(*timeout, &ms) || ms <= 0 || ms > 9'999'999'999) {
      return absl::InvalidArgumentError(
          "Connect-Timeout-Ms: a positive whole number of milliseconds");
    }
    out.timeout = std::min(std::chrono::milliseconds(ms), rules.max_timeout);
  }
  return out;
}

std::string ResponseRequestId(const Headers& headers) {
  auto id = OneValue(headers, "X-Request-Id");
  if (id.ok() && id->has_value() && IsUsableId(**id)) return **id;
  return NewRequestId();
}

}  // namespace jixiao::gateway

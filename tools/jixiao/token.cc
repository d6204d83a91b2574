#include "tools/jixiao/token.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "libs/base/read_file.h"
#include "libs/base/status_macros.h"
#include "libs/jwt/jwt.h"

namespace jixiao::cli {

absl::StatusOr<std::string> MintToken(const MintOptions& options,
                                      absl::Time now) {
  if (options.secret_file.empty() == options.private_key_file.empty()) {
    return absl::InvalidArgumentError(
        "give --secret_file (HS256) or --private_key_file (RS256)");
  }
  if (options.ttl <= absl::ZeroDuration() ||
      options.ttl > absl::Hours(24 * 366)) {
    return absl::InvalidArgumentError("--ttl: between 1s and 366 days");
  }
  auto role = access::ParseRole(options.role);
  if (!role.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--role: ", role.status().message()));
  }
  jwt::Claims claims;
  claims.principal.subject = options.subject;
  claims.principal.role = *role;
  claims.principal.region_code = options.region_code;
  claims.principal.department_code = options.department_code;
  claims.expires = now + options.ttl;
  claims.issuer = options.issuer;
  claims.audience = options.audience;
  if (!options.secret_file.empty()) {
    JIXIAO_ASSIGN_OR_RETURN(
        auto text, ReadWholeFile("--secret_file", options.secret_file));
    // The first secret signs; the others are only accepted (rotation).
    for (absl::string_view line : absl::StrSplit(text, '\n')) {
      line = absl::StripAsciiWhitespace(line);
      if (!line.empty()) return jwt::MintHs256(claims, line);
    }
    return absl::InvalidArgumentError("--secret_file: holds no secret");
  }
  JIXIAO_ASSIGN_OR_RETURN(
      auto pem, ReadWholeFile("--private_key_file", options.private_key_file));
  return jwt::MintRs256(claims, pem);
}

absl::StatusOr<std::string> ReadToken(const std::string& path) {
  JIXIAO_ASSIGN_OR_RETURN(auto text, ReadWholeFile("--token_file", path));
  return std::string(absl::StripAsciiWhitespace(text));
}

}  // namespace jixiao::cli

#include "services/common/auth.h"

#include <memory>

#include "absl/flags/flag.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "libs/base/read_file.h"
#include "libs/base/status_macros.h"
#include "libs/jwt/jwt.h"
#include "services/common/config.h"
#include "services/common/log.h"
#include "services/common/request_context.h"

ABSL_FLAG(std::string, jwt_hs256_secret_file, "",
          "file with the HS256 secret(s) tokens are signed with, one a line "
          "(several while a secret is rotated)");
ABSL_FLAG(std::string, jwt_rs256_public_key_file, "",
          "file with the RS256 public key(s) (PEM) tokens are verified with");
ABSL_FLAG(std::string, jwt_issuer, "",
          "when set, every token must name this issuer (iss)");
ABSL_FLAG(std::string, jwt_audience, "",
          "when set, every token must name this audience (aud)");

namespace jixiao::auth {
namespace {

// Set once at start-up, before the server serves; read-only afterwards.
const jwt::Verifier* verifier = nullptr;

}  // namespace

absl::Status InstallFromFlags(absl::string_view program,
                              absl::string_view listen) {
  const std::string secret_file = absl::GetFlag(FLAGS_jwt_hs256_secret_file);
  const std::string key_file = absl::GetFlag(FLAGS_jwt_rs256_public_key_file);
  if (!secret_file.empty() && !key_file.empty()) {
    return absl::InvalidArgumentError(
        "set --jwt_hs256_secret_file or --jwt_rs256_public_key_file, not both");
  }
  if (secret_file.empty() && key_file.empty()) {
    return config::CheckOpenMode(program, listen);
  }
  if (absl::GetFlag(FLAGS_insecure)) {
    return absl::InvalidArgumentError(
        "--insecure: a token key is set; drop --insecure (tokens are checked)");
  }
  const std::string& path = secret_file.empty() ? key_file : secret_file;
  JIXIAO_ASSIGN_OR_RETURN(
      auto text,
      ReadWholeFile(secret_file.empty() ? "--jwt_rs256_public_key_file"
                                        : "--jwt_hs256_secret_file",
                    path));
  jwt::Expected expected{absl::GetFlag(FLAGS_jwt_issuer),
                         absl::GetFlag(FLAGS_jwt_audience)};
  JIXIAO_ASSIGN_OR_RETURN(
      auto made, secret_file.empty()
                     ? jwt::Verifier::FromRs256PublicKeys(text, expected)
                     : jwt::Verifier::FromHs256Secrets(text, expected));
  verifier = made.release();  // lives as long as the process
  log::Info("tokens are checked",
            {{"algorithm", secret_file.empty() ? "RS256" : "HS256"},
             {"key_file", path}});
  return absl::OkStatus();
}

bool TokensChecked() { return verifier != nullptr; }

absl::StatusOr<access::Principal> CallerOf(
    const grpc::ServerContextBase& context) {
  if (verifier == nullptr) {
    access::Principal trusted;
    trusted.subject = ActorOf(context);
    return trusted;
  }
  const std::string value = AuthorizationOf(context);
  if (value.empty()) {
    return absl::UnauthenticatedError(
        "authorization: a bearer token is required");
  }
  // Its form first: nothing of a malformed value is decoded or kept.
  JIXIAO_ASSIGN_OR_RETURN(auto bearer, jwt::BearerToken::FromHeader(value));
  const std::string& header = bearer.token();
  // Respond(), the handler's access checks, the audit's "who" and the
  // request log each ask who is calling: the token is verified once per
  // thread and the answer reused while `now` stays inside the window in
  // which it verifies.
  struct LastVerified {
    std::string token;
    jwt::Verifier::Verified verified;
  };
  thread_local LastVerified last;
  const absl::Time now = absl::Now();
  if (last.token == header && now >= last.verified.usable_from &&
      now <= last.verified.usable_until) {
    return last.verified.principal;
  }
  JIXIAO_ASSIGN_OR_RETURN(auto verified,
                          verifier->VerifyWithWindow(header, now));
  last = LastVerified{header, verified};
  return std::move(verified.principal);
}

std::optional<jwt::BearerToken> ForwardableToken(
    const grpc::ServerContextBase& context) {
  const std::string value = AuthorizationOf(context);
  if (value.empty()) return std::nullopt;
  auto bearer = jwt::BearerToken::FromHeader(value);
  if (!bearer.ok()) return std::nullopt;
  return *std::move(bearer);
}

}  // namespace jixiao::auth

namespace jixiao::auth {

absl::Status MayAccessDepartment(const grpc::ServerContextBase& context,
                                 absl::string_view region,
                                 absl::string_view department,
                                 absl::string_view field) {
  JIXIAO_ASSIGN_OR_RETURN(auto caller, CallerOf(context));
  return access::MayAccessDepartment(caller, region, department, field);
}

absl::Status MayOverseeRegion(const grpc::ServerContextBase& context,
                              absl::string_view region, absl::string_view what,
                              absl::string_view field) {
  JIXIAO_ASSIGN_OR_RETURN(auto caller, CallerOf(context));
  if (caller.role == access::Role::kDepartment) {
    return absl::PermissionDeniedError(
        absl::StrCat(field, ": a department may not ", what,
                     "; the finance bureau of region ", region, " does"));
  }
  return MayAccessRegion(context, region, field);
}

absl::Status MayAccessRegion(const grpc::ServerContextBase& context,
                             absl::string_view region,
                             absl::string_view field) {
  JIXIAO_ASSIGN_OR_RETURN(auto caller, CallerOf(context));
  return access::MayAccessRegion(caller, region, field);
}

absl::Status MayOversee(const grpc::ServerContextBase& context) {
  JIXIAO_ASSIGN_OR_RETURN(auto caller, CallerOf(context));
  return access::MayOversee(caller);
}

}  // namespace jixiao::auth

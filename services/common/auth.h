// Who is calling, for every service: the bearer token in the "authorization"
// metadata, verified against the keys named by --jwt_hs256_secret_file or
// --jwt_rs256_public_key_file. Every RPC goes through the same check:
// Respond() (every unary handler) and the streaming reactors call it before
// any work (UNAUTHENTICATED when missing or bad), and the request-log
// interceptor records the verified subject. Handlers then ask the access
// policy (libs/access) whether the caller may touch what the call names.
// (A gRPC 1.51 server interceptor cannot end a call itself, so the refusal
// is made at the handler's entry.)
//
// With neither flag set, tokens are not checked: open mode, for one machine
// only. It needs --insecure and a loopback --listen (config::CheckOpenMode),
// and says so loudly at start. The caller is then an unverified admin named
// by x-jixiao-actor.
#ifndef JIXIAO_SERVICES_COMMON_AUTH_H_
#define JIXIAO_SERVICES_COMMON_AUTH_H_

#include <optional>
#include <string>

#include "absl/flags/declare.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "grpcpp/server_context.h"
#include "libs/access/principal.h"
#include "libs/jwt/jwt.h"

ABSL_DECLARE_FLAG(std::string, jwt_hs256_secret_file);
ABSL_DECLARE_FLAG(std::string, jwt_rs256_public_key_file);

namespace jixiao::auth {

// Reads the key files named by the flags (at most one may be set) and makes
// every later CallerOf() check tokens against them; with none, checks that
// open mode is allowed for `program` on `listen`.
absl::Status InstallFromFlags(absl::string_view program,
                              absl::string_view listen);
bool TokensChecked();

// The call's bearer token in its checked form, to send on to a peer: never
// the raw metadata value (a byte gRPC refuses in metadata aborts the
// process that sends it). nullopt when there is none or it is malformed.
std::optional<jwt::BearerToken> ForwardableToken(
    const grpc::ServerContextBase& context);

absl::StatusOr<access::Principal> CallerOf(
    const grpc::ServerContextBase& context);

// CallerOf, then the access policy (libs/access/principal.h).
absl::Status MayAccessDepartment(const grpc::ServerContextBase& context,
                                 absl::string_view region,
                                 absl::string_view department,
                                 absl::string_view field);
absl::Status MayAccessRegion(const grpc::ServerContextBase& context,
                             absl::string_view region, absl::string_view field);
absl::Status MayOversee(const grpc::ServerContextBase& context);
// Finance's moves in a region (opening a monitoring round, accepting a
// rectification, a region's lists): finance of the region or admin; a
// department is told, at `field`, that it may not `what` and who does.
absl::Status MayOverseeRegion(const grpc::ServerContextBase& context,
                              absl::string_view region, absl::string_view what,
                              absl::string_view field);

}  // namespace jixiao::auth

#endif  // JIXIAO_SERVICES_COMMON_AUTH_H_

// The bearer-token path on arbitrary bytes: the header parse (BearerToken)
// and the verifier (HS256, with issuer and audience) must never crash nor
// trip a sanitizer. Whatever parses holds only characters legal in gRPC
// metadata (the services forward it), and nothing verifies that was not
// signed with the key.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/time/clock.h"
#include "libs/jwt/jwt.h"
#include "libs/validate/validate.h"

namespace {

constexpr char kSecret[] = "fuzz-secret-0123456789-abcdefghijklmn";

const jixiao::jwt::Verifier& TheVerifier() {
  static const auto* verifier =
      jixiao::jwt::Verifier::FromHs256Secrets(kSecret, {"czj", "jixiao"})
          ->release();
  return *verifier;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  auto bearer = jixiao::jwt::BearerToken::FromHeader(bytes);
  if (bearer.ok() &&
      !jixiao::validate::IsLegalMetadataValue(bearer->Header())) {
    __builtin_trap();
  }
  auto verified = TheVerifier().Verify(bytes, absl::Now());
  if (verified.ok() && verified->subject.empty()) __builtin_trap();
  // The same bytes as a token's payload, signed: the claims' checks (times,
  // region, audience) on any JSON.
  jixiao::jwt::Claims claims;
  claims.principal.subject = "fuzz";
  claims.principal.role = jixiao::access::Role::kAdmin;
  claims.expires = absl::Now() + absl::Hours(1);
  (void)jixiao::jwt::MintHs256(claims, bytes);  // a weak secret is refused
  return 0;
}

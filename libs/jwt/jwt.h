// Bearer tokens: JSON Web Tokens signed with HS256 (a shared secret) or RS256
// (an RSA key pair: services hold only the public key). The claims Jixiao
// reads:
//   sub         who (required)
//   role        "department", "finance" or "admin" (required)
//   region      region code (required for department and finance)
//   department  department code (required for department)
//   exp         expiry, seconds since the epoch (required)
//   nbf         not before (optional)
//   iss, aud    issuer and audience: required, and checked, when the
//               verifier is given them (--jwt_issuer, --jwt_audience)
// Every claim is checked for its form (region six digits, department a
// code, subject plain text), so that what a token says can be written to
// logs and audit rows and compared as it is.
// A verifier holds every key it accepts, so that a secret or key can be
// rotated without a moment in which good tokens fail (docs/operations.md).
#ifndef JIXIAO_LIBS_JWT_JWT_H_
#define JIXIAO_LIBS_JWT_JWT_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "libs/access/principal.h"

namespace jixiao::jwt {

// The longest token accepted: a real one is a few hundred bytes.
inline constexpr size_t kMaxTokenBytes = 8192;
// The smallest RSA key accepted, to sign or to verify.
inline constexpr int kMinRsaBits = 2048;

// A bearer token as it crosses a boundary (an HTTP header, gRPC metadata): a
// compact JWS of three parts of base64url characters (header and payload
// non-empty), at most
// kMaxTokenBytes. Anything else is refused (UNAUTHENTICATED) before any
// decoding, so a token that is held, logged or forwarded to a peer holds
// only these characters: never a byte a peer's metadata would refuse.
class BearerToken {
 public:
  // From "Bearer <token>" (an Authorization header or metadata value).
  static absl::StatusOr<BearerToken> FromHeader(absl::string_view header);
  static absl::StatusOr<BearerToken> FromToken(absl::string_view token);

  const std::string& token() const { return token_; }
  std::string Header() const { return "Bearer " + token_; }

 private:
  explicit BearerToken(std::string token) : token_(std::move(token)) {}
  std::string token_;
};

// What a verifier requires beyond a good signature: the issuer and
// audience a token must name (empty: not checked).
struct Expected {
  std::string issuer;
  std::string audience;
};

class Verifier {
 public:
  // One secret a line (at least 32 bytes each, not a placeholder nor of
  // few distinct characters); blank lines are skipped.
  static absl::StatusOr<std::unique_ptr<Verifier>> FromHs256Secrets(
      absl::string_view file_text, Expected expected = {});
  // One or more PEM public keys (RSA, at least kMinRsaBits), concatenated.
  static absl::StatusOr<std::unique_ptr<Verifier>> FromRs256PublicKeys(
      absl::string_view pem, Expected expected = {});
  ~Verifier();

  // UNAUTHENTICATED, with the reason, for a token that is malformed, signed
  // by no accepted key, of another algorithm, expired or not yet valid.
  absl::StatusOr<access::Principal> Verify(absl::string_view token,
                                           absl::Time now) const;

  // The same, with the window in which the token verifies (clock skew
  // included), so that a caller may reuse the answer within it.
  struct Verified {
    access::Principal principal;
    absl::Time usable_from = absl::InfinitePast();
    absl::Time usable_until;
  };
  absl::StatusOr<Verified> VerifyWithWindow(absl::string_view token,
                                            absl::Time now) const;

 private:
  struct Keys;
  Verifier(std::unique_ptr<Keys> keys, Expected expected);
  std::unique_ptr<Keys> keys_;
  const Expected expected_;
};

struct Claims {
  access::Principal principal;
  absl::Time expires;
  std::string issuer;    // "" for none
  std::string audience;  // "" for none
};

// Why an HS256 secret is too weak to use, or OK: shorter than 32 bytes, a
// placeholder left from a template ("CHANGE-ME", "REPLACE…"), or of fewer
// than 10 distinct characters.
absl::Status CheckHs256Secret(absl::string_view secret);

absl::StatusOr<std::string> MintHs256(const Claims& claims,
                                      absl::string_view secret);
absl::StatusOr<std::string> MintRs256(const Claims& claims,
                                      absl::string_view private_key_pem);

// Checks the claims a token needs (role, region, department by role).
absl::Status ValidateClaims(const access::Principal& principal);

}  // namespace jixiao::jwt

#endif  // JIXIAO_LIBS_JWT_JWT_H_

// Bearer tokens: JSON Web Tokens signed with HS256 (a shared secret) or RS256
// (an RSA key pair: services hold only the public key). The claims Jixiao
// reads:
//   sub         who (required)
//   role        "department", "finance" or "admin" (required)
//   region      region code (required for department and finance)
//   department  department code (required for department)
//   exp         expiry, seconds since the epoch (required)
//   nbf         not before (optional)
// A verifier holds every key it accepts, so that a secret or key can be
// rotated without a moment in which good tokens fail (docs/operations.md).
#ifndef JIXIAO_LIBS_JWT_JWT_H_
#define JIXIAO_LIBS_JWT_JWT_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "libs/access/principal.h"

namespace jixiao::jwt {

class Verifier {
 public:
  // One secret a line (at least 32 bytes each); blank lines are skipped.
  static absl::StatusOr<std::unique_ptr<Verifier>> FromHs256Secrets(
      absl::string_view file_text);
  // One or more PEM public keys (RSA), concatenated.
  static absl::StatusOr<std::unique_ptr<Verifier>> FromRs256PublicKeys(
      absl::string_view pem);
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
  explicit Verifier(std::unique_ptr<Keys> keys);
  std::unique_ptr<Keys> keys_;
};

struct Claims {
  access::Principal principal;
  absl::Time expires;
};

absl::StatusOr<std::string> MintHs256(const Claims& claims,
                                      absl::string_view secret);
absl::StatusOr<std::string> MintRs256(const Claims& claims,
                                      absl::string_view private_key_pem);

// Checks the claims a token needs (role, region, department by role).
absl::Status ValidateClaims(const access::Principal& principal);

}  // namespace jixiao::jwt

#endif  // JIXIAO_LIBS_JWT_JWT_H_

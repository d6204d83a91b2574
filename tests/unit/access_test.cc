// The access policy and the token codec, without any service.
#include "absl/strings/escaping.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/access/principal.h"
#include "libs/jwt/jwt.h"
#include "tests/support/status_matchers.h"

namespace jixiao {
namespace {

using ::jixiao::test_support::IsOk;
using ::jixiao::test_support::StatusIs;
using ::testing::Not;

using access::Principal;
using access::Role;
using ::testing::HasSubstr;

Principal Of(Role role, std::string region, std::string department) {
  Principal p;
  p.subject = "s";
  p.role = role;
  p.region_code = std::move(region);
  p.department_code = std::move(department);
  p.verified = true;
  return p;
}

TEST(Access, RegionsCoverTheCodesUnderThem) {
  EXPECT_TRUE(access::RegionCovers("430725", "430725"));
  EXPECT_TRUE(access::RegionCovers("430700", "430725"));
  EXPECT_TRUE(access::RegionCovers("430000", "430725"));
  EXPECT_FALSE(access::RegionCovers("430725", "430726"));
  EXPECT_FALSE(access::RegionCovers("430700", "430800"));
  EXPECT_FALSE(access::RegionCovers("000000", "430725"));
  EXPECT_FALSE(access::RegionCovers("430725", ""));
}

TEST(Access, EachRoleReachesWhatItShould) {
  const Principal dept = Of(Role::kDepartment, "430725", "001");
  const Principal finance = Of(Role::kFinance, "430700", "");
  const Principal admin = Of(Role::kAdmin, "", "");
  EXPECT_THAT(access::MayAccessDepartment(dept, "430725", "001", "f"), IsOk());
  const auto other = access::MayAccessDepartment(dept, "430725", "002", "key");
  EXPECT_THAT(other, StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(other.message(), HasSubstr("key: department 430725/001"));
  EXPECT_THAT(access::MayAccessRegion(dept, "430725", "r"),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(access::MayAccessDepartment(finance, "430725", "009", "f"),
              IsOk());
  EXPECT_THAT(access::MayAccessRegion(finance, "430725", "r"), IsOk());
  EXPECT_THAT(access::MayAccessRegion(finance, "440100", "r"),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(access::MayAccessRegion(admin, "440100", "r"), IsOk());
  EXPECT_THAT(access::MayOversee(dept), Not(IsOk()));
  EXPECT_THAT(access::MayOversee(finance), IsOk());
}

TEST(Jwt, RoundTripsAndRefusesWhatIsWrong) {
  const std::string secret = "a-secret-of-at-least-thirty-two-bytes";
  auto verifier = jwt::Verifier::FromHs256Secrets(secret + "\n");
  ASSERT_THAT(verifier, IsOk());
  jwt::Claims claims{Of(Role::kDepartment, "430725", "001"),
                     absl::Now() + absl::Hours(1)};
  const auto token = jwt::MintHs256(claims, secret);
  ASSERT_THAT(token, IsOk());
  const auto back = (*verifier)->Verify(*token, absl::Now());
  ASSERT_THAT(back, IsOk()) << back.status();
  EXPECT_EQ(back->role, Role::kDepartment);
  EXPECT_EQ(back->department_code, "001");
  EXPECT_TRUE(back->verified);
  // Expiry, with 30 s of allowed clock skew.
  EXPECT_TRUE(
      (*verifier)->Verify(*token, absl::Now() + absl::Minutes(60)).ok());
  EXPECT_THAT(
      (*verifier)->Verify(*token, absl::Now() + absl::Minutes(62)).status(),
      StatusIs(absl::StatusCode::kUnauthenticated));
  // One changed byte of the payload breaks the signature.
  std::string tampered = *token;
  tampered[tampered.find('.') + 5] ^= 1;
  EXPECT_THAT((*verifier)->Verify(tampered, absl::Now()).status(),
              StatusIs(absl::StatusCode::kUnauthenticated));
  // Weak secrets and incomplete claims are refused when made.
  EXPECT_THAT(jwt::Verifier::FromHs256Secrets("short"), Not(IsOk()));
  EXPECT_THAT(jwt::Verifier::FromHs256Secrets("\n\n"), Not(IsOk()));
  EXPECT_THAT(jwt::MintHs256(claims, "short"), Not(IsOk()));
  claims.principal.region_code = "";
  EXPECT_THAT(jwt::MintHs256(claims, secret), Not(IsOk()));
  EXPECT_THAT(jwt::Verifier::FromRs256PublicKeys("not pem"), Not(IsOk()));
}

}  // namespace
}  // namespace jixiao

namespace jixiao {
namespace {

// RFC 7515 Appendix A.1 (also RFC 7519 §3.1): the HS256 example, with its
// key. Its signature must verify; the token is then refused for its claims
// (it names no role), never for its signature.
TEST(JwtVectors, Rfc7515AppendixA1) {
  std::string key;
  ASSERT_TRUE(absl::WebSafeBase64Unescape(
      "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUu"
      "TwjAzZr1Z9CAow",
      &key));
  auto verifier = jwt::Verifier::FromHs256Secrets(key);
  ASSERT_THAT(verifier, IsOk()) << verifier.status();
  const std::string token =
      "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9."
      "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNv"
      "bS9pc19yb290Ijp0cnVlfQ."
      "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
  const absl::Time before_expiry = absl::FromUnixSeconds(1300819000);
  const auto verified = (*verifier)->Verify(token, before_expiry);
  ASSERT_THAT(verified, Not(IsOk()));
  EXPECT_THAT(verified.status().message(), HasSubstr("role"));
  // After exp (1300819380, with 30 s of skew) it is refused as expired.
  EXPECT_THAT((*verifier)
                  ->Verify(token, absl::FromUnixSeconds(1300819500))
                  .status()
                  .message(),
              HasSubstr("expired"));
  // One bit of the signature changed, or white space inside: refused as
  // such, before any claim is read.
  std::string flipped = token;
  flipped.back() = 'j';
  EXPECT_THAT((*verifier)->Verify(flipped, before_expiry).status().message(),
              HasSubstr("signature"));
  std::string spaced = token;
  spaced.insert(spaced.size() - 4, "\t");
  EXPECT_THAT((*verifier)->Verify(spaced, before_expiry).status().message(),
              HasSubstr("base64url"));
  // The one canonical spelling: stray low bits in the last character of
  // the signature ("k" → "l" decodes to the same bytes) are refused.
  std::string noncanonical = token;
  noncanonical.back() = 'l';
  EXPECT_THAT((*verifier)->Verify(noncanonical, before_expiry), Not(IsOk()));
}

TEST(JwtVectors, WeakKeysAndTheFormOfClaims) {
  EXPECT_THAT(
      jwt::CheckHs256Secret("CHANGE-ME-to-48-random-bytes-base64-xx").message(),
      HasSubstr("placeholder"));
  EXPECT_THAT(jwt::CheckHs256Secret(std::string(40, 'a')).message(),
              HasSubstr("distinct"));
  EXPECT_THAT(jwt::CheckHs256Secret("k3J9-xQ2_vT8mN4pL7wR1sZ6yB0cF5hD"),
              IsOk());
  jwt::Claims claims;
  claims.principal.subject = "x";
  claims.principal.role = Role::kFinance;
  claims.principal.region_code = "4300";
  claims.expires = absl::Now() + absl::Hours(1);
  EXPECT_THAT(jwt::MintHs256(claims, "k3J9-xQ2_vT8mN4pL7wR1sZ6yB0cF5hD")
                  .status()
                  .message(),
              HasSubstr("region"));
  for (const char* header :
       {"Bearer a.b", "Bearer .b.c", "Bearer a..c", "Bearer a.b.c.d",
        "Bearer a b.c.d", "bearer a.b.c", "Bearer a.b.c\t"}) {
    EXPECT_THAT(jwt::BearerToken::FromHeader(header), Not(IsOk())) << header;
  }
  EXPECT_THAT(jwt::BearerToken::FromHeader("Bearer a-_.b9.c"), IsOk());
}

}  // namespace
}  // namespace jixiao

// A token signed with a test's secret for a caller of one role, region and
// department: what every suite that calls with tokens mints.
#ifndef JIXIAO_TESTS_SUPPORT_TEST_TOKEN_H_
#define JIXIAO_TESTS_SUPPORT_TEST_TOKEN_H_

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "libs/access/principal.h"
#include "libs/jwt/jwt.h"

namespace jixiao::testing {

// The subject is "user-<region>-<department>" unless one is given; "" (and
// a test failure) when the secret cannot sign.
inline std::string MintTestToken(const std::string& secret, access::Role role,
                                 const std::string& region,
                                 const std::string& department,
                                 const std::string& subject = "",
                                 absl::Duration ttl = absl::Hours(1)) {
  jwt::Claims claims;
  claims.principal.subject =
      subject.empty() ? absl::StrCat("user-", region, "-", department)
                      : subject;
  claims.principal.role = role;
  claims.principal.region_code = region;
  claims.principal.department_code = department;
  claims.expires = absl::Now() + ttl;
  auto token = jwt::MintHs256(claims, secret);
  EXPECT_TRUE(token.ok()) << token.status();
  return token.ok() ? *token : "";
}

}  // namespace jixiao::testing

#endif  // JIXIAO_TESTS_SUPPORT_TEST_TOKEN_H_

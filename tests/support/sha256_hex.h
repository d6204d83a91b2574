// A content's SHA-256 in lower-case hex: what the services report for an
// evidence file or a package's file, worked out again by a test.
#ifndef JIXIAO_TESTS_SUPPORT_SHA256_HEX_H_
#define JIXIAO_TESTS_SUPPORT_SHA256_HEX_H_

#include <openssl/sha.h>

#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/string_view.h"

namespace jixiao::test_support {

inline std::string Sha256Hex(const std::string& content) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(content.data()), content.size(),
         digest);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), sizeof(digest)));
}

}  // namespace jixiao::test_support

#endif  // JIXIAO_TESTS_SUPPORT_SHA256_HEX_H_

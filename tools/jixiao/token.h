// `jixiao token mint`: a bearer token for a person or a platform, signed with
// the HS256 secret or the RS256 private key the operators keep.
#ifndef JIXIAO_TOOLS_JIXIAO_TOKEN_H_
#define JIXIAO_TOOLS_JIXIAO_TOKEN_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace jixiao::cli {

struct MintOptions {
  std::string secret_file;       // HS256 (the first secret of the file)
  std::string private_key_file;  // RS256
  std::string subject;
  std::string role;
  std::string region_code;
  std::string department_code;
  std::string issuer;    // iss, when the services require one
  std::string audience;  // aud, likewise
  absl::Duration ttl = absl::Hours(8);
};

absl::StatusOr<std::string> MintToken(const MintOptions& options,
                                      absl::Time now);

// The token the CLI sends: the file's content without surrounding space.
absl::StatusOr<std::string> ReadToken(const std::string& path);

}  // namespace jixiao::cli

#endif  // JIXIAO_TOOLS_JIXIAO_TOKEN_H_

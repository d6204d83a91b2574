#include "libs/validate/secret.h"

#include <set>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace jixiao::validate {

absl::Status CheckSecret(absl::string_view what, absl::string_view secret,
                         SecretRule rule) {
  if (secret.size() < rule.min_bytes) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, " must be at least ", rule.min_bytes,
                     " bytes; one has ", secret.size()));
  }
  for (const char c : rule.text ? secret : absl::string_view()) {
    if (absl::ascii_iscntrl(static_cast<unsigned char>(c))) {
      return absl::InvalidArgumentError(
          absl::StrCat(what, " holds a control character"));
    }
  }
  const std::string lower = absl::AsciiStrToLower(secret);
  for (const absl::string_view placeholder :
       {"change-me", "changeme", "replace", "placeholder", "example"}) {
    if (absl::StrContains(lower, placeholder)) {
      return absl::InvalidArgumentError(
          absl::StrCat(what, " holds \"", placeholder,
                       "\": a template's placeholder is public, not a secret"));
    }
  }
  if (std::set<char>(secret.begin(), secret.end()).size() <
      rule.min_distinct_chars) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, " of fewer than ", rule.min_distinct_chars,
                     " distinct characters is guessable; use random bytes"));
  }
  return absl::OkStatus();
}

}  // namespace jixiao::validate

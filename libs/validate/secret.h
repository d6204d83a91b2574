// Shared secrets read from files (the JWT signing key, the Redis password):
// a value copied from a template or typed by hand is refused at start, so a
// deployment cannot run on a key that is public or guessable.
#ifndef JIXIAO_LIBS_VALIDATE_SECRET_H_
#define JIXIAO_LIBS_VALIDATE_SECRET_H_

#include <cstddef>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace jixiao::validate {

struct SecretRule {
  size_t min_bytes;
  size_t min_distinct_chars;
  // Whether a control character is refused: a password is text (a stray
  // line break inside is a mistake), a signing key may be raw bytes.
  bool text = false;
};

// INVALID_ARGUMENT "`what` ..." when `secret` is shorter than the rule, has
// fewer distinct characters, holds a template placeholder word (CHANGE-ME,
// replace, example, …), or is text holding a control character.
absl::Status CheckSecret(absl::string_view what, absl::string_view secret,
                         SecretRule rule);

}  // namespace jixiao::validate

#endif  // JIXIAO_LIBS_VALIDATE_SECRET_H_

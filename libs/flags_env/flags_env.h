// Environment overrides for Abseil flags: JIXIAO_<NAME> sets --<name>.
// Shared by the services and the CLI so that both read their settings the
// same way.
#ifndef JIXIAO_LIBS_FLAGS_ENV_FLAGS_ENV_H_
#define JIXIAO_LIBS_FLAGS_ENV_FLAGS_ENV_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace jixiao::flags_env {

// "storage" → "JIXIAO_STORAGE".
std::string EnvNameOf(absl::string_view flag_name);

// Applies every JIXIAO_* variable that names a registered flag. Call it
// before absl::ParseCommandLine, so that the command line wins.
absl::Status ApplyEnvironment();

}  // namespace jixiao::flags_env

#endif  // JIXIAO_LIBS_FLAGS_ENV_FLAGS_ENV_H_

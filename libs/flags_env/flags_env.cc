#include "libs/flags_env/flags_env.h"

#include <cstdlib>

#include "absl/flags/commandlineflag.h"
#include "absl/flags/reflection.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace jixiao::flags_env {

std::string EnvNameOf(absl::string_view flag_name) {
  return absl::StrCat("JIXIAO_", absl::AsciiStrToUpper(flag_name));
}

absl::Status ApplyEnvironment() {
  for (const auto& [name, flag] : absl::GetAllFlags()) {
    const std::string env = EnvNameOf(name);
    const char* value = std::getenv(env.c_str());
    if (value == nullptr) continue;
    std::string error;
    if (!flag->ParseFrom(value, &error)) {
      return absl::InvalidArgumentError(absl::StrCat(
          env, ": cannot use \"", value, "\" for --", name, ": ", error));
    }
  }
  return absl::OkStatus();
}

}  // namespace jixiao::flags_env

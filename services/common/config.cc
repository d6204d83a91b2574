#include "services/common/config.h"

#include <cstdio>
#include <cstdlib>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/reflection.h"
#include "absl/flags/usage.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/common/log.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50051",
          "address:port the gRPC server listens on (plaintext is for loopback)");
ABSL_FLAG(std::string, storage, "sqlite:data/service.db",
          "storage URL: sqlite:PATH (embedded default) or postgresql://…");
ABSL_FLAG(std::string, port_file, "",
          "when set, the bound port is written to this file once serving "
          "(for --listen with port 0)");
ABSL_FLAG(int, drain_ms, 2000,
          "on SIGTERM: time between reporting NOT_SERVING and shutting down");
ABSL_FLAG(int, shutdown_timeout_ms, 10000,
          "on SIGTERM: how long calls in flight may take before they are cancelled");
ABSL_FLAG(int, max_message_bytes, 16 * 1024 * 1024,
          "largest request or response message, in bytes");
ABSL_FLAG(std::string, log_level, "info", "debug, info, warning or error");

namespace jixiao::config {

std::string EnvNameOf(absl::string_view flag_name) {
  return absl::StrCat("JIXIAO_", absl::AsciiStrToUpper(flag_name));
}

void ParseFlags(int argc, char** argv, absl::string_view usage) {
  absl::SetProgramUsageMessage(usage);
  for (const auto& [name, flag] : absl::GetAllFlags()) {
    const std::string env = EnvNameOf(name);
    const char* value = std::getenv(env.c_str());
    if (value == nullptr) continue;
    std::string error;
    if (!flag->ParseFrom(value, &error)) {
      std::fprintf(stderr, "%s: cannot use \"%s\" for --%s: %s\n", env.c_str(), value,
                   std::string(name).c_str(), error.c_str());
      std::exit(2);
    }
  }
  absl::ParseCommandLine(argc, argv);
  log::Level level;
  if (!log::ParseLevel(absl::GetFlag(FLAGS_log_level), &level)) {
    std::fprintf(stderr, "--log_level: unknown level \"%s\"\n",
                 absl::GetFlag(FLAGS_log_level).c_str());
    std::exit(2);
  }
  log::SetMinLevel(level);
}

}  // namespace jixiao::config

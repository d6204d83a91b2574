#include "services/common/config.h"

#include <cstdio>
#include <cstdlib>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/synchronization/mutex.h"
#include "libs/flags_env/flags_env.h"
#include "services/common/log.h"
#include "services/common/tls.h"

ABSL_FLAG(
    std::string, listen, "127.0.0.1:50051",
    "address:port the gRPC server listens on (plaintext is for loopback)");
ABSL_FLAG(std::string, storage, "sqlite:data/service.db",
          "storage URL: sqlite:PATH (embedded default) or postgresql://…");
ABSL_FLAG(std::string, port_file, "",
          "when set, the bound port is written to this file once serving "
          "(for --listen with port 0)");
ABSL_FLAG(int, drain_ms, 2000,
          "on SIGTERM: time between reporting NOT_SERVING and shutting down");
ABSL_FLAG(
    int, shutdown_timeout_ms, 10000,
    "on SIGTERM: how long calls in flight may take before they are cancelled");
ABSL_FLAG(int, max_message_bytes, 16 * 1024 * 1024,
          "largest request or response message, in bytes");
ABSL_FLAG(std::string, log_level, "info", "debug, info, warning or error");

namespace jixiao::config {

void ParseFlags(int argc, char** argv, absl::string_view usage) {
  // Debian's Abseil checks every absl::Mutex acquisition for lock-order
  // cycles (a graph lookup per lock: 2-3% of a cached read's CPU, gRPC's
  // own locks included). A debugging aid; the services run without it.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  absl::SetProgramUsageMessage(usage);
  if (const absl::Status s = flags_env::ApplyEnvironment(); !s.ok()) {
    std::fprintf(stderr, "%s\n", std::string(s.message()).c_str());
    std::exit(2);
  }
  absl::ParseCommandLine(argc, argv);
  log::Level level;
  if (!log::ParseLevel(absl::GetFlag(FLAGS_log_level), &level)) {
    std::fprintf(stderr, "--log_level: unknown level \"%s\"\n",
                 absl::GetFlag(FLAGS_log_level).c_str());
    std::exit(2);
  }
  log::SetMinLevel(level);
  if (const absl::Status s = tls::InstallFromFlags(); !s.ok()) {
    std::fprintf(stderr, "%s\n", std::string(s.message()).c_str());
    std::exit(2);
  }
}

}  // namespace jixiao::config

#include "services/common/config.h"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
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
ABSL_FLAG(bool, migrate_only, false,
          "apply the storage migrations, then exit (a migration job before a "
          "rollout)");
ABSL_FLAG(bool, insecure, false,
          "run open, with no token checked and every caller an admin: only "
          "with no key set, and only on a loopback --listen");

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

bool MigrateOnly() {
  if (!absl::GetFlag(FLAGS_migrate_only)) return false;
  log::Info("migrations applied; exiting (--migrate_only)", {});
  return true;
}

bool IsLoopbackListen(absl::string_view listen) {
  absl::string_view host = listen;
  if (absl::ConsumePrefix(&host, "[")) {
    const size_t end = host.find(']');
    if (end == absl::string_view::npos) return false;
    host = host.substr(0, end);
    return host == "::1";
  }
  const size_t colon = host.rfind(':');
  if (colon == absl::string_view::npos) return false;
  host = host.substr(0, colon);
  if (host == "localhost") return true;
  // 127.0.0.0/8, written as four numbers.
  const std::vector<absl::string_view> octets = absl::StrSplit(host, '.');
  if (octets.size() != 4 || octets[0] != "127") return false;
  for (const absl::string_view octet : octets) {
    int value = -1;
    if (octet.empty() || octet.size() > 3 || !absl::SimpleAtoi(octet, &value) ||
        value < 0 || value > 255) {
      return false;
    }
  }
  return true;
}

absl::Status CheckOpenMode(absl::string_view what, absl::string_view listen) {
  if (!absl::GetFlag(FLAGS_insecure)) {
    return absl::FailedPreconditionError(absl::StrCat(
        what,
        ": no token key is set (--jwt_hs256_secret_file or "
        "--jwt_rs256_public_key_file). Set one, or pass --insecure to run "
        "open on loopback for one machine (every caller is then an admin)"));
  }
  if (!IsLoopbackListen(listen)) {
    return absl::FailedPreconditionError(absl::StrCat(
        what,
        ": --insecure serves every caller as an admin and listens on "
        "loopback only; --listen=",
        listen,
        " is not a loopback address. Set a token key to serve a "
        "network"));
  }
  // At error level, so that it stands out of every log view and alert.
  log::Error(
      "INSECURE (--insecure): no token is checked and every caller is an "
      "admin; for one machine on loopback only",
      {{"listen", listen}, {"program", what}});
  return absl::OkStatus();
}

}  // namespace jixiao::config

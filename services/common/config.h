// Configuration: command-line flags, each with an environment override.
// For a flag --storage, JIXIAO_STORAGE sets it; the command line wins over
// the environment; a secret flag names a file, never holds the secret.
#ifndef JIXIAO_SERVICES_COMMON_CONFIG_H_
#define JIXIAO_SERVICES_COMMON_CONFIG_H_

#include <string>

#include "absl/flags/declare.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"

ABSL_DECLARE_FLAG(std::string, listen);
ABSL_DECLARE_FLAG(std::string, storage);
ABSL_DECLARE_FLAG(std::string, port_file);
ABSL_DECLARE_FLAG(int, drain_ms);
ABSL_DECLARE_FLAG(int, shutdown_timeout_ms);
ABSL_DECLARE_FLAG(int, max_message_bytes);
ABSL_DECLARE_FLAG(std::string, log_level);
ABSL_DECLARE_FLAG(bool, insecure);
ABSL_DECLARE_FLAG(bool, migrate_only);

namespace jixiao::config {

// Applies JIXIAO_* environment overrides to every flag, then parses argv.
// Exits with a message naming the variable when an override does not parse.
void ParseFlags(int argc, char** argv, absl::string_view usage);

// --migrate_only: apply the storage migrations and exit 0 (logged), without
// serving (no token key, no --insecure, no port needed).
bool MigrateOnly();

// Whether `listen` ("host:port", "[v6]:port") names a loopback address
// only: 127.0.0.0/8, ::1 or localhost. An empty host or 0.0.0.0 listens on
// every interface.
bool IsLoopbackListen(absl::string_view listen);

// Open mode (no tokens checked) is for one machine: it needs --insecure, and
// then `listen` must be loopback. Says so loudly at start (`what` names the
// program); an error explains what to set otherwise.
absl::Status CheckOpenMode(absl::string_view what, absl::string_view listen);

}  // namespace jixiao::config

#endif  // JIXIAO_SERVICES_COMMON_CONFIG_H_

// The server bootstrap every service shares: listen, health per service
// name, server reflection, the request-id and log interceptor, message-size
// limits, and the SIGTERM drain (health NOT_SERVING, a short wait, then
// Shutdown with a deadline, so that a rolling update drops no call).
#ifndef JIXIAO_SERVICES_COMMON_SERVER_H_
#define JIXIAO_SERVICES_COMMON_SERVER_H_

#include <signal.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "grpcpp/impl/service_type.h"

namespace jixiao {

struct ServerConfig {
  std::string listen;
  std::string port_file;
  int drain_ms = 2000;
  int shutdown_timeout_ms = 10000;
  int max_message_bytes = 16 * 1024 * 1024;

  static ServerConfig FromFlags();
};

struct ServedService {
  grpc::Service* service;
  std::string health_name;  // e.g. "jixiao.budget.v1.BudgetService"
};

// Ignores SIGPIPE and blocks SIGTERM and SIGINT in this thread (and in the
// threads it starts afterwards), returning the set to sigwait on. Call it
// before any thread starts, so that only that sigwait sees the signals.
sigset_t BlockStopSignals();

// Serves until SIGTERM or SIGINT, then drains and returns. Call it from
// main after everything else is ready (storage open, migrations applied).
absl::Status RunServer(const ServerConfig& config,
                       const std::vector<ServedService>& services);

}  // namespace jixiao

#endif  // JIXIAO_SERVICES_COMMON_SERVER_H_

// jixiao-gateway: the plain HTTP/JSON door (Connect protocol, unary JSON)
// for platforms that do not speak gRPC. It holds no state and scales out.
#include <httplib.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>

#include <csignal>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/strings/str_split.h"
#include "libs/base/atomic_file.h"
#include "libs/base/host_port.h"
#include "services/common/config.h"
#include "services/common/log.h"
#include "services/common/server.h"
#include "services/gateway/gateway.h"

ABSL_FLAG(std::string, budget, "127.0.0.1:50051",
          "address of the budget service");
ABSL_FLAG(std::string, indicator, "127.0.0.1:50052",
          "address of the indicator service");
ABSL_FLAG(std::string, evaluation, "127.0.0.1:50053",
          "address of the evaluation service");
ABSL_FLAG(int64_t, max_body_bytes, 4 * 1024 * 1024,
          "largest request body; larger: 413");
ABSL_FLAG(int, default_timeout_ms, 10000,
          "deadline of a call without Connect-Timeout-Ms");
ABSL_FLAG(std::vector<std::string>, cors_origins, {},
          "origins browsers may call from (comma-separated; * for any); empty: "
          "no CORS");

ABSL_FLAG(std::string, console_dir, "",
          "the console's built files (web/dist, made by deploy/build.sh): "
          "served at /console/; empty: no console");

ABSL_FLAG(int, http_workers, 128,
          "HTTP worker threads: the most connections served at once");
ABSL_FLAG(int, keep_alive_seconds, 5,
          "how long an idle keep-alive connection is kept");
ABSL_FLAG(int, listen_backlog, 1024,
          "connections the kernel queues before they are accepted (capped "
          "by net.core.somaxconn)");

int main(int argc, char** argv) {
  absl::SetFlag(&FLAGS_listen, "127.0.0.1:8080");
  jixiao::config::ParseFlags(argc, argv,
                             "jixiao-gateway: HTTP/JSON for every Jixiao RPC");
  sigset_t stop_signals = jixiao::BlockStopSignals();

  jixiao::gateway::Gateway gateway(
      {.backends = {{"jixiao.budget.", absl::GetFlag(FLAGS_budget)},
                    {"jixiao.indicator.", absl::GetFlag(FLAGS_indicator)},
                    {"jixiao.evaluation.", absl::GetFlag(FLAGS_evaluation)}},
       .max_body_bytes =
           static_cast<size_t>(absl::GetFlag(FLAGS_max_body_bytes)),
       .default_timeout =
           std::chrono::milliseconds(absl::GetFlag(FLAGS_default_timeout_ms)),
       .cors_origins = absl::GetFlag(FLAGS_cors_origins),
       .insecure = absl::GetFlag(FLAGS_insecure),
       .console_dir = absl::GetFlag(FLAGS_console_dir)});
  httplib::Server server;
  // Each keep-alive connection holds a worker while it is open: with the
  // default pool (8 on two cores) the ninth client waits for a keep-alive
  // timeout. A worker mostly waits on a gRPC call, so many are cheap.
  const int workers = absl::GetFlag(FLAGS_http_workers);
  server.new_task_queue = [workers] {
    return new httplib::ThreadPool(workers);
  };
  server.set_keep_alive_timeout(absl::GetFlag(FLAGS_keep_alive_seconds));
  // httplib closes a connection after 5 requests by default: a platform
  // calling steadily would reconnect all the time.
  server.set_keep_alive_max_count(10000);
  // Headers and body leave in separate writes: with Nagle's algorithm the
  // body waits for the client's delayed ACK (40 ms on Linux).
  server.set_tcp_nodelay(true);
  // Debian's libcpp-httplib listens with a backlog of 5, built into the
  // library: a burst of new connections (a platform's pool opening, 16
  // clients at once) overflows it, the kernel drops their SYNs, and each is
  // retried a second later (p99 of 1.03 s in bench figure f). The socket is
  // remembered here and listened on again with a larger backlog once bound.
  int listening_socket = -1;
  server.set_socket_options([&listening_socket](socket_t sock) {
    httplib::default_socket_options(sock);
    listening_socket = sock;
  });
  if (const std::string dir = absl::GetFlag(FLAGS_console_dir); !dir.empty()) {
    if (auto console = jixiao::gateway::ConsoleFiles::Open(dir);
        !console.ok()) {
      jixiao::log::Error(console.status().message(), {});
      return 2;
    }
    jixiao::log::Info("console", {{"dir", absl::string_view(dir)}});
  }
  gateway.Register(server);

  const std::string listen = absl::GetFlag(FLAGS_listen);
  // The gateway checks no signature (the services do), but it refuses a
  // call without a token unless the suite runs open, and open only on
  // loopback.
  if (absl::GetFlag(FLAGS_insecure)) {
    if (const absl::Status s =
            jixiao::config::CheckOpenMode("jixiao-gateway", listen);
        !s.ok()) {
      jixiao::log::Error(s.message(), {});
      return 2;
    }
  } else {
    jixiao::log::Info("every call needs a bearer token (no --insecure)", {});
  }
  const auto address = jixiao::ParseHostPort(listen);
  if (!address.ok()) {
    jixiao::log::Error("--listen: host:port",
                       {{"listen", absl::string_view(listen)}});
    return 2;
  }
  const int backlog = absl::GetFlag(FLAGS_listen_backlog);
  if (backlog < 1) {
    jixiao::log::Error("--listen_backlog: must be at least 1", {});
    return 2;
  }
  const std::string& host = address->host;
  const int port = address->port;
  const int bound = port == 0 ? server.bind_to_any_port(host)
                              : (server.bind_to_port(host, port) ? port : -1);
  if (bound <= 0) {
    jixiao::log::Error("cannot listen",
                       {{"listen", absl::string_view(listen)}});
    return 1;
  }
  // Linux takes a second listen() on a listening socket as a new backlog.
  if (::listen(listening_socket, backlog) != 0) {
    jixiao::log::Error("cannot set --listen_backlog",
                       {{"listen", absl::string_view(listen)}});
    return 1;
  }
  if (const std::string file = absl::GetFlag(FLAGS_port_file); !file.empty()) {
    if (auto s = jixiao::WriteFileAtomically(file, absl::StrCat(bound, "\n"));
        !s.ok()) {
      jixiao::log::Error(s.message(), {});
      return 1;
    }
  }
  std::thread stopper([&server, &stop_signals] {
    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    jixiao::log::Info("stopping",
                      {{"signal", static_cast<int64_t>(signal_number)}});
    server.stop();  // finishes the requests in flight
  });
  jixiao::log::Info("serving", {{"listen", absl::string_view(listen)},
                                {"port", static_cast<int64_t>(bound)}});
  server.listen_after_bind();
  stopper.join();
  jixiao::log::Info("stopped");
  return 0;
}

#include "services/common/server.h"

#include <atomic>
#include <csignal>
#include <memory>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"
#include "libs/base/atomic_file.h"
#include "libs/base/status_macros.h"
#include "services/common/auth.h"
#include "services/common/config.h"
#include "services/common/log.h"
#include "services/common/metrics.h"
#include "services/common/request_context.h"
#include "services/common/tls.h"
#include "services/common/worker_pool.h"

namespace jixiao {

ServerConfig ServerConfig::FromFlags() {
  ServerConfig config;
  config.listen = absl::GetFlag(FLAGS_listen);
  config.port_file = absl::GetFlag(FLAGS_port_file);
  config.drain_ms = absl::GetFlag(FLAGS_drain_ms);
  config.shutdown_timeout_ms = absl::GetFlag(FLAGS_shutdown_timeout_ms);
  config.max_message_bytes = absl::GetFlag(FLAGS_max_message_bytes);
  return config;
}

sigset_t BlockStopSignals() {
  // A peer that closes its socket must not kill the process.
  std::signal(SIGPIPE, SIG_IGN);
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  return stop_signals;
}

absl::Status RunServer(const ServerConfig& config,
                       const std::vector<ServedService>& services) {
  // Blocked before gRPC starts its threads: only the sigwait below sees them.
  sigset_t stop_signals = BlockStopSignals();
  JIXIAO_RETURN_IF_ERROR(auth::InstallFromFlags(
      services.empty() ? "jixiao" : services.front().health_name,
      config.listen));

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  grpc::ServerBuilder builder;
  int bound_port = 0;
  builder.AddListeningPort(config.listen, tls::ServerCredentials(),
                           &bound_port);
  builder.SetMaxReceiveMessageSize(config.max_message_bytes);
  builder.SetMaxSendMessageSize(config.max_message_bytes);
  // Clients reconnect now and then, and so find new pods behind a headless
  // Service.
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_MS, 5 * 60 * 1000);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_GRACE_MS, 30 * 1000);
  std::vector<
      std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
      interceptors;
  interceptors.push_back(MakeRequestLogInterceptorFactory());
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  for (const ServedService& served : services)
    builder.RegisterService(served.service);

  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || bound_port == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", config.listen));
  }
  auto* health = server->GetHealthCheckService();
  health->SetServingStatus("", true);
  for (const ServedService& served : services) {
    health->SetServingStatus(served.health_name, true);
  }
  if (!config.port_file.empty()) {
    // Written whole then renamed, so a reader never sees half a number.
    if (auto s = WriteFileAtomically(config.port_file,
                                     absl::StrCat(bound_port, "\n"));
        !s.ok()) {
      server->Shutdown();
      return s;
    }
  }
  log::Info("serving", {{"listen", absl::string_view(config.listen)},
                        {"port", static_cast<int64_t>(bound_port)}});

  // The admin port: metrics, and probes for when mTLS keeps the kubelet's
  // gRPC probe out. Ready while the gRPC health says SERVING.
  std::atomic<bool> serving{true};
  metrics::AdminServer admin;
  if (const std::string listen = absl::GetFlag(FLAGS_metrics_listen);
      !listen.empty()) {
    if (auto s = admin.Start(listen, [&serving] { return serving.load(); });
        !s.ok()) {
      server->Shutdown();
      return s;
    }
    if (!config.port_file.empty()) {
      const std::string file = config.port_file + ".metrics";
      if (auto s = WriteFileAtomically(file, absl::StrCat(admin.port(), "\n"));
          !s.ok()) {
        server->Shutdown();
        return s;
      }
    }
    log::Info("metrics serving",
              {{"listen", absl::string_view(listen)},
               {"port", static_cast<int64_t>(admin.port())}});
  }

  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  serving = false;
  log::Info("draining", {{"signal", static_cast<int64_t>(signal_number)},
                         {"drain_ms", static_cast<int64_t>(config.drain_ms)}});
  health->SetServingStatus(false);
  std::this_thread::sleep_for(std::chrono::milliseconds(config.drain_ms));
  server->Shutdown(std::chrono::system_clock::now() +
                   std::chrono::milliseconds(config.shutdown_timeout_ms));
  server->Wait();
  // Every call has ended; what a handler does after ending its call (the
  // last steps of its work on a worker) must end too before the caller of
  // RunServer destroys what the handlers use.
  const absl::Time idle_by = absl::Now() + absl::Seconds(5);
  if (!WorkerPool::ForHandlers().WaitIdle(idle_by) ||
      !WorkerPool::ForStreams().WaitIdle(idle_by)) {
    log::Warning("handler work still running at exit", {});
  }
  log::Info("stopped");
  return absl::OkStatus();
}

}  // namespace jixiao

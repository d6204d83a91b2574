// Prometheus metrics of a service, served with /healthz and /readyz on the
// plaintext admin port (--metrics_listen; empty: none):
//   jixiao_rpc_requests_total{method,code}      calls served, by status code
//   jixiao_rpc_duration_seconds{method}         their latency (histogram)
//   jixiao_rpc_in_flight                        calls being served now
//   jixiao_cache_requests_total{result}         hit, miss, error, bypass
//   jixiao_db_duration_seconds{op,backend}      storage transactions
//   jixiao_db_errors_total{op,backend}
//   jixiao_outbound_duration_seconds{peer,method}  calls to other services
//   jixiao_outbound_requests_total{peer,code}
// Recording is cheap and lock-free per series after its first use.
#ifndef JIXIAO_SERVICES_COMMON_METRICS_H_
#define JIXIAO_SERVICES_COMMON_METRICS_H_

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "absl/flags/declare.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"

ABSL_DECLARE_FLAG(std::string, metrics_listen);

namespace jixiao::metrics {

void RecordRpc(absl::string_view method, int code, double seconds);
void RpcStarted();
void RpcFinished();
void RecordCache(absl::string_view result);
void RecordDatabase(absl::string_view op, absl::string_view backend,
                    double seconds, bool ok);
void RecordOutbound(absl::string_view peer, absl::string_view method, int code,
                    double seconds);

// The text exposition of every metric (what /metrics answers).
std::string Exposition();

// The admin HTTP server: /metrics, /healthz (the process lives), /readyz
// (`ready()` says so: the gRPC health is SERVING). Runs on its own thread.
class AdminServer {
 public:
  AdminServer();
  ~AdminServer();  // stops it
  // `listen` is address:port; port 0 picks a free one (see port()).
  absl::Status Start(const std::string& listen, std::function<bool()> ready);
  int port() const { return port_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  int port_ = 0;
};

}  // namespace jixiao::metrics

#endif  // JIXIAO_SERVICES_COMMON_METRICS_H_

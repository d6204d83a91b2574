#include "services/common/metrics.h"

#include <httplib.h>

#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "libs/base/host_port.h"
#include "prometheus/counter.h"
#include "prometheus/gauge.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"
#include "prometheus/text_serializer.h"

ABSL_FLAG(std::string, metrics_listen, "",
          "address:port of the plaintext admin port (/metrics, /healthz, "
          "/readyz); empty: none");

namespace jixiao::metrics {
namespace {

using prometheus::BuildCounter;
using prometheus::BuildGauge;
using prometheus::BuildHistogram;
using prometheus::Histogram;

// Latency buckets from 100 µs to 10 s.
Histogram::BucketBoundaries LatencyBuckets() {
  return {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
          0.05,   0.1,     0.25,   0.5,   1,      2.5,   10};
}

struct Families {
  std::shared_ptr<prometheus::Registry> registry =
      std::make_shared<prometheus::Registry>();
  prometheus::Family<prometheus::Counter>& rpc_requests =
      BuildCounter()
          .Name("jixiao_rpc_requests_total")
          .Help("gRPC calls served, by method and status code")
          .Register(*registry);
  prometheus::Family<Histogram>& rpc_duration =
      BuildHistogram()
          .Name("jixiao_rpc_duration_seconds")
          .Help("latency of the gRPC calls served, by method")
          .Register(*registry);
  prometheus::Gauge& rpc_in_flight = BuildGauge()
                                         .Name("jixiao_rpc_in_flight")
                                         .Help("gRPC calls being served")
                                         .Register(*registry)
                                         .Add({});
  prometheus::Family<prometheus::Counter>& cache =
      BuildCounter()
          .Name("jixiao_cache_requests_total")
          .Help("result cache lookups: hit, miss, error, bypass")
          .Register(*registry);
  prometheus::Family<Histogram>& db_duration =
      BuildHistogram()
          .Name("jixiao_db_duration_seconds")
          .Help("storage transactions, by read or write")
          .Register(*registry);
  prometheus::Family<prometheus::Counter>& db_errors =
      BuildCounter()
          .Name("jixiao_db_errors_total")
          .Help("storage transactions that failed")
          .Register(*registry);
  prometheus::Family<Histogram>& outbound_duration =
      BuildHistogram()
          .Name("jixiao_outbound_duration_seconds")
          .Help("latency of calls to other services, by peer and method")
          .Register(*registry);
  prometheus::Family<prometheus::Counter>& outbound_requests =
      BuildCounter()
          .Name("jixiao_outbound_requests_total")
          .Help("calls to other services, by peer and status code")
          .Register(*registry);
};

Families& F() {
  static Families* families = new Families;  // lives as long as the process
  return *families;
}

}  // namespace

void RecordRpc(absl::string_view method, int code, double seconds) {
  const std::string m(method);
  F().rpc_requests.Add({{"method", m}, {"code", absl::StrCat(code)}})
      .Increment();
  F().rpc_duration.Add({{"method", m}}, LatencyBuckets()).Observe(seconds);
}

void RpcStarted() { F().rpc_in_flight.Increment(); }
void RpcFinished() { F().rpc_in_flight.Decrement(); }

void RecordCache(absl::string_view result) {
  F().cache.Add({{"result", std::string(result)}}).Increment();
}

void RecordDatabase(absl::string_view op, absl::string_view backend,
                    double seconds, bool ok) {
  const std::map<std::string, std::string> labels = {
      {"op", std::string(op)}, {"backend", std::string(backend)}};
  F().db_duration.Add(labels, LatencyBuckets()).Observe(seconds);
  if (!ok) F().db_errors.Add(labels).Increment();
}

void RecordOutbound(absl::string_view peer, absl::string_view method, int code,
                    double seconds) {
  F().outbound_duration
      .Add({{"peer", std::string(peer)}, {"method", std::string(method)}},
           LatencyBuckets())
      .Observe(seconds);
  F().outbound_requests
      .Add({{"peer", std::string(peer)}, {"code", absl::StrCat(code)}})
      .Increment();
}

std::string Exposition() {
  return prometheus::TextSerializer().Serialize(F().registry->Collect());
}

struct AdminServer::Impl {
  httplib::Server server;
  std::thread thread;
};

AdminServer::AdminServer() : impl_(std::make_unique<Impl>()) {}

AdminServer::~AdminServer() {
  if (impl_->thread.joinable()) {
    impl_->server.stop();
    impl_->thread.join();
  }
}

absl::Status AdminServer::Start(const std::string& listen,
                                std::function<bool()> ready) {
  const auto address = ParseHostPort(listen);
  if (!address.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--metrics_listen: \"", listen, "\" is not address:port"));
  }
  const std::string& host = address->host;
  const int port = address->port;
  httplib::Server& s = impl_->server;
  s.Get("/metrics", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(Exposition(), "text/plain; version=0.0.4");
  });
  s.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("ok\n", "text/plain");
  });
  s.Get("/readyz", [ready](const httplib::Request&, httplib::Response& res) {
    const bool ok = ready();
    res.status = ok ? 200 : 503;
    res.set_content(ok ? "ready\n" : "not serving\n", "text/plain");
  });
  const int bound = port == 0 ? s.bind_to_any_port(host)
                              : (s.bind_to_port(host, port) ? port : -1);
  if (bound <= 0) {
    return absl::UnavailableError(
        absl::StrCat("--metrics_listen: cannot listen on ", listen));
  }
  port_ = bound;
  impl_->thread = std::thread([&s] { s.listen_after_bind(); });
  return absl::OkStatus();
}

}  // namespace jixiao::metrics

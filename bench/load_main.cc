// jixiao-bench-load: measures the cached evaluation read against its
// baselines, in the same run: the bare echo (the ceiling of any unary
// call) and one Redis GET a call (the ceiling of any read through Redis),
// each at 64 calls in flight and at one. Prints a table (figure a of the
// performance issue). bench/run.sh starts what it measures.
//
// With --h2load, each row is measured twice, one run right after the
// other: by this program's generator (gRPC's C++ client, load.h) and by
// h2load (h2load.h), printed side by side, each generator's figures over
// its own baselines. A generator that is slower than the servers would
// flatten every ratio (the baseline cannot go faster than the client);
// two unlike generators side by side show how much of a row is the client.
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "bench/h2load.h"
#include "bench/load.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/channel_arguments.h"
#include "jixiao/bench/v1/bench.grpc.pb.h"
#include "jixiao/evaluation/v1/evaluation.grpc.pb.h"
#include "libs/base/host_port.h"
#include "services/common/cache/redis_cache.h"

ABSL_FLAG(std::string, echo, "", "the baseline server (Echo and RedisGet)");
ABSL_FLAG(std::string, evaluation, "", "the evaluation service");
ABSL_FLAG(std::string, evaluation_memory, "",
          "an evaluation service that also keeps results in memory "
          "(--memory_cache_entries); empty: skip");
ABSL_FLAG(std::string, evaluation_uncached, "",
          "an evaluation service without a cache (figure b); empty: skip");
ABSL_FLAG(std::string, gateway, "",
          "the gateway in front of --evaluation (figure f); empty: skip");
ABSL_FLAG(std::string, redis, "",
          "the Redis the evaluation service and the baseline use");
ABSL_FLAG(int, duration_ms, 3000, "how long each figure runs");
ABSL_FLAG(bool, only_cached_read, false,
          "run only the cached read at 64 in flight, for --duration_ms (the "
          "load of bench/memory.sh)");
ABSL_FLAG(int, in_flight, 64, "calls in flight for --only_cached_read");
ABSL_FLAG(std::string, label, "a. cached evaluation read",
          "the row's name for --only_cached_read");
ABSL_FLAG(std::string, served_as, "HIT",
          "what --evaluation's warm reads must say they were (HIT: Redis, "
          "MEMORY: kept in memory)");
ABSL_FLAG(int, channels, 4, "channels (connections) the calls spread over");
ABSL_FLAG(std::string, h2load, "",
          "h2load (nghttp2-client) to measure each row with as well; empty: "
          "this program's generator only");
ABSL_FLAG(std::string, h2load_dir, "/tmp",
          "where h2load's request bodies, logs and output go");
ABSL_FLAG(std::vector<std::string>, metrics, {},
          "address=admin_address of each server loaded (--metrics_listen): "
          "h2load's calls are checked against the server's own count of "
          "calls ended OK");
ABSL_FLAG(std::string, region, "430725", "the department-year read");
ABSL_FLAG(std::string, department, "taoyuan-psb", "");
ABSL_FLAG(int, year, 2019, "");

namespace {

namespace bpb = ::jixiao::bench::v1;
namespace epb = ::jixiao::evaluation::v1;
using jixiao::bench::H2load;
using jixiao::bench::H2loadTarget;
using jixiao::bench::LoadResult;
using jixiao::bench::RunBlockingLoad;
using jixiao::bench::RunLoad;

constexpr char kPayloadKey[] = "jixiao:bench:payload";

// Separate connections: channels that share a subchannel share one TCP
// connection, which would measure one connection however many there are.
std::vector<std::shared_ptr<grpc::Channel>> Channels(const std::string& address,
                                                     int n) {
  std::vector<std::shared_ptr<grpc::Channel>> out;
  for (int i = 0; i < n; ++i) {
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    args.SetInt("jixiao.bench.channel", i);
    out.push_back(grpc::CreateCustomChannel(
        address, grpc::InsecureChannelCredentials(), args));
  }
  return out;
}

// `invoke(stub, context, request, response, on_done)` starts the call.
template <typename Stub, typename Request, typename Response, typename Invoke>
jixiao::bench::StartCall Caller(std::vector<std::unique_ptr<Stub>>& stubs,
                                Request request, Invoke invoke) {
  return [&stubs, request, invoke](int slot, std::function<void(bool)> done) {
    struct Call {
      grpc::ClientContext context;
      Request request;
      Response response;
    };
    auto* call = new Call;
    call->request = request;
    call->context.set_deadline(std::chrono::system_clock::now() +
                               std::chrono::seconds(5));
    Stub& stub = *stubs[slot % stubs.size()];
    invoke(stub, &call->context, &call->request, &call->response,
           [call, done](grpc::Status status) {
             done(status.ok());
             delete call;
           });
  };
}

jixiao::bench::StartCall EvaluateCaller(
    std::vector<std::unique_ptr<epb::EvaluationService::Stub>>& stubs,
    const epb::EvaluateRequest& request) {
  return Caller<epb::EvaluationService::Stub, epb::EvaluateRequest,
                epb::EvaluationResult>(
      stubs, request,
      [](auto& stub, auto* context, auto* request, auto* response, auto done) {
        stub.async()->Evaluate(context, request, response, std::move(done));
      });
}

// A row: our generator's run, and h2load's right after it.
struct Measured {
  LoadResult own;
  std::optional<LoadResult> h2load;
};

// Runs each row with both generators and keeps what the table and the
// exit status need.
class SideBySide {
 public:
  SideBySide(std::chrono::milliseconds duration, int channels)
      : duration_(duration), channels_(channels) {
    if (const std::string binary = absl::GetFlag(FLAGS_h2load);
        !binary.empty()) {
      h2load_.emplace(binary, absl::GetFlag(FLAGS_h2load_dir));
    }
    for (const std::string& pair : absl::GetFlag(FLAGS_metrics)) {
      const size_t eq = pair.find('=');
      if (eq != std::string::npos) {
        metrics_[pair.substr(0, eq)] = pair.substr(eq + 1);
      }
    }
  }

  bool with_h2load() const { return h2load_.has_value(); }

  // A gRPC target for h2load: `message` to `path` at `address`, its calls
  // counted by the server at `counted_by` (the same address but for the
  // gateway, whose calls the evaluation service behind it counts).
  H2loadTarget Grpc(const std::string& address, const std::string& path,
                    const google::protobuf::Message& message) const {
    H2loadTarget target{
        .address = address,
        .path = path,
        .body = jixiao::bench::GrpcFrame(message.SerializeAsString()),
        .grpc = true,
        .counted_method = path};
    target.metrics = MetricsOf(address);
    return target;
  }
  std::string MetricsOf(const std::string& address) const {
    const auto it = metrics_.find(address);
    return it == metrics_.end() ? "" : it->second;
  }

  Measured Run(int in_flight, const jixiao::bench::StartCall& own,
               const H2loadTarget& target) {
    Measured m;
    m.own = RunLoad(in_flight, duration_, own);
    m.h2load = RunH2load(target, in_flight);
    return m;
  }
  Measured RunBlocking(int threads, const jixiao::bench::BlockingCall& own,
                       const H2loadTarget& target) {
    Measured m;
    m.own = RunBlockingLoad(threads, duration_, own);
    // One request at a time on each connection, as our blocking clients.
    // Over HTTP/1.1 h2load's timed runs now and then never end (h2load.cc):
    // it makes as many calls as ours did in the same time instead.
    const int64_t requests = std::max<int64_t>(
        threads, (m.own.calls + threads - 1) / threads * threads);
    m.h2load = RunH2load(target, threads, threads, requests);
    return m;
  }

  int64_t Errors(const Measured& m) {
    return m.own.errors + (m.h2load ? m.h2load->errors : 0);
  }
  int64_t h2load_failures() const { return failures_; }

  // What the servers said of h2load's calls.
  void PrintChecked() const {
    if (!h2load_) return;
    if (unchecked_ > 0) {
      std::printf(
          "h2load: %lld calls not checked against a server's count (no "
          "--metrics for them)\n",
          static_cast<long long>(unchecked_));
    }
    std::printf(
        "h2load: %lld responses, %lld calls dropped in flight when its time "
        "was up; the servers counted %lld calls ended OK (grpc-status 0) and "
        "%lld otherwise\n",
        static_cast<long long>(responses_), static_cast<long long>(dropped_),
        static_cast<long long>(server_ok_),
        static_cast<long long>(server_not_ok_));
  }

 private:
  std::optional<LoadResult> RunH2load(const H2loadTarget& target, int in_flight,
                                      int connections = 0,
                                      int64_t requests = 0) {
    if (!h2load_) return std::nullopt;
    // Our generator spreads its calls over `channels_` connections: so
    // does h2load (-c), with the rest as streams on each (-m).
    if (connections == 0) {
      connections = std::min(channels_, in_flight);
      while (in_flight % connections != 0) --connections;
    }
    const auto r =
        h2load_->Run(target, in_flight, connections, duration_, requests);
    if (!r) {
      ++failures_;
      return std::nullopt;
    }
    responses_ += r->load.calls;
    dropped_ += r->dropped;
    if (r->server_ok < 0) {
      unchecked_ += r->load.calls;
    } else {
      server_ok_ += r->server_ok;
      server_not_ok_ += r->server_not_ok;
    }
    return r->load;
  }

  const std::chrono::milliseconds duration_;
  const int channels_;
  std::optional<H2load> h2load_;
  std::map<std::string, std::string> metrics_;  // address → admin address
  int64_t failures_ = 0, responses_ = 0, dropped_ = 0, unchecked_ = 0,
          server_ok_ = 0, server_not_ok_ = 0;
};

void Columns(const LoadResult& r, const LoadResult* redis,
             const LoadResult* echo) {
  std::printf(" %9.0f %8lld %8lld", r.per_second,
              static_cast<long long>(r.p50_us),
              static_cast<long long>(r.p99_us));
  if (redis != nullptr) {
    std::printf(" %7.2f", r.per_second / redis->per_second);
  } else {
    std::printf(" %7s", "");
  }
  if (echo != nullptr) {
    std::printf(" %7.2f", r.per_second / echo->per_second);
  } else {
    std::printf(" %7s", "");
  }
}

void Header(bool with_h2load) {
  // Widths in bytes: "µ" and "÷" take two bytes and one column, hence one
  // more byte than the numbers under them.
  std::printf("%-34s %6s %9s %9s %9s %8s %8s", "figure", "flight", "calls/s",
              "p50 µs", "p99 µs", "÷redis", "÷echo");
  if (with_h2load) {
    std::printf("   | h2load: %9s %9s %9s %8s %8s", "calls/s", "p50 µs",
                "p99 µs", "÷redis", "÷echo");
  }
  std::printf("\n");
}

// Each generator's figures over its own baselines.
void Row(const char* figure, int in_flight, const Measured& m,
         const Measured* redis, const Measured* echo) {
  std::printf("%-34s %6d", figure, in_flight);
  Columns(m.own, redis != nullptr ? &redis->own : nullptr,
          echo != nullptr ? &echo->own : nullptr);
  const auto h2 = [](const Measured* of) {
    return of != nullptr && of->h2load ? &*of->h2load : nullptr;
  };
  if (m.h2load) {
    std::printf("   | h2load:");
    Columns(*m.h2load, h2(redis), h2(echo));
  }
  if (m.own.errors > 0) {
    std::printf("  (%lld errors)", static_cast<long long>(m.own.errors));
  }
  if (m.h2load && m.h2load->errors > 0) {
    std::printf("  (h2load: %lld errors)",
                static_cast<long long>(m.h2load->errors));
  }
  std::printf("\n");
}

void TargetA(const char* generator, const LoadResult& cached64,
             const LoadResult& cached1, const LoadResult& redis64,
             const LoadResult& redis1, const LoadResult& echo64) {
  const bool throughput = cached64.per_second >= 0.8 * redis64.per_second;
  const bool tail = cached64.p99_us <= 1.5 * redis64.p99_us;
  const bool latency = cached1.p50_us <= 1.5 * redis1.p50_us;
  std::printf(
      "target a (%s): calls/s >= 80%% of Redis GET: %s (%.0f%%); p99 <= "
      "1.5x: %s (%.2fx); p50 at 1 in flight <= 1.5x: %s (%.2fx); stretch, "
      "60%% of echo: %.0f%%\n",
      generator, throughput ? "met" : "missed",
      100 * cached64.per_second / redis64.per_second, tail ? "met" : "missed",
      static_cast<double>(cached64.p99_us) / redis64.p99_us,
      latency ? "met" : "missed",
      static_cast<double>(cached1.p50_us) / redis1.p50_us,
      100 * cached64.per_second / echo64.per_second);
}

void TargetB(const char* generator, const LoadResult& b1) {
  std::printf(
      "target b (%s): p50 <= 2 ms: %s (%.2f ms); p99 <= 5 ms: %s (%.2f ms)\n",
      generator, b1.p50_us <= 2000 ? "met" : "missed", b1.p50_us / 1000.0,
      b1.p99_us <= 5000 ? "met" : "missed", b1.p99_us / 1000.0);
}

void TargetF(const char* generator, const LoadResult& direct,
             const LoadResult& gateway) {
  std::printf("target f (%s): gateway >= 50%% of direct gRPC: %s (%.0f%%)\n",
              generator,
              gateway.per_second >= 0.5 * direct.per_second ? "met" : "missed",
              100 * gateway.per_second / direct.per_second);
}

constexpr char kOwn[] = "jixiao-bench-load";
constexpr char kEvaluate[] = "/jixiao.evaluation.v1.EvaluationService/Evaluate";

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  const auto duration =
      std::chrono::milliseconds(absl::GetFlag(FLAGS_duration_ms));
  const int channel_count = absl::GetFlag(FLAGS_channels);

  // The cached result, and the same bytes under a key the Redis-GET
  // baseline reads: both reads move the same payload.
  epb::EvaluateRequest evaluate;
  evaluate.mutable_key()->set_region_code(absl::GetFlag(FLAGS_region));
  evaluate.mutable_key()->set_department_code(absl::GetFlag(FLAGS_department));
  evaluate.mutable_key()->set_year(absl::GetFlag(FLAGS_year));
  // The stubs of an evaluation service whose second read of `evaluate`
  // says `served_as` (warmed here).
  const auto warmed = [&](const std::string& address,
                          const std::string& served_as,
                          epb::EvaluationResult* warm)
      -> std::optional<
          std::vector<std::unique_ptr<epb::EvaluationService::Stub>>> {
    std::vector<std::unique_ptr<epb::EvaluationService::Stub>> stubs;
    for (auto& c : Channels(address, channel_count)) {
      stubs.push_back(epb::EvaluationService::NewStub(c));
    }
    for (int i = 0; i < 2; ++i) {
      grpc::ClientContext context;
      if (auto s = stubs[0]->Evaluate(&context, evaluate, warm); !s.ok()) {
        std::fprintf(stderr, "evaluate: %s\n", s.error_message().c_str());
        return std::nullopt;
      }
    }
    if (warm->cache() != served_as) {
      std::fprintf(stderr, "%s does not serve the evaluation as %s (%s)\n",
                   address.c_str(), served_as.c_str(), warm->cache().c_str());
      return std::nullopt;
    }
    return stubs;
  };
  epb::EvaluationResult warm;
  const std::string evaluation_address = absl::GetFlag(FLAGS_evaluation);
  auto evaluation =
      warmed(evaluation_address, absl::GetFlag(FLAGS_served_as), &warm);
  if (!evaluation) return 1;
  const auto evaluate_call = EvaluateCaller(*evaluation, evaluate);
  if (absl::GetFlag(FLAGS_only_cached_read)) {
    const int in_flight = absl::GetFlag(FLAGS_in_flight);
    const Measured cached{.own = RunLoad(in_flight, duration, evaluate_call)};
    Row(absl::GetFlag(FLAGS_label).c_str(), in_flight, cached, nullptr,
        nullptr);
    return cached.own.errors == 0 ? 0 : 1;
  }
  std::string bytes;
  warm.SerializeToString(&bytes);
  jixiao::cache::RedisCache redis({.address = absl::GetFlag(FLAGS_redis)});
  redis.Set(kPayloadKey, bytes);

  const std::string echo_address = absl::GetFlag(FLAGS_echo);
  std::vector<std::unique_ptr<bpb::Echo::Stub>> echo;
  std::vector<std::unique_ptr<bpb::RedisGet::Stub>> redis_get;
  for (auto& c : Channels(echo_address, channel_count)) {
    echo.push_back(bpb::Echo::NewStub(c));
    redis_get.push_back(bpb::RedisGet::NewStub(c));
  }
  bpb::Payload payload;
  payload.set_data(std::string(64, 'x'));
  bpb::Key key;
  key.set_key(kPayloadKey);
  const auto echo_call = Caller<bpb::Echo::Stub, bpb::Payload, bpb::Payload>(
      echo, payload,
      [](auto& stub, auto* context, auto* request, auto* response, auto done) {
        stub.async()->Echo(context, request, response, std::move(done));
      });
  const auto redis_call = Caller<bpb::RedisGet::Stub, bpb::Key, bpb::Value>(
      redis_get, key,
      [](auto& stub, auto* context, auto* request, auto* response, auto done) {
        stub.async()->Get(context, request, response, std::move(done));
      });

  SideBySide both(duration, channel_count);
  // h2load sends the same requests, serialized by the same messages.
  const H2loadTarget echo_target =
      both.Grpc(echo_address, "/jixiao.bench.v1.Echo/Echo", payload);
  const H2loadTarget redis_target =
      both.Grpc(echo_address, "/jixiao.bench.v1.RedisGet/Get", key);
  const H2loadTarget evaluate_target =
      both.Grpc(evaluation_address, kEvaluate, evaluate);

  std::printf(
      "payload: a cached evaluation result of %zu bytes (the echo: %zu "
      "bytes each way); %d channels; %lld ms a figure\n",
      bytes.size(), payload.data().size(), channel_count,
      static_cast<long long>(duration.count()));
  if (both.with_h2load()) {
    std::printf(
        "beside each row, h2load right after it: the same requests, as many "
        "in flight over as many connections; each ratio over the same "
        "generator's baseline\n");
  } else {
    std::printf("h2load: not run (no --h2load)\n");
  }
  std::printf("\n");
  Header(both.with_h2load());
  const Measured echo64 = both.Run(64, echo_call, echo_target);
  const Measured echo1 = both.Run(1, echo_call, echo_target);
  const Measured redis64 = both.Run(64, redis_call, redis_target);
  const Measured redis1 = both.Run(1, redis_call, redis_target);
  const Measured redis_path64 = both.Run(64, evaluate_call, evaluate_target);
  const Measured redis_path1 = both.Run(1, evaluate_call, evaluate_target);
  // The same read from a service that keeps results in memory too: the
  // figure a reader gets when it is configured.
  std::optional<Measured> memory64, memory1;
  if (const std::string address = absl::GetFlag(FLAGS_evaluation_memory);
      !address.empty()) {
    epb::EvaluationResult memory_warm;
    auto memory = warmed(address, "MEMORY", &memory_warm);
    if (!memory) return 1;
    const auto memory_call = EvaluateCaller(*memory, evaluate);
    const H2loadTarget memory_target = both.Grpc(address, kEvaluate, evaluate);
    memory64 = both.Run(64, memory_call, memory_target);
    memory1 = both.Run(1, memory_call, memory_target);
  }
  Row("baseline: bare echo", 64, echo64, nullptr, nullptr);
  Row("baseline: bare echo", 1, echo1, nullptr, nullptr);
  Row("baseline: one Redis GET", 64, redis64, nullptr, &echo64);
  Row("baseline: one Redis GET", 1, redis1, nullptr, &echo1);
  Row("a. cached read, through Redis", 64, redis_path64, &redis64, &echo64);
  Row("a. cached read, through Redis", 1, redis_path1, &redis1, &echo1);
  if (memory64) {
    Row("a. cached read, kept in memory", 64, *memory64, &redis64, &echo64);
    Row("a. cached read, kept in memory", 1, *memory1, &redis1, &echo1);
  }
  const Measured& cached64 = memory64 ? *memory64 : redis_path64;
  const Measured& cached1 = memory1 ? *memory1 : redis_path1;

  std::printf("\n");
  TargetA(kOwn, cached64.own, cached1.own, redis64.own, redis1.own, echo64.own);
  if (cached64.h2load && cached1.h2load && redis64.h2load && redis1.h2load &&
      echo64.h2load) {
    TargetA("h2load", *cached64.h2load, *cached1.h2load, *redis64.h2load,
            *redis1.h2load, *echo64.h2load);
  }
  int64_t errors =
      both.Errors(echo64) + both.Errors(echo1) + both.Errors(redis64) +
      both.Errors(redis1) + both.Errors(redis_path64) +
      both.Errors(redis_path1) +
      (memory64 ? both.Errors(*memory64) + both.Errors(*memory1) : 0);

  // b. One department evaluated without a cache: the three services and
  // their storage, every call (versions, inputs, the result written).
  if (const std::string address = absl::GetFlag(FLAGS_evaluation_uncached);
      !address.empty()) {
    std::vector<std::unique_ptr<epb::EvaluationService::Stub>> uncached;
    for (auto& c : Channels(address, channel_count)) {
      uncached.push_back(epb::EvaluationService::NewStub(c));
    }
    const auto uncached_call = EvaluateCaller(uncached, evaluate);
    const H2loadTarget uncached_target =
        both.Grpc(address, kEvaluate, evaluate);
    const Measured b1 = both.Run(1, uncached_call, uncached_target);
    const Measured b8 = both.Run(8, uncached_call, uncached_target);
    Row("b. uncached evaluation", 1, b1, nullptr, &echo1);
    Row("b. uncached evaluation", 8, b8, nullptr, &echo64);
    TargetB(kOwn, b1.own);
    if (b1.h2load) TargetB("h2load", *b1.h2load);
    errors += both.Errors(b1) + both.Errors(b8);
  }

  // f. The cached read through the gateway, as JSON over HTTP/1.1 with
  // keep-alive, one client connection per thread, beside the same read
  // made directly over gRPC at the same concurrency.
  if (const std::string address = absl::GetFlag(FLAGS_gateway);
      !address.empty()) {
    std::string json;
    (void)google::protobuf::util::MessageToJsonString(evaluate, &json);
    const auto parsed = jixiao::ParseHostPort(address);
    if (!parsed.ok()) {
      std::fprintf(stderr, "--gateway: %s\n",
                   std::string(parsed.status().message()).c_str());
      return 2;
    }
    const std::string& host = parsed->host;
    const int port = parsed->port;
    constexpr int kThreads = 16;
    std::atomic<int> gateway_failures_told = 0;
    std::vector<std::unique_ptr<httplib::Client>> clients;
    for (int t = 0; t < kThreads; ++t) {
      clients.push_back(std::make_unique<httplib::Client>(host, port));
      clients.back()->set_keep_alive(true);
      clients.back()->set_tcp_nodelay(true);
    }
    // The gateway's calls are counted by the evaluation service behind it.
    const H2loadTarget gateway_target{
        .address = address,
        .path = kEvaluate,
        .body = json,
        .grpc = false,
        .metrics = both.MetricsOf(evaluation_address),
        .counted_method = kEvaluate};
    const Measured f = both.RunBlocking(
        kThreads,
        [&](int t) {
          const auto r = clients[t]->Post(kEvaluate, json, "application/json");
          if (r && r->status == 200) return true;
          // Say why, for the first few: a failed call fails the smoke pass.
          if (gateway_failures_told.fetch_add(1) < 3) {
            std::fprintf(stderr, "gateway call failed: %s\n",
                         r ? absl::StrCat("HTTP ", r->status, " ",
                                          r->body.substr(0, 200))
                                 .c_str()
                           : httplib::to_string(r.error()).c_str());
          }
          return false;
        },
        gateway_target);
    const Measured direct = both.Run(kThreads, evaluate_call, evaluate_target);
    Row("f. direct gRPC (same read)", kThreads, direct, nullptr, nullptr);
    Row("f. cached read via gateway", kThreads, f, nullptr, nullptr);
    TargetF(kOwn, direct.own, f.own);
    if (direct.h2load && f.h2load) TargetF("h2load", *direct.h2load, *f.h2load);
    errors += both.Errors(f) + both.Errors(direct);
  }
  if (both.with_h2load()) {
    std::printf("\n");
    both.PrintChecked();
  }
  if (both.h2load_failures() > 0) {
    std::fprintf(stderr, "h2load: %lld runs failed\n",
                 static_cast<long long>(both.h2load_failures()));
  }
  return errors == 0 && both.h2load_failures() == 0 ? 0 : 1;
}

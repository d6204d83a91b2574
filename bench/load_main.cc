// jixiao-bench-load: measures the cached evaluation read against its
// baselines, in the same run: the bare echo (the ceiling of any unary
// call) and one Redis GET a call (the ceiling of any read through Redis),
// each at 64 calls in flight and at one. Prints a table (figure a of the
// performance issue). bench/run.sh starts what it measures.
#include <httplib.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_format.h"
#include "bench/load.h"
#include "google/protobuf/util/json_util.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/channel_arguments.h"
#include "jixiao/bench/v1/bench.grpc.pb.h"
#include "jixiao/evaluation/v1/evaluation.grpc.pb.h"
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
ABSL_FLAG(std::string, served_as, "HIT",
          "what --evaluation's warm reads must say they were (HIT: Redis, "
          "MEMORY: kept in memory)");
ABSL_FLAG(int, channels, 4, "channels (connections) the calls spread over");
ABSL_FLAG(std::string, region, "430725", "the department-year read");
ABSL_FLAG(std::string, department, "taoyuan-psb", "");
ABSL_FLAG(int, year, 2019, "");

namespace {

namespace bpb = ::jixiao::bench::v1;
namespace epb = ::jixiao::evaluation::v1;
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

void Row(const char* figure, int in_flight, const LoadResult& r,
         const LoadResult* redis, const LoadResult* echo) {
  std::printf("%-34s %6d %12.0f %9lld %9lld", figure, in_flight, r.per_second,
              static_cast<long long>(r.p50_us),
              static_cast<long long>(r.p99_us));
  if (redis != nullptr) std::printf(" %9.2f", r.per_second / redis->per_second);
  if (echo != nullptr) std::printf(" %9.2f", r.per_second / echo->per_second);
  if (r.errors > 0)
    std::printf("  (%lld errors)", static_cast<long long>(r.errors));
  std::printf("\n");
}

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
  auto evaluation = warmed(absl::GetFlag(FLAGS_evaluation),
                           absl::GetFlag(FLAGS_served_as), &warm);
  if (!evaluation) return 1;
  const auto evaluate_call = EvaluateCaller(*evaluation, evaluate);
  if (absl::GetFlag(FLAGS_only_cached_read)) {
    const int in_flight = absl::GetFlag(FLAGS_in_flight);
    const LoadResult cached = RunLoad(in_flight, duration, evaluate_call);
    Row("a. cached evaluation read", in_flight, cached, nullptr, nullptr);
    return cached.errors == 0 ? 0 : 1;
  }
  std::string bytes;
  warm.SerializeToString(&bytes);
  jixiao::cache::RedisCache redis({.address = absl::GetFlag(FLAGS_redis)});
  redis.Set(kPayloadKey, bytes);

  std::vector<std::unique_ptr<bpb::Echo::Stub>> echo;
  std::vector<std::unique_ptr<bpb::RedisGet::Stub>> redis_get;
  for (auto& c : Channels(absl::GetFlag(FLAGS_echo), channel_count)) {
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

  std::printf(
      "payload: a cached evaluation result of %zu bytes; %d channels; %lld ms "
      "a figure\n\n",
      bytes.size(), channel_count, static_cast<long long>(duration.count()));
  std::printf("%-34s %6s %12s %9s %9s %9s %9s\n", "figure", "flight", "calls/s",
              "p50 µs", "p99 µs", "÷redis", "÷echo");
  const LoadResult echo64 = RunLoad(64, duration, echo_call);
  const LoadResult echo1 = RunLoad(1, duration, echo_call);
  const LoadResult redis64 = RunLoad(64, duration, redis_call);
  const LoadResult redis1 = RunLoad(1, duration, redis_call);
  const LoadResult redis_path64 = RunLoad(64, duration, evaluate_call);
  const LoadResult redis_path1 = RunLoad(1, duration, evaluate_call);
  // The same read from a service that keeps results in memory too: the
  // figure a reader gets when it is configured.
  std::optional<LoadResult> memory64, memory1;
  if (const std::string address = absl::GetFlag(FLAGS_evaluation_memory);
      !address.empty()) {
    epb::EvaluationResult memory_warm;
    auto memory = warmed(address, "MEMORY", &memory_warm);
    if (!memory) return 1;
    const auto memory_call = EvaluateCaller(*memory, evaluate);
    memory64 = RunLoad(64, duration, memory_call);
    memory1 = RunLoad(1, duration, memory_call);
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
  const LoadResult& cached64 = memory64 ? *memory64 : redis_path64;
  const LoadResult& cached1 = memory1 ? *memory1 : redis_path1;

  const bool throughput = cached64.per_second >= 0.8 * redis64.per_second;
  const bool tail = cached64.p99_us <= 1.5 * redis64.p99_us;
  const bool latency = cached1.p50_us <= 1.5 * redis1.p50_us;
  std::printf(
      "\ntarget a: calls/s >= 80%% of Redis GET: %s (%.0f%%); p99 <= 1.5x: %s "
      "(%.2fx); "
      "p50 at 1 in flight <= 1.5x: %s (%.2fx); stretch, 60%% of echo: %.0f%%\n",
      throughput ? "met" : "missed",
      100 * cached64.per_second / redis64.per_second, tail ? "met" : "missed",
      static_cast<double>(cached64.p99_us) / redis64.p99_us,
      latency ? "met" : "missed",
      static_cast<double>(cached1.p50_us) / redis1.p50_us,
      100 * cached64.per_second / echo64.per_second);
  int64_t errors = echo64.errors + echo1.errors + redis64.errors +
                   redis1.errors + redis_path64.errors + redis_path1.errors +
                   (memory64 ? memory64->errors + memory1->errors : 0);

  // b. One department evaluated without a cache: the three services and
  // their storage, every call (versions, inputs, the result written).
  if (const std::string address = absl::GetFlag(FLAGS_evaluation_uncached);
      !address.empty()) {
    std::vector<std::unique_ptr<epb::EvaluationService::Stub>> uncached;
    for (auto& c : Channels(address, channel_count)) {
      uncached.push_back(epb::EvaluationService::NewStub(c));
    }
    const auto uncached_call = EvaluateCaller(uncached, evaluate);
    const LoadResult b1 = RunLoad(1, duration, uncached_call);
    const LoadResult b8 = RunLoad(8, duration, uncached_call);
    Row("b. uncached evaluation", 1, b1, nullptr, &echo1);
    Row("b. uncached evaluation", 8, b8, nullptr, &echo64);
    std::printf(
        "target b: p50 <= 2 ms: %s (%.2f ms); p99 <= 5 ms: %s (%.2f ms)\n",
        b1.p50_us <= 2000 ? "met" : "missed", b1.p50_us / 1000.0,
        b1.p99_us <= 5000 ? "met" : "missed", b1.p99_us / 1000.0);
    errors += b1.errors + b8.errors;
  }

  // f. The cached read through the gateway, as JSON over HTTP/1.1 with
  // keep-alive, one client connection per thread, beside the same read
  // made directly over gRPC at the same concurrency.
  if (const std::string address = absl::GetFlag(FLAGS_gateway);
      !address.empty()) {
    std::string json;
    (void)google::protobuf::util::MessageToJsonString(evaluate, &json);
    const size_t colon = address.rfind(':');
    const std::string host = address.substr(0, colon);
    const int port = std::stoi(address.substr(colon + 1));
    constexpr int kThreads = 16;
    std::vector<std::unique_ptr<httplib::Client>> clients;
    for (int t = 0; t < kThreads; ++t) {
      clients.push_back(std::make_unique<httplib::Client>(host, port));
      clients.back()->set_keep_alive(true);
      clients.back()->set_tcp_nodelay(true);
    }
    const LoadResult f = RunBlockingLoad(kThreads, duration, [&](int t) {
      const auto r =
          clients[t]->Post("/jixiao.evaluation.v1.EvaluationService/Evaluate",
                           json, "application/json");
      return r && r->status == 200;
    });
    const LoadResult direct = RunLoad(kThreads, duration, evaluate_call);
    Row("f. direct gRPC (same read)", kThreads, direct, nullptr, nullptr);
    Row("f. cached read via gateway", kThreads, f, nullptr, nullptr);
    std::printf("target f: gateway >= 50%% of direct gRPC: %s (%.0f%%)\n",
                f.per_second >= 0.5 * direct.per_second ? "met" : "missed",
                100 * f.per_second / direct.per_second);
    errors += f.errors + direct.errors;
  }
  return errors == 0 ? 0 : 1;
}

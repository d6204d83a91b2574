// jixiao-bench-baselines: the bare echo and the one-Redis-GET servers, on
// the same gRPC (callback API) and bootstrap as the services.
#include "absl/flags/flag.h"
#include "jixiao/bench/v1/bench.grpc.pb.h"
#include "services/common/cache/redis_cache.h"
#include "services/common/config.h"
#include "services/common/log.h"
#include "services/common/server.h"

ABSL_FLAG(std::string, redis, "", "Redis host:port for RedisGet");

namespace {

namespace pb = ::jixiao::bench::v1;

class EchoService final : public pb::Echo::CallbackService {
  grpc::ServerUnaryReactor* Echo(grpc::CallbackServerContext* context,
                                 const pb::Payload* request,
                                 pb::Payload* response) override {
    response->set_data(request->data());
    auto* reactor = context->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }
};

class RedisGetService final : public pb::RedisGet::CallbackService {
 public:
  explicit RedisGetService(jixiao::cache::RedisCache* cache) : cache_(cache) {}

  grpc::ServerUnaryReactor* Get(grpc::CallbackServerContext* context,
                                const pb::Key* request,
                                pb::Value* response) override {
    std::string value;
    response->set_found(cache_->Get(request->key(), &value) ==
                        jixiao::cache::Lookup::kHit);
    response->set_value(std::move(value));
    auto* reactor = context->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }

 private:
  jixiao::cache::RedisCache* const cache_;
};

}  // namespace

int main(int argc, char** argv) {
  absl::SetFlag(&FLAGS_listen, "127.0.0.1:0");
  jixiao::config::ParseFlags(argc, argv,
                             "jixiao-bench-baselines: echo and Redis GET");
  jixiao::cache::RedisCache cache({.address = absl::GetFlag(FLAGS_redis)});
  EchoService echo;
  RedisGetService redis_get(&cache);
  const absl::Status status =
      jixiao::RunServer(jixiao::ServerConfig::FromFlags(),
                        {{&echo, "jixiao.bench.v1.Echo"},
                         {&redis_get, "jixiao.bench.v1.RedisGet"}});
  return status.ok() ? 0 : 1;
}

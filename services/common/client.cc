#include "services/common/client.h"

#include <chrono>
#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/channel_arguments.h"
#include "grpcpp/support/client_interceptor.h"
#include "libs/validate/validate.h"
#include "services/common/auth.h"
#include "services/common/metrics.h"
#include "services/common/request_context.h"
#include "services/common/tls.h"

namespace jixiao {
namespace {

using grpc::experimental::InterceptionHookPoints;

// Times every call to a peer for the metrics (jixiao_outbound_*), labelled
// with the address the channel was made for.
class OutboundInterceptor : public grpc::experimental::Interceptor {
 public:
  OutboundInterceptor(const std::string* peer, std::string method)
      : peer_(peer),
        method_(std::move(method)),
        start_(std::chrono::steady_clock::now()) {}

  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_STATUS)) {
      const std::chrono::duration<double> took =
          std::chrono::steady_clock::now() - start_;
      metrics::RecordOutbound(*peer_, method_,
                              methods->GetRecvStatus()->error_code(),
                              took.count());
    }
    methods->Proceed();
  }

 private:
  const std::string* peer_;
  const std::string method_;
  const std::chrono::steady_clock::time_point start_;
};

class OutboundInterceptorFactory
    : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  explicit OutboundInterceptorFactory(std::string peer)
      : peer_(std::move(peer)) {}
  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo* info) override {
    return new OutboundInterceptor(&peer_, info->method());
  }

 private:
  const std::string peer_;
};

}  // namespace

std::shared_ptr<grpc::Channel> ServiceChannel(
    const std::string& address, const std::vector<std::string>& read_methods) {
  std::vector<std::string> names;
  for (const std::string& full : read_methods) {
    const size_t slash = full.find('/');
    names.push_back(absl::StrCat(R"({"service": ")", full.substr(0, slash),
                                 R"(", "method": ")", full.substr(slash + 1),
                                 R"("})"));
  }
  // Reads are idempotent: retry them when a peer is briefly unreachable (a
  // pod restarting), within each call's deadline. Other calls are not
  // retried.
  std::string config = R"({"loadBalancingConfig": [{"round_robin": {}}])";
  if (!names.empty()) {
    absl::StrAppend(
        &config, R"(, "methodConfig": [{"name": [)", absl::StrJoin(names, ", "),
        R"(], "retryPolicy": {"maxAttempts": 3, "initialBackoff": "0.05s",
         "maxBackoff": "0.5s", "backoffMultiplier": 2,
         "retryableStatusCodes": ["UNAVAILABLE"]}}])");
  }
  config.append("}");
  grpc::ChannelArguments args;
  args.SetServiceConfigJSON(config);
  // A peer that restarts (a rolling update, a crashed pod) is back within
  // seconds; gRPC's default backoff grows to two minutes between attempts,
  // so a channel could go on failing long after its peer is up again.
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 1000);
  tls::AddChannelArguments(args);
  std::vector<
      std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>>
      interceptors;
  interceptors.push_back(std::make_unique<OutboundInterceptorFactory>(address));
  return grpc::experimental::CreateCustomChannelWithInterceptors(
      address, tls::ChannelCredentials(), args, std::move(interceptors));
}

Forwarded ForwardedFrom(const grpc::ServerContextBase& context) {
  const auto token = auth::ForwardableToken(context);
  const auto caller = auth::CallerOf(context);
  return Forwarded{RequestIdOf(context), token ? token->Header() : "",
                   caller.ok() ? caller->subject : ActorOf(context),
                   caller.ok() && caller->verified
                       ? std::string(access::RoleName(caller->role))
                       : ""};
}

std::unique_ptr<grpc::ClientContext> CallContext(
    std::chrono::milliseconds deadline, const Forwarded& caller) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + deadline);
  // Both were checked where they came in; checked again here because gRPC
  // aborts the process on a metadata value it refuses.
  if (validate::IsLegalMetadataValue(caller.request_id)) {
    context->AddMetadata(std::string(kRequestIdHeader), caller.request_id);
  }
  if (validate::IsLegalMetadataValue(caller.authorization)) {
    context->AddMetadata("authorization", caller.authorization);
  }
  return context;
}

}  // namespace jixiao

#include "services/common/request_context.h"

#include <chrono>
#include <random>

#include "absl/strings/str_format.h"
#include "services/common/auth.h"
#include "services/common/log.h"
#include "services/common/metrics.h"

namespace jixiao {
namespace {

using grpc::experimental::InterceptionHookPoints;

std::string FindMetadata(const grpc::ServerContextBase& context,
                         absl::string_view key) {
  const auto& md = context.client_metadata();
  const auto it = md.find(grpc::string_ref(key.data(), key.size()));
  if (it == md.end()) return "";
  return std::string(it->second.data(), it->second.size());
}

class RequestLogInterceptor : public grpc::experimental::Interceptor {
 public:
  explicit RequestLogInterceptor(grpc::experimental::ServerRpcInfo* info)
      : info_(info), start_(std::chrono::steady_clock::now()) {}

  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      metrics::RpcStarted();
      started_ = true;
      auto* md = methods->GetRecvInitialMetadata();
      // Whether the call carried a bearer token: logged (never the token),
      // so that what the gateway passed on can be seen.
      authorization_ = md->find("authorization") != md->end();
      const auto it = md->find(
          grpc::string_ref(kRequestIdHeader.data(), kRequestIdHeader.size()));
      if (it != md->end() &&
          IsUsableId(absl::string_view(it->second.data(), it->second.size()))) {
        request_id_.assign(it->second.data(), it->second.size());
      } else {
        if (it != md->end()) md->erase(it);
        request_id_ = NewRequestId();
        // The map holds string_refs: request_id_ outlives the call's handler.
        md->emplace(
            grpc::string_ref(kRequestIdHeader.data(), kRequestIdHeader.size()),
            grpc::string_ref(request_id_));
      }
    }
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      methods->GetSendInitialMetadata()->emplace(std::string(kRequestIdHeader),
                                                 request_id_);
    }
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_STATUS)) {
      const grpc::Status status = methods->GetSendStatus();
      const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                              std::chrono::steady_clock::now() - start_)
                              .count();
      const log::Level level =
          status.ok() ? log::Level::kInfo : log::Level::kWarning;
      // Who called, when tokens are checked: the verified subject ("" for
      // a call without a good token, which the handler refused).
      std::string subject;
      if (auth::TokensChecked() && info_->server_context() != nullptr) {
        const auto caller = auth::CallerOf(*info_->server_context());
        if (caller.ok()) subject = caller->subject;
      }
      metrics::RecordRpc(info_->method(), status.error_code(),
                         static_cast<double>(micros) / 1e6);
      if (started_) {
        metrics::RpcFinished();
        started_ = false;
      }
      log::Write(level, "rpc",
                 {{"method", absl::string_view(info_->method())},
                  {"code", static_cast<int64_t>(status.error_code())},
                  {"error", absl::string_view(status.error_message())},
                  {"duration_us", static_cast<int64_t>(micros)},
                  {"request_id", absl::string_view(request_id_)},
                  {"authorization", authorization_},
                  {"subject", absl::string_view(subject)}});
    }
    methods->Proceed();
  }

 private:
  grpc::experimental::ServerRpcInfo* info_;
  std::chrono::steady_clock::time_point start_;
  std::string request_id_;
  bool authorization_ = false;
  bool started_ = false;
};

class RequestLogInterceptorFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new RequestLogInterceptor(info);
  }
};

}  // namespace

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
MakeRequestLogInterceptorFactory() {
  return std::make_unique<RequestLogInterceptorFactory>();
}

std::string RequestIdOf(const grpc::ServerContextBase& context) {
  return FindMetadata(context, kRequestIdHeader);
}

std::string AuthorizationOf(const grpc::ServerContextBase& context) {
  return FindMetadata(context, "authorization");
}

std::string ActorOf(const grpc::ServerContextBase& context) {
  std::string actor = FindMetadata(context, kActorHeader);
  return IsUsableId(actor) ? actor : "anonymous";
}

bool IsUsableId(absl::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (const char c : id) {
    if (c <= 0x20 || c >= 0x7F) return false;
  }
  return true;
}

std::string NewRequestId() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return absl::StrFormat("%016x%016x", rng(), rng());
}

}  // namespace jixiao

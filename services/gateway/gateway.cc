#include "services/gateway/gateway.h"

#include <httplib.h>

#include <algorithm>
#include <chrono>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "libs/rpcjson/json_call.h"
#include "services/common/client.h"
#include "services/common/log.h"
#include "services/common/request_context.h"
#include "services/gateway/connect.h"

namespace jixiao::gateway {
namespace {

constexpr char kJson[] = "application/json";

void Reply(httplib::Response& res, int grpc_code, absl::string_view message,
           int http = 0) {
  res.status = http != 0 ? http : HttpStatusOf(grpc_code);
  res.set_content(ErrorBody(grpc_code, message), kJson);
}

bool IsJson(const std::string& content_type) {
  const std::string lower = absl::AsciiStrToLower(content_type);
  return lower == kJson || absl::StartsWith(lower, "application/json;");
}

}  // namespace

Gateway::Gateway(GatewayOptions options) : options_(std::move(options)) {
  rpcjson::LinkServiceDescriptors();
  for (const auto& [prefix, address] : options_.backends) {
    channels_[prefix] = ServiceChannel(address, {});
  }
}

std::shared_ptr<grpc::Channel> Gateway::ChannelFor(
    const std::string& method) const {
  for (const auto& [prefix, channel] : channels_) {
    if (absl::StartsWith(method, prefix)) return channel;
  }
  return nullptr;
}

std::string Gateway::AllowedOrigin(const std::string& origin) const {
  if (origin.empty()) return "";
  for (const std::string& allowed : options_.cors_origins) {
    if (allowed == "*" || allowed == origin) return origin;
  }
  return "";
}

void Gateway::Register(httplib::Server& server) {
  server.set_payload_max_length(options_.max_body_bytes);
  server.set_error_handler(
      [this](const httplib::Request& req, httplib::Response& res) {
        // Errors httplib raises before a handler runs, in the Connect shape.
        // (It calls this for every status >= 400: a handler's body stays.)
        if (!res.body.empty()) return;
        if (res.status == 413) {
          Reply(res, 8,
                absl::StrCat("the request body is over ",
                             options_.max_body_bytes, " bytes"),
                413);
        } else if (res.status == 404) {
          Reply(res, 12, absl::StrCat("no method at ", req.path), 404);
        }
      });
  server.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("ok\n", "text/plain");
  });
  server.Options(R"(/.*)", [this](const httplib::Request& req,
                                  httplib::Response& res) {
    const std::string origin = AllowedOrigin(req.get_header_value("Origin"));
    if (origin.empty()) {
      res.status = 403;
      return;
    }
    res.status = 204;
    res.set_header("Access-Control-Allow-Origin", origin);
    res.set_header("Access-Control-Allow-Methods", "POST");
    res.set_header("Access-Control-Allow-Headers",
                   "Content-Type, Authorization, Connect-Protocol-Version, "
                   "Connect-Timeout-Ms, X-Request-Id");
    res.set_header("Access-Control-Max-Age", "600");
    res.set_header("Vary", "Origin");
  });
  server.Post(R"(/([A-Za-z0-9_.]+)/([A-Za-z0-9_]+))", [this](const httplib::
                                                                 Request& req,
                                                             httplib::Response&
                                                                 res) {
    const auto started = std::chrono::steady_clock::now();
    const std::string method =
        absl::StrCat(req.matches[1].str(), "/", req.matches[2].str());
    std::string request_id = req.get_header_value("X-Request-Id");
    if (request_id.empty() || request_id.size() > 128)
      request_id = NewRequestId();
    res.set_header("X-Request-Id", request_id);
    if (const std::string origin =
            AllowedOrigin(req.get_header_value("Origin"));
        !origin.empty()) {
      res.set_header("Access-Control-Allow-Origin", origin);
      res.set_header("Access-Control-Expose-Headers", "X-Request-Id");
      res.set_header("Vary", "Origin");
    }
    [&] {
      if (!IsJson(req.get_header_value("Content-Type"))) {
        Reply(res, 3, "Content-Type must be application/json", 415);
        res.set_header("Accept-Post", kJson);
        return;
      }
      std::chrono::milliseconds timeout = options_.default_timeout;
      if (req.has_header("Connect-Timeout-Ms")) {
        int64_t ms = 0;
        if (!absl::SimpleAtoi(req.get_header_value("Connect-Timeout-Ms"),
                              &ms) ||
            ms <= 0 || ms > 9'999'999'999) {
          Reply(res, 3,
                "Connect-Timeout-Ms: a positive whole number of milliseconds");
          return;
        }
        timeout = std::min(std::chrono::milliseconds(ms), options_.max_timeout);
      }
      const auto channel = ChannelFor(method);
      if (channel == nullptr) {
        Reply(res, 12, absl::StrCat("no service for ", method), 404);
        return;
      }
      std::vector<std::pair<std::string, std::string>> metadata = {
          {std::string(kRequestIdHeader), request_id}};
      if (req.has_header("Authorization")) {
        metadata.emplace_back("authorization",
                              req.get_header_value("Authorization"));
      }
      if (req.has_header("X-Jixiao-Actor")) {
        metadata.emplace_back(std::string(kActorHeader),
                              req.get_header_value("X-Jixiao-Actor"));
      }
      auto result =
          rpcjson::CallJson(channel, method, req.body.empty() ? "{}" : req.body,
                            timeout, metadata);
      if (!result.ok()) {
        // An unknown method is the Connect "unimplemented" at HTTP 404.
        const absl::StatusCode code = result.status().code();
        const bool unknown = code == absl::StatusCode::kNotFound;
        Reply(res, unknown ? 12 : static_cast<int>(code),
              result.status().message(), unknown ? 404 : 0);
        return;
      }
      if (result->code != 0) {
        Reply(res, result->code, result->message);
        return;
      }
      res.status = 200;
      res.set_content(result->response_json, kJson);
    }();
    log::Info("http",
              {{"method", absl::string_view(method)},
               {"status", static_cast<int64_t>(res.status)},
               {"duration_us",
                static_cast<int64_t>(
                    std::chrono::duration_cast<std::chrono::microseconds>(
                        std::chrono::steady_clock::now() - started)
                        .count())},
               {"request_id", absl::string_view(request_id)}});
  });
}

}  // namespace jixiao::gateway

#include "services/gateway/gateway.h"

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "grpcpp/support/status.h"
#include "libs/jwt/jwt.h"
#include "services/common/client.h"
#include "services/common/log.h"
#include "services/common/request_context.h"
#include "services/common/rpcjson/json_call.h"
#include "services/gateway/call_headers.h"
#include "services/gateway/connect.h"
#include "services/gateway/http_status.h"
#include "services/gateway/server_stream.h"

namespace jixiao::gateway {
namespace {

constexpr char kJson[] = "application/json";

void Reply(httplib::Response& res, grpc::StatusCode code,
           absl::string_view message, int http = 0) {
  res.status = http != 0 ? http : HttpStatusOf(code);
  res.set_content(ErrorBody(code, message), kJson);
}

// A method of a package no backend serves.
void ReplyNoService(httplib::Response& res, const std::string& method) {
  Reply(res, grpc::StatusCode::UNIMPLEMENTED,
        absl::StrCat("no service for ", method), http::kNotFound);
}

bool IsJson(const std::string& content_type) {
  const std::string lower = absl::AsciiStrToLower(content_type);
  return lower == kJson || absl::StartsWith(lower, "application/json;");
}

bool IsStreamingJson(const std::string& content_type) {
  const std::string lower = absl::AsciiStrToLower(content_type);
  return lower == kConnectStreamingJson ||
         absl::StartsWith(lower, absl::StrCat(kConnectStreamingJson, ";"));
}

// A streaming call's answer that ends before any reply: 200 and the
// end-of-stream envelope carrying the error, as Connect has it.
void EndStream(httplib::Response& res, grpc::StatusCode code,
               absl::string_view message) {
  res.status = http::kOk;
  res.set_content(EndOfStream(code, message), kConnectStreamingJson);
}

// The body of a POST, read here up to `max_bytes`: httplib's own limit holds
// for a Content-Length body but not for a chunked one, which it would take
// whole into memory whatever its size.
struct Body {
  enum class Outcome { kRead, kTooLarge, kBroken };
  Outcome outcome = Outcome::kRead;
  std::string bytes;
};

Body ReadBody(const httplib::ContentReader& read_body, size_t max_bytes) {
  Body body;
  bool too_large = false;
  const bool read = read_body([&](const char* data, size_t size) {
    if (body.bytes.size() + size > max_bytes) {
      too_large = true;
      return false;  // stop reading: the connection is closed after
    }
    body.bytes.append(data, size);
    return true;
  });
  body.outcome = too_large ? Body::Outcome::kTooLarge
                 : read    ? Body::Outcome::kRead
                           : Body::Outcome::kBroken;
  return body;
}

int64_t MicrosecondsSince(std::chrono::steady_clock::time_point started) {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::steady_clock::now() - started)
      .count();
}

// The payload segment of a bearer JWT in an Authorization header, when the
// header holds one whose payload is base64url; never the token itself.
std::optional<std::string> BearerPayload(const std::string& authorization) {
  auto bearer = jwt::BearerToken::FromHeader(authorization);
  if (!bearer.ok()) return std::nullopt;
  const std::vector<std::string> parts = absl::StrSplit(bearer->token(), '.');
  if (parts.size() != 3 || parts[1].empty() ||
      parts[1].find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij"
                                 "klmnopqrstuvwxyz0123456789_-") !=
          std::string::npos) {
    return std::nullopt;
  }
  return parts[1];
}

// GET /console/api/session: who the bearer header says calls, for a console
// behind a proxy that adds the header (single sign-on). Only the token's
// payload segment goes back, never the token; the services verify the
// token on every call, this is for display.
void ServeConsoleSession(const httplib::Request& req, httplib::Response& res,
                         bool insecure) {
  SetConsoleHeaders(res);
  res.set_header("Cache-Control", "no-store");
  if (req.has_header("Authorization")) {
    if (const auto payload =
            BearerPayload(req.get_header_value("Authorization"))) {
      res.set_content(
          absl::StrCat("{\"mode\":\"bearer\",\"payload\":\"", *payload, "\"}"),
          kJson);
      return;
    }
    res.status = http::kUnauthorized;
    res.set_content(ErrorBody(grpc::StatusCode::UNAUTHENTICATED,
                              "authorization: not a bearer JWT"),
                    kJson);
    return;
  }
  if (insecure) {
    res.set_content("{\"mode\":\"open\"}", kJson);
    return;
  }
  res.status = http::kUnauthorized;
  res.set_content(ErrorBody(grpc::StatusCode::UNAUTHENTICATED,
                            "authorization: no bearer token"),
                  kJson);
}

// The unary call, its reply or its error in the Connect shape.
void CallUnary(httplib::Response& res,
               const std::shared_ptr<grpc::Channel>& channel,
               const std::string& method, const std::string& request_json,
               const CallHeaders& call) {
  auto result = rpcjson::CallJson(channel, method, request_json, call.timeout,
                                  call.Metadata());
  if (!result.ok()) {
    // An unknown method is the Connect "unimplemented" at HTTP 404.
    const bool unknown = result.status().code() == absl::StatusCode::kNotFound;
    Reply(
        res,
        unknown ? grpc::StatusCode::UNIMPLEMENTED : GrpcCodeOf(result.status()),
        result.status().message(), unknown ? http::kNotFound : 0);
    return;
  }
  if (const auto code = static_cast<grpc::StatusCode>(result->code);
      code != grpc::StatusCode::OK) {
    Reply(res, code, result->message);
    return;
  }
  res.status = http::kOk;
  res.set_content(result->response_json, kJson);
}

// 200 and the replies as they come, each in its envelope, then the
// end-of-stream envelope; logged when the stream ends.
void StreamReplies(httplib::Response& res,
                   std::shared_ptr<grpc::Channel> channel,
                   const std::string& method, std::string request_json,
                   CallHeaders call) {
  const auto started = std::chrono::steady_clock::now();
  res.status = http::kOk;
  res.set_chunked_content_provider(
      kConnectStreamingJson,
      [channel = std::move(channel), method, started,
       request = std::move(request_json),
       call = std::move(call)](size_t, httplib::DataSink& sink) {
        int64_t messages = 0;
        const auto [code, message] =
            CallServerStreaming(channel, method, request, call.timeout,
                                call.Metadata(), [&](const std::string& reply) {
                                  ++messages;
                                  const std::string frame = Envelope(0, reply);
                                  return sink.write(frame.data(), frame.size());
                                });
        const std::string end = EndOfStream(code, message);
        sink.write(end.data(), end.size());
        sink.done();
        log::Info("http stream",
                  {{"method", absl::string_view(method)},
                   {"code", static_cast<int64_t>(code)},
                   {"messages", messages},
                   {"duration_us", MicrosecondsSince(started)},
                   {"request_id", absl::string_view(call.request_id)}});
        return true;
      });
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

HeaderRules Gateway::Rules() const {
  return {options_.insecure, options_.default_timeout, options_.max_timeout};
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
  OpenConsole();
  // First: httplib takes the first route that matches, and the API's POST
  // route would take /console/x for a method.
  if (console_) RegisterConsole(server);
  RegisterErrorHandler(server);
  RegisterHealth(server);
  RegisterCorsPreflight(server);
  RegisterRpcs(server);
}

void Gateway::OpenConsole() {
  if (options_.console_dir.empty()) return;
  // main checked the folder with ConsoleFiles::Open before; one that went
  // away since is logged and not served.
  auto console = ConsoleFiles::Open(options_.console_dir);
  if (!console.ok()) {
    log::Error(console.status().message(), {});
    return;
  }
  console_.emplace(*std::move(console));
}

void Gateway::RegisterConsole(httplib::Server& server) {
  // Before the files' route, which would take the session's path.
  server.Get("/console/api/session",
             [insecure = options_.insecure](const httplib::Request& req,
                                            httplib::Response& res) {
               ServeConsoleSession(req, res, insecure);
             });
  console_->Register(server);
}

void Gateway::RegisterErrorHandler(httplib::Server& server) const {
  server.set_error_handler(
      [this](const httplib::Request& req, httplib::Response& res) {
        // Errors httplib raises before a handler runs, in the Connect shape.
        // (It calls this for every status >= 400: a handler's body stays.)
        if (!res.body.empty()) return;
        if (res.status == http::kPayloadTooLarge) {
          Reply(res, grpc::StatusCode::RESOURCE_EXHAUSTED,
                absl::StrCat("the request body is over ",
                             options_.max_body_bytes, " bytes"),
                http::kPayloadTooLarge);
        } else if (res.status == http::kNotFound) {
          Reply(res, grpc::StatusCode::UNIMPLEMENTED,
                absl::StrCat("no method at ", req.path), http::kNotFound);
        }
      });
}

void Gateway::RegisterHealth(httplib::Server& server) {
  server.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("ok\n", "text/plain");
  });
}

void Gateway::RegisterCorsPreflight(httplib::Server& server) const {
  server.Options(R"(/.*)", [this](const httplib::Request& req,
                                  httplib::Response& res) {
    const std::string origin = AllowedOrigin(req.get_header_value("Origin"));
    if (origin.empty()) {
      res.status = http::kForbidden;
      return;
    }
    res.status = http::kNoContent;
    res.set_header("Access-Control-Allow-Origin", origin);
    res.set_header("Access-Control-Allow-Methods", "POST");
    res.set_header("Access-Control-Allow-Headers",
                   "Content-Type, Authorization, Connect-Protocol-Version, "
                   "Connect-Timeout-Ms, X-Request-Id");
    res.set_header("Access-Control-Max-Age", "600");
    res.set_header("Vary", "Origin");
  });
}

void Gateway::RegisterRpcs(httplib::Server& server) const {
  // With a ContentReader: the handler reads the body itself (ReadBody).
  server.Post(R"(/([A-Za-z0-9_.]+)/([A-Za-z0-9_]+))",
              [this](const httplib::Request& req, httplib::Response& res,
                     const httplib::ContentReader& read_body) {
                Serve(req, res, read_body);
              });
}

void Gateway::Serve(const httplib::Request& req, httplib::Response& res,
                    const httplib::ContentReader& read_body) const {
  const auto started = std::chrono::steady_clock::now();
  const std::string method =
      absl::StrCat(req.matches[1].str(), "/", req.matches[2].str());
  const std::vector<std::pair<std::string, std::string>> headers(
      req.headers.begin(), req.headers.end());
  std::string request_id = ResponseRequestId(headers);
  AllowCorsResponse(req, res);
  const bool streaming = IsStreamingJson(req.get_header_value("Content-Type"));
  if (streaming) {
    ServeStream(req, res, read_body, method, headers, &request_id);
  } else {
    ServeUnary(req, res, read_body, method, headers, &request_id);
  }
  res.set_header("X-Request-Id", request_id);
  if (streaming && res.status == 200 && res.body.empty()) return;  // logs later
  log::Info("http", {{"method", absl::string_view(method)},
                     {"status", static_cast<int64_t>(res.status)},
                     {"duration_us", MicrosecondsSince(started)},
                     {"request_id", absl::string_view(request_id)}});
}

void Gateway::AllowCorsResponse(const httplib::Request& req,
                                httplib::Response& res) const {
  const std::string origin = AllowedOrigin(req.get_header_value("Origin"));
  if (origin.empty()) return;
  res.set_header("Access-Control-Allow-Origin", origin);
  res.set_header("Access-Control-Expose-Headers", "X-Request-Id");
  res.set_header("Vary", "Origin");
}

void Gateway::ServeUnary(
    const httplib::Request& req, httplib::Response& res,
    const httplib::ContentReader& read_body, const std::string& method,
    const std::vector<std::pair<std::string, std::string>>& headers,
    std::string* request_id) const {
  if (!IsJson(req.get_header_value("Content-Type"))) {
    Reply(res, grpc::StatusCode::INVALID_ARGUMENT,
          "Content-Type must be application/json", http::kUnsupportedMediaType);
    res.set_header("Accept-Post", kJson);
    return;
  }
  auto call = ParseCallHeaders(headers, Rules());
  if (!call.ok()) {
    Reply(res, GrpcCodeOf(call.status()), call.status().message());
    return;
  }
  *request_id = call->request_id;
  const auto too_large_reply = [&] {
    Reply(res, grpc::StatusCode::RESOURCE_EXHAUSTED,
          absl::StrCat("the request body is over ", options_.max_body_bytes,
                       " bytes"),
          http::kPayloadTooLarge);
    res.set_header("Connection", "close");
  };
  // A declared length over the limit is refused before a byte is read.
  if (uint64_t declared = 0;
      absl::SimpleAtoi(req.get_header_value("Content-Length"), &declared) &&
      declared > options_.max_body_bytes) {
    too_large_reply();
    return;
  }
  const Body body = ReadBody(read_body, options_.max_body_bytes);
  if (body.outcome == Body::Outcome::kTooLarge) {
    too_large_reply();
    return;
  }
  if (body.outcome == Body::Outcome::kBroken) {
    Reply(res, grpc::StatusCode::INVALID_ARGUMENT,
          "the request body could not be read");
    res.set_header("Connection", "close");
    return;
  }
  const auto channel = ChannelFor(method);
  if (channel == nullptr) {
    ReplyNoService(res, method);
    return;
  }
  CallUnary(res, channel, method, body.bytes.empty() ? "{}" : body.bytes,
            *call);
}

void Gateway::ServeStream(
    const httplib::Request& req, httplib::Response& res,
    const httplib::ContentReader& read_body, const std::string& method,
    const std::vector<std::pair<std::string, std::string>>& headers,
    std::string* request_id) const {
  if (!IsServerStreaming(method)) {
    Reply(res, grpc::StatusCode::UNIMPLEMENTED,
          absl::StrCat(method,
                       " does not stream its replies: POST it as "
                       "application/json"),
          http::kUnsupportedMediaType);
    return;
  }
  auto call = ParseCallHeaders(headers, Rules());
  if (!call.ok()) {
    EndStream(res, GrpcCodeOf(call.status()), call.status().message());
    return;
  }
  *request_id = call->request_id;
  const Body body = ReadBody(read_body, options_.max_body_bytes);
  if (body.outcome != Body::Outcome::kRead) {
    const bool too_large = body.outcome == Body::Outcome::kTooLarge;
    Reply(res,
          too_large ? grpc::StatusCode::RESOURCE_EXHAUSTED
                    : grpc::StatusCode::INVALID_ARGUMENT,
          too_large ? "the request body is too large"
                    : "the request body could not be read",
          too_large ? http::kPayloadTooLarge : http::kBadRequest);
    res.set_header("Connection", "close");
    return;
  }
  auto json = UnwrapEnvelope(body.bytes);
  if (!json.ok()) {
    EndStream(res, grpc::StatusCode::INVALID_ARGUMENT, json.status().message());
    return;
  }
  const auto channel = ChannelFor(method);
  if (channel == nullptr) {
    ReplyNoService(res, method);
    return;
  }
  StreamReplies(res, channel, method, *std::move(json), *std::move(call));
}

}  // namespace jixiao::gateway

// The HTTP/JSON door: every unary RPC of every service as
// POST /<package>.<Service>/<Method> with a JSON body (the Connect
// protocol's unary JSON form), mapped generically through the protobuf
// descriptors and a generic stub. A new RPC needs no gateway code. The
// gateway holds no state: tokens, request ids and deadlines pass through.
#ifndef JIXIAO_SERVICES_GATEWAY_GATEWAY_H_
#define JIXIAO_SERVICES_GATEWAY_GATEWAY_H_

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "grpcpp/channel.h"
#include "services/gateway/call_headers.h"
#include "services/gateway/console_files.h"

namespace httplib {
class ContentReader;
struct Request;
struct Response;
class Server;
}  // namespace httplib

namespace jixiao::gateway {

struct GatewayOptions {
  // Backend address by proto package prefix: "jixiao.budget." → host:port.
  std::map<std::string, std::string> backends;
  size_t max_body_bytes = 4 * 1024 * 1024;
  std::chrono::milliseconds default_timeout{10'000};
  std::chrono::milliseconds max_timeout{60'000};
  // Origins allowed to call from a browser; "*" for any; empty: no CORS.
  std::vector<std::string> cors_origins;
  // Open mode: calls without a token pass, X-Jixiao-Actor names the caller.
  bool insecure = false;
  // The console's built files (web/, `npm run build`): served at /console/
  // when set (console_files.h).
  std::string console_dir;
};

class Gateway {
 public:
  explicit Gateway(GatewayOptions options);

  // Installs the routes on `server` (the console's first, when it has a
  // folder: check it with ConsoleFiles::Open before).
  void Register(httplib::Server& server);

 private:
  // The steps of Register, in the order httplib must see them.
  void OpenConsole();
  void RegisterConsole(httplib::Server& server);
  void RegisterErrorHandler(httplib::Server& server) const;
  static void RegisterHealth(httplib::Server& server);
  void RegisterCorsPreflight(httplib::Server& server) const;
  void RegisterRpcs(httplib::Server& server) const;

  // One POST, unary or streaming, answered with its request id and logged.
  void Serve(const httplib::Request& req, httplib::Response& res,
             const httplib::ContentReader& read_body) const;
  // The CORS headers of an answer to an allowed origin.
  void AllowCorsResponse(const httplib::Request& req,
                         httplib::Response& res) const;
  // The unary form (application/json): headers checked into a CallHeaders,
  // the body read up to max_body_bytes, the backend called.
  void ServeUnary(
      const httplib::Request& req, httplib::Response& res,
      const httplib::ContentReader& read_body, const std::string& method,
      const std::vector<std::pair<std::string, std::string>>& headers,
      std::string* request_id) const;
  // The Connect server-streaming form (application/connect+json) of a
  // method that streams its replies (server_stream.h).
  void ServeStream(
      const httplib::Request& req, httplib::Response& res,
      const httplib::ContentReader& read_body, const std::string& method,
      const std::vector<std::pair<std::string, std::string>>& headers,
      std::string* request_id) const;
  std::shared_ptr<grpc::Channel> ChannelFor(const std::string& method) const;
  std::string AllowedOrigin(const std::string& origin) const;
  // What a call's headers are checked against (ParseCallHeaders).
  HeaderRules Rules() const;

  const GatewayOptions options_;
  std::optional<ConsoleFiles> console_;
  std::map<std::string, std::shared_ptr<grpc::Channel>> channels_;
};

}  // namespace jixiao::gateway

#endif  // JIXIAO_SERVICES_GATEWAY_GATEWAY_H_

// The gateway as an attacker meets it: arbitrary bytes sent as an HTTP
// request over a loopback connection to the real HTTP server (httplib, the
// gateway's routes, header checks, body limit and chunked decoding), with
// backends that answer nothing. The process must survive every input (an
// abort or a sanitizer report is a finding), and no request may hold more
// than the body limit.
#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>

#include "services/gateway/gateway.h"

namespace {

int ServerPort() {
  static const int port = [] {
    auto* gateway = new jixiao::gateway::Gateway(
        {.backends = {{"jixiao.budget.", "127.0.0.1:1"},
                      {"jixiao.indicator.", "127.0.0.1:1"},
                      {"jixiao.evaluation.", "127.0.0.1:1"}},
         .max_body_bytes = 4096,
         .default_timeout = std::chrono::milliseconds(50),
         .max_timeout = std::chrono::milliseconds(50),
         .cors_origins = {"https://oa.example.gov.cn"}});
    auto* server = new httplib::Server();
    server->set_read_timeout(0, 200'000);
    gateway->Register(*server);
    const int bound = server->bind_to_any_port("127.0.0.1");
    std::thread([server] { server->listen_after_bind(); }).detach();
    while (!server->is_running()) std::this_thread::yield();
    return bound;
  }();
  return port;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(ServerPort()));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    ::close(fd);
    return 0;
  }
  timeval timeout{0, 300'000};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof(timeout));
  (void)::send(fd, data, size, MSG_NOSIGNAL);
  ::shutdown(fd, SHUT_WR);  // the request ends here
  char buffer[4096];
  while (::recv(fd, buffer, sizeof(buffer), 0) > 0) {
  }
  ::close(fd);
  return 0;
}

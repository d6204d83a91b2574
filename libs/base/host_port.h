// "host:port" as the flags and peers write it ("127.0.0.1:8080",
// "budget:50051", "[::1]:9090", ":0"): one reading for every listener and
// client, so all accept and refuse the same addresses.
#ifndef JIXIAO_LIBS_BASE_HOST_PORT_H_
#define JIXIAO_LIBS_BASE_HOST_PORT_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace jixiao {

struct HostPort {
  std::string host;  // all before the last ':' ("[::1]" keeps its brackets)
  int port = 0;      // 0..65535; 0 asks the system for a free port
};

// INVALID_ARGUMENT naming the address when it has no ':' or its port is not
// a number in 0..65535.
absl::StatusOr<HostPort> ParseHostPort(absl::string_view address);

}  // namespace jixiao

#endif  // JIXIAO_LIBS_BASE_HOST_PORT_H_

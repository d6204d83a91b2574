// The same closed-loop measure as RunLoad, made by h2load (nghttp2): a
// second load generator in C, one thread, next to ours, so that what our
// generator costs (gRPC's client stack and threads on the same two cores)
// cannot hide in the baselines or the figures measured against them.
//
// h2load counts any 2xx response as a success, and a gRPC call that fails
// still answers HTTP 200 (its grpc-status is in the trailers, which h2load
// does not read). So each run is checked against the server's own count:
// jixiao_rpc_requests_total{method,code} on its admin port, before and
// after; a call that did not end OK there is an error here.
#ifndef JIXIAO_BENCH_H2LOAD_H_
#define JIXIAO_BENCH_H2LOAD_H_

#include <chrono>
#include <optional>
#include <string>

#include "bench/load.h"

namespace jixiao::bench {

// The body of a unary gRPC request: the 5-byte prefix (not compressed,
// length big-endian) and the serialized message.
std::string GrpcFrame(const std::string& message);

struct H2loadTarget {
  std::string address;  // 127.0.0.1:port: h2load loads loopback only
  std::string path;     // /package.Service/Method
  std::string body;     // the request body as sent (GrpcFrame, or JSON)
  bool grpc = true;     // false: HTTP/1.1 with a JSON body (the gateway)
  // The admin address (host:port) of the service that counts the calls,
  // and the gRPC method it counts them under (for the gateway: the
  // evaluation service behind it). Empty: not checked (said in the result).
  std::string metrics;
  std::string counted_method;
};

struct H2loadResult {
  LoadResult load;
  // Calls the server counted as ended OK, or -1 when there was no count.
  int64_t server_ok = -1;
  // Calls the server ended otherwise (any code but 0). A call still in
  // flight when h2load's time is up is dropped (CANCELLED); only more of
  // them than h2load dropped is an error.
  int64_t server_not_ok = 0;
  int64_t dropped = 0;
};

class H2load {
 public:
  // `binary`: the h2load to run; `dir`: where bodies, logs and its output
  // go (kept for a look after a failed run).
  H2load(std::string binary, std::string dir);

  // `in_flight` calls at once over `connections` connections (h2load's
  // -c; -m is the rest) for `duration`, or, with `requests` > 0, for that
  // many calls (h2load's -n). Nothing when h2load could not run, did not
  // end in time, or its output could not be read (said on stderr).
  std::optional<H2loadResult> Run(const H2loadTarget& target, int in_flight,
                                  int connections,
                                  std::chrono::milliseconds duration,
                                  int64_t requests = 0);

 private:
  std::string binary_;
  std::string dir_;
  int runs_ = 0;
};

}  // namespace jixiao::bench

#endif  // JIXIAO_BENCH_H2LOAD_H_

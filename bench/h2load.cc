#include "bench/h2load.h"

#include <fcntl.h>
#include <httplib.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "libs/base/host_port.h"

extern char** environ;

namespace jixiao::bench {
namespace {

// jixiao_rpc_requests_total of `method` on the admin port at `address`, by
// status code; nothing when it cannot be read.
std::optional<std::map<int, int64_t>> ServerCounts(const std::string& address,
                                                   const std::string& method) {
  const auto admin = ParseHostPort(address);
  if (!admin.ok()) return std::nullopt;
  httplib::Client client(admin->host, admin->port);
  const auto response = client.Get("/metrics");
  if (!response || response->status != 200) return std::nullopt;
  std::map<int, int64_t> counts;
  const std::string wanted = absl::StrCat("method=\"", method, "\"");
  for (absl::string_view line : absl::StrSplit(response->body, '\n')) {
    if (!absl::ConsumePrefix(&line, "jixiao_rpc_requests_total{") ||
        !absl::StrContains(line, wanted)) {
      continue;
    }
    const size_t code_at = line.find("code=\"");
    const size_t value_at = line.rfind(' ');
    if (code_at == absl::string_view::npos ||
        value_at == absl::string_view::npos) {
      continue;
    }
    absl::string_view code = line.substr(code_at + 6);
    code = code.substr(0, code.find('"'));
    int c = 0;
    double value = 0;  // the text exposition writes counters as doubles
    if (absl::SimpleAtoi(code, &c) &&
        absl::SimpleAtod(line.substr(value_at + 1), &value)) {
      counts[c] += static_cast<int64_t>(value);
    }
  }
  return counts;
}

// The first number after `label` in `text` ("requests: 5 total, …").
std::optional<double> NumberAfter(const std::string& text,
                                  std::string_view label) {
  const size_t at = text.find(label);
  if (at == std::string::npos) return std::nullopt;
  std::istringstream in(text.substr(at + label.size()));
  double value = 0;
  if (!(in >> value)) return std::nullopt;
  return value;
}

// The number just before `label` ("…, 5 succeeded, …", "…, 26752.50 req/s").
std::optional<double> NumberBefore(const std::string& text,
                                   std::string_view label) {
  const size_t at = text.find(label);
  if (at == std::string::npos) return std::nullopt;
  size_t begin = text.rfind(' ', at == 0 ? 0 : at - 2);
  begin = begin == std::string::npos ? 0 : begin + 1;
  double value = 0;
  if (!absl::SimpleAtod(text.substr(begin, at - begin), &value)) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

std::string GrpcFrame(const std::string& message) {
  const uint32_t n = static_cast<uint32_t>(message.size());
  std::string frame = {'\0', static_cast<char>(n >> 24),
                       static_cast<char>(n >> 16), static_cast<char>(n >> 8),
                       static_cast<char>(n)};
  return frame + message;
}

H2load::H2load(std::string binary, std::string dir)
    : binary_(std::move(binary)), dir_(std::move(dir)) {}

std::optional<H2loadResult> H2load::Run(const H2loadTarget& target,
                                        int in_flight, int connections,
                                        std::chrono::milliseconds duration,
                                        int64_t requests) {
  // Never anything but this machine's loopback.
  if (!absl::StartsWith(target.address, "127.0.0.1:")) {
    std::fprintf(stderr, "h2load: %s is not on 127.0.0.1; not loaded\n",
                 target.address.c_str());
    return std::nullopt;
  }
  const std::string run = absl::StrCat(dir_, "/run", ++runs_);
  const std::string body = run + ".body", log = run + ".log",
                    out = run + ".out";
  std::ofstream(body, std::ios::binary) << target.body;
  std::remove(log.c_str());  // h2load appends to its log

  std::vector<std::string> args = {binary_,
                                   "-c",
                                   absl::StrCat(connections),
                                   "-m",
                                   absl::StrCat(in_flight / connections),
                                   "-d",
                                   body,
                                   "--log-file=" + log};
  if (requests > 0) {
    args.insert(args.end(), {"-n", absl::StrCat(requests)});
  } else {
    args.insert(args.end(), {"-D", absl::StrCat(duration.count(), "ms")});
  }
  if (target.grpc) {
    args.insert(args.end(),
                {"-H", "content-type: application/grpc", "-H", "te: trailers"});
  } else {
    // The gateway speaks HTTP/1.1; one request at a time on a connection,
    // as the blocking clients of our generator do.
    args.insert(args.end(), {"--h1", "-H", "content-type: application/json"});
  }
  args.push_back(absl::StrCat("http://", target.address, target.path));

  std::optional<std::map<int, int64_t>> before;
  if (!target.metrics.empty()) {
    before = ServerCounts(target.metrics, target.counted_method);
    if (!before) {
      std::fprintf(stderr, "h2load: no metrics at %s\n",
                   target.metrics.c_str());
      return std::nullopt;
    }
  }

  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, binary_.c_str(), &actions, nullptr,
                                  argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    std::fprintf(stderr, "h2load: cannot run %s\n", binary_.c_str());
    return std::nullopt;
  }
  // h2load 1.52 over HTTP/1.1 with -D now and then keeps its connections
  // busy after its time is up and never ends (the gateway run, about one
  // in five): a run that is long overdue is killed and fails.
  const auto overdue = std::chrono::steady_clock::now() + 4 * duration +
                       std::chrono::seconds(10);
  int status = 0;
  pid_t waited = 0;
  while ((waited = waitpid(pid, &status, WNOHANG)) == 0 &&
         std::chrono::steady_clock::now() < overdue) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (waited == 0) {
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    std::fprintf(stderr, "h2load did not end in time; killed: see %s\n",
                 out.c_str());
    return std::nullopt;
  }
  if (waited != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::fprintf(stderr, "h2load failed: see %s\n", out.c_str());
    return std::nullopt;
  }

  std::stringstream text;
  text << std::ifstream(out).rdbuf();
  const std::string output = text.str();
  const auto started = NumberBefore(output, " started,");
  const auto done = NumberBefore(output, " done,");
  const auto succeeded = NumberBefore(output, " succeeded,");
  const auto rate = NumberBefore(output, " req/s");
  const auto status_2xx = NumberAfter(output, "status codes: ");
  if (!started || !done || !succeeded || !rate || !status_2xx) {
    std::fprintf(stderr, "h2load: cannot read %s\n", out.c_str());
    return std::nullopt;
  }
  std::vector<int64_t> latencies;
  std::ifstream in(log);
  for (std::string line; std::getline(in, line);) {
    // start (µs since the epoch), HTTP status, duration (µs)
    const std::vector<absl::string_view> fields = absl::StrSplit(line, '\t');
    int64_t us = 0;
    if (fields.size() == 3 && absl::SimpleAtoi(fields[2], &us)) {
      latencies.push_back(us);
    }
  }
  // Requests that did not complete, or completed other than 2xx.
  int64_t errors = static_cast<int64_t>(*done - *status_2xx);
  H2loadResult result;
  result.dropped = static_cast<int64_t>(*started - *done);
  if (before) {
    // The calls still in flight when h2load stopped end on the server
    // after it has gone: wait a little for them before comparing.
    std::map<int, int64_t> delta;
    int64_t ok = 0, not_ok = 0;
    for (int i = 0; i < 40; ++i) {
      const auto counts = ServerCounts(target.metrics, target.counted_method);
      if (!counts) break;
      delta.clear();
      for (const auto& [code, n] : *counts) {
        const auto was = before->find(code);
        delta[code] = n - (was == before->end() ? 0 : was->second);
      }
      ok = delta[0];
      not_ok = 0;
      for (const auto& [code, n] : delta) {
        if (code != 0) not_ok += n;
      }
      if (ok + not_ok >= *started) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    result.server_ok = ok;
    result.server_not_ok = not_ok;
    // Every response h2load counted must be a call the server ended OK;
    // only the calls it dropped may have ended otherwise.
    errors += std::max<int64_t>(0, *succeeded - ok) +
              std::max<int64_t>(0, not_ok - result.dropped);
    if (not_ok > result.dropped) {
      std::string codes;
      for (const auto& [code, n] : delta) {
        if (code != 0 && n != 0) absl::StrAppend(&codes, " ", code, ":", n);
      }
      std::fprintf(stderr,
                   "h2load %s%s: %lld calls dropped at the end, but the "
                   "server ended more than that not OK, with codes%s\n",
                   target.address.c_str(), target.path.c_str(),
                   static_cast<long long>(result.dropped), codes.c_str());
    }
  }
  result.load = Summarize(latencies, errors, duration.count() / 1000.0);
  result.load.per_second = *rate;
  return result;
}

}  // namespace jixiao::bench

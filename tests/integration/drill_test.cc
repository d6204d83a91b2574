// The cluster drill on one machine: two replicas of each service and of the
// gateway, configured as the city overlay is (PostgreSQL, Redis, mTLS,
// tokens), clients balancing over both replicas (round_robin over both
// addresses, as over a headless Service); a steady load of mixed reads and
// writes; one replica of each killed (SIGKILL) in the middle and brought
// back; then a rolling restart (SIGTERM, one replica at a time). Afterwards
// every acknowledged write is read back. It prints what it saw.
//
// The load behaves as a platform calling Jixiao should: a call refused as
// UNAVAILABLE (its replica died under it) is sent again, to the other
// replica; a create sent again that finds ALREADY_EXISTS was stored the first
// time. "No failed call" means every operation of the load succeeded in the
// end; the transport-level retries are counted and printed.
#include <httplib.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "jixiao/budget/v1/budget.grpc.pb.h"
#include "jixiao/evaluation/v1/evaluation.grpc.pb.h"
#include "jixiao/indicator/v1/indicator.grpc.pb.h"
#include "libs/jwt/jwt.h"
#include "services/common/client.h"
#include "services/common/tls.h"
#include "tests/integration/service_process.h"

namespace jixiao {
namespace {

namespace bpb = budget::v1;
namespace ipb = indicator::v1;
namespace epb = evaluation::v1;
using Clock = std::chrono::steady_clock;

constexpr char kSecret[] = "drill-secret-drill-secret-drill-secret-0001";

// One replica: a binary on a fixed port, so that it comes back where the
// clients look for it.
struct Replica {
  std::string binary;
  std::vector<std::string> args;
  int port = 0;
  std::unique_ptr<testing::ServiceProcess> process;

  void Start(const testing::TempDir& dir) {
    std::vector<std::string> all = args;
    all.push_back("--listen=127.0.0.1:" + std::to_string(port));
    process =
        std::make_unique<testing::ServiceProcess>(binary, all, dir.path());
  }
};

struct Tier {
  std::string name;
  std::vector<Replica> replicas;
  std::string target() const {
    return absl::StrCat("ipv4:127.0.0.1:", replicas[0].port,
                        ",127.0.0.1:", replicas[1].port);
  }
};

// mu guards the maps and the list while the clients run; they are read
// without it once the clients have joined.
struct Stats {
  absl::Mutex mu;
  std::map<std::string, std::vector<double>> latency_ms;  // by operation
  std::map<std::string, int> failed;
  std::vector<std::string> failures;  // what a failed call was answered
  std::atomic<int> retries{0};
  void Record(const std::string& op, double ms, bool ok) {
    const absl::MutexLock lock(&mu);
    latency_ms[op].push_back(ms);
    if (!ok) ++failed[op];
  }
  void Failure(std::string what) {
    const absl::MutexLock lock(&mu);
    failures.push_back(std::move(what));
  }
};

bool Retryable(grpc::StatusCode code) {
  return code == grpc::StatusCode::UNAVAILABLE ||
         code == grpc::StatusCode::CANCELLED ||
         code == grpc::StatusCode::DEADLINE_EXCEEDED;
}

// Sends the call until it is answered with something else than "try again",
// for at most 20 s. Returns the last status.
template <typename Call>
grpc::Status WithRetries(Stats& stats, Call call) {
  const auto give_up = Clock::now() + std::chrono::seconds(20);
  for (int attempt = 0;; ++attempt) {
    const grpc::Status status = call(attempt);
    if (!Retryable(status.error_code()) || Clock::now() > give_up) {
      if (!status.ok()) {
        stats.Failure(absl::StrCat(
            "code ", status.error_code(), " after ", attempt + 1,
            " attempt(s), ",
            absl::FormatTime("%H:%M:%E3S", absl::Now(), absl::LocalTimeZone()),
            ": ", status.error_message()));
      }
      return status;
    }
    ++stats.retries;
    std::this_thread::sleep_for(std::chrono::milliseconds(20 + 20 * attempt));
  }
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * v.size()))];
}

TEST(Drill, CityOnOneMachine) {
  if (!testing::OnPostgres()) {
    GTEST_SKIP() << "JIXIAO-SKIP: the drill runs once, with the postgresql "
                    "tests";
  }
  testing::TempDir dir;
  const std::string storage = testing::StorageUrl(dir, "drill");
  testing::RedisServer redis;
  const auto certs = dir.path() / "certs";
  ASSERT_EQ(testing::RunCommand(
                {"/bin/bash",
                 std::string(JIXIAO_SOURCE_DIR) + "/deploy/make-certs.sh",
                 certs.string(), "budget", "indicator", "evaluation", "gateway",
                 "client"})
                .exit_code,
            0);
  const auto secret = dir.path() / "jwt-secret";
  std::ofstream(secret) << kSecret << "\n";
  const auto tls_of = [&](const std::string& name) {
    return std::vector<std::string>{
        "--tls_cert_file=" + (certs / (name + ".pem")).string(),
        "--tls_key_file=" + (certs / (name + ".key")).string(),
        "--tls_ca_file=" + (certs / "ca.pem").string(),
        // An ipv4: list names no host; every certificate names localhost.
        "--tls_server_name=localhost"};
  };

  Tier budget{"budget"}, indicator{"indicator"}, evaluation{"evaluation"},
      gateway{"gateway"};
  for (Tier* tier : {&budget, &indicator, &evaluation, &gateway}) {
    tier->replicas.resize(2);
    for (Replica& r : tier->replicas) r.port = testing::FreePort();
  }
  const auto service_args = [&](const std::string& name) {
    std::vector<std::string> args = tls_of(name);
    args.push_back("--storage=" + storage);
    args.push_back("--jwt_hs256_secret_file=" + secret.string());
    args.push_back("--drain_ms=1000");
    return args;
  };
  for (Replica& r : budget.replicas) {
    r.binary = JIXIAO_BUDGET_BINARY;
    r.args = service_args("budget");
  }
  for (Replica& r : indicator.replicas) {
    r.binary = JIXIAO_INDICATOR_BINARY;
    r.args = service_args("indicator");
    r.args.push_back("--budget=" + budget.target());
    r.args.push_back(std::string("--frameworks_dir=") + JIXIAO_SOURCE_DIR +
                     "/frameworks");
  }
  for (Replica& r : evaluation.replicas) {
    r.binary = JIXIAO_EVALUATION_BINARY;
    r.args = service_args("evaluation");
    r.args.push_back("--budget=" + budget.target());
    r.args.push_back("--indicator=" + indicator.target());
    r.args.push_back("--redis=" + redis.address());
  }
  for (Replica& r : gateway.replicas) {
    r.binary = JIXIAO_GATEWAY_BINARY;
    r.args = tls_of("gateway");
    r.args.push_back("--budget=" + budget.target());
    r.args.push_back("--indicator=" + indicator.target());
    r.args.push_back("--evaluation=" + evaluation.target());
  }
  std::vector<Tier*> tiers = {&budget, &indicator, &evaluation, &gateway};
  for (Tier* tier : tiers) {
    for (Replica& r : tier->replicas) r.Start(dir);
  }

  // The drill's own client: mTLS with the client certificate, a finance
  // token of the region.
  absl::SetFlag(&FLAGS_tls_cert_file, (certs / "client.pem").string());
  absl::SetFlag(&FLAGS_tls_key_file, (certs / "client.key").string());
  absl::SetFlag(&FLAGS_tls_ca_file, (certs / "ca.pem").string());
  absl::SetFlag(&FLAGS_tls_server_name, "localhost");
  ASSERT_TRUE(tls::InstallFromFlags().ok());
  jwt::Claims claims;
  claims.principal.subject = "drill";
  claims.principal.role = access::Role::kFinance;
  claims.principal.region_code = "430725";
  claims.expires = absl::Now() + absl::Hours(1);
  const std::string token = *jwt::MintHs256(claims, kSecret);
  const Forwarded caller{"", "Bearer " + token};
  auto bstub = bpb::BudgetService::NewStub(ServiceChannel(budget.target(), {}));
  auto istub =
      ipb::IndicatorService::NewStub(ServiceChannel(indicator.target(), {}));
  auto estub =
      epb::EvaluationService::NewStub(ServiceChannel(evaluation.target(), {}));
  const auto deadline = std::chrono::seconds(5);
  Stats stats;

  const auto create = [&](const std::string& code) {
    return WithRetries(stats, [&](int attempt) {
      auto context = CallContext(deadline, caller);
      bpb::CreateDepartmentRequest request;
      request.mutable_department()->set_region_code("430725");
      request.mutable_department()->set_code(code);
      request.mutable_department()->set_name("演练单位" + code);
      bpb::Department out;
      grpc::Status s = bstub->CreateDepartment(context.get(), request, &out);
      // Sent again after UNAVAILABLE: the first attempt was stored.
      if (attempt > 0 && s.error_code() == grpc::StatusCode::ALREADY_EXISTS) {
        return grpc::Status::OK;
      }
      return s;
    });
  };
  const auto put_year = [&](const std::string& code, int64_t total) {
    return WithRetries(stats, [&](int) {
      auto context = CallContext(deadline, caller);
      bpb::PutDepartmentYearRequest request;
      bpb::DepartmentYear* y = request.mutable_department_year();
      y->set_region_code("430725");
      y->set_department_code(code);
      y->set_year(2019);
      bpb::PhaseFigures* f = y->add_phases();
      f->set_phase(bpb::PHASE_FINAL);
      f->set_total_expenditure(total);
      bpb::DepartmentYear out;
      return bstub->PutDepartmentYear(context.get(), request, &out);
    });
  };
  const auto get_department = [&](const std::string& code) {
    return WithRetries(stats, [&](int) {
      auto context = CallContext(deadline, caller);
      bpb::DepartmentKey key;
      key.set_region_code("430725");
      key.set_code(code);
      bpb::Department out;
      return bstub->GetDepartment(context.get(), key, &out);
    });
  };
  const auto evaluate = [&](const std::string& code) {
    return WithRetries(stats, [&](int) {
      auto context = CallContext(deadline, caller);
      epb::EvaluateRequest request;
      request.mutable_key()->set_region_code("430725");
      request.mutable_key()->set_department_code(code);
      request.mutable_key()->set_year(2019);
      epb::EvaluationResult out;
      return estub->Evaluate(context.get(), request, &out);
    });
  };
  const auto via_gateway = [&](int which, const std::string& code) {
    const auto give_up = Clock::now() + std::chrono::seconds(20);
    for (int attempt = 0;; ++attempt) {
      httplib::Client http("127.0.0.1",
                           gateway.replicas[(which + attempt) % 2].port);
      http.set_connection_timeout(2, 0);
      http.set_read_timeout(10, 0);
      const auto r = http.Post(
          "/jixiao.budget.v1.BudgetService/GetDepartment",
          {{"Authorization", "Bearer " + token}},
          absl::StrCat(R"({"regionCode":"430725","code":")", code, R"("})"),
          "application/json");
      if (r && r->status == 200) return true;
      // The gateway's mapping of UNAVAILABLE, CANCELLED and
      // DEADLINE_EXCEEDED (503, 499, 504), or no answer (its replica died):
      // send it again, as for gRPC.
      const bool again =
          !r || r->status == 503 || r->status == 499 || r->status == 504;
      if (!again || Clock::now() > give_up) {
        ADD_FAILURE() << "gateway: "
                      << (r ? std::to_string(r->status) + " " + r->body
                            : std::string("no answer"));
        return false;
      }
      ++stats.retries;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  };

  // Before the load: one department with a year and an evaluation.
  {
    const grpc::Status s = create("seed");
    ASSERT_TRUE(s.ok()) << s.error_code() << " " << s.error_message();
  }
  ASSERT_TRUE(put_year("seed", 100'000'000).ok());
  {
    // The department opens its own evaluation.
    jwt::Claims own = claims;
    own.principal.role = access::Role::kDepartment;
    own.principal.department_code = "seed";
    auto context = CallContext(
        deadline, Forwarded{"", "Bearer " + *jwt::MintHs256(own, kSecret)});
    ipb::StartEvaluationRequest request;
    request.mutable_key()->set_region_code("430725");
    request.mutable_key()->set_department_code("seed");
    request.mutable_key()->set_year(2019);
    request.set_framework_id("hunan-county-department-2019");
    ipb::Evaluation out;
    const grpc::Status s = istub->StartEvaluation(context.get(), request, &out);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  // The load: six clients, each a mix of writes and reads.
  constexpr int kClients = 6;
  std::atomic<bool> stop{false};
  absl::Mutex acked_mu;  // guards these two until the clients have joined
  std::vector<std::string> created;
  std::map<std::string, int64_t> last_year_total;  // by department
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    const std::string own = "w" + std::to_string(c);
    ASSERT_TRUE(create(own).ok());
    clients.emplace_back([&, c, own] {
      std::mt19937 rng(c);
      for (int i = 0; !stop; ++i) {
        const auto start = Clock::now();
        std::string op;
        bool ok = false;
        switch (i % 10) {
          case 0:
          case 1: {
            op = "create";
            const std::string code = own + "-" + std::to_string(i);
            ok = create(code).ok();
            if (ok) {
              const absl::MutexLock lock(&acked_mu);
              created.push_back(code);
            }
            break;
          }
          case 2:
          case 3: {
            op = "put-year";
            ok = put_year(own, 1'000'000 + i).ok();
            if (ok) {
              const absl::MutexLock lock(&acked_mu);
              last_year_total[own] = 1'000'000 + i;
            }
            break;
          }
          case 4:
          case 5:
          case 6:
            op = "get";
            ok = get_department(rng() % 2 ? own : "seed").ok();
            break;
          case 7:
            op = "evaluate";
            ok = evaluate("seed").ok();
            break;
          default:
            op = "gateway-get";
            ok = via_gateway(i, "seed");
        }
        const std::chrono::duration<double, std::milli> took =
            Clock::now() - start;
        stats.Record(op, took.count(), ok);
      }
    });
  }

  const auto phase = [](const char* what) {
    std::printf(
        "[drill] %s %s\n",
        absl::FormatTime("%H:%M:%E3S", absl::Now(), absl::LocalTimeZone())
            .c_str(),
        what);
    std::fflush(stdout);
  };
  std::this_thread::sleep_for(std::chrono::seconds(2));
  phase("SIGKILL one replica of budget, indicator, evaluation, gateway");
  for (Tier* tier : tiers) tier->replicas[0].process->StopWith(SIGKILL);
  std::this_thread::sleep_for(std::chrono::seconds(2));
  phase("bring them back");
  for (Tier* tier : tiers) tier->replicas[0].Start(dir);
  std::this_thread::sleep_for(std::chrono::seconds(1));
  phase("rolling restart with SIGTERM, one replica at a time");
  for (Tier* tier : tiers) {
    for (Replica& r : tier->replicas) {
      const int status = r.process->StopWith(SIGTERM);
      EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
          << tier->name << " did not stop cleanly: " << status;
      r.Start(dir);
    }
  }
  std::this_thread::sleep_for(std::chrono::seconds(1));
  stop = true;
  for (auto& t : clients) t.join();
  phase("load stopped; reading every acknowledged write back");

  int lost = 0;
  for (const std::string& code : created) {
    if (!get_department(code).ok()) {
      ++lost;
      ADD_FAILURE() << "lost: department " << code;
    }
  }
  for (const auto& [code, total] : last_year_total) {
    auto context = CallContext(deadline, caller);
    bpb::DepartmentYearKey key;
    key.set_region_code("430725");
    key.set_department_code(code);
    key.set_year(2019);
    bpb::DepartmentYear out;
    const grpc::Status s = bstub->GetDepartmentYear(context.get(), key, &out);
    if (!s.ok() || out.phases_size() == 0 ||
        out.phases(0).total_expenditure() != total) {
      ++lost;
      ADD_FAILURE() << "lost: the last acknowledged year of " << code;
    }
  }

  int total_ops = 0, total_failed = 0;
  std::printf("[drill] %-12s %8s %8s %9s %9s\n", "operation", "calls", "failed",
              "p50 ms", "p99 ms");
  for (const auto& [op, v] : stats.latency_ms) {
    total_ops += static_cast<int>(v.size());
    total_failed += stats.failed[op];
    std::printf("[drill] %-12s %8zu %8d %9.2f %9.2f\n", op.c_str(), v.size(),
                stats.failed[op], Percentile(v, 0.5), Percentile(v, 0.99));
  }
  std::printf(
      "[drill] %d operations, %d failed, %d sent again after UNAVAILABLE, "
      "%zu departments created and %zu years written, %d lost\n",
      total_ops, total_failed, stats.retries.load(), created.size(),
      last_year_total.size(), lost);
  for (const std::string& failure : stats.failures) {
    std::printf("[drill] failed: %s\n", failure.c_str());
  }
  EXPECT_EQ(total_failed, 0);
  EXPECT_EQ(lost, 0);
  EXPECT_GT(total_ops, 200);
}

}  // namespace
}  // namespace jixiao

#include "tests/integration/service_process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace jixiao::testing {
namespace {

std::vector<char*> ArgvOf(std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  return argv;
}

std::string Slurp(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TempDir::TempDir() {
  path_ = std::filesystem::temp_directory_path() /
          ("jixiao-it-" + std::to_string(::getpid()) + "-" +
           std::to_string(std::random_device{}()));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

ServiceProcess::ServiceProcess(const std::string& binary,
                               std::vector<std::string> args,
                               const std::filesystem::path& work_dir) {
  static int counter = 0;
  const std::string tag = std::to_string(++counter);
  const auto port_file = work_dir / ("port-" + tag);
  port_file_ = port_file;
  log_path_ = work_dir / ("service-" + tag + ".log");
  std::filesystem::remove(port_file);
  std::vector<std::string> full = {binary, "--listen=127.0.0.1:0",
                                   "--port_file=" + port_file.string()};
  // Open mode must be asked for: a test that sets no token key (nor says
  // --insecure=false) runs the binary open, as on a developer's machine.
  const bool chooses = std::any_of(args.begin(), args.end(), [](const auto& a) {
    return a.starts_with("--jwt_hs256") || a.starts_with("--jwt_rs256") ||
           a.starts_with("--insecure");
  });
  if (!chooses) full.push_back("--insecure");
  full.insert(full.end(), args.begin(), args.end());
  pid_ = ::fork();
  if (pid_ == 0) {
    const int log =
        ::open(log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(log, STDERR_FILENO);
    ::dup2(log, STDOUT_FILENO);
    auto argv = ArgvOf(full);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  const auto give_up =
      std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < give_up) {
    std::ifstream in(port_file);
    if (in >> port_) return;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      ADD_FAILURE() << binary << " exited at start: " << Slurp(log_path_);
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ADD_FAILURE() << binary << " did not start: " << Slurp(log_path_);
}

ServiceProcess::~ServiceProcess() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
}

int ServiceProcess::metrics_port() const {
  // Written just after the gRPC port: wait for it a little.
  for (int i = 0; i < 500; ++i) {
    std::ifstream in(port_file_.string() + ".metrics");
    int port = 0;
    if (in >> port) return port;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return 0;
}

void ServiceProcess::Signal(int signal) const {
  if (pid_ > 0) ::kill(pid_, signal);
}

int ServiceProcess::StopWith(int signal, int timeout_ms) {
  if (pid_ <= 0) return -1;
  ::kill(pid_, signal);
  const auto give_up =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < give_up) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return status;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return -1;
}

namespace {

std::unique_ptr<ServiceProcess> Start(const char* binary, const TempDir& dir,
                                      const std::string& name,
                                      std::vector<std::string> args,
                                      std::vector<std::string> extra) {
  static int counter = 0;
  args.insert(
      args.begin(),
      "--storage=" + StorageUrl(dir, name + "-" + std::to_string(++counter)));
  args.insert(args.end(), extra.begin(), extra.end());
  return std::make_unique<ServiceProcess>(binary, std::move(args), dir.path());
}

}  // namespace

bool OnPostgres() {
  const char* backend = std::getenv("JIXIAO_TEST_BACKEND");
  return backend != nullptr && std::string(backend) == "postgresql";
}

std::string StorageUrl(const TempDir& dir, const std::string& name) {
  if (!OnPostgres()) return "sqlite:" + (dir.path() / (name + ".db")).string();
  const char* server = std::getenv("JIXIAO_TEST_POSTGRES_URL");
  if (server == nullptr) {
    ADD_FAILURE() << "JIXIAO_TEST_POSTGRES_URL is not set: run tests/run.sh";
    return "postgresql://unset";
  }
  // The pid alone does not name a database once: one cluster serves the
  // normal and the ASan runs, and pids come round again (in CI a later
  // process found "t3031_1_budget_1" there already). Hence a random part.
  static int counter = 0;
  std::string database = absl::StrCat(
      "t", ::getpid(), "_", ++counter, "_",
      absl::Hex(std::random_device{}(), absl::kZeroPad8), "_", name);
  for (char& c : database) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  const CommandResult created = RunCommand(
      {"/usr/bin/psql", std::string(server) + "/postgres", "-qAt", "-v",
       "ON_ERROR_STOP=1", "-c", "CREATE DATABASE " + database});
  EXPECT_EQ(created.exit_code, 0) << created.err;
  return std::string(server) + "/" + database;
}

std::unique_ptr<ServiceProcess> StartBudget(const TempDir& dir,
                                            std::vector<std::string> extra) {
  return Start(JIXIAO_BUDGET_BINARY, dir, "budget", {}, std::move(extra));
}

std::unique_ptr<ServiceProcess> StartIndicator(const TempDir& dir,
                                               const ServiceProcess& budget,
                                               std::vector<std::string> extra) {
  return Start(
      JIXIAO_INDICATOR_BINARY, dir, "indicator",
      {"--budget=" + budget.address(),
       std::string("--frameworks_dir=") + JIXIAO_SOURCE_DIR + "/frameworks"},
      std::move(extra));
}

std::unique_ptr<ServiceProcess> StartEvaluation(
    const TempDir& dir, const ServiceProcess& budget,
    const ServiceProcess& indicator, std::vector<std::string> extra) {
  return Start(
      JIXIAO_EVALUATION_BINARY, dir, "evaluation",
      {"--budget=" + budget.address(), "--indicator=" + indicator.address()},
      std::move(extra));
}

int FreePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  socklen_t len = sizeof(addr);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

bool Accepts(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool ok =
      ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  ::close(fd);
  return ok;
}

RedisServer::RedisServer(std::string password)
    : port_(FreePort()), password_(std::move(password)) {
  Start();
}
RedisServer::~RedisServer() { Stop(); }

void RedisServer::Start() {
  std::vector<std::string> args = {JIXIAO_REDIS_SERVER,
                                   "--port",
                                   std::to_string(port_),
                                   "--bind",
                                   "127.0.0.1",
                                   "--save",
                                   "",
                                   "--appendonly",
                                   "no",
                                   "--loglevel",
                                   "warning"};
  if (!password_.empty()) {
    args.insert(args.end(), {"--requirepass", password_});
  }
  pid_ = ::fork();
  if (pid_ == 0) {
    auto argv = ArgvOf(args);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  for (int i = 0; i < 200 && !Accepts(port_); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(Accepts(port_)) << "redis-server did not start";
}

void RedisServer::Stop() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

std::string ReadFileText(const std::filesystem::path& path) {
  return Slurp(path);
}

CommandResult RunCommand(const std::vector<std::string>& argv_in) {
  TempDir dir;
  const auto out_path = dir.path() / "out";
  const auto err_path = dir.path() / "err";
  std::vector<std::string> args = argv_in;
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int out =
        ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err =
        ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(out, STDOUT_FILENO);
    ::dup2(err, STDERR_FILENO);
    auto argv = ArgvOf(args);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = Slurp(out_path);
  result.err = Slurp(err_path);
  return result;
}

}  // namespace jixiao::testing

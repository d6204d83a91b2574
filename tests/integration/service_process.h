// A service binary run as a child process on a loopback port, for tests
// that call it over real gRPC. The port comes from --port_file, so tests
// never race for a fixed port.
#ifndef JIXIAO_TESTS_INTEGRATION_SERVICE_PROCESS_H_
#define JIXIAO_TESTS_INTEGRATION_SERVICE_PROCESS_H_

#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace jixiao::testing {

// A folder removed when the object goes.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

class ServiceProcess {
 public:
  // Starts `binary` with `args` plus --listen=127.0.0.1:0 and --port_file,
  // and waits until it serves (or fails the test).
  ServiceProcess(const std::string& binary, std::vector<std::string> args,
                 const std::filesystem::path& work_dir);
  ~ServiceProcess();  // SIGKILL if still running

  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  pid_t pid() const { return pid_; }
  // Sends `signal` without waiting; does nothing when the process never
  // started (a pid of -1 would signal every process there is).
  void Signal(int signal) const;
  const std::filesystem::path& log_path() const { return log_path_; }
  // The admin port, when started with --metrics_listen (0 if none).
  int metrics_port() const;

  // Sends `signal` and waits for the exit; returns the exit status as
  // waitpid reports it (or -1 on timeout).
  int StopWith(int signal, int timeout_ms = 20000);

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  std::filesystem::path log_path_;
  std::filesystem::path port_file_;
};

// Where a test's service keeps its data: a SQLite file in `dir`, or, when
// the test runs on PostgreSQL (JIXIAO_TEST_BACKEND=postgresql, as the
// "postgresql." tests do), a new database of its own in the cluster at
// JIXIAO_TEST_POSTGRES_URL (tests/run.sh starts it).
std::string StorageUrl(const TempDir& dir, const std::string& name);
bool OnPostgres();

// The services as the tests run them: each on its own database (StorageUrl),
// the indicator service with the built-in frameworks, each pointed at the peers
// given. `extra` flags are added last (they win).
std::unique_ptr<ServiceProcess> StartBudget(
    const TempDir& dir, std::vector<std::string> extra = {});
std::unique_ptr<ServiceProcess> StartIndicator(
    const TempDir& dir, const ServiceProcess& budget,
    std::vector<std::string> extra = {});
std::unique_ptr<ServiceProcess> StartEvaluation(
    const TempDir& dir, const ServiceProcess& budget,
    const ServiceProcess& indicator, std::vector<std::string> extra = {});

std::string ReadFileText(const std::filesystem::path& path);

// A loopback port free right now (a race, but a short one), and whether
// something accepts connections on one.
int FreePort();
bool Accepts(int port);

// A real redis-server on a loopback port, stopped and started by the test;
// with a password, it requires AUTH (requirepass).
class RedisServer {
 public:
  explicit RedisServer(std::string password = "");
  ~RedisServer();  // SIGKILL
  void Start();
  void Stop();
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

 private:
  const int port_;
  const std::string password_;
  pid_t pid_ = -1;
};

// Runs a command, returns its exit code and what it printed on stdout.
struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};
CommandResult RunCommand(const std::vector<std::string>& argv);

}  // namespace jixiao::testing

#endif  // JIXIAO_TESTS_INTEGRATION_SERVICE_PROCESS_H_

#include "services/common/storage/sqlite_database.h"

#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "absl/cleanup/cleanup.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "libs/base/status_macros.h"

namespace jixiao::storage {
namespace {

constexpr int kReaderPoolSize = 4;
constexpr int kBusyTimeoutMs = 5000;

absl::Status SqliteError(sqlite3* db, absl::string_view what) {
  const int code = sqlite3_extended_errcode(db);
  std::string message = absl::StrCat("sqlite ", what, ": ", sqlite3_errmsg(db));
  if ((code & 0xff) == SQLITE_CONSTRAINT)
    return absl::AlreadyExistsError(message);
  if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED) {
    return absl::UnavailableError(message);
  }
  return absl::InternalError(message);
}

// One connection with its prepared statements. Not thread-safe: the
// database hands it to one caller at a time.
class Connection : public StatementSession {
 public:
  static absl::StatusOr<std::unique_ptr<Connection>> Open(
      const std::string& path) {
    sqlite3* db = nullptr;
    const int rc = sqlite3_open_v2(
        path.c_str(), &db,
        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
        nullptr);
    auto connection = std::unique_ptr<Connection>(new Connection(db));
    if (rc != SQLITE_OK) return SqliteError(db, absl::StrCat("open ", path));
    sqlite3_busy_timeout(db, kBusyTimeoutMs);
    // Switching a new file to WAL takes an exclusive lock without waiting
    // on the busy handler: when two processes open the same new file at
    // once (replicas starting together), one is told "locked" at once.
    // It tries again, for as long as the busy timeout.
    absl::Status status;
    for (int waited_ms = 0;; waited_ms += 20) {
      status = connection->ExecuteScript(
          "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA "
          "foreign_keys=ON;");
      const int code = sqlite3_errcode(db) & 0xff;
      if (status.ok() || (code != SQLITE_BUSY && code != SQLITE_LOCKED) ||
          waited_ms >= kBusyTimeoutMs) {
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    JIXIAO_RETURN_IF_ERROR(status);
    return connection;
  }

  ~Connection() override {
    for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }

  absl::Status ExecuteScript(absl::string_view sql) override {
    char* error = nullptr;
    const std::string script(sql);
    if (sqlite3_exec(db_, script.c_str(), nullptr, nullptr, &error) !=
        SQLITE_OK) {
      std::string message = error != nullptr ? error : "unknown error";
      sqlite3_free(error);
      return absl::InternalError(absl::StrCat("sqlite script: ", message));
    }
    return absl::OkStatus();
  }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}

  absl::StatusOr<sqlite3_stmt*> Prepare(absl::string_view sql) {
    const std::string key(sql);
    if (const auto it = statements_.find(key); it != statements_.end()) {
      return it->second;
    }
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, key.data(), static_cast<int>(key.size()), &stmt,
                           nullptr) != SQLITE_OK) {
      return SqliteError(db_, absl::StrCat("prepare \"", sql, "\""));
    }
    statements_.emplace(key, stmt);
    return stmt;
  }

  absl::Status Run(absl::string_view sql, absl::Span<const Value> params,
                   std::vector<Row>* rows) override {
    JIXIAO_ASSIGN_OR_RETURN(auto prepared, Prepare(sql));
    sqlite3_stmt* stmt = prepared;
    const absl::Cleanup reset = [stmt] {
      sqlite3_reset(stmt);
      sqlite3_clear_bindings(stmt);
    };
    for (size_t i = 0; i < params.size(); ++i) {
      const int index = static_cast<int>(i) + 1;
      int rc = SQLITE_OK;
      if (const auto* v = std::get_if<int64_t>(&params[i])) {
        rc = sqlite3_bind_int64(stmt, index, *v);
      } else if (const auto* s = std::get_if<std::string>(&params[i])) {
        rc = sqlite3_bind_text(stmt, index, s->data(),
                               static_cast<int>(s->size()), SQLITE_TRANSIENT);
      } else {
        rc = sqlite3_bind_null(stmt, index);
      }
      if (rc != SQLITE_OK) return SqliteError(db_, "bind");
    }
    while (true) {
      const int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) return absl::OkStatus();
      if (rc != SQLITE_ROW) return SqliteError(db_, "step");
      if (rows == nullptr) continue;
      Row row;
      const int columns = sqlite3_column_count(stmt);
      row.reserve(columns);
      for (int c = 0; c < columns; ++c) {
        switch (sqlite3_column_type(stmt, c)) {
          case SQLITE_INTEGER:
            row.emplace_back(
                static_cast<int64_t>(sqlite3_column_int64(stmt, c)));
            break;
          case SQLITE_NULL:
            row.emplace_back(std::monostate{});
            break;
          default: {
            const auto* text =
                reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
            row.emplace_back(std::string(text, sqlite3_column_bytes(stmt, c)));
          }
        }
      }
      rows->push_back(std::move(row));
    }
  }

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
};

absl::Status InTransaction(Connection& connection, absl::string_view begin,
                           absl::FunctionRef<absl::Status(Session&)> work) {
  JIXIAO_RETURN_IF_ERROR(connection.Execute(begin, {}));
  absl::Status status = work(connection);
  if (status.ok()) {
    status = connection.Execute("COMMIT", {});
    if (status.ok()) return status;
  }
  // Rollback fails harmlessly when the failed statement already ended it.
  connection.Execute("ROLLBACK", {}).IgnoreError();
  return status;
}

class SqliteDatabase : public Database {
 public:
  SqliteDatabase(std::string path, std::unique_ptr<Connection> writer)
      : path_(std::move(path)), writer_(std::move(writer)) {}

  absl::Status Write(absl::FunctionRef<absl::Status(Session&)> work) override {
    const absl::MutexLock lock(&writer_mu_);
    return InTransaction(*writer_, "BEGIN IMMEDIATE", work);
  }

  absl::Status Read(absl::FunctionRef<absl::Status(Session&)> work) override {
    JIXIAO_ASSIGN_OR_RETURN(std::unique_ptr<Connection> connection,
                            TakeReader());
    absl::Status status = InTransaction(*connection, "BEGIN", work);
    ReturnReader(std::move(connection));
    return status;
  }

  absl::string_view Backend() const override { return "sqlite"; }

 private:
  absl::StatusOr<std::unique_ptr<Connection>> TakeReader() {
    {
      const absl::MutexLock lock(&readers_mu_);
      if (!readers_.empty()) {
        auto connection = std::move(readers_.back());
        readers_.pop_back();
        return connection;
      }
    }
    return Connection::Open(path_);
  }

  void ReturnReader(std::unique_ptr<Connection> connection) {
    const absl::MutexLock lock(&readers_mu_);
    if (readers_.size() < kReaderPoolSize)
      readers_.push_back(std::move(connection));
  }

  const std::string path_;
  absl::Mutex writer_mu_;
  const std::unique_ptr<Connection> writer_ ABSL_PT_GUARDED_BY(writer_mu_);
  absl::Mutex readers_mu_;
  std::vector<std::unique_ptr<Connection>> readers_
      ABSL_GUARDED_BY(readers_mu_);
};

}  // namespace

absl::StatusOr<std::unique_ptr<Database>> OpenSqlite(absl::string_view path) {
  const std::string file(path);
  const std::filesystem::path parent =
      std::filesystem::path(file).parent_path();
  if (!parent.empty()) {
    std::error_code error;
    std::filesystem::create_directories(parent, error);
    if (error) {
      return absl::UnavailableError(absl::StrCat(
          "storage: cannot create ", parent.string(), ": ", error.message()));
    }
  }
  JIXIAO_ASSIGN_OR_RETURN(auto writer, Connection::Open(file));
  return std::make_unique<SqliteDatabase>(file, std::move(writer));
}

}  // namespace jixiao::storage

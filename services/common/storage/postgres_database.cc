#include "services/common/storage/postgres_database.h"

#include <libpq-fe.h>

#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "libs/base/status_macros.h"

namespace jixiao::storage {
namespace {

constexpr absl::Duration kPoolWait = absl::Seconds(5);
// OIDs of the integer-valued result types (pg_type.h).
constexpr Oid kInt8 = 20, kInt2 = 21, kInt4 = 23, kOid = 26, kNumeric = 1700,
              kBool = 16;

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

// SQLSTATE classes as the services expect them: a constraint is "already
// exists" (as on SQLite), anything about the connection or the server going
// away, a lock wait or a serialization conflict is "try again".
absl::Status PgError(PGconn* conn, const PGresult* result,
                     absl::string_view what) {
  const char* state = result != nullptr
                          ? PQresultErrorField(result, PG_DIAG_SQLSTATE)
                          : nullptr;
  const std::string sqlstate = state != nullptr ? state : "";
  std::string detail = result != nullptr ? PQresultErrorMessage(result) : "";
  if (detail.empty()) detail = PQerrorMessage(conn);
  absl::StripTrailingAsciiWhitespace(&detail);
  std::string message = absl::StrCat("postgresql ", what, ": ", detail);
  if (PQstatus(conn) == CONNECTION_BAD) return absl::UnavailableError(message);
  if (absl::StartsWith(sqlstate, "23"))
    return absl::AlreadyExistsError(message);
  if (absl::StartsWith(sqlstate, "08") || absl::StartsWith(sqlstate, "57") ||
      absl::StartsWith(sqlstate, "53") || sqlstate == "40001" ||
      sqlstate == "40P01" || sqlstate == "55P03") {
    return absl::UnavailableError(message);
  }
  return absl::InternalError(message);
}

// A value in COPY's text format: \N for NULL; backslash, tab, newline and
// carriage return escaped.
void AppendCopyText(const Value& value, std::string* out) {
  if (std::holds_alternative<std::monostate>(value)) {
    out->append("\\N");
    return;
  }
  if (const auto* i = std::get_if<int64_t>(&value)) {
    absl::StrAppend(out, *i);
    return;
  }
  out->append(absl::StrReplaceAll(
      std::get<std::string>(value),
      {{"\\", "\\\\"}, {"\t", "\\t"}, {"\n", "\\n"}, {"\r", "\\r"}}));
}

// Advisory-lock key of a schema: writes to one schema are serialized.
int64_t LockKey(absl::string_view schema) {
  uint64_t hash = 1469598103934665603ull;  // FNV-1a
  for (const char c : absl::StrCat("jixiao.", schema)) {
    hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  }
  return static_cast<int64_t>(hash >> 1);
}

class PgConnection : public StatementSession {
 public:
  static absl::StatusOr<std::unique_ptr<PgConnection>> Open(
      const std::string& url, const std::string& schema) {
    // Defaults first: the URL's own settings, expanded from dbname, win.
    const char* keys[] = {"connect_timeout",
                          "keepalives_idle",
                          "keepalives_interval",
                          "keepalives_count",
                          "application_name",
                          "dbname",
                          nullptr};
    const std::string application = absl::StrCat("jixiao-", schema);
    const char* values[] = {"3",         "10",   "5", "3", application.c_str(),
                            url.c_str(), nullptr};
    PGconn* conn = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
    auto connection = std::unique_ptr<PgConnection>(new PgConnection(conn));
    if (conn == nullptr || PQstatus(conn) != CONNECTION_OK) {
      std::string detail = conn != nullptr ? PQerrorMessage(conn) : "no memory";
      absl::StripTrailingAsciiWhitespace(&detail);
      return absl::UnavailableError(
          absl::StrCat("postgresql connect: ", detail));
    }
    // A statement that runs away or waits on a lock for long fails instead
    // of holding a handler thread past any client deadline.
    std::string setup =
        "SET statement_timeout = '20s'; SET lock_timeout = '10s'; "
        "SET client_encoding = 'UTF8'; "
        // Notices (\"already exists, skipping\") would reach stderr as text.
        "SET client_min_messages = warning;";
    if (!schema.empty()) {
      absl::StrAppend(&setup, " SET search_path TO \"", schema, "\";");
    }
    JIXIAO_RETURN_IF_ERROR(connection->ExecuteScript(setup));
    return connection;
  }

  ~PgConnection() override { PQfinish(conn_); }

  bool broken() const { return PQstatus(conn_) != CONNECTION_OK; }

  absl::Status ExecuteScript(absl::string_view sql) override {
    const std::string script = ToPostgresSql(sql);
    const Result result(PQexec(conn_, script.c_str()));
    const ExecStatusType status = PQresultStatus(result.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      return PgError(conn_, result.get(), "script");
    }
    return absl::OkStatus();
  }

 private:
  explicit PgConnection(PGconn* conn) : conn_(conn) {}

  absl::StatusOr<std::string> Prepare(absl::string_view sql) {
    const std::string key(sql);
    if (const auto it = statements_.find(key); it != statements_.end()) {
      return it->second;
    }
    const std::string name = absl::StrCat("j", statements_.size() + 1);
    const std::string translated = ToPostgresSql(sql);
    const Result result(
        PQprepare(conn_, name.c_str(), translated.c_str(), 0, nullptr));
    if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
      return PgError(conn_, result.get(),
                     absl::StrCat("prepare \"", sql, "\""));
    }
    statements_.emplace(key, name);
    return name;
  }

  // COPY … FROM STDIN in text format: a round trip for the whole set, not
  // one a statement.
  using Session::BulkInsert;
  absl::Status BulkInsert(
      absl::string_view table, absl::Span<const std::string> columns,
      size_t count, absl::FunctionRef<void(size_t, Row&)> row_at) override {
    const std::string sql = absl::StrCat(
        "COPY ", table, " (", absl::StrJoin(columns, ", "), ") FROM STDIN");
    {
      const Result started(PQexec(conn_, sql.c_str()));
      if (PQresultStatus(started.get()) != PGRES_COPY_IN) {
        return PgError(conn_, started.get(), "copy");
      }
    }
    std::string buffer;
    bool sent = true;
    Row row;
    for (size_t i = 0; i < count; ++i) {
      row_at(i, row);
      for (size_t c = 0; c < row.size(); ++c) {
        if (c > 0) buffer.push_back('\t');
        AppendCopyText(row[c], &buffer);
      }
      buffer.push_back('\n');
      if (buffer.size() >= (1 << 20)) {
        sent = PQputCopyData(conn_, buffer.data(),
                             static_cast<int>(buffer.size())) == 1;
        buffer.clear();
        if (!sent) break;
      }
    }
    if (sent && !buffer.empty()) {
      sent = PQputCopyData(conn_, buffer.data(),
                           static_cast<int>(buffer.size())) == 1;
    }
    PQputCopyEnd(conn_, sent ? nullptr : "the rows could not be sent");
    absl::Status status;
    // The COPY's result, then the end of the command.
    while (PGresult* raw = PQgetResult(conn_)) {
      const Result result(raw);
      if (status.ok() && PQresultStatus(raw) != PGRES_COMMAND_OK) {
        status = PgError(conn_, raw, "copy");
      }
    }
    return status;
  }

  absl::Status Run(absl::string_view sql, absl::Span<const Value> params,
                   std::vector<Row>* rows) override {
    JIXIAO_ASSIGN_OR_RETURN(auto name, Prepare(sql));
    std::vector<std::string> texts(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    for (size_t i = 0; i < params.size(); ++i) {
      if (const auto* v = std::get_if<int64_t>(&params[i])) {
        texts[i] = absl::StrCat(*v);
        values[i] = texts[i].c_str();
      } else if (const auto* s = std::get_if<std::string>(&params[i])) {
        values[i] = s->c_str();
      }
    }
    const Result result(PQexecPrepared(conn_, name.c_str(),
                                       static_cast<int>(params.size()),
                                       values.data(), nullptr, nullptr, 0));
    const ExecStatusType status = PQresultStatus(result.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      return PgError(conn_, result.get(), absl::StrCat("\"", sql, "\""));
    }
    if (rows == nullptr || status != PGRES_TUPLES_OK) return absl::OkStatus();
    const int columns = PQnfields(result.get());
    std::vector<bool> integral(columns);
    for (int c = 0; c < columns; ++c) {
      const Oid type = PQftype(result.get(), c);
      integral[c] = type == kInt8 || type == kInt2 || type == kInt4 ||
                    type == kOid || type == kNumeric || type == kBool;
    }
    const int count = PQntuples(result.get());
    rows->reserve(count);
    for (int r = 0; r < count; ++r) {
      Row row;
      row.reserve(columns);
      for (int c = 0; c < columns; ++c) {
        if (PQgetisnull(result.get(), r, c)) {
          row.emplace_back(std::monostate{});
          continue;
        }
        const absl::string_view text(PQgetvalue(result.get(), r, c),
                                     PQgetlength(result.get(), r, c));
        if (!integral[c]) {
          row.emplace_back(std::string(text));
          continue;
        }
        int64_t number = 0;
        if (text == "t" || text == "f") {
          number = text == "t" ? 1 : 0;
        } else if (!absl::SimpleAtoi(text, &number)) {
          return absl::InternalError(
              absl::StrCat("postgresql: column ", PQfname(result.get(), c),
                           " holds \"", text, "\", not an integer"));
        }
        row.emplace_back(number);
      }
      rows->push_back(std::move(row));
    }
    return absl::OkStatus();
  }

  PGconn* conn_;
  std::unordered_map<std::string, std::string> statements_;
};

class PostgresDatabase : public Database {
 public:
  PostgresDatabase(std::string url, std::string schema, int pool_size)
      : url_(std::move(url)),
        schema_(std::move(schema)),
        pool_size_(pool_size),
        lock_sql_(absl::StrCat("SELECT pg_advisory_xact_lock(",
                               LockKey(schema_), ")")) {}

  // Creates the schema when it is missing (once, under the lock, since
  // replicas start together). Only a missing schema is created: CREATE
  // SCHEMA IF NOT EXISTS checks the CREATE privilege first, and the
  // services' role (jixiao_app) has none; the migration role made it.
  absl::Status Init() {
    JIXIAO_ASSIGN_OR_RETURN(auto connection, Acquire());
    absl::Status status = (connection)
                              ->ExecuteScript(absl::StrCat(
                                  "BEGIN; ", lock_sql_,
                                  "; DO $$ BEGIN IF NOT EXISTS (SELECT FROM "
                                  "pg_namespace WHERE nspname "
                                  "= '",
                                  schema_, "') THEN CREATE SCHEMA \"", schema_,
                                  "\"; END IF; END $$; COMMIT;"));
    Release(std::move(connection));
    return status;
  }

  absl::Status Write(absl::FunctionRef<absl::Status(Session&)> work) override {
    return InTransaction(absl::StrCat("BEGIN; ", lock_sql_), work);
  }

  absl::Status Read(absl::FunctionRef<absl::Status(Session&)> work) override {
    return InTransaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
                         work);
  }

  absl::string_view Backend() const override { return "postgresql"; }

 private:
  absl::Status InTransaction(const std::string& begin,
                             absl::FunctionRef<absl::Status(Session&)> work) {
    // A pooled connection may have died with a server restart: nothing has
    // happened yet when BEGIN fails on it, so one fresh connection is tried.
    for (int attempt = 0;; ++attempt) {
      JIXIAO_ASSIGN_OR_RETURN(auto acquired, Acquire());
      std::unique_ptr<PgConnection> connection = std::move(acquired);
      if (auto s = connection->ExecuteScript(begin); !s.ok()) {
        const bool retry = connection->broken() && attempt == 0;
        Release(std::move(connection));
        if (retry) continue;
        return s;
      }
      absl::Status status = work(*connection);
      if (status.ok()) status = connection->ExecuteScript("COMMIT");
      if (!status.ok() && !connection->broken()) {
        connection->ExecuteScript("ROLLBACK").IgnoreError();
      }
      Release(std::move(connection));
      return status;
    }
  }

  absl::StatusOr<std::unique_ptr<PgConnection>> Acquire() {
    {
      const absl::MutexLock lock(&mu_);
      if (!mu_.AwaitWithTimeout(
              absl::Condition(this, &PostgresDatabase::ConnectionAvailable),
              kPoolWait)) {
        return absl::UnavailableError(
            "postgresql: every pooled connection stayed busy for 5 s");
      }
      if (!idle_.empty()) {
        auto connection = std::move(idle_.front());
        idle_.pop_front();
        return connection;
      }
      ++open_;
    }
    auto connection = PgConnection::Open(url_, schema_);
    if (!connection.ok()) {
      const absl::MutexLock lock(&mu_);
      --open_;
    }
    return connection;
  }

  // A broken connection is dropped, and the idle ones with it: they went
  // down with the same server (a restart), and each would fail its caller
  // once. The next callers open new ones.
  void Release(std::unique_ptr<PgConnection> connection) {
    const bool broken = connection->broken();
    std::deque<std::unique_ptr<PgConnection>> dropped;
    if (broken) connection.reset();
    {
      const absl::MutexLock lock(&mu_);
      if (broken) {
        open_ -= 1 + static_cast<int>(idle_.size());
        dropped.swap(idle_);
      } else {
        idle_.push_back(std::move(connection));
      }
    }
  }

  // What Acquire waits for: an idle connection, or room to open one
  // (re-checked whenever mu_ is released).
  bool ConnectionAvailable() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return !idle_.empty() || open_ < pool_size_;
  }

  const std::string url_;
  const std::string schema_;
  const int pool_size_;
  const std::string lock_sql_;
  absl::Mutex mu_;
  std::deque<std::unique_ptr<PgConnection>> idle_ ABSL_GUARDED_BY(mu_);
  int open_ ABSL_GUARDED_BY(mu_) = 0;  // idle, in use or being opened
};

}  // namespace

std::string ToPostgresSql(absl::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int next = 0;
  bool quoted = false;
  for (const char c : sql) {
    if (c == '\'') quoted = !quoted;
    if (c == '?' && !quoted) {
      absl::StrAppend(&out, "$", ++next);
    } else {
      out.push_back(c);
    }
  }
  // SQLite's byte-order collation is PostgreSQL's "C" (what reads that page
  // through a region by code need, whatever the database's collation).
  return absl::StrReplaceAll(out,
                             {{"INTEGER PRIMARY KEY", "BIGSERIAL PRIMARY KEY"},
                              {"COLLATE BINARY", "COLLATE \"C\""}});
}

absl::StatusOr<std::unique_ptr<Database>> OpenPostgres(absl::string_view url,
                                                       absl::string_view schema,
                                                       int pool_size) {
  if (pool_size < 1 || pool_size > kMaxPoolSize) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--postgres_pool_size: ", pool_size, " is not in 1..", kMaxPoolSize));
  }
  for (const char c : schema) {
    if (!absl::ascii_islower(c) && c != '_') {
      return absl::InvalidArgumentError(
          absl::StrCat("storage: schema \"", schema, "\" must be [a-z_]+"));
    }
  }
  auto db = std::make_unique<PostgresDatabase>(
      std::string(url), schema.empty() ? "public" : std::string(schema),
      pool_size);
  JIXIAO_RETURN_IF_ERROR(db->Init());
  return db;
}

}  // namespace jixiao::storage

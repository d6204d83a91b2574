// The storage layer every service uses: SQL over a small interface, so that
// SQLite (the embedded default) and PostgreSQL (the cluster) sit behind the
// same calls. SQL uses '?' placeholders; a backend that wants another form
// rewrites them. Every write runs in one transaction: all of it or none.
#ifndef JIXIAO_SERVICES_COMMON_STORAGE_DATABASE_H_
#define JIXIAO_SERVICES_COMMON_STORAGE_DATABASE_H_

#include <bit>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "libs/base/status_macros.h"

namespace jixiao::storage {

using Value = std::variant<std::monostate, int64_t, std::string>;
using Row = std::vector<Value>;

inline Value Null() { return Value{}; }
inline Value Text(absl::string_view s) { return Value{std::string(s)}; }
inline Value Int(int64_t v) { return Value{v}; }
template <typename T>
Value OptionalInt(const std::optional<T>& v) {
  return v ? Value{static_cast<int64_t>(*v)} : Value{};
}

// A query's rows are read with ReadColumns (row_reader.h): by type, in
// order, checked.

// How many of `remaining` rows the next multi-row statement writes: 64 at
// most, else the largest power of two. Few round trips (one a statement on
// PostgreSQL), and few distinct statements for the connections' prepared
// statement caches (seven a shape).
inline size_t NextStatementRows(size_t remaining) {
  return remaining >= 64 ? 64 : std::bit_floor(remaining);
}

// A connection inside a transaction.
class Session {
 public:
  virtual ~Session() = default;
  virtual absl::Status Execute(absl::string_view sql,
                               absl::Span<const Value> params = {}) = 0;
  virtual absl::StatusOr<std::vector<Row>> Query(
      absl::string_view sql, absl::Span<const Value> params = {}) = 0;
  // Several statements without parameters (migrations).
  virtual absl::Status ExecuteScript(absl::string_view sql) = 0;
  // Appends `count` rows to `table` as fast as the backend takes rows (COPY
  // on PostgreSQL; here, multi-row INSERTs): `row_at(i, row)` fills row i
  // (a value a column) just before it is sent, so that a million rows are
  // never all built at once.
  virtual absl::Status BulkInsert(absl::string_view table,
                                  absl::Span<const std::string> columns,
                                  size_t count,
                                  absl::FunctionRef<void(size_t, Row&)> row_at);
  // The same, for rows built already.
  absl::Status BulkInsert(absl::string_view table,
                          absl::Span<const std::string> columns,
                          absl::Span<const Row> rows) {
    return BulkInsert(table, columns, rows.size(),
                      [rows](size_t i, Row& row) { row = rows[i]; });
  }
};

// A session whose backend runs one statement at a time, collecting rows
// when asked: Execute and Query are the same call.
class StatementSession : public Session {
 public:
  absl::Status Execute(absl::string_view sql,
                       absl::Span<const Value> params) final {
    return Run(sql, params, nullptr);
  }
  absl::StatusOr<std::vector<Row>> Query(absl::string_view sql,
                                         absl::Span<const Value> params) final {
    std::vector<Row> rows;
    JIXIAO_RETURN_IF_ERROR(Run(sql, params, &rows));
    return rows;
  }

 protected:
  // Runs `sql` with `params`; appends the result rows to `rows` if not null.
  virtual absl::Status Run(absl::string_view sql,
                           absl::Span<const Value> params,
                           std::vector<Row>* rows) = 0;
};

class Database {
 public:
  virtual ~Database() = default;
  // Runs `work` in a write transaction: committed when it returns OK,
  // rolled back otherwise (and on any storage error).
  virtual absl::Status Write(
      absl::FunctionRef<absl::Status(Session&)> work) = 0;
  // Runs `work` on a consistent snapshot.
  virtual absl::Status Read(absl::FunctionRef<absl::Status(Session&)> work) = 0;
  virtual absl::string_view Backend() const = 0;  // "sqlite", "postgresql"
};

// "sqlite:PATH" (the folder must exist or be creatable) or "postgresql://…".
// `schema` is the service's namespace on PostgreSQL (its own schema, so that
// services may share one database); SQLite files are per service already.
absl::StatusOr<std::unique_ptr<Database>> OpenDatabase(
    absl::string_view url, absl::string_view schema = "");

}  // namespace jixiao::storage

#endif  // JIXIAO_SERVICES_COMMON_STORAGE_DATABASE_H_

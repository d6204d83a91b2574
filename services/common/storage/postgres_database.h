// PostgreSQL backend (libpq): a pool of connections, each with its prepared
// statements. Every service keeps its tables in its own schema (named by the
// service), so the three may share one database or use one each.
//
// Writes are serialized per schema with a transaction-scoped advisory lock:
// the stores check expected versions by reading before they write, and the
// lock gives them the same one-writer-at-a-time guarantee SQLite gives, across
// every replica that shares the database. Reads run on REPEATABLE READ
// snapshots and never wait for writers.
#ifndef JIXIAO_SERVICES_COMMON_STORAGE_POSTGRES_DATABASE_H_
#define JIXIAO_SERVICES_COMMON_STORAGE_POSTGRES_DATABASE_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/common/storage/database.h"

namespace jixiao::storage {

// Connections a process may open at most: a connection costs the server a
// backend process, and the sum over every replica must stay under its
// max_connections (k8s/README.md, "connection budget").
inline constexpr int kMaxPoolSize = 200;

// `url` is a libpq URI (postgresql://user:password@host:port/dbname?…, or
// postgresql://role@ with PGHOST, PGPORT, PGDATABASE, PGPASSWORD from the
// environment); `schema` names the service's schema ("" means "public");
// at most `pool_size` connections are open at once.
absl::StatusOr<std::unique_ptr<Database>> OpenPostgres(absl::string_view url,
                                                       absl::string_view schema,
                                                       int pool_size);

// `?` placeholders to `$1`, `$2`, … (not inside quoted strings), and
// SQLite's `INTEGER PRIMARY KEY` to `BIGSERIAL PRIMARY KEY`.
std::string ToPostgresSql(absl::string_view sql);

}  // namespace jixiao::storage

#endif  // JIXIAO_SERVICES_COMMON_STORAGE_POSTGRES_DATABASE_H_

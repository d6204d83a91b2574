#include "absl/flags/flag.h"
#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "libs/base/status_macros.h"
#include "services/common/storage/database.h"
#include "services/common/storage/instrumented_database.h"
#include "services/common/storage/postgres_database.h"
#include "services/common/storage/sqlite_database.h"

ABSL_FLAG(int, postgres_pool_size, 8,
          "PostgreSQL connections this process opens at most (1..200); "
          "replicas x this, summed over the services, must stay under the "
          "server's max_connections");

namespace jixiao::storage {

namespace {

absl::StatusOr<std::unique_ptr<Database>> OpenBackend(
    absl::string_view url, absl::string_view schema) {
  absl::string_view rest = url;
  if (absl::ConsumePrefix(&rest, "sqlite:")) {
    if (rest.empty())
      return absl::InvalidArgumentError("storage: sqlite:PATH needs a path");
    return OpenSqlite(rest);
  }
  if (absl::StartsWith(url, "postgresql://") ||
      absl::StartsWith(url, "postgres://")) {
    return OpenPostgres(url, schema, absl::GetFlag(FLAGS_postgres_pool_size));
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "storage: unknown URL \"", url, "\"; use sqlite:PATH or postgresql://…"));
}

}  // namespace

absl::StatusOr<std::unique_ptr<Database>> OpenDatabase(
    absl::string_view url, absl::string_view schema) {
  JIXIAO_ASSIGN_OR_RETURN(auto db, OpenBackend(url, schema));
  return Instrumented(std::move(db));
}

}  // namespace jixiao::storage

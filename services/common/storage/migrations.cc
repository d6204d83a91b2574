#include "services/common/storage/migrations.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "libs/base/status_macros.h"
#include "services/common/log.h"
#include "services/common/storage/row_reader.h"

namespace jixiao::storage {

absl::StatusOr<int> ApplyMigrations(Database& db,
                                    absl::Span<const Migration> migrations) {
  for (size_t i = 0; i < migrations.size(); ++i) {
    if (migrations[i].version != static_cast<int>(i) + 1) {
      return absl::InternalError(absl::StrCat("migration ", i, " has version ",
                                              migrations[i].version));
    }
  }
  // A database already at this binary's version needs no DDL at all: the
  // services run as a role that may not make tables (jixiao_app), and the
  // migration Job (--migrate_only, as the schema owner) has done the work.
  // A missing table reads as an error, and the migrating path below runs.
  int stored = -1;
  if (db.Read([&](Session& s) -> absl::Status {
          JIXIAO_ASSIGN_OR_RETURN(
              auto rows,
              s.Query(
                  "SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
          JIXIAO_ASSIGN_OR_RETURN(auto [at], ReadColumns<int32_t>(rows[0]));
          stored = at;
          return absl::OkStatus();
        }).ok() &&
      stored == static_cast<int>(migrations.size())) {
    return stored;
  }
  int version = 0;
  const absl::Status status = db.Write([&](Session& s) -> absl::Status {
    JIXIAO_RETURN_IF_ERROR(
        s.Execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                  " version BIGINT PRIMARY KEY, description TEXT NOT NULL,"
                  " applied_at TEXT NOT NULL)"));
    JIXIAO_ASSIGN_OR_RETURN(
        auto rows,
        s.Query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
    JIXIAO_ASSIGN_OR_RETURN(auto [at], ReadColumns<int32_t>(rows[0]));
    version = at;
    if (version > static_cast<int>(migrations.size())) {
      return absl::FailedPreconditionError(
          absl::StrCat("storage: the database is at schema version ", version,
                       " but this binary knows ", migrations.size(),
                       "; run a newer binary"));
    }
    for (const Migration& m : migrations) {
      if (m.version <= version) continue;
      if (auto st = s.ExecuteScript(m.sql); !st.ok()) {
        return absl::InternalError(absl::StrCat(
            "migration ", m.version, " (", m.description, "): ", st.message()));
      }
      JIXIAO_RETURN_IF_ERROR(
          s.Execute("INSERT INTO schema_migrations (version, description, "
                    "applied_at) "
                    "VALUES (?, ?, ?)",
                    {Int(m.version), Text(m.description),
                     Text(absl::FormatTime(absl::RFC3339_sec, absl::Now(),
                                           absl::UTCTimeZone()))}));
      log::Info("migration applied",
                {{"version", static_cast<int64_t>(m.version)},
                 {"description", m.description}});
      version = m.version;
    }
    return absl::OkStatus();
  });
  if (absl::IsInternal(status) &&
      absl::StrContains(status.message(), "permission denied")) {
    return absl::FailedPreconditionError(absl::StrCat(
        "storage: the database is at schema version ", std::max(stored, 0),
        ", this binary needs ", migrations.size(),
        ", and this role may not migrate it (", status.message(),
        "); run this binary with --migrate_only as the schema owner first "
        "(on Kubernetes, the Job jixiao-migrate)"));
  }
  JIXIAO_RETURN_IF_ERROR(status);
  return version;
}

}  // namespace jixiao::storage

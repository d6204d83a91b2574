// Versioned schema migrations, applied at start in one transaction: a
// service either runs on the schema it knows or does not start. A database
// newer than the binary (a rollback after an upgrade) is refused, not
// silently used.
#ifndef JIXIAO_SERVICES_COMMON_STORAGE_MIGRATIONS_H_
#define JIXIAO_SERVICES_COMMON_STORAGE_MIGRATIONS_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "services/common/storage/database.h"

namespace jixiao::storage {

struct Migration {
  int version;  // 1, 2, 3 … with no gaps
  absl::string_view description;
  absl::string_view sql;
};

// Applies the migrations newer than the database's version; returns the
// version the database is at afterwards.
absl::StatusOr<int> ApplyMigrations(Database& db,
                                    absl::Span<const Migration> migrations);

}  // namespace jixiao::storage

#endif  // JIXIAO_SERVICES_COMMON_STORAGE_MIGRATIONS_H_

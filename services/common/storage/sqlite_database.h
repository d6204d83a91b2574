// SQLite backend: one file, WAL, synchronous=FULL (an acknowledged write
// survives a crash), one writer connection (SQLite takes one writer at a
// time anyway) and a pool of reader connections, each with its prepared
// statements cached.
#ifndef JIXIAO_SERVICES_COMMON_STORAGE_SQLITE_DATABASE_H_
#define JIXIAO_SERVICES_COMMON_STORAGE_SQLITE_DATABASE_H_

#include <memory>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/common/storage/database.h"

namespace jixiao::storage {

absl::StatusOr<std::unique_ptr<Database>> OpenSqlite(absl::string_view path);

}  // namespace jixiao::storage

#endif  // JIXIAO_SERVICES_COMMON_STORAGE_SQLITE_DATABASE_H_

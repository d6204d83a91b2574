// The append-only audit trail every service keeps in its own database: one
// row a write, written in the write's own transaction, so that a write
// without its audit row cannot happen.
#ifndef JIXIAO_SERVICES_COMMON_STORAGE_AUDIT_H_
#define JIXIAO_SERVICES_COMMON_STORAGE_AUDIT_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "services/common/storage/database.h"

namespace jixiao::storage {

// The audit_log table, the same in every service: each lists it as one of
// its migrations.
inline constexpr char kAuditLogSchema[] = R"sql(
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  request_id TEXT NOT NULL,
  method TEXT NOT NULL,
  entity TEXT NOT NULL,
  old_value TEXT NOT NULL,
  new_value TEXT NOT NULL
);
)sql";

// Who writes, for the audit trail.
struct Writer {
  std::string subject;
  std::string request_id;
  std::string method;
};

// "2026-11-28T06:23:11.537Z"
std::string NowUtc();

// Appends to the service's audit_log table (every service's schema has one).
absl::Status AppendAudit(Session& session, const Writer& writer,
                         absl::string_view entity, absl::string_view old_value,
                         absl::string_view new_value);

}  // namespace jixiao::storage

#endif  // JIXIAO_SERVICES_COMMON_STORAGE_AUDIT_H_

// The append-only audit trail every service keeps in its own database: one
// row a write, written in the write's own transaction, so that a write
// without its audit row cannot happen. The code only ever inserts into it;
// docs/operations.md shows the grants that make the database refuse the rest.
#ifndef JIXIAO_SERVICES_COMMON_STORAGE_AUDIT_H_
#define JIXIAO_SERVICES_COMMON_STORAGE_AUDIT_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "services/common/storage/database.h"

namespace jixiao::storage {

// The audit_log table, the same in every service: each lists both as
// migrations (the second adds what the trail is filtered by).
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
inline constexpr char kAuditLogFilters[] = R"sql(
ALTER TABLE audit_log ADD COLUMN role TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN region_code TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN department_code TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN year INTEGER NOT NULL DEFAULT 0;
ALTER TABLE audit_log ADD COLUMN changed_fields TEXT NOT NULL DEFAULT '';
CREATE INDEX audit_log_by_department ON audit_log (region_code, department_code, year);
)sql";

// Who writes, for the audit trail.
struct Writer {
  std::string subject;
  std::string request_id;
  std::string method;
  std::string role;  // "" when tokens are not checked
};

// What a write touched.
struct AuditTarget {
  std::string entity;  // e.g. "department-year/430725/001/2019"
  std::string region_code;
  std::string department_code;
  int32_t year = 0;
};

// "2026-11-28T06:23:11.537Z"
std::string NowUtc();

// Appends to the service's audit_log table, with the fields that differ
// between the old and new values (see ChangedFields).
absl::Status AppendAudit(Session& session, const Writer& writer,
                         const AuditTarget& target, absl::string_view old_value,
                         absl::string_view new_value);

// Many rows by one writer in few statements (a statement is a round trip
// to PostgreSQL): what a batch write appends.
struct AuditEntry {
  AuditTarget target;
  std::string old_value;
  std::string new_value;
};
absl::Status AppendAudits(Session& session, const Writer& writer,
                          absl::Span<const AuditEntry> entries);

// The one form of an audit value: a JSON object. A stored document is
// written as its proto JSON; anything else (a department's description, a
// batch's counts, a result's total and grade) as this object of name → text,
// in the order given.
using AuditField = std::pair<std::string, std::string>;
std::string AuditObject(absl::Span<const AuditField> fields);

// The top-level names whose values differ between two audit values (JSON
// objects, or "" for nothing), as a write stores them beside its row. Empty
// when either is not an object.
std::vector<std::string> ChangedFields(absl::string_view old_value,
                                       absl::string_view new_value);

struct AuditQuery {
  std::string region_code, department_code, method, subject, since, until;
  int32_t year = 0;
  int64_t after_id = 0;
  int limit = 100;
};

struct AuditRow {
  int64_t id = 0;
  std::string at, subject, role, request_id, method, entity, region_code,
      department_code;
  int32_t year = 0;
  std::vector<std::string> changed_fields;
  std::string old_value, new_value;
};

absl::StatusOr<std::vector<AuditRow>> ReadAudit(Database& db,
                                                const AuditQuery& query);

}  // namespace jixiao::storage

#endif  // JIXIAO_SERVICES_COMMON_STORAGE_AUDIT_H_

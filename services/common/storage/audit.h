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

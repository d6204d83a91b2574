#include "services/common/storage/audit.h"

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace jixiao::storage {

std::string NowUtc() {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(),
                          absl::UTCTimeZone());
}

absl::Status AppendAudit(Session& session, const Writer& writer,
                         absl::string_view entity, absl::string_view old_value,
                         absl::string_view new_value) {
  return session.Execute(
      "INSERT INTO audit_log (at, actor, request_id, method, entity, "
      "old_value, new_value) VALUES (?, ?, ?, ?, ?, ?, ?)",
      {Text(NowUtc()), Text(writer.subject), Text(writer.request_id),
       Text(writer.method), Text(entity), Text(old_value), Text(new_value)});
}

}  // namespace jixiao::storage

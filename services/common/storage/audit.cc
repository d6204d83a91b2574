#include "services/common/storage/audit.h"

#include <algorithm>
#include <map>
#include <optional>

#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "libs/base/json_string.h"
#include "libs/base/status_macros.h"
#include "services/common/storage/row_reader.h"

namespace jixiao::storage {
namespace {

// name → value of an audit value, the JSON object every write passes
// (AuditObject or a stored document); nullopt when it is not one.
std::optional<std::map<std::string, std::string>> Fields(
    absl::string_view text) {
  std::map<std::string, std::string> fields;
  if (text.empty()) return fields;
  google::protobuf::Struct object;
  if (!absl::StartsWith(text, "{") ||
      !google::protobuf::util::JsonStringToMessage(std::string(text), &object)
           .ok()) {
    return std::nullopt;
  }
  for (const auto& [name, value] : object.fields()) {
    std::string json;
    if (!google::protobuf::util::MessageToJsonString(value, &json).ok())
      return std::nullopt;
    fields[name] = json;
  }
  return fields;
}

}  // namespace

std::string AuditObject(absl::Span<const AuditField> fields) {
  std::string out = "{";
  for (const auto& [name, value] : fields) {
    if (out.size() > 1) out.push_back(',');
    json::AppendString(&out, name);
    out.push_back(':');
    json::AppendString(&out, value);
  }
  out.push_back('}');
  return out;
}

std::string NowUtc() {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(),
                          absl::UTCTimeZone());
}

std::vector<std::string> ChangedFields(absl::string_view old_value,
                                       absl::string_view new_value) {
  const auto before = Fields(old_value);
  const auto after = Fields(new_value);
  if (!before || !after) return {};
  std::vector<std::string> changed;
  for (const auto& [name, value] : *before) {
    const auto it = after->find(name);
    if (it == after->end() || it->second != value) changed.push_back(name);
  }
  for (const auto& [name, value] : *after) {
    if (!before->contains(name)) changed.push_back(name);
  }
  std::sort(changed.begin(), changed.end());
  return changed;
}

absl::Status AppendAudit(Session& session, const Writer& writer,
                         const AuditTarget& target, absl::string_view old_value,
                         absl::string_view new_value) {
  const AuditEntry entry{target, std::string(old_value),
                         std::string(new_value)};
  return AppendAudits(session, writer, {&entry, 1});
}

absl::Status AppendAudits(Session& session, const Writer& writer,
                          absl::Span<const AuditEntry> entries) {
  const std::string at = NowUtc();
  for (size_t start = 0; start < entries.size();) {
    const absl::Span<const AuditEntry> chunk =
        entries.subspan(start, NextStatementRows(entries.size() - start));
    start += chunk.size();
    std::string sql =
        "INSERT INTO audit_log (at, actor, role, request_id, method, entity, "
        "region_code, department_code, year, changed_fields, old_value, "
        "new_value) VALUES ";
    std::vector<Value> params;
    params.reserve(chunk.size() * 12);
    for (size_t i = 0; i < chunk.size(); ++i) {
      const AuditEntry& e = chunk[i];
      absl::StrAppend(&sql, i == 0 ? "" : ", ",
                      "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      for (Value v :
           {Text(at), Text(writer.subject), Text(writer.role),
            Text(writer.request_id), Text(writer.method), Text(e.target.entity),
            Text(e.target.region_code), Text(e.target.department_code),
            Int(e.target.year),
            Text(absl::StrJoin(ChangedFields(e.old_value, e.new_value), ",")),
            Text(e.old_value), Text(e.new_value)}) {
        params.push_back(std::move(v));
      }
    }
    JIXIAO_RETURN_IF_ERROR(session.Execute(sql, params));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<AuditRow>> ReadAudit(Database& db,
                                                const AuditQuery& q) {
  // Every filter is a parameter; an empty one matches everything.
  const std::string sql =
      "SELECT id, at, actor, role, request_id, method, entity, region_code, "
      "department_code, year, changed_fields, old_value, new_value "
      "FROM audit_log WHERE id > ? "
      "AND (? = '' OR region_code = ?) AND (? = '' OR department_code = ?) "
      "AND (? = 0 OR year = ?) AND (? = '' OR method = ?) "
      "AND (? = '' OR actor = ?) AND (? = '' OR at >= ?) "
      "AND (? = '' OR at < ?) ORDER BY id LIMIT ?";
  std::vector<AuditRow> out;
  JIXIAO_RETURN_IF_ERROR(db.Read([&](Session& s) -> absl::Status {
    JIXIAO_ASSIGN_OR_RETURN(
        auto rows,
        s.Query(sql,
                {Int(q.after_id), Text(q.region_code), Text(q.region_code),
                 Text(q.department_code), Text(q.department_code), Int(q.year),
                 Int(q.year), Text(q.method), Text(q.method), Text(q.subject),
                 Text(q.subject), Text(q.since), Text(q.since), Text(q.until),
                 Text(q.until), Int(q.limit)}));
    for (const Row& r : rows) {
      JIXIAO_ASSIGN_OR_RETURN(
          (auto [id, at, actor, role, request_id, method, entity, region_code,
                 department_code, year, changed, old_value, new_value]),
          ReadColumns<int64_t, std::string, std::string, std::string,
                      std::string, std::string, std::string, std::string,
                      std::string, int32_t, std::string, std::string,
                      std::string>(r));
      AuditRow row;
      row.id = id;
      row.at = std::move(at);
      row.subject = std::move(actor);
      row.role = std::move(role);
      row.request_id = std::move(request_id);
      row.method = std::move(method);
      row.entity = std::move(entity);
      row.region_code = std::move(region_code);
      row.department_code = std::move(department_code);
      row.year = year;
      if (!changed.empty()) row.changed_fields = absl::StrSplit(changed, ',');
      row.old_value = std::move(old_value);
      row.new_value = std::move(new_value);
      out.push_back(std::move(row));
    }
    return absl::OkStatus();
  }));
  return out;
}

}  // namespace jixiao::storage

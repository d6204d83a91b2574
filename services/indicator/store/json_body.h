// The indicator service stores documents (framework versions, target sets)
// as their canonical protobuf JSON, readable by a person in the database.
#ifndef JIXIAO_SERVICES_INDICATOR_STORE_JSON_BODY_H_
#define JIXIAO_SERVICES_INDICATOR_STORE_JSON_BODY_H_

#include <optional>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "google/protobuf/message.h"
#include "libs/base/status_macros.h"
#include "services/common/storage/database.h"
#include "services/common/storage/row_reader.h"

namespace jixiao::indicator {

std::string ToJson(const google::protobuf::Message& message);
// INTERNAL when a stored body does not parse (the database was edited).
absl::Status FromJson(const std::string& json,
                      google::protobuf::Message* message);

// The document in the first column of the first row `sql` selects, parsed;
// nullopt when it selects none. The one "read one row" of every store.
template <typename Message>
absl::StatusOr<std::optional<Message>> ReadDocument(
    storage::Session& s, absl::string_view sql,
    absl::Span<const storage::Value> params) {
  JIXIAO_ASSIGN_OR_RETURN(auto rows, s.Query(sql, params));
  if (rows.empty()) return std::optional<Message>();
  JIXIAO_ASSIGN_OR_RETURN(auto [json],
                          storage::ReadColumns<std::string>(rows.front()));
  Message message;
  JIXIAO_RETURN_IF_ERROR(FromJson(json, &message));
  return std::optional<Message>(std::move(message));
}

// The same in a read transaction of its own.
template <typename Message>
absl::StatusOr<std::optional<Message>> ReadDocument(
    storage::Database& db, absl::string_view sql,
    absl::Span<const storage::Value> params) {
  std::optional<Message> found;
  absl::Status status = db.Read([&](storage::Session& s) -> absl::Status {
    JIXIAO_ASSIGN_OR_RETURN(auto read, ReadDocument<Message>(s, sql, params));
    found = std::move(read);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return found;
}

}  // namespace jixiao::indicator

#endif  // JIXIAO_SERVICES_INDICATOR_STORE_JSON_BODY_H_

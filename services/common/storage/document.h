// A stored document (a framework version, a target set, a result, a
// decision…) is its message's canonical proto JSON, readable by a person in
// the database. The one way every store writes, parses and reads one.
#ifndef JIXIAO_SERVICES_COMMON_STORAGE_DOCUMENT_H_
#define JIXIAO_SERVICES_COMMON_STORAGE_DOCUMENT_H_

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

namespace jixiao::storage {

std::string DocumentJson(const google::protobuf::Message& message);

// INTERNAL when a stored body does not parse (the database was edited).
absl::Status ParseDocument(absl::string_view json,
                           google::protobuf::Message* message);

// The document in the first column of the first row `sql` selects, parsed;
// nullopt when it selects none. The one "read one row" of every store.
template <typename Message>
absl::StatusOr<std::optional<Message>> ReadDocument(
    Session& s, absl::string_view sql, absl::Span<const Value> params) {
  JIXIAO_ASSIGN_OR_RETURN(auto rows, s.Query(sql, params));
  if (rows.empty()) return std::optional<Message>();
  JIXIAO_ASSIGN_OR_RETURN(auto [json], ReadColumns<std::string>(rows.front()));
  Message message;
  JIXIAO_RETURN_IF_ERROR(ParseDocument(json, &message));
  return std::optional<Message>(std::move(message));
}

// The same in a read transaction of its own.
template <typename Message>
absl::StatusOr<std::optional<Message>> ReadDocument(
    Database& db, absl::string_view sql, absl::Span<const Value> params) {
  std::optional<Message> found;
  JIXIAO_RETURN_IF_ERROR(db.Read([&](Session& s) -> absl::Status {
    JIXIAO_ASSIGN_OR_RETURN(found, ReadDocument<Message>(s, sql, params));
    return absl::OkStatus();
  }));
  return found;
}

}  // namespace jixiao::storage

#endif  // JIXIAO_SERVICES_COMMON_STORAGE_DOCUMENT_H_

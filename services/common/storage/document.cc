#include "services/common/storage/document.h"

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"

namespace jixiao::storage {

std::string DocumentJson(const google::protobuf::Message& message) {
  std::string json;
  // Cannot fail for a message the service built itself.
  (void)google::protobuf::util::MessageToJsonString(message, &json);
  return json;
}

absl::Status ParseDocument(absl::string_view json,
                           google::protobuf::Message* message) {
  const auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(json.data(), json.size()), message);
  if (!status.ok()) {
    return absl::InternalError(absl::StrCat(
        "a stored document does not parse: ", status.message().as_string()));
  }
  return absl::OkStatus();
}

}  // namespace jixiao::storage

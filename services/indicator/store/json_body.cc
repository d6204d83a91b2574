#include "services/indicator/store/json_body.h"

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"

namespace jixiao::indicator {

std::string ToJson(const google::protobuf::Message& message) {
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(message, &json);
  return json;
}

absl::Status FromJson(const std::string& json,
                      google::protobuf::Message* message) {
  const auto status =
      google::protobuf::util::JsonStringToMessage(json, message);
  if (!status.ok()) {
    return absl::InternalError(absl::StrCat("stored document does not parse: ",
                                            status.message().as_string()));
  }
  return absl::OkStatus();
}

}  // namespace jixiao::indicator

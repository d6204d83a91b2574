// The indicator service stores documents (framework versions, target sets)
// as their canonical protobuf JSON, readable by a person in the database.
#ifndef JIXIAO_SERVICES_INDICATOR_STORE_JSON_BODY_H_
#define JIXIAO_SERVICES_INDICATOR_STORE_JSON_BODY_H_

#include <string>

#include "absl/status/status.h"
#include "google/protobuf/message.h"

namespace jixiao::indicator {

std::string ToJson(const google::protobuf::Message& message);
// INTERNAL when a stored body does not parse (the database was edited).
absl::Status FromJson(const std::string& json,
                      google::protobuf::Message* message);

}  // namespace jixiao::indicator

#endif  // JIXIAO_SERVICES_INDICATOR_STORE_JSON_BODY_H_

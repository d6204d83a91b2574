// JSON string escaping for the few writers that build JSON by hand (the log
// line, the gateway's error body, the report extractor's summary): one
// escaper, in the lowest layer, so none of them needs the platform.
#ifndef JIXIAO_LIBS_BASE_JSON_STRING_H_
#define JIXIAO_LIBS_BASE_JSON_STRING_H_

#include <string>

#include "absl/strings/string_view.h"

namespace jixiao::json {

// Appends `text` as a quoted JSON string: quotes, backslashes and control
// characters escaped; other bytes (UTF-8 included) as they are.
void AppendString(std::string* out, absl::string_view text);

}  // namespace jixiao::json

#endif  // JIXIAO_LIBS_BASE_JSON_STRING_H_

// A whole file as bytes: keys, certificates, tokens, secrets.
#ifndef JIXIAO_LIBS_BASE_READ_FILE_H_
#define JIXIAO_LIBS_BASE_READ_FILE_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace jixiao {

// NOT_FOUND "<what>: cannot read <path>" when it cannot be read.
absl::StatusOr<std::string> ReadWholeFile(absl::string_view what,
                                          const std::string& path);

}  // namespace jixiao

#endif  // JIXIAO_LIBS_BASE_READ_FILE_H_

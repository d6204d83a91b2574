// A file written whole or not at all: the contents go to a temporary file
// beside it, are flushed to the disk (fsync), and the temporary file is
// renamed over the target, so that a reader (a test polling a port file,
// a user opening a report, a crash midway) sees the old file or the new
// one, never a part.
#ifndef JIXIAO_LIBS_BASE_ATOMIC_FILE_H_
#define JIXIAO_LIBS_BASE_ATOMIC_FILE_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace jixiao {

// Replaces `path` with `contents`. On error (named with the path) `path` is
// as it was and no temporary file is left.
absl::Status WriteFileAtomically(const std::string& path,
                                 absl::string_view contents);

}  // namespace jixiao

#endif  // JIXIAO_LIBS_BASE_ATOMIC_FILE_H_

// A publication package on disk: written from the evaluation service's
// PublishPackage / GetPackage (`jixiao publish`, `jixiao package get`), and
// verified offline (`jixiao verify DIR`): every file's size and sha256
// against manifest.json, then the score computed again from the manifest
// with the scoring library alone and compared leaf by leaf with the
// manifest and the scoring table.
#ifndef JIXIAO_TOOLS_JIXIAO_PACKAGE_FILES_H_
#define JIXIAO_TOOLS_JIXIAO_PACKAGE_FILES_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "jixiao/evaluation/v1/results.pb.h"

namespace jixiao::cli {

// Writes every file of `package` under `dir` (created if needed). A file
// name that would leave `dir` is refused.
absl::Status WritePackage(const evaluation::v1::PublicationPackage& package,
                          const std::string& dir);

// "verified: total 73.26 中, 3 files", or FAILED_PRECONDITION naming the
// first file or figure that differs.
absl::StatusOr<std::string> VerifyPackage(const std::string& dir);

}  // namespace jixiao::cli

#endif  // JIXIAO_TOOLS_JIXIAO_PACKAGE_FILES_H_

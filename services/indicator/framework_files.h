// The frameworks that live as files in the repository (frameworks/*.json):
// loaded and stored at start, so that a release brings its built-in
// frameworks with it. An unchanged file writes nothing.
#ifndef JIXIAO_SERVICES_INDICATOR_FRAMEWORK_FILES_H_
#define JIXIAO_SERVICES_INDICATOR_FRAMEWORK_FILES_H_

#include <string>

#include "absl/status/statusor.h"
#include "jixiao/indicator/v1/indicator.pb.h"
#include "services/indicator/store/indicator_store.h"

namespace jixiao::indicator {

// Parses and validates one framework file (errors name the file).
absl::StatusOr<v1::Framework> ReadFrameworkFile(const std::string& path);

// Stores every *.json of `dir`; returns how many files were read.
absl::StatusOr<int> LoadFrameworkFiles(const std::string& dir,
                                       IndicatorStore& store);

}  // namespace jixiao::indicator

#endif  // JIXIAO_SERVICES_INDICATOR_FRAMEWORK_FILES_H_

#include "services/evaluation/project_schemes.h"

#include "absl/strings/str_cat.h"
#include "libs/base/read_file.h"
#include "libs/base/status_macros.h"
#include "services/evaluation/domain/project_scoring.h"

namespace jixiao::evaluation {

absl::StatusOr<std::vector<v1::ProjectScheme>> LoadProjectSchemes(
    const std::string& file) {
  if (file.empty()) {
    auto schemes = ParseProjectSchemes(BuiltinProjectSchemes());
    if (!schemes.ok()) {
      return absl::InternalError(
          absl::StrCat("built-in ", schemes.status().message()));
    }
    return schemes;
  }
  JIXIAO_ASSIGN_OR_RETURN(auto text,
                          ReadWholeFile("project_schemes_file", file));
  auto schemes = ParseProjectSchemes(text);
  if (!schemes.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(file, ": ", schemes.status().message()));
  }
  return schemes;
}

}  // namespace jixiao::evaluation

// The project weight schemes (frameworks/schemes/project-schemes.json),
// built into the service at compile time so that a release carries them
// (the images hold the binary alone); --project_schemes_file replaces them
// with a file of the same form, validated at start like the built-in one.
#ifndef JIXIAO_SERVICES_EVALUATION_PROJECT_SCHEMES_H_
#define JIXIAO_SERVICES_EVALUATION_PROJECT_SCHEMES_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "jixiao/evaluation/v1/projects.pb.h"

namespace jixiao::evaluation {

// The JSON of frameworks/schemes/project-schemes.json as built.
absl::string_view BuiltinProjectSchemes();

// `file` empty: the built-in schemes; else the file's. Errors name the file
// (or "built-in"), the scheme and the field.
absl::StatusOr<std::vector<v1::ProjectScheme>> LoadProjectSchemes(
    const std::string& file);

}  // namespace jixiao::evaluation

#endif  // JIXIAO_SERVICES_EVALUATION_PROJECT_SCHEMES_H_

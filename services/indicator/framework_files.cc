#include "services/indicator/framework_files.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"
#include "libs/base/status_macros.h"
#include "services/common/log.h"
#include "services/indicator/domain/framework.h"

namespace jixiao::indicator {

absl::StatusOr<v1::Framework> ReadFrameworkFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot open"));
  std::stringstream text;
  text << in.rdbuf();
  v1::Framework framework;
  const auto parsed =
      google::protobuf::util::JsonStringToMessage(text.str(), &framework);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": ", parsed.message().as_string()));
  }
  if (absl::Status s = NormalizeFramework(&framework); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", s.message()));
  }
  return framework;
}

absl::StatusOr<int> LoadFrameworkFiles(const std::string& dir,
                                       IndicatorStore& store) {
  std::error_code error;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  if (error) {
    return absl::NotFoundError(
        absl::StrCat("frameworks_dir ", dir, ": ", error.message()));
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    JIXIAO_ASSIGN_OR_RETURN(auto framework, ReadFrameworkFile(file.string()));
    JIXIAO_ASSIGN_OR_RETURN(
        auto stored,
        store.PutFramework(framework, storage::Writer{"system:frameworks_dir",
                                                      "", "LoadFiles"}));
    log::Info("framework loaded",
              {{"id", absl::string_view(stored.id())},
               {"version", static_cast<int64_t>(stored.version())},
               {"file", absl::string_view(file.filename().string())}});
  }
  return static_cast<int>(files.size());
}

}  // namespace jixiao::indicator

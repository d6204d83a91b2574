#include "tools/extract_eval/corpus.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "libs/base/status_macros.h"

namespace jixiao::extract_eval {
namespace {

absl::StatusOr<std::string> ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return absl::NotFoundError(absl::StrCat("cannot read ", path.string()));
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

absl::StatusOr<LabelledReport> Load(const std::filesystem::path& json_path) {
  LabelledReport report;
  report.name = json_path.stem().string();
  JIXIAO_ASSIGN_OR_RETURN(auto json, ReadFile(json_path));
  JIXIAO_ASSIGN_OR_RETURN(
      auto text,
      ReadFile(std::filesystem::path(json_path).replace_extension(".txt")));
  // The header lines (# source:, # excerpt:) are the corpus's, not the
  // report's: the extractor reads what follows them.
  absl::string_view body = text;
  while (absl::StartsWith(body, "# source:") ||
         absl::StartsWith(body, "# excerpt:")) {
    const size_t end = body.find('\n');
    body = end == absl::string_view::npos ? "" : body.substr(end + 1);
  }
  report.text = std::string(body);
  google::protobuf::Struct root;
  const auto parsed = google::protobuf::util::JsonStringToMessage(json, &root);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(json_path.string(), ": ", parsed.ToString()));
  }
  const auto& fields = root.fields();
  if (const auto it = fields.find("figures"); it != fields.end()) {
    for (const auto& [key, figure] : it->second.struct_value().fields()) {
      const auto& f = figure.struct_value().fields();
      const auto value = f.find("value");
      if (value == f.end()) {
        return absl::InvalidArgumentError(
            absl::StrCat(json_path.string(), ": ", key, " has no value"));
      }
      report.figures[key] = value->second.string_value();
    }
  }
  if (const auto it = fields.find("findings"); it != fields.end()) {
    for (const auto& finding : it->second.list_value().values()) {
      const auto& f = finding.struct_value().fields();
      const auto id = f.find("id");
      if (id == f.end()) {
        return absl::InvalidArgumentError(
            absl::StrCat(json_path.string(), ": a finding has no id"));
      }
      report.finding_ids.push_back(id->second.string_value());
    }
  }
  return report;
}

}  // namespace

absl::StatusOr<std::vector<LabelledReport>> LoadCorpus(const std::string& dir) {
  std::vector<std::filesystem::path> paths;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() == ".json" && name.size() > 3 &&
        absl::ascii_isdigit(name[0]) && absl::ascii_isdigit(name[1]) &&
        name[2] == '_') {
      paths.push_back(entry.path());
    }
  }
  if (error)
    return absl::NotFoundError(absl::StrCat(dir, ": ", error.message()));
  std::sort(paths.begin(), paths.end());
  std::vector<LabelledReport> reports;
  for (const auto& path : paths) {
    JIXIAO_ASSIGN_OR_RETURN(auto report, Load(path));
    reports.push_back(std::move(report));
  }
  if (reports.empty()) {
    return absl::NotFoundError(absl::StrCat(dir, ": no NN_*.json"));
  }
  return reports;
}

}  // namespace jixiao::extract_eval

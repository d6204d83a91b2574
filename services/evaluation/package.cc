#include "services/evaluation/package.h"

#include <map>
#include <utility>

#include "google/protobuf/util/json_util.h"
#include "services/evaluation/domain/package_check.h"
#include "services/evaluation/report.h"  // Sha256Hex

namespace jixiao::evaluation {
namespace {

v1::PackageFile File(std::string name, std::string content_type,
                     std::string content) {
  v1::PackageFile file;
  file.set_name(std::move(name));
  file.set_content_type(std::move(content_type));
  file.set_size_bytes(static_cast<int64_t>(content.size()));
  file.set_sha256(Sha256Hex(content));
  file.set_content(std::move(content));
  return file;
}

}  // namespace

std::string CanonicalJson(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = true;
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  return json;
}

v1::PublicationPackage BuildPackage(const PackageSource& source) {
  const v1::EvaluationResult& result = source.result;
  // The scoring table: the result as stored, without how it was served.
  v1::EvaluationResult table = result;
  table.clear_cache();

  std::vector<v1::PackageFile> files;
  files.push_back(File(source.report_name, "text/markdown; charset=utf-8",
                       source.report_markdown));
  files.push_back(
      File(kScoringTableName, "application/json", CanonicalJson(table)));
  for (const ProjectForm& form : source.projects) {
    files.push_back(
        File(form.file_name, "text/markdown; charset=utf-8", form.content));
  }

  v1::PackageManifest manifest;
  manifest.set_format(kManifestFormat);
  *manifest.mutable_key() = result.key();
  manifest.set_department_name(result.department_name());
  manifest.set_framework_id(source.framework.id());
  manifest.set_framework_version(source.framework.version());
  *manifest.mutable_framework() = source.framework;
  *manifest.mutable_values() = source.evaluation.values();
  for (v1::ManifestGradeBand& band : ManifestBands(source.bands)) {
    *manifest.add_grade_bands() = std::move(band);
  }
  manifest.set_figures_version(result.figures_version());
  manifest.set_base_figures_version(result.base_figures_version());
  manifest.set_indicator_version(result.indicator_version());
  manifest.set_targets_version(result.targets_version());
  manifest.set_department_version(result.department_version());
  std::map<std::string, const v1::ScoredIndicator*> by_id;
  for (const v1::ScoredIndicator& i : result.indicators()) by_id[i.id()] = &i;
  for (const std::string& id : LeafIds(source.framework)) {
    v1::ManifestLeaf* leaf = manifest.add_leaves();
    leaf->set_id(id);
    if (const auto it = by_id.find(id); it != by_id.end()) {
      leaf->set_name(it->second->name());
      leaf->set_weight(it->second->weight());
      leaf->set_score(it->second->score());
      leaf->set_status(it->second->status());
      *leaf->mutable_deductions() = it->second->deductions();
    }
  }
  manifest.set_total(result.total());
  manifest.set_total_weight(result.total_weight());
  manifest.set_grade(result.grade());
  for (const v1::PackageFile& file : files) {
    v1::PackageFile* listed = manifest.add_files();
    *listed = file;
    listed->clear_content();
  }
  for (const ProjectForm& form : source.projects) {
    v1::ManifestProject* project = manifest.add_projects();
    *project = form.scored_from;
    project->set_project_code(form.project_code);
    project->set_project_name(form.project_name);
    project->set_total(form.total);
    project->set_grade(form.grade);
    project->set_file(form.file_name);
  }
  manifest.set_published_by(source.published_by);
  manifest.set_published_at(source.published_at);

  v1::PublicationPackage package;
  *package.mutable_key() = result.key();
  *package.add_files() =
      File(kManifestName, "application/json", CanonicalJson(manifest));
  for (v1::PackageFile& file : files) *package.add_files() = std::move(file);
  package.set_total(result.total());
  package.set_grade(result.grade());
  package.set_published_by(source.published_by);
  package.set_published_at(source.published_at);
  return package;
}

}  // namespace jixiao::evaluation

// The publication package of a department-year (绩效信息公开, docs/domain.md
// §9.4.3): the self-evaluation report, the scoring table, the project
// 自评表s and manifest.json, which holds everything the score is computed
// from (the framework whole, the values as scored, the grade bands, the
// figure versions) and what it came to (every leaf's score and deductions,
// the total, the grade), with each file's size and sha256. `jixiao verify`
// recomputes the score from the manifest alone with the scoring library.
// Nothing here depends on the clock but published_at, which is given.
#ifndef JIXIAO_SERVICES_EVALUATION_PACKAGE_H_
#define JIXIAO_SERVICES_EVALUATION_PACKAGE_H_

#include <string>
#include <vector>

#include "jixiao/evaluation/v1/evaluation.pb.h"
#include "jixiao/evaluation/v1/results.pb.h"
#include "jixiao/indicator/v1/indicator.pb.h"
#include "services/evaluation/domain/scoring.h"

namespace jixiao::evaluation {

inline constexpr char kManifestFormat[] = "jixiao-publication/1";
inline constexpr char kManifestName[] = "manifest.json";
inline constexpr char kScoringTableName[] = "scoring-table.json";

// A project's 自评表 to include.
struct ProjectForm {
  std::string project_code;
  std::string project_name;
  std::string total;
  std::string grade;
  std::string file_name;  // "projects/P001.md"
  std::string content;
  // What it was scored from (target, filing, money, scheme), for the
  // manifest; BuildPackage adds the code, name, total, grade and file.
  v1::ManifestProject scored_from;
};

struct PackageSource {
  const v1::EvaluationResult& result;
  const indicator::v1::Framework& framework;
  const indicator::v1::Evaluation& evaluation;  // its values as scored
  const std::vector<GradeBand>& bands;
  std::string report_name;
  std::string report_markdown;
  std::vector<ProjectForm> projects;
  std::string published_by;
  std::string published_at;
};

// The package: manifest.json first, then the report, the scoring table
// and the project forms, each with its size and sha256.
v1::PublicationPackage BuildPackage(const PackageSource& source);

// The canonical JSON every package file is written in: proto field names,
// indented, in field order (the same message gives the same bytes).
std::string CanonicalJson(const google::protobuf::Message& message);

}  // namespace jixiao::evaluation

#endif  // JIXIAO_SERVICES_EVALUATION_PACKAGE_H_

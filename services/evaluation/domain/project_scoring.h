// The 项目支出绩效自评表 scored (财预〔2020〕10号 附件1; docs/domain.md
// §9.3.2): a project of a department-year's approved targets, what the
// department filed for it, and the year's execution from the budget
// service, under a weight scheme (预算执行率 / 产出 / 效益 / 满意度).
//
// Points are exact, in hundredths (points.h): no line is above its weight
// nor below 0, every line says in Chinese how it was scored with its
// figures, and a value that is missing scores 0 and is listed (the result
// is then not complete), never silently given marks.
//
// Like scoring.h it works on the proto messages (docs/adr/0002): no gRPC,
// no SQL.
#ifndef JIXIAO_SERVICES_EVALUATION_DOMAIN_PROJECT_SCORING_H_
#define JIXIAO_SERVICES_EVALUATION_DOMAIN_PROJECT_SCORING_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "jixiao/evaluation/v1/projects.pb.h"
#include "jixiao/indicator/v1/project_evaluation.pb.h"
#include "jixiao/indicator/v1/targets.pb.h"
#include "services/evaluation/domain/scoring.h"

namespace jixiao::evaluation {

// The scheme a filing names when it names none.
inline constexpr char kDefaultProjectScheme[] = "cz2020_10";

// Parses and validates the schemes file (a ListProjectSchemesResponse in
// protobuf JSON): each scheme has an id (unique), a name and a source; its
// four weights are decimals in points with at most two decimals, none
// negative, adding up to 100. Errors name the scheme and the field.
absl::StatusOr<std::vector<v1::ProjectScheme>> ParseProjectSchemes(
    absl::string_view json);

// The project's money for the year, 分 (the budget service's execution as
// of 31 December).
struct ProjectMoney {
  bool known = false;  // the budget service lists the project for the year
  std::optional<int64_t> original;  // 年初预算数
  std::optional<int64_t> full_year;  // 全年预算数 (调整预算 when stated)
  int64_t executed = 0;              // 全年执行数: payments naming it
};

struct ProjectInputs {
  v1::DepartmentYear key;
  std::string department_name;
  const indicator::v1::ProjectTarget* target = nullptr;  // required
  int64_t targets_version = 0;
  const indicator::v1::ProjectFiling* filing = nullptr;  // none filed
  ProjectMoney money;
  int64_t figures_version = 0;
  int64_t payments_version = 0;
};

// Scores one project. A filing that names a scheme not in `schemes` gives
// a result that says so (complete = false, nothing scored).
v1::ProjectResult ScoreProject(const ProjectInputs& in,
                               const std::vector<v1::ProjectScheme>& schemes,
                               const std::vector<GradeBand>& bands);

// The count of each grade among `grades` (优 良 中 差 first, then any
// other band name; an empty grade, a project not scored, is not counted).
google::protobuf::RepeatedPtrField<v1::GradeCount> CountGrades(
    const std::vector<std::string>& grades);

}  // namespace jixiao::evaluation

#endif  // JIXIAO_SERVICES_EVALUATION_DOMAIN_PROJECT_SCORING_H_

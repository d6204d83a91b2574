// A department's project self-evaluations (项目支出绩效自评表, the indicator
// part) read from CSV (UTF-8 or GBK) or .xlsx into ProjectFilings, checked
// against the approved targets as the indicator service will check them
// (docs/import.md, "Project self-evaluations"). Pure: no gRPC.
//
// The header row names its columns: 项目代码 | 指标编号 | 实际完成值 |
// 完成程度 | 得分比例 | 分值 | 偏差原因分析 | 改进措施 | 实际完成情况 |
// 自评得分; 项目代码 and 指标编号 are required, the rest optional. Rows
// before the header (a title, 说明) are skipped. A row with a 指标编号 is
// one indicator's actual (指标编号 as in the approved targets, "P001-1"):
// 实际完成值 for ≥ ≤ = indicators (the target's unit may follow the number,
// "180台"), 完成程度 (达成 / 部分达成 / 未达成, or the form's longer words)
// and 得分比例 (percent of the weight, "85" or "85%") for 定性 ones. A row
// without one is its project's: 实际完成情况 and 自评得分, at most one such
// row a project.
#ifndef JIXIAO_TOOLS_JIXIAO_PROJECTS_CSV_H_
#define JIXIAO_TOOLS_JIXIAO_PROJECTS_CSV_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "jixiao/indicator/v1/project_evaluation.pb.h"
#include "jixiao/indicator/v1/targets.pb.h"
#include "tools/jixiao/targets_csv.h"

namespace jixiao::cli {

struct ProjectsFile {
  // One a project, in the order the file first names them, each under
  // `key` with its project code.
  std::vector<indicator::v1::ProjectFiling> filings;
  // "row 7, column 实际完成值: …": cells that cannot be read, in the order
  // of the rows, then each project's refusals; when any, nothing is to be
  // sent.
  std::vector<std::string> errors;
};

// `key`: region, department and year of every filing.
ProjectsFile ReadProjectFilings(const std::vector<TableRow>& rows,
                                const indicator::v1::TargetSet& in_force,
                                const indicator::v1::ProjectKey& key);

// 达成 / 部分达成 / 未达成 and the 自评表's longer words; nullopt otherwise.
std::optional<indicator::v1::Achievement> ParseAchievement(
    absl::string_view text);

}  // namespace jixiao::cli

#endif  // JIXIAO_TOOLS_JIXIAO_PROJECTS_CSV_H_

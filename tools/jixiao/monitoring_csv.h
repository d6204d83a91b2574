// A department's mid-year monitoring filing (绩效运行监控) in the layout of
// the indicator part of the national 绩效监控表, read from CSV or .xlsx
// into the indicators of a MonitoringFiling (docs/import.md, "Monitoring
// filing"). Pure: no gRPC; the targets in force come in as a value.
//
// The indicator table's header row names its columns: 一级指标 | 二级指标
// | 三级指标 | 年度指标值 | 1-X月执行情况 | 全年预计完成情况 | 完成目标可能性
// | 偏差原因 | 纠偏措施 [| 编号]. 三级指标, 1-X月执行情况, 全年预计完成情况
// and 完成目标可能性 are required; a blank 一级 or 二级 cell continues the
// one above (a merged cell). Like the targets' 申报表, a file may hold
// forms one after another, each opened by a title row with 监控表 in it:
// the department's, then a project's (a title with 项目, and 项目名称 |
// value | 项目编码 | value label rows). Rows before the first title belong
// to the department's form. Other rows outside the indicator table (the
// budget execution block, 填报人 …) are skipped: execution is computed
// from the budget service's payments, never read from a file.
#ifndef JIXIAO_TOOLS_JIXIAO_MONITORING_CSV_H_
#define JIXIAO_TOOLS_JIXIAO_MONITORING_CSV_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "jixiao/indicator/v1/monitoring.pb.h"
#include "jixiao/indicator/v1/targets.pb.h"
#include "tools/jixiao/targets_csv.h"

namespace jixiao::cli {

struct MonitoringFile {
  // Its indicators, each naming the indicator id of the targets in force;
  // the key is the caller's.
  indicator::v1::MonitoringFiling filing;
  // "row 7, column 完成目标可能性: …", in the order of the rows; when any,
  // the filing is not to be sent.
  std::vector<std::string> errors;
};

// Reads the rows against `in_force` (the approved targets): each row is
// matched to an indicator of its form by 编号 when the file has that
// column, else by its 三级 name, and checked as the indicator service will
// check it (jixiao::indicator::CheckFiling); every error names its row and
// column. A value to date or forecast may carry the target's unit ("150起",
// "92%"), which is taken off.
MonitoringFile ReadMonitoring(const std::vector<TableRow>& rows,
                              const indicator::v1::TargetSet& in_force);

// 确定能, 有可能, 完全不可能; nullopt for any other text.
std::optional<indicator::v1::Likelihood> ParseLikelihood(
    absl::string_view text);
// 经费保障 (or 经费), 制度保障, 人员保障, 硬件条件保障 (or 硬件), 其他;
// nullopt for any other text.
std::optional<indicator::v1::DeviationCause> ParseDeviationCause(
    absl::string_view text);

}  // namespace jixiao::cli

#endif  // JIXIAO_TOOLS_JIXIAO_MONITORING_CSV_H_

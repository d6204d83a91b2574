// Performance targets (绩效目标) in the layout of the national 申报表, as
// finance bureaus publish the 部门整体支出绩效目标申报表 and the 项目支出绩效
// 目标申报表, read from CSV or .xlsx into a TargetSet and written back as
// CSV (docs/import.md, "Performance targets"). Pure: no gRPC.
//
// A file holds forms one after another, each opened by its title row
// ("部门整体支出绩效目标申报表（2019年度）", "项目支出绩效目标申报表"); rows
// before the first title belong to the department-wide form. A form has
// label rows (项目名称 | value | 项目编码 | value, 资金情况（万元）|
// 年度资金总额 | value | 其中：财政拨款 | value | 其他资金 | value,
// 年度总体目标 | value), for the department the 年度主要任务 table, and
// then the indicator table 一级指标 | 二级指标 | 三级指标 | 指标值
// [| 指标解释] [| 计量单位] [| 评价指标] [| 编号], where a blank 一级 or
// 二级 cell continues the one above (a merged cell). 评价指标 names the
// leaf of the year-end evaluation framework a department-wide indicator
// sets the target of ("3.1.1"); 编号 is the indicator's id in the set.
#ifndef JIXIAO_TOOLS_JIXIAO_TARGETS_CSV_H_
#define JIXIAO_TOOLS_JIXIAO_TARGETS_CSV_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "jixiao/indicator/v1/targets.pb.h"
#include "tools/jixiao/table_reader.h"

namespace jixiao::cli {

struct TargetsFile {
  indicator::v1::TargetSet targets;  // under the key given
  // "row 12, column 指标值: …", in the order of the rows; when any, the
  // targets are not to be sent.
  std::vector<std::string> errors;
};

// Reads the forms into one target set for `key`. Every row is checked,
// also against the service's own rules for a target set
// (jixiao::indicator::ValidateTargetSet), and every error names its row
// and column. Amounts are 万元 with up to 6 decimals, exact in 分.
TargetsFile ReadTargets(const std::vector<TableRow>& rows,
                        const indicator::v1::TargetKey& key);

// The id of the `number`th (1-based) indicator of a form whose rows give
// no 编号: d1, d2 … for the department's; CODE-1 … for the project at
// `project_index` (p3-1 when its code has characters an id may not).
std::string TargetIndicatorId(absl::string_view project_code, int project_index,
                              int number);

// The set in the layout ReadTargets reads (UTF-8 CSV, amounts in 万元),
// so that reading what is written gives the set's content again.
std::string WriteTargetsCsv(const indicator::v1::TargetSet& targets);

}  // namespace jixiao::cli

#endif  // JIXIAO_TOOLS_JIXIAO_TARGETS_CSV_H_

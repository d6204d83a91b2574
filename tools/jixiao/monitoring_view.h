// What `jixiao monitoring show` and `monitoring warnings` print: a round of
// mid-year monitoring (绩效运行监控) as a finance officer reads it — budget
// execution beside time progress for the department and each project, the
// department's filing against its targets, and every warning with its
// figures and finance's decision.
#ifndef JIXIAO_TOOLS_JIXIAO_MONITORING_VIEW_H_
#define JIXIAO_TOOLS_JIXIAO_MONITORING_VIEW_H_

#include <string>

#include "absl/strings/string_view.h"
#include "jixiao/indicator/v1/monitoring.pb.h"

namespace jixiao::cli {

// "进行中(OPEN)", "已结束(CLOSED)".
std::string RoundStatusLabel(indicator::v1::RoundStatus status);

// One line: "2019-07 2019年1-7月绩效运行监控：进行中(OPEN)，数据截至 …".
std::string RoundSummary(const indicator::v1::MonitoringRound& round);

// A department's view of a round: execution, the filing, the warnings.
std::string RenderMonitoring(const indicator::v1::MonitoringView& view,
                             absl::string_view department_code);

// The region's warnings in a round, department by department.
std::string RenderWarnings(const indicator::v1::ListWarningsResponse& list);

}  // namespace jixiao::cli

#endif  // JIXIAO_TOOLS_JIXIAO_MONITORING_VIEW_H_

// The 绩效监控表 of a department and its projects in a round, laid out like
// the national template (预算执行情况, 绩效目标完成情况 with 偏差原因 and 纠偏
// 措施, and the computed warnings with finance's decisions), in Markdown or
// HTML. Every text a caller typed is escaped for the format.
#ifndef JIXIAO_SERVICES_INDICATOR_MONITORING_TABLE_H_
#define JIXIAO_SERVICES_INDICATOR_MONITORING_TABLE_H_

#include <string>

#include "jixiao/indicator/v1/monitoring.pb.h"

namespace jixiao::indicator {

std::string RenderMonitoringTable(const v1::MonitoringView& view,
                                  const std::string& department_code,
                                  v1::TableFormat format);

}  // namespace jixiao::indicator

#endif  // JIXIAO_SERVICES_INDICATOR_MONITORING_TABLE_H_

// What `jixiao targets show` prints: a department-year's performance targets
// (绩效目标) as a finance officer reads them: the status and version, the
// version in force, then each form's indicators in the 申报表's columns.
#ifndef JIXIAO_TOOLS_JIXIAO_TARGETS_VIEW_H_
#define JIXIAO_TOOLS_JIXIAO_TARGETS_VIEW_H_

#include <string>

#include "jixiao/indicator/v1/targets.pb.h"

namespace jixiao::cli {

// "已批复(APPROVED)" and the like.
std::string TargetStatusLabel(jixiao::indicator::v1::TargetStatus status);

// Indicators of the set, department-wide and every project's.
int CountTargetIndicators(const jixiao::indicator::v1::TargetSet& targets);

// The current version in full, and which version is in force.
std::string RenderTargets(const jixiao::indicator::v1::TargetsView& view);

}  // namespace jixiao::cli

#endif  // JIXIAO_TOOLS_JIXIAO_TARGETS_VIEW_H_

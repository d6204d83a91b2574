// What `jixiao rectification show` and `list` print: a rectification task
// (整改) as the department and the finance officer read it — where it came
// from with the finding's figures, what is required by when, the latest
// report and its evidence files, finance's note, and every step taken.
#ifndef JIXIAO_TOOLS_JIXIAO_RECTIFICATION_VIEW_H_
#define JIXIAO_TOOLS_JIXIAO_RECTIFICATION_VIEW_H_

#include <string>
#include <vector>

#include "jixiao/indicator/v1/rectification.pb.h"

namespace jixiao::cli {

// "待整改(OPEN)", "已报送(REPORTED)", …
std::string TaskStatusLabel(indicator::v1::TaskStatus status);

// "一致性问题", "未完成目标", …
std::string FindingKindLabel(indicator::v1::FindingKind kind);

// One line: "430725-1 taoyuan-psb 2019 B5 待整改(OPEN) 期限 2020-06-30 已逾期".
std::string TaskSummary(const indicator::v1::RectificationTask& task);

// The task whole; `evidence` the files of its latest report (as GetEvidence
// answered, without their bytes), in the order the report names them.
std::string RenderTask(const indicator::v1::RectificationTask& task,
                       const std::vector<indicator::v1::Evidence>& evidence);

// A list's lines with a count; `what` says which list ("逾期（截至 …）").
std::string RenderTaskList(const indicator::v1::ListTasksResponse& list,
                           const std::string& what);

}  // namespace jixiao::cli

#endif  // JIXIAO_TOOLS_JIXIAO_RECTIFICATION_VIEW_H_

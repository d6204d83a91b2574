// The 部门整体支出绩效自评报告 in the Hunan outline (docs/domain.md §3.2), with
// the 基础数据表 and the 指标评分表 attached so that anyone can reproduce
// the score, and the consistency findings. One document model, rendered to
// Markdown or HTML; nothing in it depends on the clock or on map order, so
// the same data gives the same bytes.
#ifndef JIXIAO_SERVICES_EVALUATION_REPORT_H_
#define JIXIAO_SERVICES_EVALUATION_REPORT_H_

#include <string>

#include "jixiao/evaluation/v1/evaluation.pb.h"
#include "services/evaluation/peers.h"

namespace jixiao::evaluation {

std::string RenderMarkdown(const v1::EvaluationResult& result,
                           const Inputs& inputs);
std::string RenderHtml(const v1::EvaluationResult& result,
                       const Inputs& inputs);

// "430725-taoyuan-psb-2019.md"
std::string ReportFileName(const v1::DepartmentYear& key,
                           v1::ReportFormat format);

}  // namespace jixiao::evaluation

#endif  // JIXIAO_SERVICES_EVALUATION_REPORT_H_

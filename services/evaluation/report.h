// The 部门整体支出绩效自评报告 in the Hunan outline (docs/domain.md §3.2), with
// the 基础数据表 and the 指标评分表 attached so that anyone can reproduce
// the score, and the consistency findings. One document model, rendered to
// Markdown or HTML; nothing in it depends on the clock or on map order, so
// the same data gives the same bytes.
#ifndef JIXIAO_SERVICES_EVALUATION_REPORT_H_
#define JIXIAO_SERVICES_EVALUATION_REPORT_H_

#include <string>

#include "jixiao/evaluation/v1/evaluation.pb.h"
#include "jixiao/evaluation/v1/projects.pb.h"
#include "services/evaluation/peers.h"

namespace jixiao::evaluation {

// `projects`: the department-year's project self-evaluations; with at
// least one project, section 五 lists them (项目支出绩效自评情况), else the
// report is as it was without them.
std::string RenderMarkdown(const v1::EvaluationResult& result,
                           const Inputs& inputs,
                           const v1::ProjectEvaluations* projects = nullptr);
std::string RenderHtml(const v1::EvaluationResult& result, const Inputs& inputs,
                       const v1::ProjectEvaluations* projects = nullptr);

// The hex SHA-256 of a rendered document (Report.sha256).
std::string Sha256Hex(const std::string& content);

// "430725-taoyuan-psb-2019.md"
std::string ReportFileName(const v1::DepartmentYear& key,
                           v1::ReportFormat format);

}  // namespace jixiao::evaluation

#endif  // JIXIAO_SERVICES_EVALUATION_REPORT_H_

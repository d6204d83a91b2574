// The 项目支出绩效自评表 (财预〔2020〕10号 附件1) of one project, from its
// scored result: the header, the 项目资金 block (万元, two decimals, from 分
// exactly), the 年度总体目标, the 绩效指标 with their 偏差原因分析及改进措施,
// the 总分 and grade, and how every line was scored. One document model
// (libs/markup: every text escaped), rendered to Markdown or HTML; nothing
// depends on the clock or on map order, so the same data gives the same
// bytes.
#ifndef JIXIAO_SERVICES_EVALUATION_PROJECT_FORM_H_
#define JIXIAO_SERVICES_EVALUATION_PROJECT_FORM_H_

#include <string>

#include "jixiao/evaluation/v1/projects.pb.h"

namespace jixiao::evaluation {

// `scheme`: the scheme the result names (nullptr when unknown).
std::string RenderProjectForm(const v1::ProjectResult& result,
                              const v1::ProjectScheme* scheme,
                              v1::ReportFormat format);

// "430725-taoyuan-psb-2019-P001.md"
std::string ProjectFormFileName(const v1::ProjectResult& result,
                                v1::ReportFormat format);

// 分 as 万元 with two decimals, rounded half away from zero: 12345678 →
// "12.35".
std::string WanYuan2(int64_t fen);

}  // namespace jixiao::evaluation

#endif  // JIXIAO_SERVICES_EVALUATION_PROJECT_FORM_H_

// The 项目资金 block of a 项目支出绩效自评表 (财预〔2020〕10号 附件1 and its
// provincial variants): columns 年初预算数 / 全年预算数 (调整后预算数) /
// 全年执行数 (预算执行数) / 分值 / 执行率 / 得分, a total row (年度资金总额,
// 总额) and its parts (其中 财政拨款, 上年结转资金, 其他资金 …). The parts
// are the whole here, so a part above the total is X2; a stated 执行率 that
// the amounts contradict is X1 (from the parts when the total row was left
// at 0). The project's money is not the department's: no figure is read.
#ifndef JIXIAO_SERVICES_BUDGET_DOMAIN_REPORT_EXTRACT_PROJECT_FORM_H_
#define JIXIAO_SERVICES_BUDGET_DOMAIN_REPORT_EXTRACT_PROJECT_FORM_H_

#include <vector>

#include "services/budget/domain/report_extract/extract.h"
#include "services/budget/domain/report_extract/text.h"

namespace jixiao::report_extract {

void CheckProjectForms(const Text& text, std::vector<TextFinding>* findings);

}  // namespace jixiao::report_extract

#endif  // JIXIAO_SERVICES_BUDGET_DOMAIN_REPORT_EXTRACT_PROJECT_FORM_H_

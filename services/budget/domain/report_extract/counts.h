// What only text shows about counts: U2, a stated count that the list
// after it does not match ("共设5个股室，分别为…" naming four), and X2, a
// count the text presents as made of parts that do not add up to it
// ("实施项目共15个…年初批复预算8个项目…年中增加8个项目"). Parts under 其中
// or inside parentheses may be partial and are not X2.
#ifndef JIXIAO_SERVICES_BUDGET_DOMAIN_REPORT_EXTRACT_COUNTS_H_
#define JIXIAO_SERVICES_BUDGET_DOMAIN_REPORT_EXTRACT_COUNTS_H_

#include <vector>

#include "services/budget/domain/report_extract/extract.h"
#include "services/budget/domain/report_extract/text.h"
#include "services/budget/domain/report_extract/tokens.h"

namespace jixiao::report_extract {

void CheckCounts(const Text& text, const Tokens& tokens,
                 std::vector<TextFinding>* findings);

}  // namespace jixiao::report_extract

#endif  // JIXIAO_SERVICES_BUDGET_DOMAIN_REPORT_EXTRACT_COUNTS_H_

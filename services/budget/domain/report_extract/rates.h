// Stated rates against the figures stated with them: a change ("较上年增加
// 170.8798万元，增长46.7242%": the rise on the prior the same words imply) and
// a completion ("支出预算为30.8万元,支出决算为25.7万元,完成预算的83.44%").
// A rate is judged at the precision it is stated with: it holds when it is
// the computed rate rounded or truncated to that precision, or within 0.01
// point. Shares ("占…%") are not checked: reports compute them on unrounded
// amounts. A rate stated for each of a list ("各下降23.51%、38.28%") is
// skipped.
#ifndef JIXIAO_SERVICES_BUDGET_DOMAIN_REPORT_EXTRACT_RATES_H_
#define JIXIAO_SERVICES_BUDGET_DOMAIN_REPORT_EXTRACT_RATES_H_

#include <map>
#include <string>
#include <vector>

#include "services/budget/domain/report_extract/extract.h"
#include "services/budget/domain/report_extract/prose.h"
#include "services/budget/domain/report_extract/text.h"
#include "services/budget/domain/report_extract/tokens.h"

namespace jixiao::report_extract {

// Appends the 三公 changes the text claims to `changes` and, to
// `findings`, X1 (a stated rate the stated figures contradict) and T3 (the
// same for a 三公 change against the year before, where the year before is
// given as an amount of change rather than as a figure).
void CheckStatedRates(const Text& text, const Tokens& tokens,
                      const std::vector<Reading>& readings,
                      const std::map<std::string, Figure>& figures,
                      std::vector<ClaimedChange>* changes,
                      std::vector<TextFinding>* findings);

}  // namespace jixiao::report_extract

#endif  // JIXIAO_SERVICES_BUDGET_DOMAIN_REPORT_EXTRACT_RATES_H_

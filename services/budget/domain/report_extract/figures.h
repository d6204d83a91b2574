// Chooses one value per figure key among the readings of prose and tables:
// the strongest label first, then the first in the text. Sums what the text
// gives only in parts (行政编制 + 事业编制; 县招聘 + 临时工; 离休 + 退休), and
// reads an ambiguous 收入总计 by the revenue lines listed under it.
#ifndef JIXIAO_SERVICES_BUDGET_DOMAIN_REPORT_EXTRACT_FIGURES_H_
#define JIXIAO_SERVICES_BUDGET_DOMAIN_REPORT_EXTRACT_FIGURES_H_

#include <map>
#include <string>
#include <vector>

#include "services/budget/domain/report_extract/extract.h"
#include "services/budget/domain/report_extract/prose.h"
#include "services/budget/domain/report_extract/text.h"
#include "services/budget/domain/report_extract/tokens.h"

namespace jixiao::report_extract {

struct Candidate {
  std::string key;
  Figure figure;
  int strength = 0;
  size_t position = 0;  // folded offset: the first in the text wins a tie
};

// The candidates of running text, parts summed.
std::vector<Candidate> ProseCandidates(const Text& text, const Tokens& tokens,
                                       const std::vector<Reading>& readings);

std::map<std::string, Figure> Choose(std::vector<Candidate> candidates);

}  // namespace jixiao::report_extract

#endif  // JIXIAO_SERVICES_BUDGET_DOMAIN_REPORT_EXTRACT_FIGURES_H_

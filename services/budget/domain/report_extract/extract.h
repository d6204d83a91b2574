// Reads a legacy 部门整体支出绩效自评报告 (a Word or PDF report turned into
// text) into structured figures, and checks them: the figures the text
// states, each with the sentence it came from, the percentage changes it
// claims beside what its own figures give, and the consistency findings of
// the budget service's checker (same identity ids) plus what only text
// shows (a stated count that the listed items do not match).
//
// A figure the text does not state is absent: never invented, never 0.
// Amounts are normalised to 万元, exactly (元 and 亿元 are converted).
#ifndef JIXIAO_SERVICES_BUDGET_DOMAIN_REPORT_EXTRACT_EXTRACT_H_
#define JIXIAO_SERVICES_BUDGET_DOMAIN_REPORT_EXTRACT_EXTRACT_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "services/budget/domain/consistency.h"
#include "services/budget/domain/model.h"

namespace jixiao::report_extract {

struct Figure {
  std::string value;  // decimal text: "12669.13", "381"
  std::string unit;   // "万元", "人", "分" or ""
  std::string quote;  // the sentence it came from
};

struct ClaimedChange {
  std::string item;      // the figure key, e.g. "vehicle_total"
  std::string word;      // 下降, 增长 …
  std::string stated;    // as a signed percent: "-7.68"
  std::string computed;  // from the figures, "" when they are missing
  bool agrees = false;
  std::string quote;
};

struct TextFinding {
  std::string identity;  // the checker's ids, and U2 for counts
  std::string severity;  // error, warning, info
  std::string message;
};

struct Extraction {
  std::string department;
  std::optional<int> year;
  std::map<std::string, Figure> figures;
  std::vector<ClaimedChange> claimed_changes;
  std::vector<TextFinding> findings;

  // The figures as the budget service holds them, for the checker and for
  // storing: the department, the year and the year before.
  budget::Department as_department;
  budget::DepartmentYear as_year;
  budget::DepartmentYear as_prior_year;
};

// The figure keys a reader of the extraction sees, in order (the
// extraction also reads a few more that only feed the checker).
const std::vector<std::string>& FigureKeys();

// The text after normalisation: full-width digits and punctuation to
// ASCII, numbers split across lines joined.
std::string Normalize(absl::string_view text);

Extraction Extract(absl::string_view text);

}  // namespace jixiao::report_extract

#endif  // JIXIAO_SERVICES_BUDGET_DOMAIN_REPORT_EXTRACT_EXTRACT_H_

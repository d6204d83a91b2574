// Budget lines and payment records from CSV, as county finance systems
// export them. Two layouts, told apart by the header row:
//
//   lines:
//   department_code,year,phase,function_code,economic_code,project_code,amount
//   payments:
//   department_code,year,record_id,paid_on,function_code,economic_code,project_code,amount
//
// `phase` is 年初预算/调整预算/决算 (or original/adjusted/final); amounts are
// decimal 元 or 万元 (chosen for the whole file). The text may be UTF-8 or
// GBK. Every error names its row and column; a file with any error yields
// no rows.
#ifndef JIXIAO_TOOLS_JIXIAO_LEDGER_CSV_H_
#define JIXIAO_TOOLS_JIXIAO_LEDGER_CSV_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "services/budget/domain/ledger.h"

namespace jixiao::cli {

struct LedgerFile {
  budget::LedgerBatch rows;         // no batch id or region: the caller's
  std::vector<std::string> errors;  // "row 7, column economic_code: …"
};

// `unit` is "元" or "万元". Each row is also checked as the budget service
// will check it (codes, years, dates, amounts), so that a dry run lists
// every error at once. Rows are read one at a time: a million-row file
// costs its rows, not a million vectors of strings.
LedgerFile ReadLedgerCsv(absl::string_view utf8_text, absl::string_view unit);

// Turns the budget service's "lines[12].economic_code: …" into the CSV's
// "row 14, column economic_code: …": lines[i] is row i + `first_row` (2
// for a whole file: row 1 is the header).
std::string ToCsvPosition(absl::string_view service_message, int first_row = 2);

}  // namespace jixiao::cli

#endif  // JIXIAO_TOOLS_JIXIAO_LEDGER_CSV_H_

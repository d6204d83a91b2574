// Tables as departments publish them once turned into text: one cell a
// line, or a row a line with '|' between cells (blank cells kept), with a
// run of column headings (预算数 / 决算数, 上年决算数 / 本年预算数 /
// 本年决算数, or two levels: 预算数 and 决算数 each over 合计 / 一般公共预算 /
// 政府性基金), rows of a label and one cell per column, and the unit from a
// "单位:万元" or "金额单位:元" line. A blank cell is no figure.
#ifndef JIXIAO_SERVICES_BUDGET_DOMAIN_REPORT_EXTRACT_TABLES_H_
#define JIXIAO_SERVICES_BUDGET_DOMAIN_REPORT_EXTRACT_TABLES_H_

#include <string>
#include <vector>

#include "services/budget/domain/report_extract/figures.h"
#include "services/budget/domain/report_extract/text.h"

namespace jixiao::report_extract {

// A text split into cells: each '|' piece of a line with bars, else each
// non-empty line (a line of blanks is a blank cell).
struct Cell {
  std::string text;      // trimmed
  std::string squeezed;  // without blanks: "合 计" → "合计"
  size_t begin = 0;      // folded offsets
  size_t end = 0;
};
std::vector<Cell> Cells(const std::string& folded);

// Whether a cell is a number ("1,388.70", "-3", "100.00%"); its digits
// without separators and whether it had a '%'.
bool NumberCell(const std::string& squeezed, std::string* digits,
                bool* percent);

std::vector<Candidate> ReadTables(const Text& text,
                                  const std::vector<Cell>& cells);

}  // namespace jixiao::report_extract

#endif  // JIXIAO_SERVICES_BUDGET_DOMAIN_REPORT_EXTRACT_TABLES_H_

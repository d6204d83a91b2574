// What every form reader of the CLI (targets, monitoring, project
// self-evaluations, ledgers) shares: the file's text (UTF-8 or GBK), its
// rows (.xlsx sheet by sheet, else CSV), the cells as the forms vary them,
// and each error at its place ("sheet 2, row 7, column 指标值: …").
#ifndef JIXIAO_TOOLS_JIXIAO_TABLE_READER_H_
#define JIXIAO_TOOLS_JIXIAO_TABLE_READER_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace jixiao::cli {

enum class Encoding { kAuto, kUtf8, kGbk };

// Returns the text as UTF-8 (GBK converted; kAuto: UTF-8 if it is, else GBK).
absl::StatusOr<std::string> ToUtf8(std::string bytes, Encoding encoding);

// A row as a spreadsheet shows it: its sheet ("" for CSV and a workbook of
// one sheet, else "sheet 2"), its 1-based number and its cells (A first).
struct TableRow {
  std::string sheet;
  int number = 0;
  std::vector<std::string> cells;
};

// The rows of a file: an .xlsx (told by its bytes, not its name) sheet by
// sheet, else CSV text in `encoding` (UTF-8 or GBK, like the ledger).
// INVALID_ARGUMENT saying what is wrong with the file as a whole.
absl::StatusOr<std::vector<TableRow>> ReadTable(std::string bytes,
                                                Encoding encoding);

// A cell without the spaces around it, ASCII or ideographic (U+3000).
std::string TrimCell(absl::string_view cell);

// A label or header cell without any space in it and with ASCII brackets
// made full-width: "资金总额 (万元)" is "资金总额（万元）".
std::string CompactLabel(absl::string_view cell);

// The trimmed cell at `at`; "" when there is no such column or the row is
// shorter.
std::string CellAt(const TableRow& row, std::optional<size_t> at);

// The first cell with text in it; nullopt for a blank row.
std::optional<size_t> FirstFilledCell(const TableRow& row);

// The spreadsheet's name of a column: A for 0, Z, AA, AB …
std::string ColumnLetter(size_t index);

// Where in the file: "sheet 2, row 7, column 指标值" (no sheet for CSV, no
// column when `column` is empty).
std::string PlaceOf(absl::string_view sheet, int row, absl::string_view column);
std::string PlaceOf(const TableRow& row, absl::string_view column);

// A file's errors in the order they are found, each at its place.
class TableErrors {
 public:
  void Add(const TableRow& row, absl::string_view column,
           absl::string_view problem);
  // A problem already placed, or of the file as a whole.
  void Add(std::string message) { errors_.push_back(std::move(message)); }

  bool empty() const { return errors_.empty(); }
  size_t size() const { return errors_.size(); }
  std::vector<std::string> Take() { return std::move(errors_); }

 private:
  std::vector<std::string> errors_;
};

// The 一级 and 二级 of an indicator table's rows, where a blank cell
// continues the one above (a merged cell).
class MergedLevels {
 public:
  // A new table: nothing above.
  void Clear();
  // Completes a row's 一级 and 二级 ("产出" is "产出指标"): a blank 一级
  // is the one above with, when blank too, its 二级; a blank 二级 under
  // the same 一级 is the one above. Remembered for the rows below. A 一级
  // still blank after is one no row gives.
  void Continue(std::string& level1, std::string& level2);

 private:
  std::string level1_, level2_;
};

}  // namespace jixiao::cli

#endif  // JIXIAO_TOOLS_JIXIAO_TABLE_READER_H_

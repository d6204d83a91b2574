#include "tools/jixiao/ledger_csv.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "libs/money/money.h"
#include "services/budget/domain/ledger.h"
#include "tools/jixiao/csv_reader.h"
#include "tools/jixiao/table_reader.h"

namespace jixiao::cli {
namespace {

const std::vector<std::string> kLineColumns = {
    "department_code", "year",         "phase", "function_code",
    "economic_code",   "project_code", "amount"};
const std::vector<std::string> kPaymentColumns = {
    "department_code", "year",          "record_id",    "paid_on",
    "function_code",   "economic_code", "project_code", "amount"};

std::optional<budget::Phase> PhaseOf(absl::string_view text) {
  static const std::map<std::string, budget::Phase, std::less<>> kPhases = {
      {"年初预算", budget::Phase::kOriginal},
      {"original", budget::Phase::kOriginal},
      {"调整预算", budget::Phase::kAdjusted},
      {"adjusted", budget::Phase::kAdjusted},
      {"决算", budget::Phase::kFinal},
      {"final", budget::Phase::kFinal}};
  const auto it = kPhases.find(text);
  if (it == kPhases.end()) return std::nullopt;
  return it->second;
}

// The layout the header row names, and where each column is.
struct Layout {
  bool lines = false;  // else payments
  size_t columns = 0;
  size_t department_code = 0, year = 0, phase = 0, record_id = 0, paid_on = 0,
         function_code = 0, economic_code = 0, project_code = 0, amount = 0;
};

std::optional<Layout> LayoutOf(const std::vector<std::string>& row) {
  std::vector<std::string> header;
  for (const std::string& h : row) {
    header.emplace_back(absl::StripAsciiWhitespace(h));
  }
  Layout layout;
  layout.lines = header == kLineColumns;
  if (!layout.lines && header != kPaymentColumns) return std::nullopt;
  // The header is one of the two layouts, so a column's place is known.
  const auto column = [&](absl::string_view name) {
    return static_cast<size_t>(std::find(header.begin(), header.end(), name) -
                               header.begin());
  };
  layout.columns = header.size();
  layout.department_code = column("department_code");
  layout.year = column("year");
  layout.phase = column("phase");
  layout.record_id = column("record_id");
  layout.paid_on = column("paid_on");
  layout.function_code = column("function_code");
  layout.economic_code = column("economic_code");
  layout.project_code = column("project_code");
  layout.amount = column("amount");
  return layout;
}

// The rows after the header, each read and checked on its own: `r` is the
// row's number as the errors say it (the header is row 1).
class RowReader {
 public:
  RowReader(const Layout& layout, money::Unit unit, LedgerFile& file)
      : layout_(layout), unit_(unit), file_(file) {}

  void Read(int r, const std::vector<std::string>& row) {
    if (row.size() != layout_.columns) {
      file_.errors.push_back(absl::StrCat("row ", r, ": ", row.size(),
                                          " columns, the header has ",
                                          layout_.columns));
      return;
    }
    const auto cell = [&](size_t at) {
      return absl::StripAsciiWhitespace(row[at]);
    };
    int year = 0;
    if (!absl::SimpleAtoi(cell(layout_.year), &year)) {
      Error(r, "year",
            absl::StrCat("\"", cell(layout_.year), "\" is not a year"));
      return;
    }
    auto amount = money::ParseAmount(cell(layout_.amount), unit_);
    if (!amount.ok()) {
      Error(r, "amount", amount.status().message());
      return;
    }
    if (layout_.lines) {
      ReadLine(r, row, year, *amount);
    } else {
      ReadPayment(r, row, year, *amount);
    }
  }

 private:
  void Error(int r, absl::string_view column, absl::string_view problem) {
    file_.errors.push_back(absl::StrCat(PlaceOf("", r, column), ": ", problem));
  }

  // A failed check names its field first: "paid_on: …".
  bool Check(int r, const absl::Status& s) {
    if (s.ok()) return true;
    file_.errors.push_back(
        ToCsvPosition(absl::StrCat("lines[0].", s.message()), r));
    return false;
  }

  void ReadLine(int r, const std::vector<std::string>& row, int year,
                int64_t amount) {
    const auto cell = [&](size_t at) {
      return std::string(absl::StripAsciiWhitespace(row[at]));
    };
    const auto phase = PhaseOf(cell(layout_.phase));
    if (!phase) {
      Error(r, "phase",
            absl::StrCat("\"", cell(layout_.phase),
                         "\" is not 年初预算, 调整预算 or 决算"));
      return;
    }
    budget::BudgetLineRow line{cell(layout_.department_code),
                               year,
                               *phase,
                               cell(layout_.function_code),
                               cell(layout_.economic_code),
                               cell(layout_.project_code),
                               amount};
    if (Check(r, budget::ValidateBudgetLineRow(line))) {
      file_.rows.lines.push_back(std::move(line));
    }
  }

  void ReadPayment(int r, const std::vector<std::string>& row, int year,
                   int64_t amount) {
    const auto cell = [&](size_t at) {
      return std::string(absl::StripAsciiWhitespace(row[at]));
    };
    budget::PaymentRow payment{
        cell(layout_.department_code), year,
        cell(layout_.record_id),       cell(layout_.paid_on),
        cell(layout_.function_code),   cell(layout_.economic_code),
        cell(layout_.project_code),    amount};
    if (Check(r, budget::ValidatePaymentRow(payment))) {
      file_.rows.payments.push_back(std::move(payment));
    }
  }

  const Layout& layout_;
  const money::Unit unit_;
  LedgerFile& file_;
};

}  // namespace

LedgerFile ReadLedgerCsv(absl::string_view utf8_text, absl::string_view unit) {
  LedgerFile file;
  CsvReader reader(utf8_text);
  std::vector<std::string> row;
  if (!reader.Next(row)) {
    file.errors.emplace_back(
        reader.status().ok()
            ? "row 1: the file is empty (a header row is required)"
            : std::string(reader.status().message()));
    return file;
  }
  const std::optional<Layout> layout = LayoutOf(row);
  if (!layout.has_value()) {
    file.errors.emplace_back(
        "row 1: the header must be "
        "department_code,year,phase,function_code,economic_code,"
        "project_code,amount (budget lines) or "
        "department_code,year,record_id,paid_on,"
        "function_code,economic_code,project_code,amount (payments)");
    return file;
  }
  RowReader rows(*layout,
                 unit == "万元" ? money::Unit::kWanYuan : money::Unit::kYuan,
                 file);
  for (int r = 2; reader.Next(row); ++r) rows.Read(r, row);
  if (!reader.status().ok()) {
    file.errors.emplace_back(reader.status().message());
  }
  return file;
}

std::string ToCsvPosition(absl::string_view message, int first_row) {
  // "lines[12].economic_code: problem" or "payments[3].paid_on: problem"
  for (const absl::string_view prefix : {"lines[", "payments["}) {
    if (!absl::StartsWith(message, prefix)) continue;
    const size_t close = message.find(']');
    const size_t colon = message.find(": ");
    int index = 0;
    if (close == absl::string_view::npos || colon == absl::string_view::npos ||
        !absl::SimpleAtoi(message.substr(prefix.size(), close - prefix.size()),
                          &index)) {
      break;
    }
    const absl::string_view column =
        message.substr(close + 2, colon - close - 2);
    return absl::StrCat("row ", index + first_row, ", column ", column,
                        message.substr(colon));
  }
  return std::string(message);
}

}  // namespace jixiao::cli

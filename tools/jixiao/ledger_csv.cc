#include "tools/jixiao/ledger_csv.h"

#include <iconv.h>

#include <algorithm>
#include <map>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "libs/money/money.h"
#include "libs/validate/validate.h"
#include "services/budget/domain/ledger.h"
#include "tools/jixiao/csv_reader.h"

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

}  // namespace

absl::StatusOr<std::string> ToUtf8(std::string bytes, Encoding encoding) {
  if (encoding == Encoding::kUtf8 ||
      (encoding == Encoding::kAuto && validate::IsValidUtf8(bytes))) {
    if (encoding == Encoding::kUtf8 && !validate::IsValidUtf8(bytes)) {
      return absl::InvalidArgumentError(
          "the file is not valid UTF-8 (try --encoding=gbk)");
    }
    return bytes;
  }
  iconv_t cd = iconv_open("UTF-8", "GB18030");  // a superset of GBK
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    return absl::InternalError("iconv cannot convert from GBK here");
  }
  std::string out(bytes.size() * 2 + 16, '\0');
  char* in_ptr = bytes.data();
  size_t in_left = bytes.size();
  char* out_ptr = out.data();
  size_t out_left = out.size();
  const size_t rc = iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left);
  iconv_close(cd);
  if (rc == static_cast<size_t>(-1)) {
    return absl::InvalidArgumentError(
        absl::StrCat("the file is neither UTF-8 nor GBK (byte ",
                     bytes.size() - in_left, ")"));
  }
  out.resize(out.size() - out_left);
  return out;
}

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
  std::vector<std::string> header;
  for (const std::string& h : row) {
    header.emplace_back(absl::StripAsciiWhitespace(h));
  }
  const bool lines = header == kLineColumns;
  if (!lines && header != kPaymentColumns) {
    file.errors.emplace_back(
        "row 1: the header must be "
        "department_code,year,phase,function_code,economic_code,"
        "project_code,amount (budget lines) or "
        "department_code,year,record_id,paid_on,"
        "function_code,economic_code,project_code,amount (payments)");
    return file;
  }
  const money::Unit money_unit =
      unit == "万元" ? money::Unit::kWanYuan : money::Unit::kYuan;
  // The header is one of the two layouts, so a column's place is known.
  const auto column = [&](absl::string_view name) {
    return static_cast<size_t>(std::find(header.begin(), header.end(), name) -
                               header.begin());
  };
  const size_t department_code = column("department_code"),
               year_at = column("year"), phase_at = column("phase"),
               record_id = column("record_id"), paid_on = column("paid_on"),
               function_code = column("function_code"),
               economic_code = column("economic_code"),
               project_code = column("project_code"),
               amount_at = column("amount");
  for (int r = 2; reader.Next(row); ++r) {
    const auto error = [&](absl::string_view column,
                           absl::string_view problem) {
      file.errors.push_back(
          absl::StrCat("row ", r, ", column ", column, ": ", problem));
    };
    if (row.size() != header.size()) {
      file.errors.push_back(absl::StrCat("row ", r, ": ", row.size(),
                                         " columns, the header has ",
                                         header.size()));
      continue;
    }
    const auto cell = [&](size_t at) {
      return absl::StripAsciiWhitespace(row[at]);
    };
    int year = 0;
    if (!absl::SimpleAtoi(cell(year_at), &year)) {
      error("year", absl::StrCat("\"", cell(year_at), "\" is not a year"));
      continue;
    }
    auto amount = money::ParseAmount(cell(amount_at), money_unit);
    if (!amount.ok()) {
      error("amount", amount.status().message());
      continue;
    }
    // A failed check names its field first: "paid_on: …".
    const auto check = [&](const absl::Status& s) {
      if (s.ok()) return true;
      file.errors.push_back(
          ToCsvPosition(absl::StrCat("lines[0].", s.message()), r));
      return false;
    };
    if (lines) {
      const auto phase = PhaseOf(cell(phase_at));
      if (!phase) {
        error("phase", absl::StrCat("\"", cell(phase_at),
                                    "\" is not 年初预算, 调整预算 or 决算"));
        continue;
      }
      budget::BudgetLineRow line{std::string(cell(department_code)),
                                 year,
                                 *phase,
                                 std::string(cell(function_code)),
                                 std::string(cell(economic_code)),
                                 std::string(cell(project_code)),
                                 *amount};
      if (check(budget::ValidateBudgetLineRow(line))) {
        file.rows.lines.push_back(std::move(line));
      }
    } else {
      budget::PaymentRow payment{
          std::string(cell(department_code)), year,
          std::string(cell(record_id)),       std::string(cell(paid_on)),
          std::string(cell(function_code)),   std::string(cell(economic_code)),
          std::string(cell(project_code)),    *amount};
      if (check(budget::ValidatePaymentRow(payment))) {
        file.rows.payments.push_back(std::move(payment));
      }
    }
  }
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

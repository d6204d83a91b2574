#include "tools/jixiao/ledger_csv.h"

#include <iconv.h>

#include <map>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "libs/money/money.h"
#include "libs/validate/validate.h"
#include "services/budget/domain/ledger.h"

namespace jixiao::cli {
namespace {

namespace bpb = ::jixiao::budget::v1;

const std::vector<std::string> kLineColumns = {
    "department_code", "year",         "phase", "function_code",
    "economic_code",   "project_code", "amount"};
const std::vector<std::string> kPaymentColumns = {
    "department_code", "year",          "record_id",    "paid_on",
    "function_code",   "economic_code", "project_code", "amount"};

std::optional<bpb::Phase> PhaseOf(absl::string_view text) {
  static const std::map<std::string, bpb::Phase, std::less<>> kPhases = {
      {"年初预算", bpb::PHASE_ORIGINAL}, {"original", bpb::PHASE_ORIGINAL},
      {"调整预算", bpb::PHASE_ADJUSTED}, {"adjusted", bpb::PHASE_ADJUSTED},
      {"决算", bpb::PHASE_FINAL},        {"final", bpb::PHASE_FINAL}};
  const auto it = kPhases.find(text);
  if (it == kPhases.end()) return std::nullopt;
  return it->second;
}

}  // namespace

absl::StatusOr<std::string> ToUtf8(const std::string& bytes,
                                   Encoding encoding) {
  if (encoding == Encoding::kUtf8 ||
      (encoding == Encoding::kAuto && validate::IsValidUtf8(bytes))) {
    if (!validate::IsValidUtf8(bytes)) {
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
  char* in_ptr = const_cast<char*>(bytes.data());
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

absl::StatusOr<std::vector<std::vector<std::string>>> ParseCsv(
    absl::string_view text) {
  absl::ConsumePrefix(&text, "\xEF\xBB\xBF");
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  bool field_started = false;
  int line = 1;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field.push_back('"');
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        field.push_back(c);
      }
      continue;
    }
    if (c == '"' && !field_started) {
      quoted = true;
      field_started = true;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
      field_started = false;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      row.push_back(std::move(field));
      field.clear();
      field_started = false;
      if (!(row.size() == 1 && row[0].empty())) rows.push_back(std::move(row));
      row.clear();
      ++line;
    } else {
      field.push_back(c);
      field_started = true;
    }
  }
  if (quoted) {
    return absl::InvalidArgumentError(
        absl::StrCat("row ", line, ": a quote is never closed"));
  }
  if (field_started || !row.empty()) {
    row.push_back(std::move(field));
    rows.push_back(std::move(row));
  }
  return rows;
}

LedgerFile ReadLedgerCsv(absl::string_view utf8_text, absl::string_view unit) {
  LedgerFile file;
  auto rows = ParseCsv(utf8_text);
  if (!rows.ok()) {
    file.errors.emplace_back(rows.status().message());
    return file;
  }
  if (rows->empty()) {
    file.errors.emplace_back(
        "row 1: the file is empty (a header row is required)");
    return file;
  }
  std::vector<std::string> header;
  for (const std::string& h : rows->front()) {
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
  for (size_t r = 1; r < rows->size(); ++r) {
    const auto& row = (*rows)[r];
    const std::string at = absl::StrCat("row ", r + 1);
    if (row.size() != header.size()) {
      file.errors.push_back(absl::StrCat(
          at, ": ", row.size(), " columns, the header has ", header.size()));
      continue;
    }
    std::map<std::string, std::string> cell;
    for (size_t c = 0; c < header.size(); ++c) {
      cell[header[c]] = std::string(absl::StripAsciiWhitespace(row[c]));
    }
    const auto error = [&](const std::string& column,
                           absl::string_view problem) {
      file.errors.push_back(
          absl::StrCat(at, ", column ", column, ": ", problem));
    };
    int year = 0;
    if (!absl::SimpleAtoi(cell["year"], &year)) {
      error("year", absl::StrCat("\"", cell["year"], "\" is not a year"));
      continue;
    }
    auto amount = money::ParseAmount(cell["amount"], money_unit);
    if (!amount.ok()) {
      error("amount", amount.status().message());
      continue;
    }
    if (lines) {
      const auto phase = PhaseOf(cell["phase"]);
      if (!phase) {
        error("phase", absl::StrCat("\"", cell["phase"],
                                    "\" is not 年初预算, 调整预算 or 决算"));
        continue;
      }
      bpb::BudgetLine line;
      line.set_department_code(cell["department_code"]);
      line.set_year(year);
      line.set_phase(*phase);
      line.set_function_code(cell["function_code"]);
      line.set_economic_code(cell["economic_code"]);
      line.set_project_code(cell["project_code"]);
      line.set_amount(*amount);
      budget::LedgerBatch one{.batch_id = "check", .region_code = "000000"};
      one.lines.push_back({line.department_code(), line.year(),
                           budget::Phase::kOriginal, line.function_code(),
                           line.economic_code(), line.project_code(),
                           line.amount()});
      if (auto s = budget::ValidateLedgerBatch(one, 1); !s.ok()) {
        file.errors.push_back(
            ToCsvPosition(s.message(), static_cast<int>(r) + 1));
        continue;
      }
      file.lines.push_back(std::move(line));
    } else {
      bpb::PaymentRecord p;
      p.set_department_code(cell["department_code"]);
      p.set_year(year);
      p.set_record_id(cell["record_id"]);
      p.set_paid_on(cell["paid_on"]);
      p.set_function_code(cell["function_code"]);
      p.set_economic_code(cell["economic_code"]);
      p.set_project_code(cell["project_code"]);
      p.set_amount(*amount);
      budget::LedgerBatch one{.batch_id = "check", .region_code = "000000"};
      one.payments.push_back({p.department_code(), p.year(), p.record_id(),
                              p.paid_on(), p.function_code(), p.economic_code(),
                              p.project_code(), p.amount()});
      if (auto s = budget::ValidateLedgerBatch(one, 1); !s.ok()) {
        file.errors.push_back(
            ToCsvPosition(s.message(), static_cast<int>(r) + 1));
        continue;
      }
      file.payments.push_back(std::move(p));
    }
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

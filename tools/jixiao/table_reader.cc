#include "tools/jixiao/table_reader.h"

#include <iconv.h>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "libs/base/status_macros.h"
#include "libs/document_text/document_text.h"
#include "libs/validate/validate.h"
#include "tools/jixiao/csv_reader.h"

namespace jixiao::cli {
namespace {

// "产出" and "产出指标" name the same level.
std::string WithSuffix(std::string level) {
  if (!level.empty() && !absl::EndsWith(level, "指标")) {
    absl::StrAppend(&level, "指标");
  }
  return level;
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

absl::StatusOr<std::vector<TableRow>> ReadTable(std::string bytes,
                                                Encoding encoding) {
  std::vector<TableRow> rows;
  if (absl::StartsWith(bytes, absl::string_view("PK\x03\x04", 4))) {
    JIXIAO_ASSIGN_OR_RETURN(auto sheets, document_text::ReadSpreadsheet(bytes));
    for (size_t s = 0; s < sheets.size(); ++s) {
      for (document_text::SheetRow& row : sheets[s]) {
        rows.push_back({sheets.size() == 1 ? "" : absl::StrCat("sheet ", s + 1),
                        row.number, std::move(row.cells)});
      }
    }
    return rows;
  }
  JIXIAO_ASSIGN_OR_RETURN(auto text, ToUtf8(std::move(bytes), encoding));
  CsvReader reader(text);
  std::vector<std::string> fields;
  while (reader.Next(fields)) rows.push_back({"", reader.row_line(), fields});
  JIXIAO_RETURN_IF_ERROR(reader.status());
  return rows;
}

std::string TrimCell(absl::string_view cell) {
  absl::string_view t = absl::StripAsciiWhitespace(cell);
  while (absl::ConsumePrefix(&t, "\u3000") ||
         absl::ConsumeSuffix(&t, "\u3000")) {
    t = absl::StripAsciiWhitespace(t);
  }
  return std::string(t);
}

std::string CompactLabel(absl::string_view cell) {
  return absl::StrReplaceAll(
      TrimCell(cell), {{" ", ""}, {"\u3000", ""}, {"(", "（"}, {")", "）"}});
}

std::string CellAt(const TableRow& row, std::optional<size_t> at) {
  return at.has_value() && *at < row.cells.size() ? TrimCell(row.cells[*at])
                                                  : std::string();
}

std::optional<size_t> FirstFilledCell(const TableRow& row) {
  for (size_t i = 0; i < row.cells.size(); ++i) {
    if (!TrimCell(row.cells[i]).empty()) return i;
  }
  return std::nullopt;
}

std::string ColumnLetter(size_t index) {
  std::string letters;
  for (size_t n = index + 1; n > 0; n = (n - 1) / 26) {
    letters.insert(letters.begin(), static_cast<char>('A' + (n - 1) % 26));
  }
  return letters;
}

std::string PlaceOf(absl::string_view sheet, int row,
                    absl::string_view column) {
  std::string out = sheet.empty() ? "" : absl::StrCat(sheet, ", ");
  absl::StrAppend(&out, "row ", row);
  if (!column.empty()) absl::StrAppend(&out, ", column ", column);
  return out;
}

std::string PlaceOf(const TableRow& row, absl::string_view column) {
  return PlaceOf(row.sheet, row.number, column);
}

void TableErrors::Add(const TableRow& row, absl::string_view column,
                      absl::string_view problem) {
  errors_.push_back(absl::StrCat(PlaceOf(row, column), ": ", problem));
}

void MergedLevels::Clear() {
  level1_.clear();
  level2_.clear();
}

void MergedLevels::Continue(std::string& level1, std::string& level2) {
  level1 = WithSuffix(std::move(level1));
  level2 = WithSuffix(std::move(level2));
  if (level1.empty()) {
    level1 = level1_;
    if (level2.empty()) level2 = level2_;
  } else if (level2.empty() && level1 == level1_) {
    level2 = level2_;
  }
  level1_ = level1;
  level2_ = level2;
}

}  // namespace jixiao::cli

#include "libs/document_text/xlsx.h"

#include <map>
#include <utility>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "libs/base/status_macros.h"
#include "libs/document_text/text_out.h"
#include "libs/document_text/xml_stream.h"

namespace jixiao::document_text {
namespace {

constexpr char kRelationshipsNs[] =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

// The shared strings table: each <si>'s text runs (<t>), without phonetic
// guides (<rPh>), which are not part of the cell's text.
absl::StatusOr<std::vector<std::string>> SharedStrings(const ZipParts& parts) {
  std::vector<std::string> strings;
  if (!parts.Has("xl/sharedStrings.xml")) return strings;
  JIXIAO_ASSIGN_OR_RETURN(auto xml, parts.Read("xl/sharedStrings.xml"));
  JIXIAO_ASSIGN_OR_RETURN(auto stream,
                          XmlStream::Open(xml, "xl/sharedStrings.xml"));
  XmlStream& s = *stream;
  bool in_text = false;
  int phonetic = 0;
  while (true) {
    JIXIAO_ASSIGN_OR_RETURN(auto more, s.Next());
    if (!more) break;
    const absl::string_view name = s.local_name();
    if (s.kind() == XmlStream::Kind::kStart) {
      if (name == "si") strings.emplace_back();
      if (name == "rPh" && !s.empty()) ++phonetic;
      if (name == "t") in_text = !s.empty();
    } else if (s.kind() == XmlStream::Kind::kEnd) {
      if (name == "rPh") --phonetic;
      if (name == "t") in_text = false;
    } else if (s.kind() == XmlStream::Kind::kText && in_text && phonetic == 0 &&
               !strings.empty()) {
      absl::StrAppend(&strings.back(), s.text());
    }
  }
  return strings;
}

// Calls `visit` at each element named `name` in the XML part `part`.
absl::Status ForEachElement(
    const ZipParts& parts, const std::string& part, absl::string_view name,
    absl::FunctionRef<absl::Status(const XmlStream&)> visit) {
  JIXIAO_ASSIGN_OR_RETURN(auto xml, parts.Read(part));
  JIXIAO_ASSIGN_OR_RETURN(auto stream, XmlStream::Open(xml, part));
  while (true) {
    JIXIAO_ASSIGN_OR_RETURN(auto more, stream->Next());
    if (!more) return absl::OkStatus();
    if (stream->kind() == XmlStream::Kind::kStart &&
        stream->local_name() == name) {
      JIXIAO_RETURN_IF_ERROR(visit(*stream));
    }
  }
}

// The worksheet parts in the workbook's order (xl/workbook.xml's <sheet>s,
// resolved through xl/_rels/workbook.xml.rels).
absl::StatusOr<std::vector<std::string>> SheetParts(const ZipParts& parts,
                                                    const Limits& limits) {
  std::map<std::string, std::string> targets;
  JIXIAO_RETURN_IF_ERROR(
      ForEachElement(parts, "xl/_rels/workbook.xml.rels", "Relationship",
                     [&](const XmlStream& relationship) {
                       targets[relationship.Attribute("Id")] =
                           relationship.Attribute("Target");
                       return absl::OkStatus();
                     }));
  std::vector<std::string> sheets;
  JIXIAO_RETURN_IF_ERROR(ForEachElement(
      parts, "xl/workbook.xml", "sheet",
      [&](const XmlStream& sheet) -> absl::Status {
        const auto it = targets.find(sheet.Attribute("id", kRelationshipsNs));
        if (it == targets.end() || absl::StrContains(it->second, "..")) {
          return absl::OkStatus();
        }
        absl::string_view target = it->second;
        sheets.push_back(absl::ConsumePrefix(&target, "/")
                             ? std::string(target)
                             : absl::StrCat("xl/", target));
        if (sheets.size() > limits.max_sheets) {
          return absl::InvalidArgumentError(
              absl::StrCat("document: a workbook of more than ",
                           limits.max_sheets, " sheets"));
        }
        return absl::OkStatus();
      }));
  return sheets;
}

absl::Status SheetText(const ZipParts& parts, const std::string& part,
                       const std::vector<std::string>& shared, TextOut& out) {
  auto xml = parts.Read(part);
  if (absl::IsNotFound(xml.status())) return absl::OkStatus();  // a chart
  JIXIAO_RETURN_IF_ERROR(xml.status());
  JIXIAO_ASSIGN_OR_RETURN(auto stream, XmlStream::Open(*xml, part));
  XmlStream& s = *stream;
  std::string type, value;
  bool in_value = false, in_cell = false;
  while (!out.full()) {
    JIXIAO_ASSIGN_OR_RETURN(auto more, s.Next());
    if (!more) break;
    const absl::string_view name = s.local_name();
    if (s.kind() == XmlStream::Kind::kStart) {
      if (name == "c" && !s.empty()) {
        in_cell = true;
        type = s.Attribute("t");
        value.clear();
      } else if (in_cell && (name == "v" || name == "t")) {
        in_value = !s.empty();
      }
    } else if (s.kind() == XmlStream::Kind::kText && in_value) {
      absl::StrAppend(&value, s.text());
    } else if (s.kind() == XmlStream::Kind::kEnd) {
      if (name == "v" || name == "t") {
        in_value = false;
      } else if (name == "c") {
        in_cell = false;
        std::string cell = value;
        if (type == "s") {
          size_t index = 0;
          cell = absl::SimpleAtoi(value, &index) && index < shared.size()
                     ? shared[index]
                     : "";
        } else if (type == "b") {
          cell = value == "1" ? "TRUE" : "FALSE";
        }
        if (!cell.empty()) {
          out.Append(cell);
          out.EndLine();
        }
      }
    }
  }
  return absl::OkStatus();
}

constexpr int kMaxColumns = 256;

// The column (A = 0) and row (1-based) of a reference like "B12"; -1 for a
// part that is missing or malformed.
std::pair<int, int> CellReference(absl::string_view ref) {
  int column = 0;
  size_t i = 0;
  for (; i < ref.size() &&
         absl::ascii_isupper(static_cast<unsigned char>(ref[i]));
       ++i) {
    column = column * 26 + (ref[i] - 'A' + 1);
    if (column > kMaxColumns + 1) break;
  }
  int row = -1;
  if (i == ref.size() || !absl::SimpleAtoi(ref.substr(i), &row)) row = -1;
  return {i == 0 ? -1 : column - 1, row};
}

// One sheet's cells by row and column. Every cell slot and byte of text
// counts against `budget` (max_text_bytes for the whole workbook), so that a
// sheet of a few kilobytes cannot unpack into gigabytes of empty slots.
absl::StatusOr<Sheet> SheetCells(const ZipParts& parts, const std::string& part,
                                 const std::vector<std::string>& shared,
                                 size_t& budget) {
  Sheet sheet;
  auto xml = parts.Read(part);
  if (absl::IsNotFound(xml.status())) return sheet;  // a chart
  JIXIAO_RETURN_IF_ERROR(xml.status());
  JIXIAO_ASSIGN_OR_RETURN(auto stream, XmlStream::Open(*xml, part));
  XmlStream& s = *stream;
  std::string type, value;
  bool in_value = false, in_cell = false;
  int row_number = 0, column = -1;
  const auto spend = [&](size_t cost) -> absl::Status {
    if (cost > budget) {
      return absl::InvalidArgumentError(
          "document: the workbook's cells are larger than the limit");
    }
    budget -= cost;
    return absl::OkStatus();
  };
  while (true) {
    JIXIAO_ASSIGN_OR_RETURN(auto more, s.Next());
    if (!more) break;
    const absl::string_view name = s.local_name();
    if (s.kind() == XmlStream::Kind::kStart) {
      if (name == "row") {
        const auto [unused, r] =
            CellReference(absl::StrCat("A", s.Attribute("r")));
        row_number = r > row_number ? r : row_number + 1;
        column = -1;
      } else if (name == "c") {
        const auto [c, unused] = CellReference(s.Attribute("r"));
        column = c >= 0 ? c : column + 1;
        if (column >= kMaxColumns) {
          return absl::InvalidArgumentError(absl::StrCat(
              "document: a cell beyond column ", kMaxColumns, " in ", part));
        }
        in_cell = !s.empty();
        type = s.Attribute("t");
        value.clear();
      } else if (in_cell && (name == "v" || name == "t")) {
        in_value = !s.empty();
      }
    } else if (s.kind() == XmlStream::Kind::kText && in_value) {
      absl::StrAppend(&value, s.text());
      JIXIAO_RETURN_IF_ERROR(spend(s.text().size()));
    } else if (s.kind() == XmlStream::Kind::kEnd) {
      if (name == "v" || name == "t") {
        in_value = false;
      } else if (name == "c") {
        in_cell = false;
        std::string cell = value;
        if (type == "s") {
          size_t index = 0;
          cell = absl::SimpleAtoi(value, &index) && index < shared.size()
                     ? shared[index]
                     : "";
        } else if (type == "b") {
          cell = value == "1" ? "TRUE" : "FALSE";
        }
        if (cell.empty()) continue;
        if (sheet.empty() || sheet.back().number != row_number) {
          sheet.push_back({row_number, {}});
        }
        std::vector<std::string>& cells = sheet.back().cells;
        if (cells.size() <= static_cast<size_t>(column)) {
          JIXIAO_RETURN_IF_ERROR(spend(
              (column + 1 - cells.size()) * sizeof(std::string) + cell.size()));
          cells.resize(column + 1);
        }
        cells[column] = std::move(cell);
      }
    }
  }
  return sheet;
}

}  // namespace

absl::StatusOr<std::vector<Sheet>> XlsxSheets(const ZipParts& parts,
                                              const Limits& limits) {
  JIXIAO_ASSIGN_OR_RETURN(auto shared, SharedStrings(parts));
  JIXIAO_ASSIGN_OR_RETURN(auto parts_of_sheets, SheetParts(parts, limits));
  size_t budget = limits.max_text_bytes;
  std::vector<Sheet> sheets;
  for (const std::string& part : parts_of_sheets) {
    JIXIAO_ASSIGN_OR_RETURN(auto sheet,
                            SheetCells(parts, part, shared, budget));
    sheets.push_back(std::move(sheet));
  }
  return sheets;
}

absl::StatusOr<std::string> XlsxText(const ZipParts& parts,
                                     const Limits& limits) {
  JIXIAO_ASSIGN_OR_RETURN(auto shared, SharedStrings(parts));
  JIXIAO_ASSIGN_OR_RETURN(auto sheets, SheetParts(parts, limits));
  TextOut out(limits.max_text_bytes);
  for (const std::string& sheet : sheets) {
    JIXIAO_RETURN_IF_ERROR(SheetText(parts, sheet, shared, out));
    if (out.full()) break;
  }
  JIXIAO_RETURN_IF_ERROR(out.status());
  return out.Take();
}

}  // namespace jixiao::document_text

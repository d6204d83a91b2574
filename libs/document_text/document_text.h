// The text of a published report in the formats departments publish it in:
// plain text, Word (.docx), Excel (.xlsx, the 基础数据表) and PDF. What comes
// out is what the report extractor reads: one paragraph or table cell a
// line, in reading order.
//
// Every input is hostile until read: the format is told by the bytes (never
// by a file name), the size of the input, of each part inside a zip and of
// the text are bounded, XML is read as a stream with no network and no
// entity expansion, and PDF pages are capped. A document that breaks a
// bound is INVALID_ARGUMENT naming what was too large.
#ifndef JIXIAO_LIBS_DOCUMENT_TEXT_DOCUMENT_TEXT_H_
#define JIXIAO_LIBS_DOCUMENT_TEXT_DOCUMENT_TEXT_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace jixiao::document_text {

enum class Format { kText, kDocx, kXlsx, kPdf };

struct Limits {
  size_t max_input_bytes = 12 << 20;  // fits a gRPC message with room
  size_t max_part_bytes = 32 << 20;   // one XML part, uncompressed
  size_t max_zip_entries = 4096;
  size_t max_sheets = 64;
  int max_pages = 300;
  size_t max_text_bytes = 1 << 20;  // what the extractor takes at most
};

// The format the bytes are in: PDF by "%PDF-", a zip holding
// word/document.xml or xl/workbook.xml as .docx or .xlsx; anything else is
// text. INVALID_ARGUMENT for a zip that is neither, or a legacy .doc/.xls
// (OLE2), which the caller must save again as .docx/.xlsx.
absl::StatusOr<Format> DetectFormat(absl::string_view bytes);

absl::string_view FormatName(Format format);  // "txt", "docx", "xlsx", "pdf"

struct Document {
  Format format;
  std::string text;
};

// The document's format and text (UTF-8), reading a package once. For
// kText the bytes are returned as they are: the caller decodes them
// (GB18030 or UTF-8).
absl::StatusOr<Document> ReadDocument(absl::string_view bytes,
                                      const Limits& limits = {});

// ReadDocument's text alone.
absl::StatusOr<std::string> DocumentText(absl::string_view bytes,
                                         const Limits& limits = {});

// A sheet's rows as cells, for a table read by column (the 申报表 of
// `jixiao targets import`): each row that has a cell with a value, its
// number as the sheet shows it (1-based) and its cells by column (A = 0),
// "" where empty. Shared and inline strings as written; numbers as stored.
struct SheetRow {
  int number = 0;
  std::vector<std::string> cells;
};
using Sheet = std::vector<SheetRow>;

// The sheets of an .xlsx in workbook order. INVALID_ARGUMENT for any other
// format, and past the limits (the cells' text and slots count against
// max_text_bytes; a cell beyond column 256 is refused).
absl::StatusOr<std::vector<Sheet>> ReadSpreadsheet(absl::string_view bytes,
                                                   const Limits& limits = {});

}  // namespace jixiao::document_text

#endif  // JIXIAO_LIBS_DOCUMENT_TEXT_DOCUMENT_TEXT_H_

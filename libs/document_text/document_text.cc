#include "libs/document_text/document_text.h"

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "libs/base/status_macros.h"
#include "libs/document_text/docx.h"
#include "libs/document_text/pdf.h"
#include "libs/document_text/xlsx.h"
#include "libs/document_text/zip_parts.h"

namespace jixiao::document_text {
namespace {

constexpr absl::string_view kZipMagic("PK\x03\x04", 4);
constexpr absl::string_view kOle2Magic("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);

absl::Status CheckSize(absl::string_view bytes, const Limits& limits) {
  if (bytes.size() <= limits.max_input_bytes) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("document: at most ", limits.max_input_bytes, " bytes"));
}

}  // namespace

absl::string_view FormatName(Format format) {
  switch (format) {
    case Format::kText:
      return "txt";
    case Format::kDocx:
      return "docx";
    case Format::kXlsx:
      return "xlsx";
    case Format::kPdf:
      return "pdf";
  }
  return "txt";
}

namespace {

// The format by the bytes' magic: PDF, a zip (told apart by its parts, see
// ZipFormat), or text; a legacy OLE2 file is refused.
absl::StatusOr<Format> MagicFormat(absl::string_view bytes) {
  if (absl::StartsWith(bytes, "%PDF-")) return Format::kPdf;
  if (absl::StartsWith(bytes, kOle2Magic)) {
    return absl::InvalidArgumentError(
        "document: a legacy .doc/.xls file; save it as .docx/.xlsx (or PDF)");
  }
  return absl::StartsWith(bytes, kZipMagic) ? Format::kDocx : Format::kText;
}

absl::StatusOr<Format> ZipFormat(const ZipParts& parts) {
  if (parts.Has("word/document.xml")) return Format::kDocx;
  if (parts.Has("xl/workbook.xml")) return Format::kXlsx;
  return absl::InvalidArgumentError(
      "document: a zip that is neither .docx nor .xlsx");
}

}  // namespace

absl::StatusOr<Format> DetectFormat(absl::string_view bytes) {
  auto format = MagicFormat(bytes);
  if (!format.ok() || *format != Format::kDocx) return format;
  JIXIAO_RETURN_IF_ERROR(CheckSize(bytes, {}));
  JIXIAO_ASSIGN_OR_RETURN(auto parts, ZipParts::Open(bytes, {}));
  return ZipFormat(*parts);
}

absl::StatusOr<Document> ReadDocument(absl::string_view bytes,
                                      const Limits& limits) {
  JIXIAO_RETURN_IF_ERROR(CheckSize(bytes, limits));
  JIXIAO_ASSIGN_OR_RETURN(auto format, MagicFormat(bytes));
  if (format == Format::kText) {
    return Document{Format::kText, std::string(bytes)};
  }
  if (format == Format::kPdf) {
    JIXIAO_ASSIGN_OR_RETURN(auto text, PdfText(bytes, limits));
    return Document{Format::kPdf, std::move(text)};
  }
  // A package is opened once: its parts tell the format and give the text.
  JIXIAO_ASSIGN_OR_RETURN(auto parts, ZipParts::Open(bytes, limits));
  JIXIAO_ASSIGN_OR_RETURN(auto zip_format, ZipFormat(*parts));
  JIXIAO_ASSIGN_OR_RETURN(auto text, zip_format == Format::kDocx
                                         ? DocxText(*parts, limits)
                                         : XlsxText(*parts, limits));
  return Document{zip_format, std::move(text)};
}

absl::StatusOr<std::vector<Sheet>> ReadSpreadsheet(absl::string_view bytes,
                                                   const Limits& limits) {
  JIXIAO_RETURN_IF_ERROR(CheckSize(bytes, limits));
  JIXIAO_ASSIGN_OR_RETURN(auto format, MagicFormat(bytes));
  if (format != Format::kDocx) {  // the zip magic: .docx or .xlsx
    return absl::InvalidArgumentError("document: not an .xlsx workbook");
  }
  JIXIAO_ASSIGN_OR_RETURN(auto parts, ZipParts::Open(bytes, limits));
  JIXIAO_ASSIGN_OR_RETURN(auto zip_format, ZipFormat(*parts));
  if (zip_format != Format::kXlsx) {
    return absl::InvalidArgumentError("document: not an .xlsx workbook");
  }
  return XlsxSheets(*parts, limits);
}

absl::StatusOr<std::string> DocumentText(absl::string_view bytes,
                                         const Limits& limits) {
  JIXIAO_ASSIGN_OR_RETURN(auto document, ReadDocument(bytes, limits));
  return std::move(document.text);
}

}  // namespace jixiao::document_text

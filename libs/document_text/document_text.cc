#include "libs/document_text/document_text.h"

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
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

absl::StatusOr<Format> DetectFormat(absl::string_view bytes) {
  if (absl::StartsWith(bytes, "%PDF-")) return Format::kPdf;
  if (absl::StartsWith(bytes, kOle2Magic)) {
    return absl::InvalidArgumentError(
        "document: a legacy .doc/.xls file; save it as .docx/.xlsx (or PDF)");
  }
  if (!absl::StartsWith(bytes, kZipMagic)) return Format::kText;
  if (auto s = CheckSize(bytes, {}); !s.ok()) return s;
  auto parts = ZipParts::Open(bytes, {});
  if (!parts.ok()) return parts.status();
  if ((*parts)->Has("word/document.xml")) return Format::kDocx;
  if ((*parts)->Has("xl/workbook.xml")) return Format::kXlsx;
  return absl::InvalidArgumentError(
      "document: a zip that is neither .docx nor .xlsx");
}

absl::StatusOr<std::string> DocumentText(absl::string_view bytes,
                                         const Limits& limits) {
  if (auto s = CheckSize(bytes, limits); !s.ok()) return s;
  auto format = DetectFormat(bytes);
  if (!format.ok()) return format.status();
  switch (*format) {
    case Format::kText:
      return std::string(bytes);
    case Format::kPdf:
      return PdfText(bytes, limits);
    case Format::kDocx:
    case Format::kXlsx: {
      auto parts = ZipParts::Open(bytes, limits);
      if (!parts.ok()) return parts.status();
      return *format == Format::kDocx ? DocxText(**parts, limits)
                                      : XlsxText(**parts, limits);
    }
  }
  return absl::InternalError("document: unknown format");
}

}  // namespace jixiao::document_text

// Excel (.xlsx, the 基础数据表): the sheets in workbook order, each cell with
// a value on its own line, row by row (a table flattened as web pages
// flatten it). Shared and inline strings as written; numbers as stored.
#ifndef JIXIAO_LIBS_DOCUMENT_TEXT_XLSX_H_
#define JIXIAO_LIBS_DOCUMENT_TEXT_XLSX_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "libs/document_text/document_text.h"
#include "libs/document_text/zip_parts.h"

namespace jixiao::document_text {

absl::StatusOr<std::string> XlsxText(const ZipParts& parts,
                                     const Limits& limits);

// The same sheets as rows of cells (ReadSpreadsheet).
absl::StatusOr<std::vector<Sheet>> XlsxSheets(const ZipParts& parts,
                                              const Limits& limits);

}  // namespace jixiao::document_text

#endif  // JIXIAO_LIBS_DOCUMENT_TEXT_XLSX_H_

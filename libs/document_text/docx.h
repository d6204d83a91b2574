// Word (.docx): the paragraphs of word/document.xml in order, one a line;
// a table's cells each on their own line, as reports flattened from web
// pages have them.
#ifndef JIXIAO_LIBS_DOCUMENT_TEXT_DOCX_H_
#define JIXIAO_LIBS_DOCUMENT_TEXT_DOCX_H_

#include <string>

#include "absl/status/statusor.h"
#include "libs/document_text/document_text.h"
#include "libs/document_text/zip_parts.h"

namespace jixiao::document_text {

absl::StatusOr<std::string> DocxText(const ZipParts& parts,
                                     const Limits& limits);

}  // namespace jixiao::document_text

#endif  // JIXIAO_LIBS_DOCUMENT_TEXT_DOCX_H_

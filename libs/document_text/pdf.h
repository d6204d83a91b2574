// PDF: the words poppler finds on each page, in its reading order, put back
// into lines by their position, and the lines a word processor wrapped at
// the right margin joined again (a sentence, a label or a number broken by
// the page width is one line in the report's text).
#ifndef JIXIAO_LIBS_DOCUMENT_TEXT_PDF_H_
#define JIXIAO_LIBS_DOCUMENT_TEXT_PDF_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "libs/document_text/document_text.h"

namespace jixiao::document_text {

absl::StatusOr<std::string> PdfText(absl::string_view bytes,
                                    const Limits& limits);

}  // namespace jixiao::document_text

#endif  // JIXIAO_LIBS_DOCUMENT_TEXT_PDF_H_

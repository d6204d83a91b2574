#include "libs/document_text/docx.h"

#include "libs/base/status_macros.h"
#include "libs/document_text/text_out.h"
#include "libs/document_text/xml_stream.h"

namespace jixiao::document_text {

absl::StatusOr<std::string> DocxText(const ZipParts& parts,
                                     const Limits& limits) {
  JIXIAO_ASSIGN_OR_RETURN(auto xml, parts.Read("word/document.xml"));
  JIXIAO_ASSIGN_OR_RETURN(auto stream,
                          XmlStream::Open(xml, "word/document.xml"));
  XmlStream& s = *stream;
  TextOut out(limits.max_text_bytes);
  // Only w:t holds the visible text: w:delText (deleted in tracked
  // changes) and w:instrText (field codes) are not what the reader sees.
  bool in_text = false;
  while (!out.full()) {
    JIXIAO_ASSIGN_OR_RETURN(auto more, s.Next());
    if (!more) break;
    const absl::string_view name = s.local_name();
    switch (s.kind()) {
      case XmlStream::Kind::kStart:
        if (name == "t") {
          in_text = !s.empty();
        } else if (name == "tab") {
          out.Append("\t");
        } else if (name == "br" || name == "cr") {
          out.Append("\n");
        } else if (name == "p" && s.empty()) {
          out.BlankLine();
        }
        break;
      case XmlStream::Kind::kEnd:
        if (name == "t") {
          in_text = false;
        } else if (name == "p") {
          out.Append("\n");
        }
        break;
      case XmlStream::Kind::kText:
        if (in_text) out.Append(s.text());
        break;
      case XmlStream::Kind::kOther:
        break;
    }
  }
  JIXIAO_RETURN_IF_ERROR(out.status());
  return out.Take();
}

}  // namespace jixiao::document_text

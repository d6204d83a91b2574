// An XML part read as a stream of nodes (libxml2's reader): memory stays
// small whatever the part's size, no network, no DTD loading and no entity
// substitution, so a hostile part can cost only time linear in its bytes.
#ifndef JIXIAO_LIBS_DOCUMENT_TEXT_XML_STREAM_H_
#define JIXIAO_LIBS_DOCUMENT_TEXT_XML_STREAM_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace jixiao::document_text {

class XmlStream {
 public:
  enum class Kind { kStart, kEnd, kText, kOther };

  // `xml` must outlive the stream; `part` names it in errors.
  static absl::StatusOr<std::unique_ptr<XmlStream>> Open(absl::string_view xml,
                                                         std::string part);
  ~XmlStream();
  XmlStream(const XmlStream&) = delete;
  XmlStream& operator=(const XmlStream&) = delete;

  // Moves to the next node: false at the end, an error on malformed XML.
  // An empty element (<w:tab/>) comes as a kStart with empty() true and no
  // kEnd.
  absl::StatusOr<bool> Next();
  Kind kind() const;
  bool empty() const;
  absl::string_view local_name() const;
  // The attribute by local name and namespace URI ("" for none); "" when
  // absent.
  std::string Attribute(const char* local_name,
                        const char* namespace_uri = nullptr) const;
  absl::string_view text() const;  // of a kText node

 private:
  XmlStream(void* reader, std::string part)
      : reader_(reader), part_(std::move(part)) {}
  void* reader_;  // xmlTextReaderPtr
  const std::string part_;
  std::string error_;
};

}  // namespace jixiao::document_text

#endif  // JIXIAO_LIBS_DOCUMENT_TEXT_XML_STREAM_H_

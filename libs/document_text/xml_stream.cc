#include "libs/document_text/xml_stream.h"

#include <libxml/xmlreader.h>

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace jixiao::document_text {
namespace {

xmlTextReaderPtr Reader(void* reader) {
  return static_cast<xmlTextReaderPtr>(reader);
}

absl::string_view View(const xmlChar* text) {
  return text == nullptr
             ? absl::string_view()
             : absl::string_view(reinterpret_cast<const char*>(text));
}

// libxml2 would print to stderr; the first message is kept for the error.
void KeepFirstError(void* arg, const char* message,
                    xmlParserSeverities severity, xmlTextReaderLocatorPtr) {
  auto* error = static_cast<std::string*>(arg);
  if (severity == XML_PARSER_SEVERITY_ERROR && error->empty() &&
      message != nullptr) {
    *error = message;
  }
}

}  // namespace

absl::StatusOr<std::unique_ptr<XmlStream>> XmlStream::Open(
    absl::string_view xml, std::string part) {
  if (xml.size() > static_cast<size_t>(INT32_MAX)) {
    return absl::InvalidArgumentError(
        absl::StrCat("document: ", part, " is too large"));
  }
  xmlTextReaderPtr reader = xmlReaderForMemory(
      xml.data(), static_cast<int>(xml.size()), nullptr, nullptr,
      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (reader == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("document: ", part, " is not XML"));
  }
  auto stream =
      std::unique_ptr<XmlStream>(new XmlStream(reader, std::move(part)));
  xmlTextReaderSetErrorHandler(reader, KeepFirstError, &stream->error_);
  return stream;
}

XmlStream::~XmlStream() { xmlFreeTextReader(Reader(reader_)); }

absl::StatusOr<bool> XmlStream::Next() {
  const int result = xmlTextReaderRead(Reader(reader_));
  if (result < 0 || !error_.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("document: ", part_, " is not well-formed XML"));
  }
  return result == 1;
}

XmlStream::Kind XmlStream::kind() const {
  switch (xmlTextReaderNodeType(Reader(reader_))) {
    case XML_READER_TYPE_ELEMENT:
      return Kind::kStart;
    case XML_READER_TYPE_END_ELEMENT:
      return Kind::kEnd;
    case XML_READER_TYPE_TEXT:
    case XML_READER_TYPE_CDATA:
    case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
      return Kind::kText;
    default:
      return Kind::kOther;
  }
}

bool XmlStream::empty() const {
  return xmlTextReaderIsEmptyElement(Reader(reader_)) == 1;
}

absl::string_view XmlStream::local_name() const {
  return View(xmlTextReaderConstLocalName(Reader(reader_)));
}

std::string XmlStream::Attribute(const char* local_name,
                                 const char* namespace_uri) const {
  xmlChar* value = xmlTextReaderGetAttributeNs(
      Reader(reader_), reinterpret_cast<const xmlChar*>(local_name),
      reinterpret_cast<const xmlChar*>(namespace_uri));
  if (value == nullptr) return "";
  std::string out(reinterpret_cast<const char*>(value));
  xmlFree(value);
  return out;
}

absl::string_view XmlStream::text() const {
  return View(xmlTextReaderConstValue(Reader(reader_)));
}

}  // namespace jixiao::document_text

// The report's text as the extractor reads it: full-width digits and
// punctuation folded to ASCII, ideographic and no-break spaces to ' ', and
// carriage returns dropped, with every byte mapped back to the input so
// that a quote is always a span of what the department published.
#ifndef JIXIAO_SERVICES_BUDGET_DOMAIN_REPORT_EXTRACT_TEXT_H_
#define JIXIAO_SERVICES_BUDGET_DOMAIN_REPORT_EXTRACT_TEXT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace jixiao::report_extract {

class Text {
 public:
  explicit Text(absl::string_view raw);

  const std::string& str() const { return folded_; }
  size_t size() const { return folded_.size(); }

  // The input between the characters at folded offsets [begin, end), as
  // published (full-width forms and line breaks included), with the
  // whitespace at either end trimmed.
  std::string Quote(size_t begin, size_t end) const;

 private:
  std::string raw_;
  std::string folded_;
  std::vector<uint32_t> origin_;  // folded byte → raw byte; one past the end
};

// UTF-8 helpers for the scanners: the length of the character starting at
// s[i] (1 for a stray byte).
size_t CharLength(absl::string_view s, size_t i);

// `s` without spaces, tabs, line breaks and table bars, which PDF and
// spreadsheet conversions put inside words ("公务用车购\n置", "合 计").
std::string Squeeze(absl::string_view s);

}  // namespace jixiao::report_extract

#endif  // JIXIAO_SERVICES_BUDGET_DOMAIN_REPORT_EXTRACT_TEXT_H_

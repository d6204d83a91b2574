// The .docx/.xlsx reader on arbitrary bytes: zips and XML that lie about
// their sizes, nest, break off or hold anything. It must never crash nor
// trip a sanitizer, and what it returns stays within its limit. PDF input
// is left to poppler's own fuzzing upstream (OSS-Fuzz): poppler is not
// built with the sanitizers here, so a run would test nothing of ours.
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/match.h"
#include "libs/document_text/document_text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  if (absl::StartsWith(bytes, "%PDF-")) return 0;
  const jixiao::document_text::Limits limits{.max_part_bytes = 1 << 20,
                                             .max_text_bytes = 1 << 16};
  const auto text = jixiao::document_text::DocumentText(bytes, limits);
  if (!text.ok()) return 0;
  // Plain text comes back as it was; what was read out of a package stays
  // within the text limit.
  const auto format = jixiao::document_text::DetectFormat(bytes);
  if (!format.ok()) __builtin_trap();  // read, yet not told what it is
  if (*format != jixiao::document_text::Format::kText &&
      text->size() > limits.max_text_bytes) {
    __builtin_trap();
  }
  return 0;
}

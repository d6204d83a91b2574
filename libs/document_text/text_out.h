// The text a converter writes, bounded: past the limit the conversion
// stops with an error rather than grow without end (a zip of a few
// kilobytes can unpack to gigabytes of cells).
#ifndef JIXIAO_LIBS_DOCUMENT_TEXT_TEXT_OUT_H_
#define JIXIAO_LIBS_DOCUMENT_TEXT_TEXT_OUT_H_

#include <cstddef>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace jixiao::document_text {

class TextOut {
 public:
  explicit TextOut(size_t limit) : limit_(limit) {}

  void Append(absl::string_view text) {
    if (!full_) text_.append(text.data(), text.size());
    full_ = text_.size() > limit_;
  }
  // Ends the line unless it is already ended (or nothing was written).
  void EndLine() {
    if (!text_.empty() && text_.back() != '\n') Append("\n");
  }
  void BlankLine() { Append("\n"); }
  bool full() const { return full_; }

  absl::Status status() const {
    if (!full_) return absl::OkStatus();
    return absl::InvalidArgumentError(
        absl::StrCat("document: its text is longer than ", limit_, " bytes"));
  }
  std::string Take() { return std::move(text_); }

 private:
  const size_t limit_;
  std::string text_;
  bool full_ = false;
};

}  // namespace jixiao::document_text

#endif  // JIXIAO_LIBS_DOCUMENT_TEXT_TEXT_OUT_H_

#include "services/budget/domain/report_extract/text.h"

#include "absl/strings/ascii.h"

namespace jixiao::report_extract {
namespace {

// Decodes the character at s[i]; a malformed sequence is one byte, -1.
int32_t Decode(absl::string_view s, size_t i, size_t* length) {
  const auto b = static_cast<unsigned char>(s[i]);
  *length = 1;
  if (b < 0x80) return b;
  size_t n = 0;
  int32_t cp = 0;
  if ((b & 0xE0) == 0xC0) {
    n = 2;
    cp = b & 0x1F;
  } else if ((b & 0xF0) == 0xE0) {
    n = 3;
    cp = b & 0x0F;
  } else if ((b & 0xF8) == 0xF0) {
    n = 4;
    cp = b & 0x07;
  } else {
    return -1;
  }
  if (i + n > s.size()) return -1;
  for (size_t k = 1; k < n; ++k) {
    const auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xC0) != 0x80) return -1;
    cp = (cp << 6) | (c & 0x3F);
  }
  *length = n;
  return cp;
}

}  // namespace

Text::Text(absl::string_view raw) : raw_(raw) {
  folded_.reserve(raw.size());
  origin_.reserve(raw.size() + 1);
  for (size_t i = 0; i < raw.size();) {
    size_t length = 1;
    const int32_t cp = Decode(raw, i, &length);
    const auto emit = [&](char c) {
      folded_.push_back(c);
      origin_.push_back(static_cast<uint32_t>(i));
    };
    if (cp == '\r') {
      // dropped: a line ends at '\n'
    } else if (cp >= 0xFF01 && cp <= 0xFF5E) {
      emit(static_cast<char>(cp - 0xFEE0));  // full-width ASCII forms
    } else if (cp == 0x3000 || cp == 0xA0) {
      emit(' ');
    } else {
      for (size_t k = 0; k < length; ++k) {
        folded_.push_back(raw[i + k]);
        origin_.push_back(static_cast<uint32_t>(i + k));
      }
    }
    i += length;
  }
  origin_.push_back(static_cast<uint32_t>(raw.size()));
}

std::string Text::Quote(size_t begin, size_t end) const {
  if (begin > folded_.size()) begin = folded_.size();
  if (end > folded_.size()) end = folded_.size();
  if (end < begin) end = begin;
  const size_t from = origin_[begin];
  // The end of the last folded character is where the next one starts.
  const size_t to = origin_[end];
  absl::string_view q(raw_.data() + from, to - from);
  return std::string(absl::StripAsciiWhitespace(q));
}

size_t CharLength(absl::string_view s, size_t i) {
  size_t length = 1;
  Decode(s, i, &length);
  return length;
}

std::string Squeeze(absl::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '|') continue;
    out.push_back(c);
  }
  return out;
}

}  // namespace jixiao::report_extract

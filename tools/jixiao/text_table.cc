#include "tools/jixiao/text_table.h"

#include <algorithm>

namespace jixiao::cli {

int DisplayWidth(absl::string_view utf8) {
  int width = 0;
  for (size_t i = 0; i < utf8.size();) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    if (c < 0x80) {
      ++width;
      ++i;
    } else if ((c & 0xE0) == 0xC0) {
      ++width;
      i += 2;
    } else if ((c & 0xF0) == 0xE0) {
      // Three-byte sequences cover CJK and full-width punctuation: two
      // columns. (A few symbols in this range are narrow; none of ours.)
      width += 2;
      i += 3;
    } else {
      width += 2;
      i += 4;
    }
  }
  return width;
}

std::string PadRight(absl::string_view utf8, int width) {
  std::string out(utf8);
  out.append(std::max(0, width - DisplayWidth(utf8)), ' ');
  return out;
}

std::string PadLeft(absl::string_view utf8, int width) {
  std::string out(std::max(0, width - DisplayWidth(utf8)), ' ');
  out.append(utf8.data(), utf8.size());
  return out;
}

}  // namespace jixiao::cli

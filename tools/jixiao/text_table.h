// Plain-text layout for a terminal that shows Chinese: a CJK character takes
// two columns, so padding counts display columns, not bytes.
#ifndef JIXIAO_TOOLS_JIXIAO_TEXT_TABLE_H_
#define JIXIAO_TOOLS_JIXIAO_TEXT_TABLE_H_

#include <string>

#include "absl/strings/string_view.h"

namespace jixiao::cli {

int DisplayWidth(absl::string_view utf8);
// Pads on the right (or the left, for numbers) to `width` columns.
std::string PadRight(absl::string_view utf8, int width);
std::string PadLeft(absl::string_view utf8, int width);

}  // namespace jixiao::cli

#endif  // JIXIAO_TOOLS_JIXIAO_TEXT_TABLE_H_

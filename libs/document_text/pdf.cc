#include "libs/document_text/pdf.h"

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "libs/base/status_macros.h"
#include "libs/document_text/text_out.h"

namespace jixiao::document_text {
namespace {

struct Line {
  std::string text;
  double left = 0, right = 0, top = 0, bottom = 0;
  // The width of what the line starts with that a word processor would not
  // break: a Latin word or number whole, one Chinese character.
  double first_piece = 0;
  double margin = 0;  // the right edge of the page's text
};

bool AsciiWordChar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) ||
         absl::ascii_ispunct(static_cast<unsigned char>(c));
}

// Two words on a line meet with a space where the text had one: poppler
// reports one at every gap, also at the narrow one a PDF leaves where the
// font changes between a Chinese character and a digit ("2019年度" comes
// out as "2019 年度"); a real space is about half the font size wide.
void Join(std::string& text, absl::string_view next, double gap,
          double font_size) {
  if (gap >= 0.3 * font_size && !text.empty()) text.push_back(' ');
  text.append(next.data(), next.size());
}

std::vector<Line> PageLines(const poppler::page& page) {
  std::vector<Line> lines;
  bool space_after_previous = false;
  double previous_left = 0, previous_right = 0;
  for (const poppler::text_box& box : page.text_list()) {
    const poppler::byte_array utf8 = box.text().to_utf8();
    const absl::string_view word(utf8.data(), utf8.size());
    if (word.empty()) continue;
    const poppler::rectf r = box.bbox();
    const double middle = r.top() + r.height() / 2;
    const bool same_line =
        !lines.empty() && r.left() >= previous_left &&
        std::abs(middle - (lines.back().top + lines.back().bottom) / 2) <
            std::max(1.0, (lines.back().bottom - lines.back().top) / 2);
    if (same_line) {
      Line& line = lines.back();
      Join(line.text, word,
           space_after_previous ? r.left() - previous_right : 0, r.height());
      line.right = std::max(line.right, r.right());
      line.top = std::min(line.top, r.top());
      line.bottom = std::max(line.bottom, r.bottom());
    } else {
      const bool latin = static_cast<unsigned char>(word[0]) < 0x80;
      lines.push_back(
          {.text = std::string(word),
           .left = r.left(),
           .right = r.right(),
           .top = r.top(),
           .bottom = r.bottom(),
           .first_piece = latin ? r.width() : box.char_bbox(0).width()});
    }
    previous_left = r.left();
    previous_right = r.right();
    space_after_previous = box.has_space_after();
  }
  double margin = 0;
  for (const Line& line : lines) margin = std::max(margin, line.right);
  for (Line& line : lines) line.margin = margin;
  return lines;
}

// Whether `line` was wrapped before `next`: what `next` starts with (and a
// space) would not have fitted between the line's end and the margin. A
// paragraph's short last line leaves more room than that.
bool Wrapped(const Line& line, const Line& next) {
  const double font_size = line.bottom - line.top;
  return line.margin - line.right < next.first_piece + 0.6 * font_size;
}

void IgnorePopplerMessages(const std::string&, void*) {}

}  // namespace

absl::StatusOr<std::string> PdfText(absl::string_view bytes,
                                    const Limits& limits) {
  poppler::set_debug_error_function(IgnorePopplerMessages, nullptr);
  const std::unique_ptr<poppler::document> document(
      poppler::document::load_from_raw_data(bytes.data(),
                                            static_cast<int>(bytes.size())));
  if (document == nullptr) {
    return absl::InvalidArgumentError("document: not a readable PDF");
  }
  if (document->is_locked()) {
    return absl::InvalidArgumentError(
        "document: the PDF is encrypted with a password");
  }
  const int pages = document->pages();
  if (pages > limits.max_pages) {
    return absl::InvalidArgumentError(absl::StrCat(
        "document: a PDF of more than ", limits.max_pages, " pages"));
  }
  std::vector<Line> lines;
  for (int i = 0; i < pages; ++i) {
    const std::unique_ptr<poppler::page> page(document->create_page(i));
    if (page == nullptr) continue;
    std::vector<Line> page_lines = PageLines(*page);
    lines.insert(lines.end(), std::make_move_iterator(page_lines.begin()),
                 std::make_move_iterator(page_lines.end()));
  }
  TextOut out(limits.max_text_bytes);
  for (size_t i = 0; i < lines.size() && !out.full(); ++i) {
    const Line& line = lines[i];
    out.Append(line.text);
    if (i + 1 == lines.size() || !Wrapped(line, lines[i + 1])) {
      out.Append("\n");
      continue;
    }
    // A Latin line wrapped at a space (which the wrap ate) gets it back,
    // unless it broke after a hyphen or a slash (a date, a path).
    const char last = line.text.back(), first = lines[i + 1].text.front();
    if (AsciiWordChar(last) && last != '-' && last != '/' &&
        AsciiWordChar(first)) {
      out.Append(" ");
    }
  }
  out.EndLine();
  JIXIAO_RETURN_IF_ERROR(out.status());
  return out.Take();
}

}  // namespace jixiao::document_text

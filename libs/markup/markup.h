// A document as blocks (headings, paragraphs, tables) rendered to Markdown or
// to a standalone HTML page. Every text is plain text: a department's name or
// a note stays text in both formats (no link, image, emphasis, table break,
// raw HTML), whoever typed it. Used by the evaluation report and the
// monitoring table, so both escape alike.
#ifndef JIXIAO_LIBS_MARKUP_MARKUP_H_
#define JIXIAO_LIBS_MARKUP_MARKUP_H_

#include <string>
#include <variant>
#include <vector>

#include "absl/strings/string_view.h"

namespace jixiao::markup {

struct Heading {
  int level;  // 1 to 6
  std::string text;
};
struct Paragraph {
  std::string text;
};
struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};
using Block = std::variant<Heading, Paragraph, Table>;

// Text for Markdown: the characters Markdown or HTML would read escaped, line
// breaks (which could start a block) as spaces.
std::string MarkdownText(absl::string_view text);
// Text for HTML content and attribute values.
std::string HtmlEscape(absl::string_view text);

std::string RenderMarkdown(const std::vector<Block>& doc);
// A page in zh-CN titled by the first heading; `max_width` is CSS (e.g.
// "60em").
std::string RenderHtml(const std::vector<Block>& doc,
                       absl::string_view max_width);

}  // namespace jixiao::markup

#endif  // JIXIAO_LIBS_MARKUP_MARKUP_H_

#include "libs/markup/markup.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"

namespace jixiao::markup {

std::string MarkdownText(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '<':
        out.append("&lt;");
        break;
      case '>':
        out.append("&gt;");
        break;
      case '&':
        out.append("&amp;");
        break;
      case '\n':
      case '\r':
        out.push_back(' ');
        break;
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '#':
      case '|':
      case '~':
      case '!':
        out.push_back('\\');
        out.push_back(c);
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string HtmlEscape(absl::string_view text) {
  return absl::StrReplaceAll(text, {{"&", "&amp;"},
                                    {"<", "&lt;"},
                                    {">", "&gt;"},
                                    {"\"", "&quot;"},
                                    {"'", "&#39;"}});
}

std::string RenderMarkdown(const std::vector<Block>& doc) {
  std::string out;
  for (const Block& block : doc) {
    if (const auto* h = std::get_if<Heading>(&block)) {
      absl::StrAppend(&out, std::string(h->level, '#'), " ",
                      MarkdownText(h->text), "\n\n");
    } else if (const auto* p = std::get_if<Paragraph>(&block)) {
      absl::StrAppend(&out, MarkdownText(p->text), "\n\n");
    } else {
      const auto& t = std::get<Table>(block);
      std::vector<std::string> header;
      for (const auto& h : t.header) header.push_back(MarkdownText(h));
      absl::StrAppend(
          &out, "| ", absl::StrJoin(header, " | "), " |\n|",
          absl::StrJoin(std::vector<std::string>(t.header.size(), "---"), "|"),
          "|\n");
      for (const auto& row : t.rows) {
        std::vector<std::string> cells;
        for (const auto& c : row) cells.push_back(MarkdownText(c));
        absl::StrAppend(&out, "| ", absl::StrJoin(cells, " | "), " |\n");
      }
      out.append("\n");
    }
  }
  return out;
}

std::string RenderHtml(const std::vector<Block>& doc,
                       absl::string_view max_width) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta "
      "charset=\"utf-8\">\n<title>";
  if (!doc.empty()) {
    if (const auto* h = std::get_if<Heading>(&doc.front())) {
      absl::StrAppend(&out, HtmlEscape(h->text));
    }
  }
  absl::StrAppend(
      &out,
      "</title>\n<style>body{font-family:sans-serif;max-width:", max_width,
      ";margin:2em auto}table{border-collapse:collapse;margin:1em 0}td,th{"
      "border:1px solid #999;padding:.25em .5em;vertical-align:top}</style>\n"
      "</head>\n<body>\n");
  for (const Block& block : doc) {
    if (const auto* h = std::get_if<Heading>(&block)) {
      absl::StrAppend(&out, "<h", h->level, ">", HtmlEscape(h->text), "</h",
                      h->level, ">\n");
    } else if (const auto* p = std::get_if<Paragraph>(&block)) {
      absl::StrAppend(&out, "<p>", HtmlEscape(p->text), "</p>\n");
    } else {
      const auto& t = std::get<Table>(block);
      out.append("<table>\n<tr>");
      for (const auto& h : t.header) {
        absl::StrAppend(&out, "<th>", HtmlEscape(h), "</th>");
      }
      out.append("</tr>\n");
      for (const auto& row : t.rows) {
        out.append("<tr>");
        for (const auto& c : row) {
          absl::StrAppend(&out, "<td>", HtmlEscape(c), "</td>");
        }
        out.append("</tr>\n");
      }
      out.append("</table>\n");
    }
  }
  out.append("</body>\n</html>\n");
  return out;
}

}  // namespace jixiao::markup

// The text of .docx, .xlsx and .pdf reports, and what a hostile document
// gets: packages made here with libzip, so that each case holds exactly the
// bytes it is about. (tests/document_formats.sh reads real LibreOffice
// output of the whole corpus.)
#include "libs/document_text/document_text.h"

#include <zip.h>

#include <string>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/status_matchers.h"

namespace jixiao::document_text {
namespace {

using ::jixiao::test_support::IsOk;
using ::testing::Not;

using ::testing::HasSubstr;

// A zip holding `parts` (name, content), deflated.
std::string Zip(const std::vector<std::pair<std::string, std::string>>& parts) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  zip_source_keep(buffer);
  for (const auto& [name, content] : parts) {
    zip_source_t* source =
        zip_source_buffer(archive, content.data(), content.size(), 0);
    zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8);
  }
  zip_close(archive);
  zip_source_open(buffer);
  zip_source_seek(buffer, 0, SEEK_END);
  const zip_int64_t size = zip_source_tell(buffer);
  zip_source_seek(buffer, 0, SEEK_SET);
  std::string bytes(static_cast<size_t>(size), '\0');
  zip_source_read(buffer, bytes.data(), static_cast<zip_uint64_t>(size));
  zip_source_close(buffer);
  zip_source_free(buffer);
  zip_error_fini(&error);
  return bytes;
}

std::string Docx(const std::string& body) {
  return Zip({{"[Content_Types].xml", "<Types/>"},
              {"word/document.xml",
               "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document "
               "xmlns:w=\"http://schemas.openxmlformats.org/"
               "wordprocessingml/2006/main\"><w:body>" +
                   body + "</w:body></w:document>"}});
}

std::string P(const std::string& text) {
  return "<w:p><w:r><w:t>" + text + "</w:t></w:r></w:p>";
}

TEST(DocumentText, DocxParagraphsAndTableCellsOneALine) {
  const std::string docx =
      Docx(P("一、部门基本情况") +
           "<w:p><w:r><w:t xml:space=\"preserve\">本年支出合计</w:t></w:r>"
           "<w:r><w:t>1094.65万元</w:t></w:r>"
           "<w:del><w:r><w:delText>999.99万元</w:delText></w:r></w:del>"
           "<w:r><w:instrText>PAGE</w:instrText></w:r></w:p>"
           "<w:tbl><w:tr><w:tc>" +
           P("项目") + "</w:tc><w:tc>" + P("本年决算") +
           "</w:tc></w:tr><w:tr><w:tc>" + P("基本支出") + "</w:tc><w:tc>" +
           P("664.70") + "</w:tc></w:tr></w:tbl>");
  ASSERT_EQ(DetectFormat(docx).value(), Format::kDocx);
  EXPECT_EQ(DocumentText(docx).value(),
            "一、部门基本情况\n本年支出合计1094.65万元\n项目\n本年决算\n"
            "基本支出\n664.70\n");
}

TEST(DocumentText, XlsxCellsInSheetOrderWithSharedAndInlineStrings) {
  const std::string xlsx = Zip(
      {{"xl/workbook.xml",
        "<workbook xmlns:r=\"http://schemas.openxmlformats.org/"
        "officeDocument/2006/relationships\"><sheets>"
        "<sheet name=\"基础数据表\" sheetId=\"1\" r:id=\"rId2\"/>"
        "<sheet name=\"说明\" sheetId=\"2\" r:id=\"rId1\"/>"
        "</sheets></workbook>"},
       {"xl/_rels/workbook.xml.rels",
        "<Relationships><Relationship Id=\"rId1\" "
        "Target=\"worksheets/sheet2.xml\"/><Relationship Id=\"rId2\" "
        "Target=\"/xl/worksheets/sheet1.xml\"/></Relationships>"},
       {"xl/sharedStrings.xml",
        "<sst><si><t>收入合计</t></si><si><r><t>基本</t></r><r><t>支出</t>"
        "</r><rPh><t>きほん</t></rPh></si></sst>"},
       {"xl/worksheets/sheet1.xml",
        "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c>"
        "<c r=\"B1\"><v>1205.11</v></c></row><row r=\"2\">"
        "<c r=\"A2\" t=\"s\"><v>1</v></c><c r=\"B2\" t=\"inlineStr\"><is>"
        "<t>664.70</t></is></c><c r=\"C2\" t=\"s\"><v>99</v></c></row>"
        "</sheetData></worksheet>"},
       {"xl/worksheets/sheet2.xml",
        "<worksheet><sheetData><row><c t=\"str\"><v>单位：万元</v></c></row>"
        "</sheetData></worksheet>"}});
  ASSERT_EQ(DetectFormat(xlsx).value(), Format::kXlsx);
  // A shared-string index past the table is an empty cell, not a crash.
  EXPECT_EQ(DocumentText(xlsx).value(),
            "收入合计\n1205.11\n基本支出\n664.70\n单位：万元\n");
}

TEST(DocumentText, TextIsReturnedAsItIs) {
  const std::string gbk = "\xb1\xbe\xc4\xea";  // 本年 in GB18030
  EXPECT_EQ(DetectFormat(gbk).value(), Format::kText);
  EXPECT_EQ(DocumentText(gbk).value(), gbk);
}

TEST(DocumentText, HostileDocumentsAreRefusedWithTheReason) {
  // A legacy Word/Excel file (OLE2), a zip that is no Office file, a
  // damaged zip, a damaged PDF.
  EXPECT_THAT(DocumentText(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"
                                       "rest",
                                       12))
                  .status()
                  .message(),
              HasSubstr(".docx/.xlsx"));
  EXPECT_THAT(DocumentText(Zip({{"a.txt", "x"}})).status().message(),
              HasSubstr("neither"));
  std::string damaged = Docx(P("x"));
  damaged.resize(damaged.size() / 2);
  EXPECT_THAT(DocumentText(damaged), Not(IsOk()));
  EXPECT_THAT(DocumentText("%PDF-1.7\n1 0 obj <<").status().message(),
              HasSubstr("PDF"));
  // Not well-formed XML.
  EXPECT_THAT(DocumentText(Docx("<w:p><w:t>x</w:p>")).status().message(),
              HasSubstr("well-formed"));
  // A part that unpacks past the limit (64 MiB of spaces deflate to
  // ~64 KiB): refused before it is read, however small the zip.
  const std::string bomb =
      Zip({{"word/document.xml", std::string(64 << 20, ' ')}});
  EXPECT_LT(bomb.size(), 1u << 20);
  EXPECT_THAT(DocumentText(bomb).status().message(),
              HasSubstr("unpacks to more than"));
  // Text past the limit.
  std::string body;
  for (int i = 0; i < 200; ++i) body += P(std::string(100, 'x'));
  EXPECT_THAT(
      DocumentText(Docx(body), {.max_text_bytes = 10000}).status().message(),
      HasSubstr("longer than"));
  // Input past the limit.
  EXPECT_THAT(
      DocumentText(Docx(P("x")), {.max_input_bytes = 10}).status().message(),
      HasSubstr("at most 10 bytes"));
}

TEST(DocumentText, EntitiesAreNotExpanded) {
  // The "billion laughs": entities that would expand to gigabytes. They
  // are not substituted (no DTD is used), so nothing grows.
  std::string dtd = "<!DOCTYPE w:document [<!ENTITY a \"aaaaaaaaaa\">";
  for (char c = 'b'; c <= 'j'; ++c) {
    dtd += std::string("<!ENTITY ") + c + " \"";
    for (int i = 0; i < 10; ++i) dtd += std::string("&") + char(c - 1) + ";";
    dtd += "\">";
  }
  dtd += "]>";
  const std::string docx =
      Zip({{"word/document.xml",
            "<?xml version=\"1.0\"?>" + dtd +
                "<w:document xmlns:w=\"w\"><w:body><w:p><w:r><w:t>&j;"
                "</w:t></w:r></w:p></w:body></w:document>"}});
  auto text = DocumentText(docx);
  if (text.ok()) EXPECT_LT(text->size(), 1000u);
}

}  // namespace
}  // namespace jixiao::document_text

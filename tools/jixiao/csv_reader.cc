#include "tools/jixiao/csv_reader.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace jixiao::cli {

CsvReader::CsvReader(absl::string_view text) : text_(text) {
  absl::ConsumePrefix(&text_, "\xEF\xBB\xBF");
}

bool CsvReader::Next(std::vector<std::string>& fields) {
  while (status_.ok() && at_ < text_.size()) {
    row_line_ = line_;
    size_t count = 0;
    const auto next_field = [&]() -> std::string& {
      if (count == fields.size()) fields.emplace_back();
      std::string& field = fields[count++];
      field.clear();
      return field;
    };
    std::string* field = &next_field();
    bool quoted = false;
    bool field_started = false;
    bool row_ended = false;
    while (at_ < text_.size() && !row_ended) {
      const char c = text_[at_++];
      if (quoted) {
        if (c == '"') {
          if (at_ < text_.size() && text_[at_] == '"') {
            field->push_back('"');
            ++at_;
          } else {
            quoted = false;
          }
        } else {
          if (c == '\n') ++line_;
          field->push_back(c);
        }
        continue;
      }
      if (c == '"' && !field_started) {
        quoted = true;
        field_started = true;
      } else if (c == ',') {
        field = &next_field();
        field_started = false;
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && at_ < text_.size() && text_[at_] == '\n') ++at_;
        ++line_;
        row_ended = true;
      } else {
        // The plain run up to the next delimiter at once, not byte by byte.
        const size_t end = text_.find_first_of(",\r\n\"", at_);
        const size_t stop = end == absl::string_view::npos ? text_.size() : end;
        field->append(text_.data() + at_ - 1, stop - at_ + 1);
        at_ = stop;
        field_started = true;
      }
    }
    if (quoted) {
      status_ = absl::InvalidArgumentError(
          absl::StrCat("row ", row_line_, ": a quote is never closed"));
      return false;
    }
    if (count == 1 && fields[0].empty()) continue;  // a blank line
    fields.resize(count);
    return true;
  }
  return false;
}

}  // namespace jixiao::cli

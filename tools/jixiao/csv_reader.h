// Reads CSV text a row at a time (RFC 4180 quoting; a BOM is skipped), so
// that a file of a million rows is never held as a million rows of strings.
#ifndef JIXIAO_TOOLS_JIXIAO_CSV_READER_H_
#define JIXIAO_TOOLS_JIXIAO_CSV_READER_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace jixiao::cli {

class CsvReader {
 public:
  // `text` must outlive the reader.
  explicit CsvReader(absl::string_view text);

  // Reads the next row that is not empty into `fields` (reusing its
  // strings); false at the end of the text or on an error (see status()).
  bool Next(std::vector<std::string>& fields);
  // The 1-based line the last row started on.
  int row_line() const { return row_line_; }
  // Not OK after a quote that is never closed.
  const absl::Status& status() const { return status_; }

 private:
  absl::string_view text_;
  size_t at_ = 0;
  int line_ = 1;
  int row_line_ = 0;
  absl::Status status_;
};

}  // namespace jixiao::cli

#endif  // JIXIAO_TOOLS_JIXIAO_CSV_READER_H_

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/storage/database.h"

namespace jixiao::storage {

absl::Status Session::BulkInsert(absl::string_view table,
                                 absl::Span<const std::string> columns,
                                 absl::Span<const Row> rows) {
  const std::string head = absl::StrCat(
      "INSERT INTO ", table, " (", absl::StrJoin(columns, ", "), ") VALUES ");
  const std::string one_row = absl::StrCat(
      "(", absl::StrJoin(std::vector<std::string>(columns.size(), "?"), ", "),
      ")");
  std::vector<Value> params;
  for (size_t start = 0; start < rows.size();) {
    const size_t n = NextStatementRows(rows.size() - start);
    std::string sql = head;
    params.clear();
    for (size_t i = start; i < start + n; ++i) {
      absl::StrAppend(&sql, i == start ? "" : ", ", one_row);
      params.insert(params.end(), rows[i].begin(), rows[i].end());
    }
    if (absl::Status s = Execute(sql, params); !s.ok()) return s;
    start += n;
  }
  return absl::OkStatus();
}

}  // namespace jixiao::storage

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "libs/base/status_macros.h"
#include "services/common/storage/database.h"

namespace jixiao::storage {

absl::Status Session::BulkInsert(absl::string_view table,
                                 absl::Span<const std::string> columns,
                                 size_t count,
                                 absl::FunctionRef<void(size_t, Row&)> row_at) {
  const std::string head = absl::StrCat(
      "INSERT INTO ", table, " (", absl::StrJoin(columns, ", "), ") VALUES ");
  const std::string one_row = absl::StrCat(
      "(", absl::StrJoin(std::vector<std::string>(columns.size(), "?"), ", "),
      ")");
  std::string sql;
  size_t sql_rows = 0;  // the statement in `sql` writes this many rows
  std::vector<Value> params;
  Row row;
  for (size_t start = 0; start < count;) {
    const size_t n = NextStatementRows(count - start);
    if (n != sql_rows) {
      sql = head;
      for (size_t i = 0; i < n; ++i)
        absl::StrAppend(&sql, i ? ", " : "", one_row);
      sql_rows = n;
    }
    params.clear();
    for (size_t i = start; i < start + n; ++i) {
      row_at(i, row);
      for (Value& v : row) params.push_back(std::move(v));
    }
    JIXIAO_RETURN_IF_ERROR(Execute(sql, params));
    start += n;
  }
  return absl::OkStatus();
}

}  // namespace jixiao::storage

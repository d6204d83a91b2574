#include "services/common/storage/row_reader.h"

#include "absl/strings/str_cat.h"

namespace jixiao::storage::row_reader_internal {
namespace {

absl::string_view KindOf(const Value& v) {
  if (std::holds_alternative<std::monostate>(v)) return "NULL";
  if (std::holds_alternative<int64_t>(v)) return "an integer";
  return "text";
}

}  // namespace

absl::Status WrongColumnCount(size_t found, size_t expected) {
  return absl::InternalError(absl::StrCat(
      "storage: a row of ", found, " columns where the read takes ", expected));
}

absl::Status WrongColumn(size_t index, const Value& found,
                         absl::string_view expected, bool nullable) {
  std::string held(KindOf(found));
  if (const auto* i = std::get_if<int64_t>(&found)) {
    absl::StrAppend(&held, " (", *i, ")");
  }
  return absl::InternalError(absl::StrCat(
      "storage: column ", index, " holds ", held, " where the read takes ",
      expected, nullable ? " or NULL" : ""));
}

}  // namespace jixiao::storage::row_reader_internal

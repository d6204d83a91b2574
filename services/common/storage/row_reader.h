// Reading a query's row by type, in the SELECT's order, checked: the names
// sit next to the columns they read, and a row of another shape (a column
// added to the SELECT but not to the read, a NULL where none may be, text
// where a number was meant) is an INTERNAL error naming the column, not a
// silent 0 or "".
//
//   JIXIAO_ASSIGN_OR_RETURN(
//       (auto [id, name, staff]),
//       ReadColumns<int64_t, std::string, std::optional<int64_t>>(row));
//
// A column reads as int64_t, int32_t (range-checked), bool (an integer, true
// when not 0: PostgreSQL's booleans come as 1 and 0), std::string, or
// std::optional of one of these, the one type that takes NULL. Both backends
// hand integers of every integer type (COUNT, SUM and MAX on PostgreSQL
// among them, see postgres_database.cc) as int64_t and text as text.
#ifndef JIXIAO_SERVICES_COMMON_STORAGE_ROW_READER_H_
#define JIXIAO_SERVICES_COMMON_STORAGE_ROW_READER_H_

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <variant>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "libs/base/status_macros.h"
#include "services/common/storage/database.h"

namespace jixiao::storage {

namespace row_reader_internal {

// How each column type is read: kExpected names it in errors, kNullable says
// whether NULL reads; Read takes the value, or returns false when it is of
// another kind.
template <typename T>
struct Column;  // not defined: a type the reader does not read

template <>
struct Column<int64_t> {
  static constexpr bool kNullable = false;
  static constexpr absl::string_view kExpected = "an integer";
  static bool Read(const Value& v, int64_t& out) {
    const auto* i = std::get_if<int64_t>(&v);
    if (i == nullptr) return false;
    out = *i;
    return true;
  }
};

template <>
struct Column<int32_t> {
  static constexpr bool kNullable = false;
  static constexpr absl::string_view kExpected = "a 32-bit integer";
  static bool Read(const Value& v, int32_t& out) {
    const auto* i = std::get_if<int64_t>(&v);
    if (i == nullptr || *i < std::numeric_limits<int32_t>::min() ||
        *i > std::numeric_limits<int32_t>::max())
      return false;
    out = static_cast<int32_t>(*i);
    return true;
  }
};

template <>
struct Column<bool> {
  static constexpr bool kNullable = false;
  static constexpr absl::string_view kExpected = "an integer (a flag)";
  static bool Read(const Value& v, bool& out) {
    const auto* i = std::get_if<int64_t>(&v);
    if (i == nullptr) return false;
    out = *i != 0;
    return true;
  }
};

template <>
struct Column<std::string> {
  static constexpr bool kNullable = false;
  static constexpr absl::string_view kExpected = "text";
  static bool Read(const Value& v, std::string& out) {
    const auto* s = std::get_if<std::string>(&v);
    if (s == nullptr) return false;
    out = *s;
    return true;
  }
};

template <typename T>
struct Column<std::optional<T>> {
  static constexpr bool kNullable = true;
  static constexpr absl::string_view kExpected = Column<T>::kExpected;
  static bool Read(const Value& v, std::optional<T>& out) {
    if (std::holds_alternative<std::monostate>(v)) {
      out.reset();
      return true;
    }
    return Column<T>::Read(v, out.emplace());
  }
};

// INTERNAL: "storage: a row of 4 columns where the read takes 5".
absl::Status WrongColumnCount(size_t found, size_t expected);
// INTERNAL: "storage: column 2 holds NULL where the read takes text".
absl::Status WrongColumn(size_t index, const Value& found,
                         absl::string_view expected, bool nullable);

template <typename T>
absl::Status ReadColumn(const Row& row, size_t index, T& out) {
  if (Column<T>::Read(row[index], out)) return absl::OkStatus();
  return WrongColumn(index, row[index], Column<T>::kExpected,
                     Column<T>::kNullable);
}

template <typename... Columns, size_t... kIndex>
absl::Status ReadAll(const Row& row, std::tuple<Columns...>& out,
                     std::index_sequence<kIndex...>) {
  absl::Status status;
  // Left to right, stopping at the first column that does not read.
  (void)((status = ReadColumn(row, kIndex, std::get<kIndex>(out))).ok() && ...);
  return status;
}

}  // namespace row_reader_internal

template <typename... Columns>
absl::StatusOr<std::tuple<Columns...>> ReadColumns(const Row& row) {
  if (row.size() != sizeof...(Columns)) {
    return row_reader_internal::WrongColumnCount(row.size(),
                                                 sizeof...(Columns));
  }
  std::tuple<Columns...> columns;
  JIXIAO_RETURN_IF_ERROR(row_reader_internal::ReadAll(
      row, columns, std::index_sequence_for<Columns...>()));
  return columns;
}

}  // namespace jixiao::storage

#endif  // JIXIAO_SERVICES_COMMON_STORAGE_ROW_READER_H_

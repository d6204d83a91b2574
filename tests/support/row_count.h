// How many rows a table holds, read in a transaction of its own: what the
// storage tests check after a write that must leave nothing (or one row).
#ifndef JIXIAO_TESTS_SUPPORT_ROW_COUNT_H_
#define JIXIAO_TESTS_SUPPORT_ROW_COUNT_H_

#include <cstdint>
#include <string>

#include "gtest/gtest.h"
#include "libs/base/status_macros.h"
#include "services/common/storage/database.h"
#include "services/common/storage/row_reader.h"

namespace jixiao::test_support {

// -1 when the count cannot be read (the failure is reported).
inline int64_t CountRows(storage::Database& db, const std::string& table) {
  int64_t n = -1;
  EXPECT_TRUE(db.Read([&](storage::Session& s) -> absl::Status {
                  JIXIAO_ASSIGN_OR_RETURN(
                      auto rows, s.Query("SELECT COUNT(*) FROM " + table));
                  JIXIAO_ASSIGN_OR_RETURN(
                      auto [count],
                      storage::ReadColumns<int64_t>(rows.front()));
                  n = count;
                  return absl::OkStatus();
                }).ok());
  return n;
}

}  // namespace jixiao::test_support

#endif  // JIXIAO_TESTS_SUPPORT_ROW_COUNT_H_

// The storage layer on the backend the run is for (SQLite, and PostgreSQL
// in the postgresql.* run): what the services' batch writes rely on.
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "services/common/storage/database.h"
#include "tests/integration/service_process.h"

namespace jixiao {
namespace {

using storage::Int;
using storage::Row;
using storage::Session;
using storage::Text;
using storage::Value;

// BulkInsert is COPY on PostgreSQL (text format: tabs, newlines and
// backslashes escaped, \N for NULL) and multi-row INSERTs on SQLite: every
// value must come back exactly, across more rows than one statement holds.
TEST(Storage, BulkInsertKeepsEveryValueExactly) {
  testing::TempDir dir;
  auto db = storage::OpenDatabase(testing::StorageUrl(dir, "bulk"), "bulk");
  ASSERT_TRUE(db.ok()) << db.status();
  const std::vector<std::string> texts = {"plain",
                                          "tab\there",
                                          "line\nbreak",
                                          "carriage\rreturn",
                                          "back\\slash",
                                          "\\N",
                                          "",
                                          "桃源县公安局 2019年",
                                          "a\\tb"};
  std::vector<Row> rows;
  for (int i = 0; i < 150; ++i) {
    rows.push_back({Int(i), Text(texts[i % texts.size()]),
                    i % 7 == 0 ? Value() : Int(-9'000'000'000'000 + i)});
  }
  ASSERT_TRUE((*db)
                  ->Write([&](Session& s) -> absl::Status {
                    if (auto st = s.ExecuteScript(
                            "CREATE TABLE t (seq BIGINT NOT NULL, "
                            "text TEXT NOT NULL, amount BIGINT)");
                        !st.ok()) {
                      return st;
                    }
                    return s.BulkInsert("t", {"seq", "text", "amount"}, rows);
                  })
                  .ok());
  std::vector<Row> back;
  ASSERT_TRUE((*db)
                  ->Read([&](Session& s) -> absl::Status {
                    auto r = s.Query(
                        "SELECT seq, text, amount FROM t ORDER "
                        "BY seq");
                    if (!r.ok()) return r.status();
                    back = *std::move(r);
                    return absl::OkStatus();
                  })
                  .ok());
  ASSERT_EQ(back.size(), rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(back[i], rows[i]) << "row " << i;
  }
}

// A failed bulk insert leaves nothing behind, like any failed write.
TEST(Storage, AFailedBulkInsertLeavesNothing) {
  testing::TempDir dir;
  auto db =
      storage::OpenDatabase(testing::StorageUrl(dir, "bulkfail"), "bulkfail");
  ASSERT_TRUE(db.ok()) << db.status();
  ASSERT_TRUE((*db)
                  ->Write([](Session& s) {
                    return s.ExecuteScript(
                        "CREATE TABLE t (seq BIGINT NOT NULL UNIQUE)");
                  })
                  .ok());
  const absl::Status failed = (*db)->Write([](Session& s) {
    return s.BulkInsert("t", {"seq"}, {{Int(1)}, {Int(2)}, {Int(1)}});
  });
  EXPECT_FALSE(failed.ok());
  int64_t count = -1;
  ASSERT_TRUE((*db)
                  ->Read([&](Session& s) -> absl::Status {
                    auto r = s.Query("SELECT COUNT(*) FROM t");
                    if (!r.ok()) return r.status();
                    count = storage::AsInt((*r)[0][0]);
                    return absl::OkStatus();
                  })
                  .ok());
  EXPECT_EQ(count, 0);
}

}  // namespace
}  // namespace jixiao

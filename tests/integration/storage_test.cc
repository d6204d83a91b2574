// The storage layer on the backend the run is for (SQLite, and PostgreSQL
// in the postgresql.* run): what the services' batch writes rely on.
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "libs/base/status_macros.h"
#include "services/budget/store/schema.h"
#include "services/common/storage/database.h"
#include "services/common/storage/migrations.h"
#include "services/common/storage/row_reader.h"
#include "services/common/storage/write_epoch.h"
#include "tests/integration/service_process.h"

namespace jixiao {
namespace {

using storage::Int;
using storage::Row;
using storage::Session;
using storage::Text;
using storage::Value;

// The rows `sql` reads from `db`, in one read transaction.
absl::StatusOr<std::vector<Row>> QueryRows(storage::Database& db,
                                           absl::string_view sql) {
  std::vector<Row> rows;
  const absl::Status status = db.Read([&](Session& s) -> absl::Status {
    auto r = s.Query(sql);
    if (!r.ok()) return r.status();
    rows = *std::move(r);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return rows;
}

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
  auto read = QueryRows(**db, "SELECT seq, text, amount FROM t ORDER BY seq");
  ASSERT_TRUE(read.ok()) << read.status();
  const std::vector<Row>& back = *read;
  ASSERT_EQ(back.size(), rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(back[i], rows[i]) << "row " << i;
  }
}

// The kinds of result column the stores read, each read by its type on
// this backend: PostgreSQL answers COUNT as bigint, SUM as numeric, MAX of
// nothing as NULL and a bare '' as text, and must read as SQLite does.
TEST(Storage, ReadColumnsReadsWhatTheStoresSelect) {
  testing::TempDir dir;
  auto db =
      storage::OpenDatabase(testing::StorageUrl(dir, "columns"), "columns");
  ASSERT_TRUE(db.ok()) << db.status();
  ASSERT_TRUE((*db)
                  ->Write([](Session& s) -> absl::Status {
                    JIXIAO_RETURN_IF_ERROR(s.ExecuteScript(
                        "CREATE TABLE t (id INTEGER PRIMARY KEY, year INTEGER "
                        "NOT NULL, amount BIGINT NOT NULL, note TEXT, flag "
                        "INTEGER NOT NULL)"));
                    return s.Execute(
                        "INSERT INTO t (year, amount, note, flag) VALUES "
                        "(2019, 9000000000, NULL, 1), (2019, 1, 'x', 0)");
                  })
                  .ok());
  auto rows =
      QueryRows(**db,
                "SELECT MIN(id), year, COUNT(*), SUM(amount), MAX(note), '', "
                "(SELECT MAX(amount) FROM t WHERE year = 0), MIN(flag) FROM t "
                "GROUP BY year");
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 1u);
  const auto read =
      storage::ReadColumns<int64_t, int32_t, int64_t, int64_t,
                           std::optional<std::string>, std::string,
                           std::optional<int64_t>, bool>(rows->front());
  ASSERT_TRUE(read.ok()) << read.status();
  const auto& [id, year, count, sum, note, empty, none, flag] = *read;
  EXPECT_GT(id, 0);
  EXPECT_EQ(year, 2019);
  EXPECT_EQ(count, 2);
  EXPECT_EQ(sum, 9000000001);
  EXPECT_EQ(note, "x");
  EXPECT_EQ(empty, "");
  EXPECT_EQ(none, std::nullopt);
  EXPECT_FALSE(flag);
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
  auto count = QueryRows(**db, "SELECT COUNT(*) FROM t");
  ASSERT_TRUE(count.ok()) << count.status();
  const auto rows_left = storage::ReadColumns<int64_t>(count->front());
  ASSERT_TRUE(rows_left.ok()) << rows_left.status();
  EXPECT_EQ(std::get<0>(*rows_left), 0);
}

// Budget migration 4 rebuilds the payments table (no foreign keys, no
// serial id): every payment stored before is kept, and a record id stored
// twice for a department is still refused.
TEST(Storage, TheBudgetPaymentsRebuildKeepsEveryPayment) {
  testing::TempDir dir;
  auto db = storage::OpenDatabase(testing::StorageUrl(dir, "budget"), "budget");
  ASSERT_TRUE(db.ok()) << db.status();
  const auto migrations = budget::BudgetMigrations();
  ASSERT_GE(migrations.size(), 4);
  ASSERT_EQ(*storage::ApplyMigrations(**db, migrations.first(3)), 3);
  const auto payment = [](int i) {
    return std::vector<Value>{Text("b1"),         Int(1),
                              Int(2019),          Text(absl::StrCat("P", i)),
                              Text("2019-03-01"), Text("2040201"),
                              Text("30201"),      Text(""),
                              Int(100 + i)};
  };
  constexpr char kInsert[] =
      "INSERT INTO payments (batch_id, department_id, year, record_id, "
      "paid_on, function_code, economic_code, project_code, amount) VALUES "
      "(?, ?, ?, ?, ?, ?, ?, ?, ?)";
  ASSERT_TRUE((*db)
                  ->Write([&](Session& s) -> absl::Status {
                    for (const char* sql :
                         {"INSERT INTO departments (id, region_code, code, "
                          "name, version, updated_at) VALUES (1, '430725', "
                          "'d', 'd', 1, 'now')",
                          "INSERT INTO import_batches VALUES ('b1', "
                          "'430725', 'x', 0, 3, 'now', 'test')"}) {
                      if (auto st = s.Execute(sql); !st.ok()) return st;
                    }
                    for (int i = 0; i < 3; ++i) {
                      if (auto st = s.Execute(kInsert, payment(i)); !st.ok())
                        return st;
                    }
                    return absl::OkStatus();
                  })
                  .ok());
  ASSERT_EQ(*storage::ApplyMigrations(**db, migrations),
            static_cast<int>(migrations.size()));
  auto read =
      QueryRows(**db,
                "SELECT record_id, amount, batch_id FROM payments ORDER BY "
                "record_id");
  ASSERT_TRUE(read.ok()) << read.status();
  const std::vector<Row>& back = *read;
  ASSERT_EQ(back.size(), 3);
  // Every payment kept, under its batch's id scoped by region (migration
  // 6 rewrites "b1" to "430725/b1").
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(back[i], (Row{Text(absl::StrCat("P", i)), Int(100 + i),
                            Text("430725/b1")}));
  }
  const absl::Status twice =
      (*db)->Write([&](Session& s) { return s.Execute(kInsert, payment(1)); });
  EXPECT_TRUE(absl::IsAlreadyExists(twice)) << twice;
}

// Every write that commits raises the write epoch, and a replica sharing
// the database sees it at once; a write that fails raises nothing; an epoch
// is never given again to other data.
TEST(Storage, EveryWriteRaisesTheWriteEpochEveryReplicaSees) {
  testing::TempDir dir;
  const std::string url = testing::StorageUrl(dir, "epoch");
  auto first = storage::OpenDatabase(url, "epoch");
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_TRUE(
      storage::ApplyMigrations(**first, budget::BudgetMigrations()).ok());
  auto second = storage::OpenDatabase(url, "epoch");
  ASSERT_TRUE(second.ok()) << second.status();
  auto writer = storage::CountingWrites(*std::move(first));
  auto other = storage::CountingWrites(*std::move(second));
  const auto epoch_of = [](storage::Database& db) {
    auto epoch = storage::ReadWriteEpoch(db);
    EXPECT_TRUE(epoch.ok()) << epoch.status();
    return epoch.ok() ? *epoch : -1;
  };
  const int64_t before = epoch_of(*other);
  EXPECT_GE(before, 1);
  ASSERT_TRUE(writer
                  ->Write([](Session& s) {
                    return s.Execute(
                        "INSERT INTO departments (region_code, code, name, "
                        "version, updated_at) VALUES ('430725', 'e', 'e', 1, "
                        "'now')");
                  })
                  .ok());
  const int64_t after = epoch_of(*other);
  EXPECT_GT(after, before);
  EXPECT_EQ(epoch_of(*writer), after);
  EXPECT_FALSE(writer
                   ->Write([](Session&) {
                     return absl::InvalidArgumentError("refused");
                   })
                   .ok());
  EXPECT_EQ(epoch_of(*other), after);
  ASSERT_TRUE(other->Write([](Session&) { return absl::OkStatus(); }).ok());
  const int64_t last = epoch_of(*writer);
  EXPECT_GT(last, after);
  // A database put back to an older epoch (a backup restored): the next
  // write gives an epoch above every one given before, not one of them.
  ASSERT_TRUE((*storage::OpenDatabase(url, "epoch"))
                  ->Write([](Session& s) {
                    return s.Execute(
                        "UPDATE write_epoch SET epoch = 5 WHERE id = 1");
                  })
                  .ok());
  EXPECT_EQ(epoch_of(*writer), 5);
  ASSERT_TRUE(writer->Write([](Session&) { return absl::OkStatus(); }).ok());
  EXPECT_GT(epoch_of(*other), last);
}

}  // namespace
}  // namespace jixiao

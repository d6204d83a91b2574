// The platform's storage layer on real SQLite files (a failed write leaves
// nothing, migrations apply once), the audit trail's changed fields and the
// SQL dialect translation for PostgreSQL, without any service.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/storage/audit.h"
#include "services/common/storage/database.h"
#include "services/common/storage/migrations.h"
#include "services/common/storage/postgres_database.h"
#include "tests/support/row_count.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"

namespace jixiao {
namespace {

using ::jixiao::test_support::IsOk;
using ::jixiao::test_support::StatusIs;
using ::testing::Not;

using storage::Int;
using storage::Session;
using test_support::CountRows;
using test_support::TempDir;
using ::testing::ElementsAre;

TEST(SqliteStorage, AFailedWriteLeavesNothing) {
  TempDir dir;
  auto db = storage::OpenDatabase(dir.Url("t.db"));
  ASSERT_THAT(db, IsOk()) << db.status();
  ASSERT_TRUE((*db)
                  ->Write([](Session& s) {
                    return s.Execute("CREATE TABLE t (v BIGINT)");
                  })
                  .ok());
  const absl::Status failed = (*db)->Write([](Session& s) -> absl::Status {
    if (auto st = s.Execute("INSERT INTO t (v) VALUES (?)", {Int(1)}); !st.ok())
      return st;
    return absl::InvalidArgumentError("the second row is bad");
  });
  EXPECT_THAT(failed, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(CountRows(**db, "t"), 0);
  ASSERT_TRUE((*db)
                  ->Write([](Session& s) {
                    return s.Execute("INSERT INTO t (v) VALUES (?)", {Int(7)});
                  })
                  .ok());
  EXPECT_EQ(CountRows(**db, "t"), 1);
}

TEST(SqliteStorage, BadUrlsAreRefused) {
  EXPECT_THAT(storage::OpenDatabase("mysql://x").status(),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(storage::OpenDatabase("sqlite:").status(),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(Migrations, AppliedOnceAndNewerSchemaRefused) {
  TempDir dir;
  const storage::Migration v1[] = {{1, "one", "CREATE TABLE a (x BIGINT);"}};
  const storage::Migration v2[] = {{1, "one", "CREATE TABLE a (x BIGINT);"},
                                   {2, "two", "CREATE TABLE b (y BIGINT);"}};
  {
    auto db = storage::OpenDatabase(dir.Url("m.db"));
    ASSERT_THAT(db, IsOk());
    EXPECT_EQ(*storage::ApplyMigrations(**db, v1), 1);
    EXPECT_EQ(*storage::ApplyMigrations(**db, v1),
              1);  // no second CREATE TABLE
    EXPECT_EQ(*storage::ApplyMigrations(**db, v2), 2);
    EXPECT_EQ(CountRows(**db, "schema_migrations"), 2);
  }
  auto db = storage::OpenDatabase(dir.Url("m.db"));
  const auto older = storage::ApplyMigrations(**db, v1);
  EXPECT_THAT(older.status(), StatusIs(absl::StatusCode::kFailedPrecondition));
  // A migration that fails leaves the schema where it was.
  const storage::Migration broken[] = {
      v2[0], v2[1], {3, "bad", "CREATE TABLE a (x BIGINT);"}};
  EXPECT_THAT(storage::ApplyMigrations(**db, broken), Not(IsOk()));
  EXPECT_EQ(CountRows(**db, "schema_migrations"), 2);
}

TEST(AuditTrail, ChangedFieldsOfJsonObjects) {
  const std::string before =
      storage::AuditObject({{"a", "1"}, {"b", "2"}, {"名", "x\"y"}});
  EXPECT_EQ(before, R"({"a":"1","b":"2","名":"x\"y"})");
  EXPECT_THAT(
      storage::ChangedFields(
          before, storage::AuditObject(
                      {{"a", "1"}, {"b", "3"}, {"c", "4"}, {"名", "x\"y"}})),
      ElementsAre("b", "c"));
  EXPECT_THAT(
      storage::ChangedFields(R"({"x":1,"y":[1,2]})", R"({"x":1,"y":[1,3]})"),
      ElementsAre("y"));
  // Only objects compare: free text, and the "name=value; …" form no write
  // passes any more, name nothing.
  EXPECT_TRUE(storage::ChangedFields("free text", "other").empty());
  EXPECT_TRUE(storage::ChangedFields("a=1; b=2", "a=1; b=3").empty());
  EXPECT_THAT(storage::ChangedFields("", storage::AuditObject({{"name", "x"}})),
              ElementsAre("name"));
}

TEST(Postgres, PlaceholdersAndKeysAreTranslated) {
  EXPECT_EQ(storage::ToPostgresSql("SELECT a FROM t WHERE b = ? AND c = '?' "
                                   "AND d = ?"),
            "SELECT a FROM t WHERE b = $1 AND c = '?' AND d = $2");
  EXPECT_EQ(storage::ToPostgresSql("CREATE TABLE t (id INTEGER PRIMARY KEY)"),
            "CREATE TABLE t (id BIGSERIAL PRIMARY KEY)");
}

}  // namespace
}  // namespace jixiao

#include <filesystem>
#include <random>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/budget/store/budget_store.h"
#include "services/common/storage/database.h"
#include "services/common/storage/migrations.h"

namespace jixiao {
namespace {

using storage::AsInt;
using storage::Int;
using storage::Session;
using storage::Text;

class TempDir {
 public:
  TempDir() {
    path_ = std::filesystem::temp_directory_path() /
            ("jixiao-test-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string Url(const std::string& name) const {
    return "sqlite:" + (path_ / name).string();
  }

 private:
  std::filesystem::path path_;
};

int64_t Count(storage::Database& db, const std::string& table) {
  int64_t n = -1;
  EXPECT_TRUE(db.Read([&](Session& s) -> absl::Status {
                  auto rows = s.Query("SELECT COUNT(*) FROM " + table);
                  if (!rows.ok()) return rows.status();
                  n = AsInt((*rows)[0][0]);
                  return absl::OkStatus();
                }).ok());
  return n;
}

TEST(SqliteStorage, AFailedWriteLeavesNothing) {
  TempDir dir;
  auto db = storage::OpenDatabase(dir.Url("t.db"));
  ASSERT_TRUE(db.ok()) << db.status();
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
  EXPECT_EQ(failed.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Count(**db, "t"), 0);
  ASSERT_TRUE((*db)
                  ->Write([](Session& s) {
                    return s.Execute("INSERT INTO t (v) VALUES (?)", {Int(7)});
                  })
                  .ok());
  EXPECT_EQ(Count(**db, "t"), 1);
}

TEST(SqliteStorage, BadUrlsAreRefused) {
  EXPECT_EQ(storage::OpenDatabase("mysql://x").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(storage::OpenDatabase("sqlite:").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(Migrations, AppliedOnceAndNewerSchemaRefused) {
  TempDir dir;
  const storage::Migration v1[] = {{1, "one", "CREATE TABLE a (x BIGINT);"}};
  const storage::Migration v2[] = {{1, "one", "CREATE TABLE a (x BIGINT);"},
                                   {2, "two", "CREATE TABLE b (y BIGINT);"}};
  {
    auto db = storage::OpenDatabase(dir.Url("m.db"));
    ASSERT_TRUE(db.ok());
    EXPECT_EQ(*storage::ApplyMigrations(**db, v1), 1);
    EXPECT_EQ(*storage::ApplyMigrations(**db, v1),
              1);  // no second CREATE TABLE
    EXPECT_EQ(*storage::ApplyMigrations(**db, v2), 2);
    EXPECT_EQ(Count(**db, "schema_migrations"), 2);
  }
  auto db = storage::OpenDatabase(dir.Url("m.db"));
  const auto older = storage::ApplyMigrations(**db, v1);
  EXPECT_EQ(older.status().code(), absl::StatusCode::kFailedPrecondition);
  // A migration that fails leaves the schema where it was.
  const storage::Migration broken[] = {
      v2[0], v2[1], {3, "bad", "CREATE TABLE a (x BIGINT);"}};
  EXPECT_FALSE(storage::ApplyMigrations(**db, broken).ok());
  EXPECT_EQ(Count(**db, "schema_migrations"), 2);
}

TEST(BudgetStore, WritesAreVersionedAuditedAndKeepAbsence) {
  TempDir dir;
  auto store = budget::BudgetStore::Open(dir.Url("budget.db"));
  ASSERT_TRUE(store.ok()) << store.status();
  const budget::Actor actor{"tester", "req-1", "Test"};
  budget::Department d{
      .region_code = "430725", .code = "psb", .name = "公安局"};
  ASSERT_TRUE((*store)->CreateDepartment(d, actor).ok());
  EXPECT_EQ((*store)->CreateDepartment(d, actor).status().code(),
            absl::StatusCode::kAlreadyExists);

  budget::DepartmentYear y{.year = 2019};
  y.phases[budget::Phase::kFinal].Set(budget::Item::kAbroad, 0);
  auto stored =
      (*store)->PutDepartmentYear("430725", "psb", y, std::nullopt, actor);
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->version, 1);
  auto read = (*store)->GetDepartmentYear("430725", "psb", 2019);
  ASSERT_TRUE(read.ok());
  const auto& f = read->Figures(budget::Phase::kFinal);
  EXPECT_EQ(f.Get(budget::Item::kAbroad), 0);  // stated zero stays zero
  EXPECT_EQ(f.Get(budget::Item::kReception),
            std::nullopt);  // absent stays absent

  // A stale version is refused and changes nothing.
  y.phases[budget::Phase::kFinal].Set(budget::Item::kAbroad, 5);
  EXPECT_EQ(
      (*store)->PutDepartmentYear("430725", "psb", y, 0, actor).status().code(),
      absl::StatusCode::kAborted);
  EXPECT_EQ((*store)
                ->GetDepartmentYear("430725", "psb", 2019)
                ->Figures(budget::Phase::kFinal)
                .Get(budget::Item::kAbroad),
            0);
  EXPECT_EQ((*store)->PutDepartmentYear("430725", "psb", y, 1, actor)->version,
            2);

  auto db = storage::OpenDatabase(dir.Url("budget.db"));
  EXPECT_EQ(Count(**db, "audit_log"), 3);  // department + two year writes
  std::string new_value;
  ASSERT_TRUE((*db)
                  ->Read([&](Session& s) -> absl::Status {
                    auto rows = s.Query(
                        "SELECT new_value, actor, request_id FROM audit_log "
                        "ORDER BY id DESC");
                    if (!rows.ok()) return rows.status();
                    new_value = storage::AsText((*rows)[0][0]);
                    EXPECT_EQ(storage::AsText((*rows)[0][1]), "tester");
                    EXPECT_EQ(storage::AsText((*rows)[0][2]), "req-1");
                    return absl::OkStatus();
                  })
                  .ok());
  EXPECT_EQ(new_value, "决算.abroad=5");
}

}  // namespace
}  // namespace jixiao

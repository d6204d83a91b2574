// The budget store on a real SQLite file: versioned, audited writes that
// keep a stated zero apart from an absent figure.
#include "services/budget/store/budget_store.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/base/status_macros.h"
#include "services/common/storage/database.h"
#include "services/common/storage/row_reader.h"
#include "tests/support/row_count.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"

namespace jixiao {
namespace {

using storage::Session;
using test_support::CountRows;
using test_support::IsOk;
using test_support::StatusIs;
using test_support::TempDir;
using ::testing::Not;

TEST(BudgetStore, WritesAreVersionedAuditedAndKeepAbsence) {
  TempDir dir;
  auto store = budget::BudgetStore::Open(dir.Url("budget.db"));
  ASSERT_THAT(store, IsOk()) << store.status();
  const storage::Writer actor{"tester", "req-1", "Test"};
  budget::Department d{
      .region_code = "430725", .code = "psb", .name = "公安局"};
  ASSERT_THAT((*store)->CreateDepartment(d, actor), IsOk());
  EXPECT_THAT((*store)->CreateDepartment(d, actor).status(),
              StatusIs(absl::StatusCode::kAlreadyExists));

  budget::DepartmentYear y{.year = 2019};
  y.phases[budget::Phase::kFinal].Set(budget::Item::kAbroad, 0);
  auto stored =
      (*store)->PutDepartmentYear("430725", "psb", y, std::nullopt, actor);
  ASSERT_THAT(stored, IsOk()) << stored.status();
  EXPECT_EQ(stored->version, 1);
  auto read = (*store)->GetDepartmentYear("430725", "psb", 2019);
  ASSERT_THAT(read, IsOk());
  const auto& f = read->Figures(budget::Phase::kFinal);
  EXPECT_EQ(f.Get(budget::Item::kAbroad), 0);  // stated zero stays zero
  EXPECT_EQ(f.Get(budget::Item::kReception),
            std::nullopt);  // absent stays absent

  // A stale version is refused and changes nothing.
  y.phases[budget::Phase::kFinal].Set(budget::Item::kAbroad, 5);
  EXPECT_THAT(
      (*store)->PutDepartmentYear("430725", "psb", y, 0, actor).status(),
      StatusIs(absl::StatusCode::kAborted));
  EXPECT_EQ((*store)
                ->GetDepartmentYear("430725", "psb", 2019)
                ->Figures(budget::Phase::kFinal)
                .Get(budget::Item::kAbroad),
            0);
  EXPECT_EQ((*store)->PutDepartmentYear("430725", "psb", y, 1, actor)->version,
            2);

  auto db = storage::OpenDatabase(dir.Url("budget.db"));
  EXPECT_EQ(CountRows(**db, "audit_log"), 3);  // department + two year writes
  std::string new_value;
  ASSERT_TRUE(
      (*db)
          ->Read([&](Session& s) -> absl::Status {
            auto rows = s.Query(
                "SELECT new_value, actor, request_id FROM audit_log "
                "ORDER BY id DESC");
            if (!rows.ok()) return rows.status();
            JIXIAO_ASSIGN_OR_RETURN(
                (auto [value, actor, request_id]),
                storage::ReadColumns<std::string, std::string, std::string>(
                    rows->front()));
            new_value = value;
            EXPECT_EQ(actor, "tester");
            EXPECT_EQ(request_id, "req-1");
            return absl::OkStatus();
          })
          .ok());
  EXPECT_EQ(new_value, R"({"决算.abroad":"5"})");
}

// ExtractReport's writes: the department, the year and the year before in
// one transaction, so a failure at the last write leaves nothing behind.
TEST(BudgetStore, AnExtractionIsStoredWholeOrNotAtAll) {
  TempDir dir;
  auto store = budget::BudgetStore::Open(dir.Url("budget.db"));
  ASSERT_THAT(store, IsOk());
  const storage::Writer actor{"tester", "req-1", "ExtractReport"};
  const budget::Department d{
      .region_code = "430725", .code = "psb", .name = "公安局"};
  budget::DepartmentYear year{.year = 2019};
  year.phases[budget::Phase::kFinal].Set(budget::Item::kAbroad, 0);
  budget::DepartmentYear prior{.year = 2018};
  prior.phases[budget::Phase::kFinal].Set(budget::Item::kAbroad, 3);
  // Two projects of one code: the database refuses the prior year's last
  // rows, after the department and the 2019 figures were written.
  budget::DepartmentYear bad_prior = prior;
  bad_prior.projects = {{.code = "p1", .name = "一"},
                        {.code = "p1", .name = "二"}};
  EXPECT_THAT(
      (*store)->StoreExtraction("430725", "psb", d, year, bad_prior, actor),
      Not(IsOk()));
  EXPECT_THAT((*store)->GetDepartment("430725", "psb"),
              StatusIs(absl::StatusCode::kNotFound));
  auto db = storage::OpenDatabase(dir.Url("budget.db"));
  ASSERT_THAT(db, IsOk());
  EXPECT_EQ(CountRows(**db, "audit_log"), 0);
  EXPECT_EQ(CountRows(**db, "department_years"), 0);
  EXPECT_EQ(CountRows(**db, "figures"), 0);

  // The same without the duplicate: all three stored.
  const auto stored =
      (*store)->StoreExtraction("430725", "psb", d, year, prior, actor);
  ASSERT_THAT(stored, IsOk());
  EXPECT_EQ(stored->version, 1);
  EXPECT_THAT((*store)->GetDepartment("430725", "psb"), IsOk());
  EXPECT_EQ((*store)
                ->GetDepartmentYear("430725", "psb", 2018)
                ->Figures(budget::Phase::kFinal)
                .Get(budget::Item::kAbroad),
            3);
  EXPECT_EQ(CountRows(**db, "audit_log"), 3);

  // Again, for a department that is there: the year's version moves on,
  // the stored year before is kept as it was.
  prior.phases[budget::Phase::kFinal].Set(budget::Item::kAbroad, 9);
  const auto again = (*store)->StoreExtraction("430725", "psb", std::nullopt,
                                               year, prior, actor);
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(again->version, 2);
  EXPECT_EQ((*store)
                ->GetDepartmentYear("430725", "psb", 2018)
                ->Figures(budget::Phase::kFinal)
                .Get(budget::Item::kAbroad),
            3);
  // A department given as new that is there by then: refused, nothing
  // written.
  EXPECT_THAT(
      (*store)->StoreExtraction("430725", "psb", d, year, std::nullopt, actor),
      StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_EQ((*store)->GetDepartmentYear("430725", "psb", 2019)->version, 2);
  EXPECT_EQ(CountRows(**db, "audit_log"), 4);
}

}  // namespace
}  // namespace jixiao

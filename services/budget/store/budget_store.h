// The budget service's storage: departments, department-years, ledger
// batches and the audit trail, over storage::Database. Every write is one
// transaction with its audit row; every read of related records is one
// snapshot.
#ifndef JIXIAO_SERVICES_BUDGET_STORE_BUDGET_STORE_H_
#define JIXIAO_SERVICES_BUDGET_STORE_BUDGET_STORE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/budget/domain/ledger.h"
#include "services/budget/domain/model.h"
#include "services/common/storage/audit.h"
#include "services/common/storage/database.h"

namespace jixiao::budget {

struct ImportResult {
  int64_t lines_stored = 0;
  int64_t payments_stored = 0;
  bool already_imported = false;
};

// All a computation over one department-year needs, read at one instant.
struct Snapshot {
  Department department;
  DepartmentYear current;
  std::optional<DepartmentYear> base;  // the comparison year, when stored
  LedgerSummary ledger;
};

// A department of a region with its year, the base year and the year's
// ledger, for computations over a whole region.
struct RegionDepartment {
  Department department;
  std::optional<DepartmentYear> current;  // absent: no figures for the year
  std::optional<DepartmentYear> base;
  LedgerSummary ledger;
};

// A department's year and its payments up to a date, by project code (""
// for payments naming none), for budget execution (mid-year monitoring).
struct ExecutionSnapshot {
  Department department;
  std::optional<DepartmentYear> year;  // absent: no figures for the year
  struct Paid {
    Fen amount = 0;
    int64_t count = 0;
  };
  std::map<std::string, Paid> paid_by_project;
};

class BudgetStore {
 public:
  // Opens the database at `url` and applies the migrations.
  static absl::StatusOr<std::unique_ptr<BudgetStore>> Open(
      absl::string_view url);

  absl::StatusOr<Department> CreateDepartment(const Department& department,
                                              const storage::Writer& actor);
  // `may_change` is asked, in the write's transaction, with the stored
  // department before anything is written.
  using DepartmentCheck = std::function<absl::Status(const Department& stored)>;
  absl::StatusOr<Department> UpdateDepartment(
      const Department& department, std::optional<int64_t> expected_version,
      const storage::Writer& actor,
      const DepartmentCheck& may_change = nullptr);
  absl::StatusOr<Department> GetDepartment(absl::string_view region_code,
                                           absl::string_view code);
  // Departments of a region ordered by code, after `after_code`.
  absl::StatusOr<std::vector<Department>> ListDepartments(
      absl::string_view region_code, absl::string_view after_code, int limit);

  absl::StatusOr<DepartmentYear> PutDepartmentYear(
      absl::string_view region_code, absl::string_view department_code,
      const DepartmentYear& year, std::optional<int64_t> expected_version,
      const storage::Writer& actor);
  absl::StatusOr<DepartmentYear> GetDepartmentYear(
      absl::string_view region_code, absl::string_view department_code,
      int32_t year);

  // What ExtractReport stores, all or nothing in one transaction: the
  // department when `new_department` is given (ALREADY_EXISTS if it is
  // there by then), the year, and the year before when `prior_year` is given
  // and nothing is stored for it. Returns the year as stored.
  absl::StatusOr<DepartmentYear> StoreExtraction(
      absl::string_view region_code, absl::string_view department_code,
      const std::optional<Department>& new_department,
      const DepartmentYear& year,
      const std::optional<DepartmentYear>& prior_year,
      const storage::Writer& actor);

  // Stores a validated batch atomically; the same batch again is a no-op.
  absl::StatusOr<ImportResult> ImportLedger(const LedgerBatch& batch,
                                            const storage::Writer& actor);

  struct VersionSet {
    int64_t department = 0;
    int64_t figures = 0;       // 0: no figures for the year
    int64_t base_figures = 0;  // the year before
  };
  absl::StatusOr<VersionSet> GetVersions(absl::string_view region_code,
                                         absl::string_view department_code,
                                         int32_t year);

  // `as_of` (YYYY-MM-DD, or empty) bounds LedgerSummary::payments_as_of.
  absl::StatusOr<Snapshot> LoadSnapshot(absl::string_view region_code,
                                        absl::string_view department_code,
                                        int32_t year, int32_t base_year,
                                        absl::string_view as_of);

  // Calls `page` with a region's departments, each with its department-years
  // and ledger, `page_size` at a time in code (byte) order, all read in one
  // snapshot with a query a table a page; `page` returns false to stop.
  absl::Status ForEachRegionPage(
      absl::string_view region_code, int32_t year, int32_t base_year,
      int page_size,
      absl::FunctionRef<bool(std::vector<RegionDepartment>&)> page);

  // A department's year and its payments up to `as_of` (YYYY-MM-DD): two
  // queries beside the year's. NOT_FOUND when the department does not exist.
  absl::StatusOr<ExecutionSnapshot> LoadExecution(
      absl::string_view region_code, absl::string_view department_code,
      int32_t year, absl::string_view as_of);
  // The same for a region's departments, `page_size` at a time in code
  // (byte) order, all read in one snapshot; `page` returns false to stop.
  absl::Status ForEachRegionExecutionPage(
      absl::string_view region_code, int32_t year, absl::string_view as_of,
      int page_size,
      absl::FunctionRef<bool(std::vector<ExecutionSnapshot>&)> page);

  // The service's database, for what every service serves alike (the audit
  // trail).
  storage::Database& database() { return *db_; }

 private:
  explicit BudgetStore(std::unique_ptr<storage::Database> db)
      : db_(std::move(db)) {}

  std::unique_ptr<storage::Database> db_;
};

}  // namespace jixiao::budget

#endif  // JIXIAO_SERVICES_BUDGET_STORE_BUDGET_STORE_H_

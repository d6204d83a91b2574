#include "services/budget/store/schema.h"

#include "services/common/storage/audit.h"
#include "services/common/storage/write_epoch.h"

namespace jixiao::budget {
namespace {

// Amounts are BIGINT 分. A figure that was not reported has no row: absence
// is never stored as 0.
constexpr storage::Migration kMigrations[] = {
    {1, "departments, figures, ledger", R"sql(
CREATE TABLE departments (
  id INTEGER PRIMARY KEY,
  region_code TEXT NOT NULL,
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  parent_code TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL DEFAULT '',
  staff_authorized BIGINT,
  staff_actual BIGINT,
  staff_retired BIGINT,
  staff_auxiliary BIGINT,
  version BIGINT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (region_code, code)
);
CREATE TABLE department_years (
  department_id BIGINT NOT NULL REFERENCES departments (id),
  year INTEGER NOT NULL,
  version BIGINT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (department_id, year)
);
CREATE TABLE figures (
  department_id BIGINT NOT NULL,
  year INTEGER NOT NULL,
  phase INTEGER NOT NULL,
  item TEXT NOT NULL,
  amount BIGINT NOT NULL,
  source TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (department_id, year, phase, item),
  FOREIGN KEY (department_id, year) REFERENCES department_years (department_id, year)
);
CREATE TABLE projects (
  department_id BIGINT NOT NULL,
  year INTEGER NOT NULL,
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  category TEXT NOT NULL DEFAULT '',
  key_project INTEGER NOT NULL DEFAULT 0,
  original BIGINT,
  adjusted BIGINT,
  final BIGINT,
  PRIMARY KEY (department_id, year, code),
  FOREIGN KEY (department_id, year) REFERENCES department_years (department_id, year)
);
CREATE TABLE stated_rates (
  department_id BIGINT NOT NULL,
  year INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  formula_id TEXT NOT NULL,
  item TEXT NOT NULL DEFAULT '',
  hundredths BIGINT NOT NULL,
  word TEXT NOT NULL DEFAULT '',
  quote TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (department_id, year, seq),
  FOREIGN KEY (department_id, year) REFERENCES department_years (department_id, year)
);
CREATE TABLE import_batches (
  batch_id TEXT PRIMARY KEY,
  region_code TEXT NOT NULL,
  digest TEXT NOT NULL,
  line_count BIGINT NOT NULL,
  payment_count BIGINT NOT NULL,
  imported_at TEXT NOT NULL,
  actor TEXT NOT NULL
);
CREATE TABLE budget_lines (
  id INTEGER PRIMARY KEY,
  batch_id TEXT NOT NULL REFERENCES import_batches (batch_id),
  department_id BIGINT NOT NULL REFERENCES departments (id),
  year INTEGER NOT NULL,
  phase INTEGER NOT NULL,
  function_code TEXT NOT NULL,
  economic_code TEXT NOT NULL,
  project_code TEXT NOT NULL DEFAULT '',
  amount BIGINT NOT NULL
);
CREATE INDEX budget_lines_by_department_year ON budget_lines (department_id, year);
CREATE TABLE payments (
  id INTEGER PRIMARY KEY,
  batch_id TEXT NOT NULL REFERENCES import_batches (batch_id),
  department_id BIGINT NOT NULL REFERENCES departments (id),
  year INTEGER NOT NULL,
  record_id TEXT NOT NULL,
  paid_on TEXT NOT NULL,
  function_code TEXT NOT NULL,
  economic_code TEXT NOT NULL,
  project_code TEXT NOT NULL DEFAULT '',
  amount BIGINT NOT NULL,
  UNIQUE (department_id, record_id)
);
CREATE INDEX payments_by_department_year ON payments (department_id, year, paid_on);
)sql"},
    {2, "audit trail", storage::kAuditLogSchema},
    {3, "audit trail filters", storage::kAuditLogFilters},
    // Payments arrive a million at a time. Their foreign keys cost more than
    // the rows themselves (PostgreSQL checks each with a trigger: 20 s for a
    // million against 8 s without), and the import resolves the department
    // and writes the batch row in the same transaction; the serial id was
    // never read, and paid_on in the index never narrowed a read (the ledger
    // is summed by department-year). Rebuilt without them.
    {4, "payments without foreign keys or serial id", R"sql(
CREATE TABLE payments_v4 (
  batch_id TEXT NOT NULL,
  department_id BIGINT NOT NULL,
  year INTEGER NOT NULL,
  record_id TEXT NOT NULL,
  paid_on TEXT NOT NULL,
  function_code TEXT NOT NULL,
  economic_code TEXT NOT NULL,
  project_code TEXT NOT NULL DEFAULT '',
  amount BIGINT NOT NULL,
  UNIQUE (department_id, record_id)
);
INSERT INTO payments_v4 (batch_id, department_id, year, record_id, paid_on,
  function_code, economic_code, project_code, amount)
  SELECT batch_id, department_id, year, record_id, paid_on, function_code,
  economic_code, project_code, amount FROM payments ORDER BY id;
DROP TABLE payments;
ALTER TABLE payments_v4 RENAME TO payments;
CREATE INDEX payments_by_department_year ON payments (department_id, year);
)sql"},
    {5, "write epoch", storage::kWriteEpochSchema},
    // Batch ids were global: another region could take an id first, and
    // the refusal told it that the id existed. Now each is stored as
    // "region/id". New batch rows first, then the rows that name them,
    // then the old batch rows: no foreign key is broken at any step.
    {6, "batch ids scoped by region", R"sql(
INSERT INTO import_batches (batch_id, region_code, digest, line_count,
  payment_count, imported_at, actor)
  SELECT region_code || '/' || batch_id, region_code, digest, line_count,
  payment_count, imported_at, actor FROM import_batches
  WHERE batch_id NOT LIKE '%/%';
UPDATE budget_lines SET batch_id = (SELECT b.region_code || '/' || b.batch_id
  FROM import_batches b WHERE b.batch_id = budget_lines.batch_id)
  WHERE batch_id NOT LIKE '%/%';
UPDATE payments SET batch_id = (SELECT b.region_code || '/' || b.batch_id
  FROM import_batches b WHERE b.batch_id = payments.batch_id)
  WHERE batch_id NOT LIKE '%/%';
DELETE FROM import_batches WHERE batch_id NOT LIKE '%/%';
)sql"},
};

}  // namespace

absl::Span<const storage::Migration> BudgetMigrations() { return kMigrations; }

}  // namespace jixiao::budget

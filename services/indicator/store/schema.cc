#include "services/indicator/store/schema.h"

#include "services/common/storage/audit.h"
#include "services/common/storage/write_epoch.h"

namespace jixiao::indicator {
namespace {

// A framework version and an indicator value are documents, read and
// written whole: each is one row holding its canonical JSON, beside the
// columns that queries use.
constexpr storage::Migration kMigrations[] = {
    {1, "frameworks, evaluations, values, history", R"sql(
CREATE TABLE frameworks (
  id TEXT NOT NULL,
  version INTEGER NOT NULL,
  region_code TEXT NOT NULL,
  year INTEGER NOT NULL,
  body TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (id, version)
);
CREATE TABLE evaluations (
  id INTEGER PRIMARY KEY,
  region_code TEXT NOT NULL,
  department_code TEXT NOT NULL,
  year INTEGER NOT NULL,
  framework_id TEXT NOT NULL,
  framework_version INTEGER NOT NULL,
  status INTEGER NOT NULL,
  return_reason TEXT NOT NULL DEFAULT '',
  self_score TEXT,
  version BIGINT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (region_code, department_code, year),
  FOREIGN KEY (framework_id, framework_version) REFERENCES frameworks (id, version)
);
CREATE INDEX evaluations_by_framework ON evaluations (framework_id, framework_version, status);
CREATE TABLE indicator_values (
  evaluation_id BIGINT NOT NULL REFERENCES evaluations (id),
  indicator_id TEXT NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (evaluation_id, indicator_id)
);
CREATE TABLE status_history (
  evaluation_id BIGINT NOT NULL REFERENCES evaluations (id),
  seq INTEGER NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (evaluation_id, seq)
);
)sql"},
    {2, "audit trail", storage::kAuditLogSchema},
    {3, "audit trail filters", storage::kAuditLogFilters},
    // The value's binary protobuf (base64): reading a region's values
    // parsed every JSON body, most of the region read's time. The JSON body
    // stays, for people reading the database.
    {4, "indicator values in binary", R"sql(
ALTER TABLE indicator_values ADD COLUMN encoded TEXT NOT NULL DEFAULT '';
)sql"},
    {5, "write epoch", storage::kWriteEpochSchema},
    // Performance targets: every version of a department-year's set kept
    // (each write appends one), the latest being the current.
    {6, "performance targets", R"sql(
CREATE TABLE target_versions (
  region_code TEXT NOT NULL,
  department_code TEXT NOT NULL,
  year INTEGER NOT NULL,
  version BIGINT NOT NULL,
  status INTEGER NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (region_code, department_code, year, version)
);
)sql"},
    // Mid-year monitoring (双监控): a region's rounds, every version of each
    // department's filing for a round (each write appends one, like
    // target_versions), and finance's decisions on warnings (each appended;
    // the latest per warning is the one shown). Warnings themselves are
    // computed on read, never stored.
    {7, "mid-year monitoring", R"sql(
CREATE TABLE monitoring_rounds (
  region_code TEXT NOT NULL,
  round_id TEXT NOT NULL,
  year INTEGER NOT NULL,
  status INTEGER NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (region_code, round_id)
);
CREATE TABLE monitoring_filings (
  region_code TEXT NOT NULL,
  round_id TEXT NOT NULL,
  department_code TEXT NOT NULL,
  version BIGINT NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (region_code, round_id, department_code, version)
);
CREATE TABLE warning_decisions (
  region_code TEXT NOT NULL,
  round_id TEXT NOT NULL,
  department_code TEXT NOT NULL,
  warning_id TEXT NOT NULL,
  seq BIGINT NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (region_code, round_id, department_code, warning_id, seq)
);
)sql"},
    // Rectification (整改): a region's tasks, each one row rewritten on
    // every change (its version guards the change, its body keeps the whole
    // history; the audit log keeps every before and after), and the
    // evidence files, each stored once a task by its digest. The bytes are
    // base64 in a TEXT column, the one column type both backends bind the
    // same way; docs/adr/0007 says why they live here and not on a volume.
    {8, "rectification", R"sql(
CREATE TABLE rectification_tasks (
  region_code TEXT NOT NULL,
  task_id BIGINT NOT NULL,
  department_code TEXT NOT NULL,
  year INTEGER NOT NULL,
  status INTEGER NOT NULL,
  deadline TEXT NOT NULL,
  version BIGINT NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (region_code, task_id)
);
CREATE INDEX rectification_tasks_department
  ON rectification_tasks (region_code, department_code, task_id);
CREATE TABLE rectification_evidence (
  region_code TEXT NOT NULL,
  task_id BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  size_bytes BIGINT NOT NULL,
  body TEXT NOT NULL,
  content_base64 TEXT NOT NULL,
  PRIMARY KEY (region_code, task_id, sha256)
);
)sql"},
    // Project self-evaluations (项目支出绩效自评): one row a project's
    // filing, rewritten by each write under its version (the audit log
    // keeps every before and after). Keyed region and year first: the
    // region view reads a region-year's filings in one range, in department
    // and project order. `encoded` is the binary protobuf (base64), what
    // that read parses (as indicator_values, migration 4); the JSON body is
    // for people.
    {9, "project self-evaluations", R"sql(
CREATE TABLE project_filings (
  region_code TEXT NOT NULL,
  year INTEGER NOT NULL,
  department_code TEXT NOT NULL,
  project_code TEXT NOT NULL,
  version BIGINT NOT NULL,
  status INTEGER NOT NULL,
  targets_version BIGINT NOT NULL,
  body TEXT NOT NULL,
  encoded TEXT NOT NULL,
  PRIMARY KEY (region_code, year, department_code, project_code)
);
)sql"},
};

}  // namespace

absl::Span<const storage::Migration> IndicatorMigrations() {
  return kMigrations;
}

}  // namespace jixiao::indicator

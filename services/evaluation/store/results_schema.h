// The tables of results used and published (migration 5 of the evaluation
// service's database; docs/adr/0009). SQL that both backends take.
#ifndef JIXIAO_SERVICES_EVALUATION_STORE_RESULTS_SCHEMA_H_
#define JIXIAO_SERVICES_EVALUATION_STORE_RESULTS_SCHEMA_H_

namespace jixiao::evaluation {

// - decision_rules: a region's own rule table (one row, rewritten under its
//   version; the audit log keeps every before and after).
// - result_decisions: every version of every decision; the current one is
//   the highest version of its subject (project_code '' for the department
//   as a whole).
// - publication_packages / publication_files: one package a department-year,
//   inserted once and never updated (no statement in the code updates or
//   deletes them); the files' bytes as base64 TEXT, as rectification
//   evidence is kept (ADR 0007).
inline constexpr char kResultsSchema[] = R"sql(
CREATE TABLE decision_rules (
  region_code TEXT NOT NULL PRIMARY KEY,
  version BIGINT NOT NULL,
  body TEXT NOT NULL
);
CREATE TABLE result_decisions (
  region_code TEXT NOT NULL,
  department_code TEXT NOT NULL,
  year INTEGER NOT NULL,
  project_code TEXT NOT NULL,
  version BIGINT NOT NULL,
  decision INTEGER NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (region_code, year, department_code, project_code, version)
);
CREATE TABLE publication_packages (
  region_code TEXT NOT NULL,
  department_code TEXT NOT NULL,
  year INTEGER NOT NULL,
  total TEXT NOT NULL,
  grade TEXT NOT NULL,
  manifest_sha256 TEXT NOT NULL,
  published_by TEXT NOT NULL,
  published_at TEXT NOT NULL,
  PRIMARY KEY (region_code, department_code, year)
);
CREATE TABLE publication_files (
  region_code TEXT NOT NULL,
  department_code TEXT NOT NULL,
  year INTEGER NOT NULL,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size_bytes BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  content_base64 TEXT NOT NULL,
  PRIMARY KEY (region_code, department_code, year, position)
);
)sql";

}  // namespace jixiao::evaluation

#endif  // JIXIAO_SERVICES_EVALUATION_STORE_RESULTS_SCHEMA_H_

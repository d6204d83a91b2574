#include "services/evaluation/store/result_store.h"

#include <openssl/sha.h>

#include <map>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "libs/base/status_macros.h"
#include "services/common/storage/audit.h"
#include "services/common/storage/document.h"
#include "services/common/storage/migrations.h"
#include "services/common/storage/row_reader.h"
#include "services/evaluation/store/results_schema.h"

namespace jixiao::evaluation {
namespace {

using storage::Int;
using storage::ReadColumns;
using storage::Session;
using storage::Text;

constexpr storage::Migration kMigrations[] = {
    {1, "evaluation results", R"sql(
CREATE TABLE evaluation_results (
  region_code TEXT NOT NULL,
  department_code TEXT NOT NULL,
  year INTEGER NOT NULL,
  framework_id TEXT NOT NULL,
  framework_version INTEGER NOT NULL,
  indicator_version BIGINT NOT NULL,
  department_version BIGINT NOT NULL,
  figures_version BIGINT NOT NULL,
  base_figures_version BIGINT NOT NULL,
  total TEXT NOT NULL,
  grade TEXT NOT NULL,
  body TEXT NOT NULL,
  computed_at TEXT NOT NULL,
  PRIMARY KEY (region_code, department_code, year)
);
)sql"},
    {2, "audit trail", storage::kAuditLogSchema},
    {3, "audit trail filters", storage::kAuditLogFilters},
    // Whether a result changed is told by its digest, read from an index
    // that covers the query (not from rows whose bodies it would walk).
    {4, "result digests", R"sql(
ALTER TABLE evaluation_results ADD COLUMN digest TEXT NOT NULL DEFAULT '';
CREATE INDEX evaluation_results_digests ON evaluation_results
  (region_code, year, department_code, digest, total, grade);
)sql"},
    {5, "results used and published", kResultsSchema},
};

// The stored form leaves out how the result was served.
std::string Body(v1::EvaluationResult result) {
  result.clear_cache();
  return storage::DocumentJson(result);
}

// SHA-256 of the result's deterministic binary form (without how it was
// served): telling an unchanged result costs a hash, not a JSON rendering.
std::string Digest(const v1::EvaluationResult& result) {
  if (result.has_cache()) {
    v1::EvaluationResult stored = result;
    stored.clear_cache();
    return Digest(stored);
  }
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    result.SerializeToCodedStream(&coded);
  }
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
         digest);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), sizeof(digest)));
}

// The stored body of a department-year's result ("" when none).
std::string StoredBody(Session& s, const v1::DepartmentYear& key) {
  auto rows = s.Query(
      "SELECT body FROM evaluation_results WHERE region_code = ? AND "
      "department_code = ? AND year = ?",
      {Text(key.region_code()), Text(key.department_code()), Int(key.year())});
  if (!rows.ok() || rows->empty()) return "";
  auto body = ReadColumns<std::string>(rows->front());
  return body.ok() ? std::get<0>(*std::move(body)) : "";
}

// The summary of a stored row: what tells a changed result and what its
// audit row says it was.
struct Stored {
  std::string total, grade, digest;
};

// A result to write, with its digest and stored body.
struct Changed {
  const v1::EvaluationResult* result;
  std::string digest;
  std::string body;
};

absl::Status CheckOneRegionYear(
    const std::vector<const v1::EvaluationResult*>& results) {
  const v1::DepartmentYear& first = results.front()->key();
  for (const v1::EvaluationResult* r : results) {
    if (r->key().region_code() != first.region_code() ||
        r->key().year() != first.year()) {
      return absl::InternalError("SaveAll: results of one region-year only");
    }
  }
  return absl::OkStatus();
}

// The stored rows by department: one department's (`only`), or the whole
// region-year's when `only` is empty; one read either way.
absl::StatusOr<std::map<std::string, Stored>> ReadStored(
    Session& s, const v1::DepartmentYear& first, const std::string& only) {
  JIXIAO_ASSIGN_OR_RETURN(
      auto rows, s.Query("SELECT department_code, total, grade, digest FROM "
                         "evaluation_results "
                         "WHERE region_code = ? AND year = ? AND (? = '' OR "
                         "department_code = "
                         "?)",
                         {Text(first.region_code()), Int(first.year()),
                          Text(only), Text(only)}));
  std::map<std::string, Stored> stored;
  for (const storage::Row& r : rows) {
    JIXIAO_ASSIGN_OR_RETURN(
        (auto [department_code, total, grade, digest]),
        ReadColumns<std::string, std::string, std::string, std::string>(r));
    stored[std::move(department_code)] = {std::move(total), std::move(grade),
                                          std::move(digest)};
  }
  return stored;
}

storage::AuditEntry AuditOfChange(const v1::EvaluationResult& result,
                                  const Stored* old) {
  const v1::DepartmentYear& key = result.key();
  return {{absl::StrCat("result/", key.region_code(), "/",
                        key.department_code(), "/", key.year()),
           key.region_code(), key.department_code(), key.year()},
          old == nullptr ? ""
                         : storage::AuditObject(
                               {{"total", old->total}, {"grade", old->grade}}),
          storage::AuditObject(
              {{"total", result.total()}, {"grade", result.grade()}})};
}

// The results that differ from what is stored, each with its audit entry.
// A stored row from before digests were kept that holds the same result
// gets its digest, and is not changed.
absl::Status SelectChanged(
    Session& s, const std::vector<const v1::EvaluationResult*>& results,
    const std::map<std::string, Stored>& stored, std::vector<Changed>& changed,
    std::vector<storage::AuditEntry>& audits) {
  for (const v1::EvaluationResult* result : results) {
    const v1::DepartmentYear& key = result->key();
    const std::string digest = Digest(*result);
    const auto it = stored.find(key.department_code());
    const Stored* old = it == stored.end() ? nullptr : &it->second;
    if (old != nullptr && old->digest == digest) continue;  // the same
    std::string body = Body(*result);
    if (old != nullptr && old->digest.empty() && StoredBody(s, key) == body) {
      JIXIAO_RETURN_IF_ERROR(s.Execute(
          "UPDATE evaluation_results SET digest = ? WHERE region_code = ? "
          "AND department_code = ? AND year = ?",
          {Text(digest), Text(key.region_code()), Text(key.department_code()),
           Int(key.year())}));
      continue;
    }
    changed.push_back({result, digest, std::move(body)});
    audits.push_back(AuditOfChange(*result, old));
  }
  return absl::OkStatus();
}

// The changed rows, many to a statement (a statement is a round trip to
// PostgreSQL).
absl::Status UpsertResults(Session& s, const std::vector<Changed>& changed) {
  const std::string now = storage::NowUtc();
  for (size_t start = 0; start < changed.size();) {
    const size_t n = storage::NextStatementRows(changed.size() - start);
    std::string sql =
        "INSERT INTO evaluation_results (region_code, department_code, "
        "year, framework_id, framework_version, indicator_version, "
        "department_version, figures_version, base_figures_version, total, "
        "grade, body, computed_at, digest) VALUES ";
    std::vector<storage::Value> params;
    params.reserve(n * 14);
    for (size_t i = start; i < start + n; ++i) {
      const Changed& c = changed[i];
      const v1::EvaluationResult& r = *c.result;
      absl::StrAppend(&sql, i == start ? "" : ", ",
                      "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      for (storage::Value v :
           {Text(r.key().region_code()), Text(r.key().department_code()),
            Int(r.key().year()), Text(r.framework_id()),
            Int(r.framework_version()), Int(r.indicator_version()),
            Int(r.department_version()), Int(r.figures_version()),
            Int(r.base_figures_version()), Text(r.total()), Text(r.grade()),
            Text(c.body), Text(now), Text(c.digest)}) {
        params.push_back(std::move(v));
      }
    }
    absl::StrAppend(
        &sql,
        " ON CONFLICT (region_code, department_code, year) DO UPDATE SET "
        "framework_id = excluded.framework_id, framework_version = "
        "excluded.framework_version, indicator_version = "
        "excluded.indicator_version, department_version = "
        "excluded.department_version, figures_version = "
        "excluded.figures_version, base_figures_version = "
        "excluded.base_figures_version, total = excluded.total, grade = "
        "excluded.grade, body = excluded.body, computed_at = "
        "excluded.computed_at, digest = excluded.digest");
    JIXIAO_RETURN_IF_ERROR(s.Execute(sql, params));
    start += n;
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<ResultStore>> ResultStore::Open(
    absl::string_view url) {
  JIXIAO_ASSIGN_OR_RETURN(auto db, storage::OpenDatabase(url, "evaluation"));
  if (auto v = storage::ApplyMigrations(*db, kMigrations); !v.ok())
    return v.status();
  return std::unique_ptr<ResultStore>(new ResultStore(std::move(db)));
}

absl::Status ResultStore::Save(const v1::EvaluationResult& result,
                               const storage::Writer& writer) {
  return SaveAll({&result}, writer);
}

absl::Status ResultStore::SaveAll(
    const std::vector<const v1::EvaluationResult*>& results,
    const storage::Writer& writer) {
  if (results.empty()) return absl::OkStatus();
  JIXIAO_RETURN_IF_ERROR(CheckOneRegionYear(results));
  const v1::DepartmentYear& first = results.front()->key();
  const std::string only =
      results.size() == 1 ? first.department_code() : std::string();
  return db_->Write([&](Session& s) -> absl::Status {
    JIXIAO_ASSIGN_OR_RETURN(const auto stored, ReadStored(s, first, only));
    std::vector<Changed> changed;
    std::vector<storage::AuditEntry> audits;
    JIXIAO_RETURN_IF_ERROR(SelectChanged(s, results, stored, changed, audits));
    JIXIAO_RETURN_IF_ERROR(UpsertResults(s, changed));
    return storage::AppendAudits(s, writer, audits);
  });
}

absl::StatusOr<v1::EvaluationResult> ResultStore::Latest(
    const v1::DepartmentYear& key) {
  JIXIAO_ASSIGN_OR_RETURN(
      auto result,
      storage::ReadDocument<v1::EvaluationResult>(
          *db_,
          "SELECT body FROM evaluation_results WHERE region_code = ? AND "
          "department_code = ? AND year = ?",
          {Text(key.region_code()), Text(key.department_code()),
           Int(key.year())}));
  if (!result) {
    return absl::NotFoundError(
        absl::StrCat("department \"", key.department_code(),
                     "\" has not been evaluated for ", key.year()));
  }
  return *std::move(result);
}

}  // namespace jixiao::evaluation

#include "services/evaluation/store/result_store.h"

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"
#include "libs/base/status_macros.h"
#include "services/common/storage/audit.h"
#include "services/common/storage/migrations.h"

namespace jixiao::evaluation {
namespace {

using storage::AsText;
using storage::Int;
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
};

// The stored form leaves out how the result was served.
std::string Body(v1::EvaluationResult result) {
  result.clear_cache();
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(result, &json);
  return json;
}

}  // namespace

absl::StatusOr<std::unique_ptr<ResultStore>> ResultStore::Open(
    absl::string_view url) {
  auto db = storage::OpenDatabase(url, "evaluation");
  if (!db.ok()) return db.status();
  if (auto v = storage::ApplyMigrations(**db, kMigrations); !v.ok())
    return v.status();
  return std::unique_ptr<ResultStore>(new ResultStore(std::move(*db)));
}

absl::Status ResultStore::Save(const v1::EvaluationResult& result,
                               const storage::Writer& writer) {
  const std::string body = Body(result);
  const v1::DepartmentYear& key = result.key();
  return db_->Write([&](Session& s) -> absl::Status {
    auto old = s.Query(
        "SELECT body, total, grade FROM evaluation_results WHERE region_code = "
        "? "
        "AND department_code = ? AND year = ?",
        {Text(key.region_code()), Text(key.department_code()),
         Int(key.year())});
    if (!old.ok()) return old.status();
    const std::string before = old->empty() ? "" : AsText((*old)[0][0]);
    if (before == body) return absl::OkStatus();  // the same result again
    JIXIAO_RETURN_IF_ERROR(s.Execute(
        "INSERT INTO evaluation_results (region_code, department_code, year, "
        "framework_id, framework_version, indicator_version, "
        "department_version, "
        "figures_version, base_figures_version, total, grade, body, "
        "computed_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT "
        "(region_code, "
        "department_code, year) DO UPDATE SET framework_id = "
        "excluded.framework_id, "
        "framework_version = excluded.framework_version, indicator_version = "
        "excluded.indicator_version, department_version = "
        "excluded.department_version, "
        "figures_version = excluded.figures_version, base_figures_version = "
        "excluded.base_figures_version, total = excluded.total, grade = "
        "excluded.grade, "
        "body = excluded.body, computed_at = excluded.computed_at",
        {Text(key.region_code()), Text(key.department_code()), Int(key.year()),
         Text(result.framework_id()), Int(result.framework_version()),
         Int(result.indicator_version()), Int(result.department_version()),
         Int(result.figures_version()), Int(result.base_figures_version()),
         Text(result.total()), Text(result.grade()), Text(body),
         Text(storage::NowUtc())}));
    return storage::AppendAudit(
        s, writer,
        {absl::StrCat("result/", key.region_code(), "/", key.department_code(),
                      "/", key.year()),
         key.region_code(), key.department_code(), key.year()},
        before.empty() ? ""
                       : absl::StrCat("total=", AsText((*old)[0][1]),
                                      "; grade=", AsText((*old)[0][2])),
        absl::StrCat("total=", result.total(), "; grade=", result.grade()));
  });
}

absl::StatusOr<v1::EvaluationResult> ResultStore::Latest(
    const v1::DepartmentYear& key) {
  v1::EvaluationResult result;
  const absl::Status status = db_->Read([&](Session& s) -> absl::Status {
    auto rows = s.Query(
        "SELECT body FROM evaluation_results WHERE region_code = ? AND "
        "department_code = ? AND year = ?",
        {Text(key.region_code()), Text(key.department_code()),
         Int(key.year())});
    if (!rows.ok()) return rows.status();
    if (rows->empty()) {
      return absl::NotFoundError(
          absl::StrCat("department \"", key.department_code(),
                       "\" has not been evaluated for ", key.year()));
    }
    const auto parsed = google::protobuf::util::JsonStringToMessage(
        AsText((*rows)[0][0]), &result);
    if (!parsed.ok())
      return absl::InternalError("a stored result does not parse");
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return result;
}

}  // namespace jixiao::evaluation

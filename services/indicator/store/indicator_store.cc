#include "services/indicator/store/indicator_store.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "libs/base/status_macros.h"
#include "services/common/storage/document.h"
#include "services/common/storage/migrations.h"
#include "services/common/storage/row_reader.h"
#include "services/common/storage/write_epoch.h"
#include "services/indicator/store/schema.h"

namespace jixiao::indicator {
namespace {

using storage::Int;
using storage::ReadColumns;
using storage::Row;
using storage::Session;
using storage::Text;

// Statuses that put a framework version in use: it was submitted.
constexpr char kInUseStatuses[] = "(2, 3, 4)";

absl::Status NoEvaluation(const pb::EvaluationKey& key) {
  return absl::NotFoundError(
      absl::StrCat("no evaluation for department \"", key.department_code(),
                   "\" of region ", key.region_code(), " in ", key.year()));
}

storage::AuditTarget EvaluationEntity(const pb::EvaluationKey& key) {
  return {absl::StrCat("evaluation/", key.region_code(), "/",
                       key.department_code(), "/", key.year()),
          key.region_code(), key.department_code(), key.year()};
}

absl::StatusOr<bool> InUse(Session& s, absl::string_view id, int64_t version) {
  JIXIAO_ASSIGN_OR_RETURN(
      auto rows,
      s.Query(absl::StrCat("SELECT COUNT(*) FROM evaluations WHERE "
                           "framework_id = ? AND framework_version = ? "
                           "AND status IN ",
                           kInUseStatuses),
              {Text(id), Int(version)}));
  JIXIAO_ASSIGN_OR_RETURN(auto [count], ReadColumns<int64_t>(rows.front()));
  return count > 0;
}

absl::StatusOr<pb::Framework> LoadFramework(Session& s, absl::string_view id,
                                            std::optional<int32_t> version) {
  JIXIAO_ASSIGN_OR_RETURN(
      auto rows,
      version ? s.Query("SELECT version, body FROM frameworks WHERE id = ? AND "
                        "version = ?",
                        {Text(id), Int(*version)})
              : s.Query("SELECT version, body FROM frameworks WHERE id = ? "
                        "ORDER BY version DESC LIMIT 1",
                        {Text(id)}));
  if (rows.empty()) {
    return absl::NotFoundError(
        version ? absl::StrCat("no framework \"", id, "\" version ", *version)
                : absl::StrCat("no framework \"", id, "\""));
  }
  JIXIAO_ASSIGN_OR_RETURN((auto [stored_version, body]),
                          ReadColumns<int32_t, std::string>(rows.front()));
  pb::Framework framework;
  JIXIAO_RETURN_IF_ERROR(storage::ParseDocument(body, &framework));
  framework.set_version(stored_version);
  JIXIAO_ASSIGN_OR_RETURN(auto in_use, InUse(s, id, framework.version()));
  framework.set_in_use(in_use);
  return framework;
}

// Which evaluations a read covers: a SQL condition on the evaluations
// table and its parameters.
struct EvaluationFilter {
  std::string where;
  std::vector<storage::Value> params;
};

// Every evaluation the filter covers with its row id, values and history,
// in department order: one query a table, however many evaluations.
absl::StatusOr<std::vector<std::pair<int64_t, pb::Evaluation>>> LoadEvaluations(
    Session& s, const EvaluationFilter& filter) {
  std::vector<std::pair<int64_t, pb::Evaluation>> out;
  JIXIAO_ASSIGN_OR_RETURN(
      auto rows,
      s.Query(absl::StrCat(
                  "SELECT id, framework_id, framework_version, status, "
                  "return_reason, self_score, version, region_code, "
                  "department_code, year FROM evaluations WHERE ",
                  filter.where, " ORDER BY department_code COLLATE BINARY, id"),
              filter.params));
  std::map<int64_t, pb::Evaluation*> by_id;
  out.reserve(rows.size());
  for (const Row& r : rows) {
    JIXIAO_ASSIGN_OR_RETURN(
        (auto [id, framework_id, framework_version, status, return_reason,
               self_score, version, region_code, department_code, year]),
        ReadColumns<int64_t, std::string, int32_t, int64_t, std::string,
                    std::optional<std::string>, int64_t, std::string,
                    std::string, int32_t>(r));
    pb::Evaluation e;
    e.mutable_key()->set_region_code(std::move(region_code));
    e.mutable_key()->set_department_code(std::move(department_code));
    e.mutable_key()->set_year(year);
    e.set_framework_id(std::move(framework_id));
    e.set_framework_version(framework_version);
    e.set_status(static_cast<pb::Status>(status));
    if (!return_reason.empty()) e.set_return_reason(std::move(return_reason));
    if (self_score.has_value()) e.set_self_score(std::move(*self_score));
    e.set_version(version);
    out.emplace_back(id, std::move(e));
  }
  if (out.empty()) return out;
  for (auto& [id, e] : out) by_id[id] = &e;
  const std::string ids = absl::StrCat(
      "evaluation_id IN (SELECT id FROM evaluations WHERE ", filter.where, ")");
  JIXIAO_ASSIGN_OR_RETURN(
      auto values,
      s.Query(absl::StrCat("SELECT evaluation_id, CASE WHEN encoded = '' "
                           "THEN body ELSE '' END, encoded FROM "
                           "indicator_values WHERE ",
                           ids, " ORDER BY evaluation_id, indicator_id"),
              filter.params));
  std::string bytes;
  for (const Row& v : values) {
    JIXIAO_ASSIGN_OR_RETURN((auto [evaluation_id, json, encoded]),
                            ReadColumns<int64_t, std::string, std::string>(v));
    const auto it = by_id.find(evaluation_id);
    if (it == by_id.end()) continue;
    pb::IndicatorValue* value = it->second->add_values();
    // Rows written before the binary column have only the JSON body.
    if (encoded.empty()) {
      JIXIAO_RETURN_IF_ERROR(storage::ParseDocument(json, value));
    } else if (!absl::Base64Unescape(encoded, &bytes) ||
               !value->ParseFromString(bytes)) {
      return absl::InternalError("a stored indicator value does not parse");
    }
  }
  JIXIAO_ASSIGN_OR_RETURN(
      auto history,
      s.Query(
          absl::StrCat("SELECT evaluation_id, body FROM status_history WHERE ",
                       ids, " ORDER BY evaluation_id, seq"),
          filter.params));
  for (const Row& h : history) {
    JIXIAO_ASSIGN_OR_RETURN((auto [evaluation_id, body]),
                            ReadColumns<int64_t, std::string>(h));
    if (const auto it = by_id.find(evaluation_id); it != by_id.end()) {
      JIXIAO_RETURN_IF_ERROR(
          storage::ParseDocument(body, it->second->add_history()));
    }
  }
  return out;
}

// The evaluation row's id and the evaluation, or NOT_FOUND.
absl::StatusOr<std::pair<int64_t, pb::Evaluation>> LoadEvaluation(
    Session& s, const pb::EvaluationKey& key) {
  JIXIAO_ASSIGN_OR_RETURN(
      auto found,
      LoadEvaluations(s,
                      {"region_code = ? AND department_code = ? AND year = ?",
                       {Text(key.region_code()), Text(key.department_code()),
                        Int(key.year())}}));
  if (found.empty()) return NoEvaluation(key);
  return std::move(found.front());
}

// Writes the evaluation's values and any history entries not yet stored.
absl::Status StoreChildren(Session& s, int64_t id, const pb::Evaluation& e,
                           int stored_history) {
  JIXIAO_RETURN_IF_ERROR(s.Execute(
      "DELETE FROM indicator_values WHERE evaluation_id = ?", {Int(id)}));
  for (const pb::IndicatorValue& v : e.values()) {
    JIXIAO_RETURN_IF_ERROR(s.Execute(
        "INSERT INTO indicator_values (evaluation_id, indicator_id, body, "
        "encoded) VALUES (?, ?, ?, ?)",
        {Int(id), Text(v.indicator_id()), Text(storage::DocumentJson(v)),
         Text(absl::Base64Escape(v.SerializeAsString()))}));
  }
  for (int i = stored_history; i < e.history_size(); ++i) {
    JIXIAO_RETURN_IF_ERROR(s.Execute(
        "INSERT INTO status_history (evaluation_id, seq, body) "
        "VALUES (?, ?, ?)",
        {Int(id), Int(i), Text(storage::DocumentJson(e.history(i)))}));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<IndicatorStore>> IndicatorStore::Open(
    absl::string_view url) {
  JIXIAO_ASSIGN_OR_RETURN(auto db, storage::OpenDatabase(url, "indicator"));
  JIXIAO_RETURN_IF_ERROR(
      storage::ApplyMigrations(*db, IndicatorMigrations()).status());
  return std::unique_ptr<IndicatorStore>(
      new IndicatorStore(storage::CountingWrites(std::move(db))));
}

absl::StatusOr<pb::Framework> IndicatorStore::PutFramework(
    const pb::Framework& framework, const storage::Writer& writer,
    const ReplaceCheck& may_replace) {
  pb::Framework body = framework;
  body.clear_version();
  body.clear_in_use();
  const std::string json = storage::DocumentJson(body);
  pb::Framework stored;
  JIXIAO_RETURN_IF_ERROR(db_->Write([&](Session& s) -> absl::Status {
    auto latest = LoadFramework(s, framework.id(), std::nullopt);
    if (!latest.ok() && !absl::IsNotFound(latest.status())) {
      return latest.status();
    }
    int64_t version = 1;
    std::string old_json;
    if (latest.ok() && may_replace) {
      JIXIAO_RETURN_IF_ERROR(may_replace(*latest));
    }
    if (latest.ok()) {
      pb::Framework latest_body = *latest;
      latest_body.clear_version();
      latest_body.clear_in_use();
      old_json = storage::DocumentJson(latest_body);
      if (old_json == json) {  // unchanged: nothing to write
        stored = *latest;
        return absl::OkStatus();
      }
      version = latest->in_use() ? latest->version() + 1 : latest->version();
    }
    JIXIAO_RETURN_IF_ERROR(s.Execute(
        "INSERT INTO frameworks (id, version, region_code, year, body, "
        "updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id, version) DO "
        "UPDATE SET region_code = excluded.region_code, year = excluded.year, "
        "body = excluded.body, updated_at = excluded.updated_at",
        {Text(framework.id()), Int(version), Text(framework.region_code()),
         Int(framework.year()), Text(json), Text(storage::NowUtc())}));
    stored = body;
    stored.set_version(static_cast<int32_t>(version));
    stored.set_in_use(false);
    return storage::AppendAudit(
        s, writer,
        {absl::StrCat("framework/", framework.id(), "/", version),
         framework.region_code(), "", framework.year()},
        latest.ok() && latest->version() == version ? old_json : "", json);
  }));
  return stored;
}

absl::StatusOr<pb::Framework> IndicatorStore::GetFramework(
    absl::string_view id, std::optional<int32_t> version) {
  pb::Framework found;
  JIXIAO_RETURN_IF_ERROR(db_->Read([&](Session& s) -> absl::Status {
    JIXIAO_ASSIGN_OR_RETURN(auto framework, LoadFramework(s, id, version));
    found = std::move(framework);
    return absl::OkStatus();
  }));
  return found;
}

absl::StatusOr<std::vector<pb::Framework>> IndicatorStore::ListFrameworks(
    absl::string_view region_code) {
  std::vector<pb::Framework> out;
  JIXIAO_RETURN_IF_ERROR(db_->Read([&](Session& s) -> absl::Status {
    JIXIAO_ASSIGN_OR_RETURN(auto ids,
                            s.Query("SELECT DISTINCT id FROM frameworks WHERE "
                                    "? = '' OR region_code = ? "
                                    "ORDER BY id",
                                    {Text(region_code), Text(region_code)}));
    for (const Row& r : ids) {
      JIXIAO_ASSIGN_OR_RETURN(auto [id], ReadColumns<std::string>(r));
      JIXIAO_ASSIGN_OR_RETURN(auto framework,
                              LoadFramework(s, id, std::nullopt));
      framework.clear_nodes();
      out.push_back(std::move(framework));
    }
    return absl::OkStatus();
  }));
  return out;
}

absl::StatusOr<pb::Evaluation> IndicatorStore::CreateEvaluation(
    const pb::Evaluation& evaluation, const storage::Writer& writer) {
  pb::Evaluation stored = evaluation;
  stored.set_version(1);
  JIXIAO_RETURN_IF_ERROR(db_->Write([&](Session& s) -> absl::Status {
    const pb::EvaluationKey& key = evaluation.key();
    if (auto existing = LoadEvaluation(s, key); existing.ok()) {
      return absl::AlreadyExistsError(
          absl::StrCat("key: department \"", key.department_code(),
                       "\" already has an evaluation for ", key.year()));
    } else if (!absl::IsNotFound(existing.status())) {
      return existing.status();
    }
    JIXIAO_ASSIGN_OR_RETURN(
        auto rows,
        s.Query("INSERT INTO evaluations (region_code, department_code, year, "
                "framework_id, framework_version, status, version, updated_at) "
                "VALUES "
                "(?, ?, ?, ?, ?, ?, 1, ?) RETURNING id",
                {Text(key.region_code()), Text(key.department_code()),
                 Int(key.year()), Text(evaluation.framework_id()),
                 Int(evaluation.framework_version()), Int(evaluation.status()),
                 Text(storage::NowUtc())}));
    JIXIAO_ASSIGN_OR_RETURN(auto [id], ReadColumns<int64_t>(rows.front()));
    JIXIAO_RETURN_IF_ERROR(StoreChildren(s, id, stored, 0));
    return storage::AppendAudit(s, writer, EvaluationEntity(key), "",
                                storage::DocumentJson(stored));
  }));
  return stored;
}

absl::StatusOr<pb::Evaluation> IndicatorStore::GetEvaluation(
    const pb::EvaluationKey& key) {
  pb::Evaluation found;
  JIXIAO_RETURN_IF_ERROR(db_->Read([&](Session& s) -> absl::Status {
    JIXIAO_ASSIGN_OR_RETURN(auto loaded, LoadEvaluation(s, key));
    found = std::move(loaded.second);
    return absl::OkStatus();
  }));
  return found;
}

absl::Status IndicatorStore::ForEachRegionPage(
    absl::string_view region_code, int32_t year, int page_size,
    absl::FunctionRef<bool(std::vector<pb::Evaluation>&)> page) {
  return db_->Read([&](Session& s) -> absl::Status {
    std::string after;
    while (true) {
      JIXIAO_ASSIGN_OR_RETURN(
          auto codes,
          s.Query("SELECT department_code FROM evaluations WHERE region_code = "
                  "? AND "
                  "year = ? AND department_code COLLATE BINARY > ? ORDER BY "
                  "department_code COLLATE BINARY LIMIT ?",
                  {Text(region_code), Int(year), Text(after), Int(page_size)}));
      if (codes.empty()) return absl::OkStatus();
      JIXIAO_ASSIGN_OR_RETURN(auto [last],
                              ReadColumns<std::string>(codes.back()));
      JIXIAO_ASSIGN_OR_RETURN(
          auto loaded,
          LoadEvaluations(
              s, {"region_code = ? AND year = ? AND department_code COLLATE "
                  "BINARY > ? AND department_code COLLATE BINARY <= ?",
                  {Text(region_code), Int(year), Text(after), Text(last)}}));
      std::vector<pb::Evaluation> evaluations;
      evaluations.reserve(loaded.size());
      for (auto& [id, e] : loaded) evaluations.push_back(std::move(e));
      if (!page(evaluations)) return absl::OkStatus();
      if (static_cast<int>(codes.size()) < page_size) {
        return absl::OkStatus();
      }
      after = last;
    }
  });
}

absl::StatusOr<pb::EvaluationVersion> IndicatorStore::GetEvaluationVersion(
    const pb::EvaluationKey& key) {
  pb::EvaluationVersion found;
  JIXIAO_RETURN_IF_ERROR(db_->Read([&](Session& s) -> absl::Status {
    JIXIAO_ASSIGN_OR_RETURN(
        auto rows,
        s.Query(
            // The targets' latest version too: a target write changes what
            // the evaluation reads (docs/domain.md §9.1.6).
            "SELECT e.version, e.framework_id, e.framework_version, e.status, "
            "(SELECT COALESCE(MAX(t.version), 0) FROM target_versions t WHERE "
            "t.region_code = e.region_code AND t.department_code = "
            "e.department_code AND t.year = e.year) FROM evaluations e WHERE "
            "e.region_code = ? AND e.department_code = ? AND e.year = ?",
            {Text(key.region_code()), Text(key.department_code()),
             Int(key.year())}));
    if (rows.empty()) {
      return NoEvaluation(key);
    }
    JIXIAO_ASSIGN_OR_RETURN(
        (auto [version, framework_id, framework_version, status,
               targets_version]),
        ReadColumns<int64_t, std::string, int32_t, int64_t, int64_t>(
            rows.front()));
    found.set_version(version);
    found.set_framework_id(std::move(framework_id));
    found.set_framework_version(framework_version);
    found.set_status(static_cast<pb::Status>(status));
    if (found.status() != pb::APPROVED) {
      found.set_targets_version(targets_version);
    }
    return absl::OkStatus();
  }));
  return found;
}

absl::StatusOr<pb::Evaluation> IndicatorStore::UpdateEvaluation(
    const pb::EvaluationKey& key, int64_t expected_version,
    absl::FunctionRef<absl::Status(pb::Evaluation&)> change,
    const storage::Writer& writer) {
  pb::Evaluation updated;
  JIXIAO_RETURN_IF_ERROR(db_->Write([&](Session& s) -> absl::Status {
    JIXIAO_ASSIGN_OR_RETURN(auto loaded, LoadEvaluation(s, key));
    const auto& [id, before] = loaded;
    if (before.version() != expected_version) {
      return absl::AbortedError(absl::StrCat(
          "expected_version: the evaluation is at version ", before.version(),
          ", not ", expected_version, "; read it again and retry"));
    }
    updated = before;
    JIXIAO_RETURN_IF_ERROR(change(updated));
    // The same values again change nothing, and bump no version: nothing
    // computed from the evaluation goes stale for a repeated load.
    if (google::protobuf::util::MessageDifferencer::Equals(before, updated)) {
      return absl::OkStatus();
    }
    updated.set_version(before.version() + 1);
    JIXIAO_RETURN_IF_ERROR(s.Execute(
        "UPDATE evaluations SET status = ?, return_reason = ?, self_score = ?, "
        "version = ?, updated_at = ? WHERE id = ?",
        {Int(updated.status()), Text(updated.return_reason()),
         updated.has_self_score() ? Text(updated.self_score())
                                  : storage::Null(),
         Int(updated.version()), Text(storage::NowUtc()), Int(id)}));
    JIXIAO_RETURN_IF_ERROR(
        StoreChildren(s, id, updated, before.history_size()));
    return storage::AppendAudit(s, writer, EvaluationEntity(key),
                                storage::DocumentJson(before),
                                storage::DocumentJson(updated));
  }));
  return updated;
}

}  // namespace jixiao::indicator

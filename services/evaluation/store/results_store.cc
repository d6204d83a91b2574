#include "services/evaluation/store/results_store.h"

#include <map>
#include <tuple>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "libs/base/status_macros.h"
#include "services/common/storage/document.h"
#include "services/common/storage/row_reader.h"

namespace jixiao::evaluation {
namespace {

using storage::Int;
using storage::ReadColumns;
using storage::Session;
using storage::Text;

// What a versioned write replaces, from a query selecting version, body:
// version 0 and body "" when there is none yet.
struct Latest {
  int64_t version = 0;
  std::string body;
};
absl::StatusOr<Latest> ReadLatest(Session& s, absl::string_view sql,
                                  absl::Span<const storage::Value> params) {
  JIXIAO_ASSIGN_OR_RETURN(auto rows, s.Query(sql, params));
  Latest latest;
  if (rows.empty()) return latest;
  JIXIAO_ASSIGN_OR_RETURN((auto [version, body]),
                          ReadColumns<int64_t, std::string>(rows.front()));
  latest.version = version;
  latest.body = std::move(body);
  return latest;
}

std::string SubjectEntity(const v1::DecisionSubject& subject) {
  const v1::DepartmentYear& key = subject.key();
  return absl::StrCat("decision/", key.region_code(), "/",
                      key.department_code(), "/", key.year(),
                      subject.project_code().empty() ? "" : "/",
                      subject.project_code());
}

std::string PackageSummary(const v1::PublicationPackage& package) {
  return storage::AuditObject(
      {{"total", package.total()},
       {"grade", package.grade()},
       {"files", absl::StrCat(package.files_size())},
       {"manifest_sha256",
        package.files_size() > 0 ? package.files(0).sha256() : ""}});
}

absl::StatusOr<std::optional<v1::PublicationPackage>> ReadPackage(
    Session& s, const v1::DepartmentYear& key, bool with_content) {
  JIXIAO_ASSIGN_OR_RETURN(
      auto head,
      s.Query(
          "SELECT total, grade, published_by, published_at FROM "
          "publication_packages WHERE region_code = ? AND department_code = ? "
          "AND year = ?",
          {Text(key.region_code()), Text(key.department_code()),
           Int(key.year())}));
  if (head.empty()) return std::optional<v1::PublicationPackage>();
  JIXIAO_ASSIGN_OR_RETURN(
      (auto [total, grade, published_by, published_at]),
      ReadColumns<std::string, std::string, std::string, std::string>(
          head.front()));
  v1::PublicationPackage package;
  *package.mutable_key() = key;
  package.set_total(std::move(total));
  package.set_grade(std::move(grade));
  package.set_published_by(std::move(published_by));
  package.set_published_at(std::move(published_at));
  JIXIAO_ASSIGN_OR_RETURN(
      auto files,
      s.Query(
          // The content only when asked for ('' in its place otherwise).
          absl::StrCat("SELECT name, content_type, size_bytes, sha256, ",
                       with_content ? "content_base64" : "''",
                       " FROM publication_files WHERE region_code = ? AND "
                       "department_code = ? AND year = ? ORDER BY position"),
          {Text(key.region_code()), Text(key.department_code()),
           Int(key.year())}));
  for (const storage::Row& row : files) {
    JIXIAO_ASSIGN_OR_RETURN(
        (auto [name, content_type, size_bytes, sha256, content_base64]),
        ReadColumns<std::string, std::string, int64_t, std::string,
                    std::string>(row));
    v1::PackageFile* file = package.add_files();
    file->set_name(std::move(name));
    file->set_content_type(std::move(content_type));
    file->set_size_bytes(size_bytes);
    file->set_sha256(std::move(sha256));
    if (with_content &&
        !absl::Base64Unescape(content_base64, file->mutable_content())) {
      return absl::InternalError("a stored package file does not decode");
    }
  }
  return std::optional<v1::PublicationPackage>(std::move(package));
}

}  // namespace

absl::StatusOr<std::optional<v1::DecisionRules>> ResultsStore::Rules(
    const std::string& region_code) {
  return storage::ReadDocument<v1::DecisionRules>(
      db_, "SELECT body FROM decision_rules WHERE region_code = ?",
      {Text(region_code)});
}

absl::StatusOr<v1::DecisionRules> ResultsStore::PutRules(
    v1::DecisionRules rules, int64_t expected_version,
    const storage::Writer& writer) {
  JIXIAO_RETURN_IF_ERROR(db_.Write([&](Session& s) -> absl::Status {
    JIXIAO_ASSIGN_OR_RETURN(
        const Latest stored,
        ReadLatest(
            s, "SELECT version, body FROM decision_rules WHERE region_code = ?",
            {Text(rules.region_code())}));
    const int64_t version = stored.version;
    const std::string& before = stored.body;  // "" for the first version
    if (version != expected_version) {
      return absl::AbortedError(absl::StrCat(
          "expected_version: the region's rule table is at version ", version,
          ", not ", expected_version, "; read it again and retry"));
    }
    rules.set_built_in(false);
    rules.set_version(version + 1);
    if (rules.changed_by().empty()) rules.set_changed_by(writer.subject);
    rules.set_changed_at(storage::NowUtc());
    const std::string body = storage::DocumentJson(rules);
    JIXIAO_RETURN_IF_ERROR(s.Execute(
        "INSERT INTO decision_rules (region_code, version, body) VALUES (?, "
        "?, ?) ON CONFLICT (region_code) DO UPDATE SET version = "
        "excluded.version, body = excluded.body",
        {Text(rules.region_code()), Int(rules.version()), Text(body)}));
    return storage::AppendAudit(
        s, writer,
        {absl::StrCat("decision-rules/", rules.region_code()),
         rules.region_code(), "", 0},
        before, body);
  }));
  return rules;
}

absl::StatusOr<v1::Decision> ResultsStore::AddDecision(
    v1::Decision decision, int64_t expected_version,
    const storage::Writer& writer) {
  const v1::DecisionSubject& subject = decision.subject();
  const v1::DepartmentYear& key = subject.key();
  JIXIAO_RETURN_IF_ERROR(db_.Write([&](Session& s) -> absl::Status {
    JIXIAO_ASSIGN_OR_RETURN(
        const Latest stored,
        ReadLatest(
            s,
            "SELECT version, body FROM result_decisions WHERE region_code = ? "
            "AND "
            "year = ? AND department_code = ? AND project_code = ? ORDER BY "
            "version DESC LIMIT 1",
            {Text(key.region_code()), Int(key.year()),
             Text(key.department_code()), Text(subject.project_code())}));
    const int64_t version = stored.version;
    const std::string& before = stored.body;  // "" for the first version
    if (version != expected_version) {
      return absl::AbortedError(absl::StrCat(
          "expected_version: the decision is at version ", version, ", not ",
          expected_version, "; read it again and retry"));
    }
    if (version >= kMaxDecisionVersions) {
      return absl::ResourceExhaustedError(
          absl::StrCat("subject: a decision keeps at most ",
                       kMaxDecisionVersions, " versions"));
    }
    decision.set_version(version + 1);
    if (decision.decided_by().empty()) decision.set_decided_by(writer.subject);
    decision.set_decided_at(storage::NowUtc());
    decision.clear_earlier();
    const std::string body = storage::DocumentJson(decision);
    JIXIAO_RETURN_IF_ERROR(s.Execute(
        "INSERT INTO result_decisions (region_code, department_code, year, "
        "project_code, version, decision, body) VALUES (?, ?, ?, ?, ?, ?, ?)",
        {Text(key.region_code()), Text(key.department_code()), Int(key.year()),
         Text(subject.project_code()), Int(decision.version()),
         Int(decision.decision()), Text(body)}));
    return storage::AppendAudit(s, writer,
                                {SubjectEntity(subject), key.region_code(),
                                 key.department_code(), key.year()},
                                before, body);
  }));
  return decision;
}

absl::StatusOr<std::vector<v1::Decision>> ResultsStore::Decisions(
    const std::string& region_code, int32_t year,
    const std::optional<std::string>& department_code) {
  std::vector<v1::Decision> current;
  JIXIAO_RETURN_IF_ERROR(db_.Read([&](Session& s) -> absl::Status {
    std::string sql =
        "SELECT department_code, project_code, body FROM result_decisions "
        "WHERE region_code = ? AND year = ?";
    std::vector<storage::Value> params = {Text(region_code), Int(year)};
    if (department_code.has_value()) {
      sql += " AND department_code = ?";
      params.push_back(Text(*department_code));
    }
    sql += " ORDER BY department_code, project_code, version";
    JIXIAO_ASSIGN_OR_RETURN(auto rows, s.Query(sql, params));
    std::pair<std::string, std::string> subject;
    std::vector<v1::Decision> versions;
    auto flush = [&] {
      if (versions.empty()) return;
      v1::Decision latest = std::move(versions.back());
      versions.pop_back();
      for (v1::Decision& v : versions) *latest.add_earlier() = std::move(v);
      versions.clear();
      current.push_back(std::move(latest));
    };
    for (const storage::Row& row : rows) {
      JIXIAO_ASSIGN_OR_RETURN(
          (auto [department_code, project_code, body]),
          ReadColumns<std::string, std::string, std::string>(row));
      std::pair<std::string, std::string> next = {std::move(department_code),
                                                  std::move(project_code)};
      if (next != subject) flush();
      subject = std::move(next);
      JIXIAO_RETURN_IF_ERROR(
          storage::ParseDocument(body, &versions.emplace_back()));
    }
    flush();
    return absl::OkStatus();
  }));
  return current;
}

absl::StatusOr<std::optional<v1::PublicationPackage>> ResultsStore::Package(
    const v1::DepartmentYear& key, bool with_content) {
  std::optional<v1::PublicationPackage> package;
  JIXIAO_RETURN_IF_ERROR(db_.Read([&](Session& s) -> absl::Status {
    JIXIAO_ASSIGN_OR_RETURN(auto read, ReadPackage(s, key, with_content));
    package = std::move(read);
    return absl::OkStatus();
  }));
  return package;
}

absl::StatusOr<v1::PublicationPackage> ResultsStore::Publish(
    v1::PublicationPackage package, const storage::Writer& writer) {
  const v1::DepartmentYear key = package.key();
  std::optional<v1::PublicationPackage> stored;
  JIXIAO_RETURN_IF_ERROR(db_.Write([&](Session& s) -> absl::Status {
    JIXIAO_ASSIGN_OR_RETURN(auto existing, ReadPackage(s, key, true));
    if (existing.has_value()) {
      stored = *std::move(existing);
      stored->set_already_published(true);
      return absl::OkStatus();  // nothing written, nothing audited
    }
    JIXIAO_RETURN_IF_ERROR(s.Execute(
        "INSERT INTO publication_packages (region_code, department_code, "
        "year, total, grade, manifest_sha256, published_by, published_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        {Text(key.region_code()), Text(key.department_code()), Int(key.year()),
         Text(package.total()), Text(package.grade()),
         Text(package.files(0).sha256()), Text(package.published_by()),
         Text(package.published_at())}));
    // One statement a file: a package has a few files, each up to a few
    // MB of base64 (a multi-row statement would hold them all at once).
    for (int i = 0; i < package.files_size(); ++i) {
      const v1::PackageFile& f = package.files(i);
      JIXIAO_RETURN_IF_ERROR(s.Execute(
          "INSERT INTO publication_files (region_code, department_code, year, "
          "position, name, content_type, size_bytes, sha256, content_base64) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
          {Text(key.region_code()), Text(key.department_code()),
           Int(key.year()), Int(i), Text(f.name()), Text(f.content_type()),
           Int(f.size_bytes()), Text(f.sha256()),
           Text(absl::Base64Escape(f.content()))}));
    }
    return storage::AppendAudit(
        s, writer,
        {absl::StrCat("package/", key.region_code(), "/", key.department_code(),
                      "/", key.year()),
         key.region_code(), key.department_code(), key.year()},
        "", PackageSummary(package));
  }));
  if (stored.has_value()) return *std::move(stored);
  return package;
}

}  // namespace jixiao::evaluation

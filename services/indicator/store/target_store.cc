#include "services/indicator/store/target_store.h"

#include <optional>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "libs/base/status_macros.h"
#include "services/common/storage/document.h"
#include "services/common/storage/row_reader.h"

namespace jixiao::indicator {
namespace {

using storage::Int;
using storage::ReadColumns;
using storage::Session;
using storage::Text;

constexpr char kSelectLatest[] =
    "SELECT body FROM target_versions WHERE region_code = ? AND "
    "department_code = ? AND year = ? ORDER BY version DESC LIMIT 1";
constexpr char kSelectVersions[] =
    "SELECT body FROM target_versions WHERE region_code = ? AND "
    "department_code = ? AND year = ? ORDER BY version";

storage::AuditTarget TargetEntity(const pb::TargetKey& key) {
  return {absl::StrCat("targets/", key.region_code(), "/",
                       key.department_code(), "/", key.year()),
          key.region_code(), key.department_code(), key.year()};
}

absl::StatusOr<std::vector<pb::TargetSet>> ReadVersions(
    Session& s, const pb::TargetKey& key, const char* sql) {
  JIXIAO_ASSIGN_OR_RETURN(
      auto rows, s.Query(sql, {Text(key.region_code()),
                               Text(key.department_code()), Int(key.year())}));
  std::vector<pb::TargetSet> versions;
  versions.reserve(rows.size());
  for (const auto& row : rows) {
    JIXIAO_ASSIGN_OR_RETURN(auto [body], ReadColumns<std::string>(row));
    JIXIAO_RETURN_IF_ERROR(
        storage::ParseDocument(body, &versions.emplace_back()));
  }
  return versions;
}

}  // namespace

absl::StatusOr<std::vector<pb::TargetSet>> TargetStore::History(
    const pb::TargetKey& key) {
  std::vector<pb::TargetSet> versions;
  JIXIAO_RETURN_IF_ERROR(db_.Read([&](Session& s) -> absl::Status {
    JIXIAO_ASSIGN_OR_RETURN(auto read, ReadVersions(s, key, kSelectVersions));
    versions = std::move(read);
    return absl::OkStatus();
  }));
  return versions;
}

absl::StatusOr<pb::TargetsView> TargetStore::View(const pb::TargetKey& key) {
  pb::TargetsView view;
  JIXIAO_RETURN_IF_ERROR(db_.Read([&](Session& s) -> absl::Status {
    JIXIAO_ASSIGN_OR_RETURN(auto latest, ReadVersions(s, key, kSelectLatest));
    if (latest.empty()) {
      return absl::NotFoundError(
          absl::StrCat("no targets for department \"", key.department_code(),
                       "\" of region ", key.region_code(), " in ", key.year()));
    }
    *view.mutable_current() = std::move(latest.front());
    JIXIAO_ASSIGN_OR_RETURN(auto approved, InForce(s, key));
    if (approved.has_value()) {
      *view.mutable_in_force() = *std::move(approved);
    }
    return absl::OkStatus();
  }));
  return view;
}

absl::StatusOr<std::map<std::string, TargetStore::Declared>>
TargetStore::RegionDeclared(const std::string& region_code, int32_t year) {
  std::map<std::string, Declared> declared;
  JIXIAO_RETURN_IF_ERROR(db_.Read([&](Session& s) -> absl::Status {
    JIXIAO_ASSIGN_OR_RETURN(
        auto latest,
        s.Query(
            "SELECT department_code, MAX(version) FROM target_versions WHERE "
            "region_code = ? AND year = ? GROUP BY department_code",
            {Text(region_code), Int(year)}));
    for (const auto& row : latest) {
      JIXIAO_ASSIGN_OR_RETURN((auto [department_code, latest_version]),
                              ReadColumns<std::string, int64_t>(row));
      declared[std::move(department_code)].latest_version = latest_version;
    }
    JIXIAO_ASSIGN_OR_RETURN(
        auto approved,
        s.Query(
            absl::StrCat(
                "SELECT t.department_code, t.body FROM target_versions t WHERE "
                "t.region_code = ? AND t.year = ? AND t.version = (SELECT "
                "MAX(u.version) FROM target_versions u WHERE u.region_code = "
                "t.region_code AND u.department_code = t.department_code AND "
                "u.year = t.year AND u.status = ",
                static_cast<int>(pb::TARGET_APPROVED), ")"),
            {Text(region_code), Int(year)}));
    for (const auto& row : approved) {
      JIXIAO_ASSIGN_OR_RETURN((auto [department_code, body]),
                              ReadColumns<std::string, std::string>(row));
      JIXIAO_RETURN_IF_ERROR(storage::ParseDocument(
          body, &declared[department_code].in_force.emplace()));
    }
    return absl::OkStatus();
  }));
  return declared;
}

absl::StatusOr<std::optional<pb::TargetSet>> TargetStore::InForce(
    Session& s, const pb::TargetKey& key) {
  return storage::ReadDocument<pb::TargetSet>(
      s,
      absl::StrCat("SELECT body FROM target_versions WHERE region_code = ? "
                   "AND department_code = ? AND year = ? AND status = ",
                   static_cast<int>(pb::TARGET_APPROVED),
                   " ORDER BY version DESC LIMIT 1"),
      {Text(key.region_code()), Text(key.department_code()), Int(key.year())});
}

absl::StatusOr<std::vector<std::string>> TargetStore::DeclaringDepartments(
    Session& s, const std::string& region_code, int32_t year,
    const std::string& after, int limit) {
  JIXIAO_ASSIGN_OR_RETURN(
      auto rows,
      s.Query(
          "SELECT department_code FROM target_versions WHERE region_code = ? "
          "AND year = ? AND department_code COLLATE BINARY > ? GROUP BY "
          "department_code ORDER BY department_code COLLATE BINARY LIMIT ?",
          {Text(region_code), Int(year), Text(after), Int(limit)}));
  std::vector<std::string> codes;
  codes.reserve(rows.size());
  for (const auto& row : rows) {
    JIXIAO_ASSIGN_OR_RETURN(auto [code], ReadColumns<std::string>(row));
    codes.push_back(std::move(code));
  }
  return codes;
}

absl::StatusOr<std::map<std::string, pb::TargetSet>>
TargetStore::InForceBetween(Session& s, const std::string& region_code,
                            int32_t year, const std::string& after,
                            const std::string& last) {
  JIXIAO_ASSIGN_OR_RETURN(
      auto rows,
      s.Query(
          absl::StrCat(
              "SELECT t.department_code, t.body FROM target_versions t WHERE "
              "t.region_code = ? AND t.year = ? AND t.department_code COLLATE "
              "BINARY > ? AND t.department_code COLLATE BINARY <= ? AND "
              "t.version = (SELECT MAX(u.version) FROM target_versions u WHERE "
              "u.region_code = t.region_code AND u.department_code = "
              "t.department_code AND u.year = t.year AND u.status = ",
              static_cast<int>(pb::TARGET_APPROVED), ")"),
          {Text(region_code), Int(year), Text(after), Text(last)}));
  std::map<std::string, pb::TargetSet> in_force;
  for (const auto& row : rows) {
    JIXIAO_ASSIGN_OR_RETURN((auto [department_code, body]),
                            ReadColumns<std::string, std::string>(row));
    JIXIAO_RETURN_IF_ERROR(
        storage::ParseDocument(body, &in_force[department_code]));
  }
  return in_force;
}

absl::StatusOr<pb::TargetSet> TargetStore::Append(
    const pb::TargetKey& key, int64_t expected_version, Next next,
    const storage::Writer& writer) {
  pb::TargetSet stored;
  JIXIAO_RETURN_IF_ERROR(db_.Write([&](Session& s) -> absl::Status {
    JIXIAO_ASSIGN_OR_RETURN(auto latest, ReadVersions(s, key, kSelectLatest));
    const pb::TargetSet* before = latest.empty() ? nullptr : &latest.front();
    const int64_t version = before == nullptr ? 0 : before->version();
    if (version != expected_version) {
      return absl::AbortedError(absl::StrCat(
          "expected_version: the targets are at version ", version, ", not ",
          expected_version, "; read them again and retry"));
    }
    JIXIAO_ASSIGN_OR_RETURN(auto made, next(before));
    stored = std::move(made);
    *stored.mutable_key() = key;
    stored.set_version(version + 1);
    stored.set_changed_by(writer.subject);
    stored.set_changed_at(storage::NowUtc());
    JIXIAO_RETURN_IF_ERROR(s.Execute(
        "INSERT INTO target_versions (region_code, department_code, year, "
        "version, status, body) VALUES (?, ?, ?, ?, ?, ?)",
        {Text(key.region_code()), Text(key.department_code()), Int(key.year()),
         Int(stored.version()), Int(stored.status()),
         Text(storage::DocumentJson(stored))}));
    return storage::AppendAudit(
        s, writer, TargetEntity(key),
        before == nullptr ? "" : storage::DocumentJson(*before),
        storage::DocumentJson(stored));
  }));
  return stored;
}

}  // namespace jixiao::indicator

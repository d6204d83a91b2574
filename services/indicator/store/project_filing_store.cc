#include "services/indicator/store/project_filing_store.h"

#include <map>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "libs/base/status_macros.h"
#include "services/common/storage/document.h"
#include "services/common/storage/row_reader.h"
#include "services/indicator/store/target_store.h"

namespace jixiao::indicator {
namespace {

using storage::Int;
using storage::ReadColumns;
using storage::Session;
using storage::Text;

constexpr char kSelectOne[] =
    "SELECT body FROM project_filings WHERE region_code = ? AND year = ? AND "
    "department_code = ? AND project_code = ?";

std::vector<storage::Value> KeyValues(const pb::ProjectKey& key) {
  return {Text(key.region_code()), Int(key.year()), Text(key.department_code()),
          Text(key.project_code())};
}

storage::AuditTarget FilingEntity(const pb::ProjectKey& key) {
  return {absl::StrCat("project-filing/", key.region_code(), "/",
                       key.department_code(), "/", key.year(), "/",
                       key.project_code()),
          key.region_code(), key.department_code(), key.year()};
}

// The binary form a region read parses (a JSON parse costs several times
// more, and a region holds tens of thousands of filings).
absl::Status Decode(const std::string& encoded, pb::ProjectFiling* filing) {
  std::string bytes;
  if (!absl::Base64Unescape(encoded, &bytes) ||
      !filing->ParseFromString(bytes)) {
    return absl::DataLossError("a stored project filing does not decode");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::optional<pb::ProjectFiling>> ProjectFilingStore::Filing(
    const pb::ProjectKey& key) {
  return storage::ReadDocument<pb::ProjectFiling>(db_, kSelectOne,
                                                  KeyValues(key));
}

absl::StatusOr<std::vector<pb::ProjectFiling>> ProjectFilingStore::Filings(
    const std::string& region_code, const std::string& department_code,
    int32_t year) {
  std::vector<pb::ProjectFiling> filings;
  JIXIAO_RETURN_IF_ERROR(db_.Read([&](Session& s) -> absl::Status {
    JIXIAO_ASSIGN_OR_RETURN(
        auto rows,
        s.Query(
            "SELECT encoded FROM project_filings WHERE region_code = ? AND "
            "year = "
            "? AND department_code = ? ORDER BY project_code COLLATE BINARY",
            {Text(region_code), Int(year), Text(department_code)}));
    filings.reserve(rows.size());
    for (const auto& row : rows) {
      JIXIAO_ASSIGN_OR_RETURN(auto [encoded], ReadColumns<std::string>(row));
      JIXIAO_RETURN_IF_ERROR(Decode(encoded, &filings.emplace_back()));
    }
    return absl::OkStatus();
  }));
  return filings;
}

absl::StatusOr<pb::ProjectFiling> ProjectFilingStore::Write(
    const pb::ProjectKey& key, int64_t expected_version, Next next,
    const storage::Writer& writer) {
  pb::ProjectFiling stored;
  JIXIAO_RETURN_IF_ERROR(db_.Write([&](Session& s) -> absl::Status {
    JIXIAO_ASSIGN_OR_RETURN(
        auto before, storage::ReadDocument<pb::ProjectFiling>(s, kSelectOne,
                                                              KeyValues(key)));
    const int64_t version = before.has_value() ? before->version() : 0;
    if (version != expected_version) {
      return absl::AbortedError(absl::StrCat(
          "expected_version: the filing is at version ", version, ", not ",
          expected_version, "; read it again and retry"));
    }
    pb::TargetKey target_key;
    target_key.set_region_code(key.region_code());
    target_key.set_department_code(key.department_code());
    target_key.set_year(key.year());
    JIXIAO_ASSIGN_OR_RETURN(auto in_force, TargetStore::InForce(s, target_key));
    JIXIAO_ASSIGN_OR_RETURN(auto made,
                            next(before.has_value() ? &*before : nullptr,
                                 in_force.has_value() ? &*in_force : nullptr));
    stored = std::move(made);
    *stored.mutable_key() = key;
    stored.set_version(version + 1);
    stored.set_changed_by(writer.subject);
    stored.set_changed_at(storage::NowUtc());
    const std::string body = storage::DocumentJson(stored);
    const std::string encoded = absl::Base64Escape(stored.SerializeAsString());
    if (before.has_value()) {
      JIXIAO_RETURN_IF_ERROR(s.Execute(
          "UPDATE project_filings SET version = ?, status = ?, "
          "targets_version = ?, body = ?, encoded = ? WHERE region_code = ? "
          "AND year = ? AND department_code = ? AND project_code = ?",
          {Int(stored.version()), Int(stored.status()),
           Int(stored.targets_version()), Text(body), Text(encoded),
           Text(key.region_code()), Int(key.year()),
           Text(key.department_code()), Text(key.project_code())}));
    } else {
      JIXIAO_RETURN_IF_ERROR(s.Execute(
          "INSERT INTO project_filings (region_code, year, department_code, "
          "project_code, version, status, targets_version, body, encoded) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
          {Text(key.region_code()), Int(key.year()),
           Text(key.department_code()), Text(key.project_code()),
           Int(stored.version()), Int(stored.status()),
           Int(stored.targets_version()), Text(body), Text(encoded)}));
    }
    return storage::AppendAudit(
        s, writer, FilingEntity(key),
        before.has_value() ? storage::DocumentJson(*before) : "", body);
  }));
  return stored;
}

absl::Status ProjectFilingStore::ForEachRegionPage(
    const std::string& region_code, int32_t year, int page_size,
    absl::FunctionRef<bool(std::vector<Department>&)> page) {
  return db_.Read([&](Session& s) -> absl::Status {
    std::string after;
    while (true) {
      JIXIAO_ASSIGN_OR_RETURN(
          auto codes, TargetStore::DeclaringDepartments(s, region_code, year,
                                                        after, page_size));
      if (codes.empty()) return absl::OkStatus();
      const std::string last = codes.back();
      JIXIAO_ASSIGN_OR_RETURN(
          auto in_force,
          TargetStore::InForceBetween(s, region_code, year, after, last));
      JIXIAO_ASSIGN_OR_RETURN(
          auto rows,
          s.Query("SELECT department_code, encoded FROM project_filings WHERE "
                  "region_code = ? AND year = ? AND department_code COLLATE "
                  "BINARY > "
                  "? AND department_code COLLATE BINARY <= ? ORDER BY "
                  "department_code "
                  "COLLATE BINARY, project_code COLLATE BINARY",
                  {Text(region_code), Int(year), Text(after), Text(last)}));
      std::vector<Department> departments(codes.size());
      std::map<std::string, Department*> by_code;
      for (size_t i = 0; i < codes.size(); ++i) {
        Department& d = departments[i];
        d.department_code = codes[i];
        by_code[d.department_code] = &d;
        auto found = in_force.find(d.department_code);
        if (found != in_force.end()) d.in_force = std::move(found->second);
      }
      for (const auto& row : rows) {
        // A filing needs approved targets, so its department is a declaring
        // one: found, unless the database was edited by hand.
        JIXIAO_ASSIGN_OR_RETURN((auto [department_code, encoded]),
                                ReadColumns<std::string, std::string>(row));
        const auto d = by_code.find(department_code);
        if (d == by_code.end()) continue;
        JIXIAO_RETURN_IF_ERROR(
            Decode(encoded, &d->second->filings.emplace_back()));
      }
      if (!page(departments)) return absl::OkStatus();
      if (static_cast<int>(codes.size()) < page_size) {
        return absl::OkStatus();
      }
      after = last;
    }
  });
}

}  // namespace jixiao::indicator

#include "services/indicator/store/monitoring_store.h"

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

storage::AuditTarget RoundEntity(const pb::RoundKey& key, int32_t year) {
  return {
      absl::StrCat("monitoring-round/", key.region_code(), "/", key.round_id()),
      key.region_code(), "", year};
}

// In `in`: a write's transaction (a Session) or a read of its own (a
// Database).
template <typename In>
absl::StatusOr<std::optional<pb::MonitoringRound>> ReadRound(
    In& in, const pb::RoundKey& key) {
  return storage::ReadDocument<pb::MonitoringRound>(
      in,
      "SELECT body FROM monitoring_rounds WHERE region_code = ? AND "
      "round_id = ?",
      {Text(key.region_code()), Text(key.round_id())});
}

absl::Status NoRound(const pb::RoundKey& key) {
  return absl::NotFoundError(absl::StrCat("round: region ", key.region_code(),
                                          " has no monitoring round \"",
                                          key.round_id(), "\""));
}

// The latest version of a department's filing, in `in` (as ReadRound).
template <typename In>
absl::StatusOr<std::optional<pb::MonitoringFiling>> ReadFiling(
    In& in, const pb::MonitoringKey& key) {
  return storage::ReadDocument<pb::MonitoringFiling>(
      in,
      "SELECT body FROM monitoring_filings WHERE region_code = ? AND "
      "round_id = ? AND department_code = ? ORDER BY version DESC LIMIT 1",
      {Text(key.round().region_code()), Text(key.round().round_id()),
       Text(key.department_code())});
}

}  // namespace

absl::StatusOr<pb::MonitoringRound> MonitoringStore::OpenRound(
    pb::MonitoringRound round, const storage::Writer& writer) {
  JIXIAO_RETURN_IF_ERROR(db_.Write([&](Session& s) -> absl::Status {
    JIXIAO_ASSIGN_OR_RETURN(auto existing, ReadRound(s, round.key()));
    if (existing.has_value()) {
      return absl::AlreadyExistsError(
          absl::StrCat("round.key.round_id: region ", round.key().region_code(),
                       " already has round \"", round.key().round_id(), "\""));
    }
    round.set_status(pb::ROUND_OPEN);
    round.set_opened_by(writer.subject);
    round.set_opened_at(storage::NowUtc());
    const std::string body = storage::DocumentJson(round);
    JIXIAO_RETURN_IF_ERROR(s.Execute(
        "INSERT INTO monitoring_rounds (region_code, round_id, year, status, "
        "body) VALUES (?, ?, ?, ?, ?)",
        {Text(round.key().region_code()), Text(round.key().round_id()),
         Int(round.year()), Int(round.status()), Text(body)}));
    return storage::AppendAudit(
        s, writer, RoundEntity(round.key(), round.year()), "", body);
  }));
  return round;
}

absl::StatusOr<pb::MonitoringRound> MonitoringStore::CloseRound(
    const pb::RoundKey& key, const storage::Writer& writer) {
  pb::MonitoringRound round;
  JIXIAO_RETURN_IF_ERROR(db_.Write([&](Session& s) -> absl::Status {
    JIXIAO_ASSIGN_OR_RETURN(auto existing, ReadRound(s, key));
    if (!existing.has_value()) return NoRound(key);
    round = *existing;
    if (round.status() == pb::ROUND_CLOSED) {
      return absl::FailedPreconditionError(
          absl::StrCat("round: \"", key.round_id(), "\" is already closed (",
                       round.closed_at(), ")"));
    }
    const std::string before = storage::DocumentJson(round);
    round.set_status(pb::ROUND_CLOSED);
    round.set_closed_by(writer.subject);
    round.set_closed_at(storage::NowUtc());
    const std::string after = storage::DocumentJson(round);
    JIXIAO_RETURN_IF_ERROR(
        s.Execute("UPDATE monitoring_rounds SET status = ?, body = ? WHERE "
                  "region_code = ? AND round_id = ?",
                  {Int(round.status()), Text(after), Text(key.region_code()),
                   Text(key.round_id())}));
    return storage::AppendAudit(s, writer, RoundEntity(key, round.year()),
                                before, after);
  }));
  return round;
}

absl::StatusOr<pb::MonitoringRound> MonitoringStore::Round(
    const pb::RoundKey& key) {
  JIXIAO_ASSIGN_OR_RETURN(auto round, ReadRound(db_, key));
  if (!round.has_value()) return NoRound(key);
  return *std::move(round);
}

absl::StatusOr<std::vector<pb::MonitoringRound>> MonitoringStore::Rounds(
    const std::string& region_code, int32_t year) {
  std::vector<pb::MonitoringRound> rounds;
  JIXIAO_RETURN_IF_ERROR(db_.Read([&](Session& s) -> absl::Status {
    JIXIAO_ASSIGN_OR_RETURN(
        auto rows,
        year == 0
            ? s.Query("SELECT body FROM monitoring_rounds WHERE region_code "
                      "= ? ORDER BY year DESC, round_id DESC",
                      {Text(region_code)})
            : s.Query("SELECT body FROM monitoring_rounds WHERE region_code "
                      "= ? AND year = ? ORDER BY round_id DESC",
                      {Text(region_code), Int(year)}));
    for (const auto& row : rows) {
      JIXIAO_ASSIGN_OR_RETURN(auto [body], ReadColumns<std::string>(row));
      JIXIAO_RETURN_IF_ERROR(
          storage::ParseDocument(body, &rounds.emplace_back()));
    }
    return absl::OkStatus();
  }));
  return rounds;
}

absl::StatusOr<pb::MonitoringFiling> MonitoringStore::AppendFiling(
    pb::MonitoringFiling filing, int64_t expected_version,
    const storage::Writer& writer) {
  const pb::MonitoringKey& key = filing.key();
  JIXIAO_RETURN_IF_ERROR(db_.Write([&](Session& s) -> absl::Status {
    JIXIAO_ASSIGN_OR_RETURN(auto round, ReadRound(s, key.round()));
    if (!round.has_value()) return NoRound(key.round());
    if (round->status() != pb::ROUND_OPEN) {
      return absl::FailedPreconditionError(
          absl::StrCat("round: \"", key.round().round_id(), "\" was closed at ",
                       round->closed_at(), "; a closed round takes no filing"));
    }
    JIXIAO_ASSIGN_OR_RETURN(auto latest, ReadFiling(s, key));
    const int64_t version = latest.has_value() ? latest->version() : 0;
    if (version != expected_version) {
      return absl::AbortedError(absl::StrCat(
          "expected_version: the filing is at version ", version, ", not ",
          expected_version, "; read it again and retry"));
    }
    filing.set_version(version + 1);
    filing.set_changed_by(writer.subject);
    filing.set_changed_at(storage::NowUtc());
    const std::string body = storage::DocumentJson(filing);
    JIXIAO_RETURN_IF_ERROR(s.Execute(
        "INSERT INTO monitoring_filings (region_code, round_id, "
        "department_code, version, body) VALUES (?, ?, ?, ?, ?)",
        {Text(key.round().region_code()), Text(key.round().round_id()),
         Text(key.department_code()), Int(filing.version()), Text(body)}));
    return storage::AppendAudit(
        s, writer,
        {absl::StrCat("monitoring/", key.round().region_code(), "/",
                      key.round().round_id(), "/", key.department_code()),
         key.round().region_code(), key.department_code(), round->year()},
        latest.has_value() ? storage::DocumentJson(*latest) : "", body);
  }));
  return filing;
}

absl::StatusOr<std::optional<pb::MonitoringFiling>> MonitoringStore::Filing(
    const pb::MonitoringKey& key) {
  return ReadFiling(db_, key);
}

absl::StatusOr<std::map<std::string, pb::MonitoringFiling>>
MonitoringStore::Filings(const pb::RoundKey& key) {
  std::map<std::string, pb::MonitoringFiling> filings;
  JIXIAO_RETURN_IF_ERROR(db_.Read([&](Session& s) -> absl::Status {
    // Only each department's latest version is parsed.
    JIXIAO_ASSIGN_OR_RETURN(
        auto rows,
        s.Query(
            "SELECT f.department_code, f.body FROM monitoring_filings f WHERE "
            "f.region_code = ? AND f.round_id = ? AND f.version = (SELECT "
            "MAX(l.version) FROM monitoring_filings l WHERE l.region_code = "
            "f.region_code AND l.round_id = f.round_id AND l.department_code = "
            "f.department_code)",
            {Text(key.region_code()), Text(key.round_id())}));
    for (const auto& row : rows) {
      JIXIAO_ASSIGN_OR_RETURN((auto [department_code, body]),
                              ReadColumns<std::string, std::string>(row));
      JIXIAO_RETURN_IF_ERROR(
          storage::ParseDocument(body, &filings[department_code]));
    }
    return absl::OkStatus();
  }));
  return filings;
}

absl::StatusOr<pb::WarningDecision> MonitoringStore::Decide(
    pb::WarningDecision decision, const storage::Writer& writer) {
  const pb::MonitoringKey& key = decision.key();
  JIXIAO_RETURN_IF_ERROR(db_.Write([&](Session& s) -> absl::Status {
    JIXIAO_ASSIGN_OR_RETURN(auto round, ReadRound(s, key.round()));
    if (!round.has_value()) return NoRound(key.round());
    const std::vector<storage::Value> where = {
        Text(key.round().region_code()), Text(key.round().round_id()),
        Text(key.department_code()), Text(decision.warning_id())};
    JIXIAO_ASSIGN_OR_RETURN(
        auto last,
        s.Query(
            "SELECT seq, body FROM warning_decisions WHERE region_code = ? AND "
            "round_id = ? AND department_code = ? AND warning_id = ? ORDER BY "
            "seq DESC LIMIT 1",
            where));
    int64_t seq = 1;
    std::string before;  // the decision it follows, "" for the first
    if (!last.empty()) {
      JIXIAO_ASSIGN_OR_RETURN((auto [last_seq, last_body]),
                              ReadColumns<int64_t, std::string>(last.front()));
      seq = last_seq + 1;
      before = std::move(last_body);
    }
    decision.set_decided_by(writer.subject);
    decision.set_decided_at(storage::NowUtc());
    const std::string body = storage::DocumentJson(decision);
    std::vector<storage::Value> values = where;
    values.push_back(Int(seq));
    values.push_back(Text(body));
    JIXIAO_RETURN_IF_ERROR(s.Execute(
        "INSERT INTO warning_decisions (region_code, round_id, "
        "department_code, warning_id, seq, body) VALUES (?, ?, ?, ?, ?, ?)",
        values));
    return storage::AppendAudit(
        s, writer,
        {absl::StrCat("warning/", key.round().region_code(), "/",
                      key.round().round_id(), "/", key.department_code(), "/",
                      decision.warning_id()),
         key.round().region_code(), key.department_code(), round->year()},
        before, body);
  }));
  return decision;
}

absl::StatusOr<MonitoringStore::Decisions> MonitoringStore::LatestDecisions(
    const pb::RoundKey& key, const std::optional<std::string>& department) {
  Decisions decisions;
  JIXIAO_RETURN_IF_ERROR(db_.Read([&](Session& s) -> absl::Status {
    std::vector<storage::Value> params = {Text(key.region_code()),
                                          Text(key.round_id())};
    std::string sql =
        "SELECT department_code, warning_id, body FROM warning_decisions "
        "WHERE region_code = ? AND round_id = ?";
    if (department.has_value()) {
      sql += " AND department_code = ?";
      params.push_back(Text(*department));
    }
    // In order: the last of each warning's decisions is the one kept.
    sql += " ORDER BY department_code, warning_id, seq";
    JIXIAO_ASSIGN_OR_RETURN(auto rows, s.Query(sql, params));
    for (const auto& row : rows) {
      JIXIAO_ASSIGN_OR_RETURN(
          (auto [department_code, warning_id, body]),
          ReadColumns<std::string, std::string, std::string>(row));
      pb::WarningDecision decision;
      JIXIAO_RETURN_IF_ERROR(storage::ParseDocument(body, &decision));
      decisions[{std::move(department_code), std::move(warning_id)}] =
          std::move(decision);
    }
    return absl::OkStatus();
  }));
  return decisions;
}

}  // namespace jixiao::indicator

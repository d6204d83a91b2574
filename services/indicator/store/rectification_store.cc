#include "services/indicator/store/rectification_store.h"

#include <utility>

#include "absl/strings/escaping.h"
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

storage::AuditTarget TaskEntity(const pb::RectificationTask& task) {
  return {absl::StrCat("rectification/", task.key().region_code(), "/",
                       task.key().task_id()),
          task.key().region_code(), task.department_code(), task.year()};
}

absl::Status NoTask(const pb::TaskKey& key) {
  return absl::NotFoundError(absl::StrCat("key.task_id: region ",
                                          key.region_code(), " has no task ",
                                          key.task_id()));
}

// The task, NOT_FOUND when the region has none of its id: in `in`, a
// write's transaction (a Session) or a read of its own (a Database).
template <typename In>
absl::StatusOr<pb::RectificationTask> ReadExistingTask(In& in,
                                                       const pb::TaskKey& key) {
  JIXIAO_ASSIGN_OR_RETURN(
      auto task,
      storage::ReadDocument<pb::RectificationTask>(
          in,
          "SELECT body FROM rectification_tasks WHERE region_code = ? AND "
          "task_id = ?",
          {Text(key.region_code()), Int(key.task_id())}));
  if (!task.has_value()) return NoTask(key);
  return *std::move(task);
}

absl::Status WriteTask(Session& s, const pb::RectificationTask& task,
                       const std::string& body) {
  return s.Execute(
      "UPDATE rectification_tasks SET status = ?, version = ?, body = ? "
      "WHERE region_code = ? AND task_id = ?",
      {Int(task.status()), Int(task.version()), Text(body),
       Text(task.key().region_code()), Int(task.key().task_id())});
}

// The evidence of these bytes if the task already holds it (into
// `evidence`), after checking the task still takes evidence; the task read
// into `task`.
absl::StatusOr<bool> FindStoredEvidence(Session& s, pb::Evidence& evidence,
                                        pb::RectificationTask& task) {
  const pb::TaskKey& key = evidence.task();
  JIXIAO_ASSIGN_OR_RETURN(task, ReadExistingTask(s, key));
  JIXIAO_RETURN_IF_ERROR(MayAddEvidence(task.status()));
  JIXIAO_ASSIGN_OR_RETURN(
      auto existing,
      s.Query("SELECT body FROM rectification_evidence WHERE region_code = ? "
              "AND task_id = ? AND sha256 = ?",
              {Text(key.region_code()), Int(key.task_id()),
               Text(evidence.sha256())}));
  if (existing.empty()) return false;
  JIXIAO_ASSIGN_OR_RETURN(auto [body],
                          ReadColumns<std::string>(existing.front()));
  JIXIAO_RETURN_IF_ERROR(storage::ParseDocument(body, &evidence));
  return true;
}

}  // namespace

absl::StatusOr<pb::RectificationTask> RectificationStore::Create(
    pb::RectificationTask task, const storage::Writer& writer) {
  JIXIAO_RETURN_IF_ERROR(db_.Write([&](Session& s) -> absl::Status {
    JIXIAO_ASSIGN_OR_RETURN(auto last,
                            s.Query("SELECT MAX(task_id) FROM "
                                    "rectification_tasks WHERE region_code = ?",
                                    {Text(task.key().region_code())}));
    // MAX is NULL while the region has no task.
    JIXIAO_ASSIGN_OR_RETURN(auto [last_id],
                            ReadColumns<std::optional<int64_t>>(last.front()));
    const int64_t id = last_id.value_or(0) + 1;
    const std::string now = storage::NowUtc();
    task.mutable_key()->set_task_id(id);
    task.set_status(pb::TASK_OPEN);
    task.set_version(1);
    task.set_created_by(writer.subject);
    task.set_created_at(now);
    task.set_changed_by(writer.subject);
    task.set_changed_at(now);
    pb::TaskEvent* event = task.add_history();
    event->set_status(pb::TASK_OPEN);
    event->set_by(writer.subject);
    event->set_at(now);
    event->set_note(task.requirement());
    const std::string body = storage::DocumentJson(task);
    JIXIAO_RETURN_IF_ERROR(s.Execute(
        "INSERT INTO rectification_tasks (region_code, task_id, "
        "department_code, year, status, deadline, version, body) VALUES (?, "
        "?, ?, ?, ?, ?, ?, ?)",
        {Text(task.key().region_code()), Int(id), Text(task.department_code()),
         Int(task.year()), Int(task.status()), Text(task.deadline()),
         Int(task.version()), Text(body)}));
    return storage::AppendAudit(s, writer, TaskEntity(task), "", body);
  }));
  return task;
}

absl::StatusOr<pb::RectificationTask> RectificationStore::Task(
    const pb::TaskKey& key) {
  return ReadExistingTask(db_, key);
}

absl::StatusOr<std::vector<pb::RectificationTask>> RectificationStore::Tasks(
    const std::string& region_code,
    const std::optional<std::string>& department,
    std::optional<pb::TaskStatus> status) {
  std::vector<pb::RectificationTask> tasks;
  JIXIAO_RETURN_IF_ERROR(db_.Read([&](Session& s) -> absl::Status {
    std::string sql =
        "SELECT body FROM rectification_tasks WHERE region_code = ?";
    std::vector<storage::Value> params = {Text(region_code)};
    if (department.has_value()) {
      sql += " AND department_code = ?";
      params.push_back(Text(*department));
    }
    if (status.has_value()) {
      sql += " AND status = ?";
      params.push_back(Int(*status));
    }
    sql += " ORDER BY task_id";
    JIXIAO_ASSIGN_OR_RETURN(auto rows, s.Query(sql, params));
    for (const auto& row : rows) {
      JIXIAO_ASSIGN_OR_RETURN(auto [body], ReadColumns<std::string>(row));
      JIXIAO_RETURN_IF_ERROR(
          storage::ParseDocument(body, &tasks.emplace_back()));
    }
    return absl::OkStatus();
  }));
  return tasks;
}

absl::StatusOr<pb::RectificationTask> RectificationStore::Change(
    const pb::TaskKey& key, int64_t expected_version, TaskAction action,
    const std::string& note, absl::Span<const std::string> evidence,
    const storage::Writer& writer) {
  pb::RectificationTask task;
  JIXIAO_RETURN_IF_ERROR(db_.Write([&](Session& s) -> absl::Status {
    JIXIAO_ASSIGN_OR_RETURN(auto read, ReadExistingTask(s, key));
    task = std::move(read);
    JIXIAO_ASSIGN_OR_RETURN(auto next, Transition(task.status(), action));
    if (task.version() != expected_version) {
      return absl::AbortedError(absl::StrCat(
          "expected_version: the task is at version ", task.version(), ", not ",
          expected_version, "; read it again and retry"));
    }
    for (size_t i = 0; i < evidence.size(); ++i) {
      JIXIAO_ASSIGN_OR_RETURN(
          auto found,
          s.Query(
              "SELECT 1 FROM rectification_evidence WHERE region_code = ? AND "
              "task_id = ? AND sha256 = ?",
              {Text(key.region_code()), Int(key.task_id()),
               Text(evidence[i])}));
      if (found.empty()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "evidence_sha256[", i, "]: task ", key.task_id(),
            " has no evidence ", evidence[i], " (UploadEvidence first)"));
      }
    }
    const std::string before = storage::DocumentJson(task);
    const std::string now = storage::NowUtc();
    task.set_status(next);
    task.set_version(task.version() + 1);
    task.set_changed_by(writer.subject);
    task.set_changed_at(now);
    pb::TaskEvent* event = task.add_history();
    event->set_status(next);
    event->set_by(writer.subject);
    event->set_at(now);
    event->set_note(note);
    if (action == TaskAction::kReport) {
      task.set_response(note);
      task.clear_evidence_sha256();
      for (const std::string& e : evidence) {
        task.add_evidence_sha256(e);
        event->add_evidence_sha256(e);
      }
    } else {
      task.set_decision_note(note);
    }
    const std::string after = storage::DocumentJson(task);
    JIXIAO_RETURN_IF_ERROR(WriteTask(s, task, after));
    return storage::AppendAudit(s, writer, TaskEntity(task), before, after);
  }));
  return task;
}

absl::StatusOr<pb::Evidence> RectificationStore::AddEvidence(
    pb::Evidence evidence, const std::string& content,
    const storage::Writer& writer) {
  const pb::TaskKey& key = evidence.task();
  // The same bytes again are answered from a read: a write, even one that
  // changes nothing, would raise the write epoch and empty the caches.
  bool stored = false;
  JIXIAO_RETURN_IF_ERROR(db_.Read([&](Session& s) -> absl::Status {
    pb::RectificationTask task;
    JIXIAO_ASSIGN_OR_RETURN(stored, FindStoredEvidence(s, evidence, task));
    return absl::OkStatus();
  }));
  if (stored) return evidence;
  JIXIAO_RETURN_IF_ERROR(db_.Write([&](Session& s) -> absl::Status {
    pb::RectificationTask task;
    JIXIAO_ASSIGN_OR_RETURN(const bool since,
                            FindStoredEvidence(s, evidence, task));
    // Stored since the read above: the file as first stored.
    if (since) return absl::OkStatus();
    JIXIAO_ASSIGN_OR_RETURN(
        auto count,
        s.Query(
            "SELECT COUNT(*) FROM rectification_evidence WHERE region_code = ? "
            "AND task_id = ?",
            {Text(key.region_code()), Int(key.task_id())}));
    JIXIAO_ASSIGN_OR_RETURN(auto [stored], ReadColumns<int64_t>(count.front()));
    if (stored >= kMaxEvidencePerTask) {
      return absl::FailedPreconditionError(
          absl::StrCat("task: task ", key.task_id(), " holds ",
                       kMaxEvidencePerTask, " files already, the most taken"));
    }
    evidence.set_uploaded_by(writer.subject);
    evidence.set_uploaded_at(storage::NowUtc());
    const std::string body = storage::DocumentJson(evidence);
    JIXIAO_RETURN_IF_ERROR(s.Execute(
        "INSERT INTO rectification_evidence (region_code, task_id, sha256, "
        "size_bytes, body, content_base64) VALUES (?, ?, ?, ?, ?, ?)",
        {Text(key.region_code()), Int(key.task_id()), Text(evidence.sha256()),
         Int(evidence.size_bytes()), Text(body),
         Text(absl::Base64Escape(content))}));
    storage::AuditTarget target = TaskEntity(task);
    absl::StrAppend(&target.entity, "/evidence/", evidence.sha256());
    return storage::AppendAudit(s, writer, target, "", body);
  }));
  return evidence;
}

absl::StatusOr<pb::EvidenceFile> RectificationStore::Evidence(
    const pb::TaskKey& task, const std::string& sha256) {
  pb::EvidenceFile file;
  bool found = false;
  JIXIAO_RETURN_IF_ERROR(db_.Read([&](Session& s) -> absl::Status {
    JIXIAO_ASSIGN_OR_RETURN(
        auto rows,
        s.Query("SELECT body, content_base64 FROM rectification_evidence WHERE "
                "region_code = ? AND task_id = ? AND sha256 = ?",
                {Text(task.region_code()), Int(task.task_id()), Text(sha256)}));
    if (rows.empty()) return absl::OkStatus();
    found = true;
    JIXIAO_ASSIGN_OR_RETURN(
        (auto [body, content_base64]),
        ReadColumns<std::string, std::string>(rows.front()));
    JIXIAO_RETURN_IF_ERROR(
        storage::ParseDocument(body, file.mutable_evidence()));
    if (!absl::Base64Unescape(content_base64, file.mutable_content())) {
      return absl::DataLossError(
          absl::StrCat("evidence ", sha256, ": stored bytes do not decode"));
    }
    return absl::OkStatus();
  }));
  if (!found) {
    return absl::NotFoundError(absl::StrCat("sha256: task ", task.task_id(),
                                            " has no evidence ", sha256));
  }
  return file;
}

}  // namespace jixiao::indicator

// Rectification (整改) in the indicator service's database: a region's
// tasks and their evidence files. Each write is one transaction with its
// audit row (and raises the write epoch, as every write of the database
// does): a task's change is checked against its version and its status in
// that transaction, so that nothing partial is ever stored.
#ifndef JIXIAO_SERVICES_INDICATOR_STORE_RECTIFICATION_STORE_H_
#define JIXIAO_SERVICES_INDICATOR_STORE_RECTIFICATION_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "jixiao/indicator/v1/rectification.pb.h"
#include "services/common/storage/audit.h"
#include "services/common/storage/database.h"
#include "services/indicator/domain/rectification.h"

namespace jixiao::indicator {

namespace pb = ::jixiao::indicator::v1;

class RectificationStore {
 public:
  // Files a task holds at most: its report rests on a few, not an archive.
  static constexpr int kMaxEvidencePerTask = 50;

  explicit RectificationStore(storage::Database& db) : db_(db) {}

  // Stores a new OPEN task as version 1 with the region's next id.
  absl::StatusOr<pb::RectificationTask> Create(pb::RectificationTask task,
                                               const storage::Writer& writer);
  // NOT_FOUND when the region has no such task.
  absl::StatusOr<pb::RectificationTask> Task(const pb::TaskKey& key);
  // A region's tasks in id order, of one department and one status when
  // set.
  absl::StatusOr<std::vector<pb::RectificationTask>> Tasks(
      const std::string& region_code,
      const std::optional<std::string>& department,
      std::optional<pb::TaskStatus> status);

  // In one transaction: the task's status must allow `action`
  // (FAILED_PRECONDITION), its version must be `expected_version` (ABORTED
  // when stale), a report's evidence must be the task's
  // (INVALID_ARGUMENT naming `evidence_sha256`); the task is rewritten as
  // version + 1 with the step in its history, and audited.
  absl::StatusOr<pb::RectificationTask> Change(
      const pb::TaskKey& key, int64_t expected_version, TaskAction action,
      const std::string& note, absl::Span<const std::string> evidence,
      const storage::Writer& writer);

  // The task must take evidence (MayAddEvidence); the same digest already
  // stored is returned as it was (read, nothing written); else, in one
  // transaction that checks both again, the file is stored with its audit
  // row (the metadata, never the bytes).
  absl::StatusOr<pb::Evidence> AddEvidence(pb::Evidence evidence,
                                           const std::string& content,
                                           const storage::Writer& writer);
  // The file and its bytes; NOT_FOUND naming `sha256`.
  absl::StatusOr<pb::EvidenceFile> Evidence(const pb::TaskKey& task,
                                            const std::string& sha256);

 private:
  storage::Database& db_;
};

}  // namespace jixiao::indicator

#endif  // JIXIAO_SERVICES_INDICATOR_STORE_RECTIFICATION_STORE_H_

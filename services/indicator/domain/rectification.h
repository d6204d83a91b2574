// Rectification (整改, docs/domain.md §9.4.1): what a task must hold, who
// moves it from which status to which, what an evidence file may be, and
// when a task is overdue. Pure: no gRPC, no SQL; the caller's role comes in
// as a value.
#ifndef JIXIAO_SERVICES_INDICATOR_DOMAIN_RECTIFICATION_H_
#define JIXIAO_SERVICES_INDICATOR_DOMAIN_RECTIFICATION_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "jixiao/indicator/v1/rectification.pb.h"

namespace jixiao::indicator {

namespace pb = ::jixiao::indicator::v1;

// 10 MiB: a scanned report of a few dozen pages; the service's default for
// --rectification_evidence_max_bytes (rows stay bounded, docs/adr/0007).
inline constexpr int64_t kDefaultEvidenceMaxBytes = 10 * 1024 * 1024;

// A task as finance creates it: region and department codes, the year, the
// finding (a kind, a reference, its figures), the requirement, and a
// deadline from 1 January of the year to the end of year + 5 (a finding of
// 2019 may take until 2024; the wall clock is not consulted, so that a past
// year's findings can still be entered). INVALID_ARGUMENT naming the field
// (`task.` first).
absl::Status ValidateNewTask(const pb::RectificationTask& task);

// What may happen to a task.
enum class TaskAction { kReport, kAccept, kReopen };

// The status `action` leads to from `from`; FAILED_PRECONDITION naming the
// status when it may not happen now (a report on an ACCEPTED task, an
// acceptance of an OPEN one).
absl::StatusOr<pb::TaskStatus> Transition(pb::TaskStatus from,
                                          TaskAction action);

// May evidence be added to a task in `status`: OPEN or REOPENED (what a
// report rests on); FAILED_PRECONDITION naming the status otherwise.
absl::Status MayAddEvidence(pb::TaskStatus status);

// An upload: the file name (1 to 200 characters, no path, no control
// characters), the content type from the allow-list, 1 to `max_bytes`
// bytes whose first bytes are what the type says (%PDF- for a PDF, the PNG
// and JPEG signatures, a ZIP for XLSX, UTF-8 text without NUL for CSV).
// INVALID_ARGUMENT naming `file_name`, `content_type` or `content`.
absl::Status ValidateEvidence(absl::string_view file_name,
                              absl::string_view content_type,
                              absl::string_view content, int64_t max_bytes);

// Deadline before `as_of` (YYYY-MM-DD, compared as text: both are
// zero-padded) and not ACCEPTED.
bool IsOverdue(const pb::RectificationTask& task, absl::string_view as_of);

// "OPEN", "REPORTED", … for messages.
absl::string_view StatusName(pb::TaskStatus status);

}  // namespace jixiao::indicator

#endif  // JIXIAO_SERVICES_INDICATOR_DOMAIN_RECTIFICATION_H_

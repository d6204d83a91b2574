#include "services/indicator/domain/rectification.h"

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "libs/base/status_macros.h"
#include "libs/validate/validate.h"
#include "services/indicator/domain/monitoring.h"

namespace jixiao::indicator {
namespace {

// How long a finding may take to put right: a deadline up to this many
// years after the finding's year.
constexpr int32_t kMaxDeadlineYears = 5;

// The allow-list, and the first bytes each type must start with. CSV has no
// signature; it is checked as text instead.
constexpr char kPdf[] = "application/pdf";
constexpr char kPng[] = "image/png";
constexpr char kJpeg[] = "image/jpeg";
constexpr char kCsv[] = "text/csv";
constexpr char kXlsx[] =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

struct Signature {
  absl::string_view type;
  absl::string_view magic;
  absl::string_view what;
};
constexpr Signature kSignatures[] = {
    {kPdf, "%PDF-", "a PDF starts with %PDF-"},
    {kPng, absl::string_view("\x89PNG\r\n\x1a\n", 8),
     "a PNG starts with its 8-byte signature"},
    {kJpeg, "\xFF\xD8\xFF", "a JPEG starts with FF D8 FF"},
    {kXlsx, absl::string_view("PK\x03\x04", 4),
     "an XLSX is a ZIP, starting with PK 03 04"},
};

}  // namespace

absl::Status ValidateNewTask(const pb::RectificationTask& task) {
  JIXIAO_RETURN_IF_ERROR(validate::ValidateRegionCode(
      "task.key.region_code", task.key().region_code()));
  JIXIAO_RETURN_IF_ERROR(validate::ValidateDepartmentCode(
      "task.department_code", task.department_code()));
  JIXIAO_RETURN_IF_ERROR(validate::ValidateYear("task.year", task.year()));
  const pb::Finding& finding = task.finding();
  if (!pb::FindingKind_IsValid(finding.kind()) ||
      finding.kind() == pb::FINDING_KIND_UNSPECIFIED) {
    return validate::Invalid(
        "task.finding.kind",
        "CONSISTENCY_FINDING, MISSED_TARGET, MONITORING_WARNING, LOW_SCORE "
        "or REVIEWER_NOTE");
  }
  JIXIAO_RETURN_IF_ERROR(validate::ValidateText(
      "task.finding.reference", finding.reference(), 200, true));
  JIXIAO_RETURN_IF_ERROR(validate::ValidateText("task.finding.figures",
                                                finding.figures(), 2000, true));
  JIXIAO_RETURN_IF_ERROR(validate::ValidateText(
      "task.requirement", task.requirement(), 2000, true));
  JIXIAO_ASSIGN_OR_RETURN(auto deadline,
                          ParseDay("task.deadline", task.deadline()));
  if (deadline.year < task.year() ||
      deadline.year > task.year() + kMaxDeadlineYears) {
    return validate::Invalid(
        "task.deadline",
        absl::StrCat("must fall from ", task.year(), "-01-01 to ",
                     task.year() + kMaxDeadlineYears, "-12-31"));
  }
  return absl::OkStatus();
}

absl::StatusOr<pb::TaskStatus> Transition(pb::TaskStatus from,
                                          TaskAction action) {
  switch (action) {
    case TaskAction::kReport:
      if (from == pb::TASK_OPEN || from == pb::TASK_REOPENED) {
        return pb::TASK_REPORTED;
      }
      return absl::FailedPreconditionError(
          absl::StrCat("status: the task is ", StatusName(from),
                       "; only an OPEN or REOPENED task is reported"));
    case TaskAction::kAccept:
    case TaskAction::kReopen:
      if (from == pb::TASK_REPORTED) {
        return action == TaskAction::kAccept ? pb::TASK_ACCEPTED
                                             : pb::TASK_REOPENED;
      }
      return absl::FailedPreconditionError(absl::StrCat(
          "status: the task is ", StatusName(from),
          "; finance accepts or reopens a task once it is REPORTED"));
  }
  return absl::InternalError("unknown task action");
}

absl::Status MayAddEvidence(pb::TaskStatus status) {
  if (status == pb::TASK_OPEN || status == pb::TASK_REOPENED) {
    return absl::OkStatus();
  }
  return absl::FailedPreconditionError(
      absl::StrCat("status: the task is ", StatusName(status),
                   "; evidence is added while it is OPEN or REOPENED"));
}

absl::Status ValidateEvidence(absl::string_view file_name,
                              absl::string_view content_type,
                              absl::string_view content, int64_t max_bytes) {
  JIXIAO_RETURN_IF_ERROR(
      validate::ValidateText("file_name", file_name, 200, true));
  if (absl::StrContains(file_name, "/") || absl::StrContains(file_name, "\\") ||
      file_name == "." || file_name == "..") {
    return validate::Invalid("file_name", "a name, not a path");
  }
  for (const char c : file_name) {
    // A name shown in lists and sent back in headers: no line breaks.
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return validate::Invalid("file_name", "holds a control character");
    }
  }
  const bool csv = content_type == kCsv;
  const Signature* signature = nullptr;
  for (const Signature& s : kSignatures) {
    if (s.type == content_type) signature = &s;
  }
  if (signature == nullptr && !csv) {
    return validate::Invalid(
        "content_type",
        absl::StrCat("\"", content_type, "\" is not one of ", kPdf, ", ", kPng,
                     ", ", kJpeg, ", ", kCsv, ", ", kXlsx));
  }
  if (content.empty()) return validate::Invalid("content", "is empty");
  if (static_cast<int64_t>(content.size()) > max_bytes) {
    return validate::Invalid(
        "content", absl::StrCat(content.size(), " bytes; at most ", max_bytes,
                                " are taken"));
  }
  if (csv) {
    if (!validate::IsValidUtf8(content) ||
        absl::StrContains(content, absl::string_view("\0", 1))) {
      return validate::Invalid("content",
                               "is not UTF-8 text, as text/csv must be");
    }
    return absl::OkStatus();
  }
  if (!absl::StartsWith(content, signature->magic)) {
    return validate::Invalid(
        "content", absl::StrCat("does not look like ", content_type, ": ",
                                signature->what));
  }
  return absl::OkStatus();
}

bool IsOverdue(const pb::RectificationTask& task, absl::string_view as_of) {
  return task.status() != pb::TASK_ACCEPTED && task.deadline() < as_of;
}

absl::string_view StatusName(pb::TaskStatus status) {
  switch (status) {
    case pb::TASK_OPEN:
      return "OPEN";
    case pb::TASK_REPORTED:
      return "REPORTED";
    case pb::TASK_ACCEPTED:
      return "ACCEPTED";
    case pb::TASK_REOPENED:
      return "REOPENED";
    default:
      return "UNSPECIFIED";
  }
}

}  // namespace jixiao::indicator

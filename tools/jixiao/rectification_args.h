// The words of `jixiao rectification …` as the service wants them: a
// finding's kind and a task's status from English or Chinese names, an
// evidence file's content type from its first bytes, and which flag a
// service's refusal is about (the service names the request's field;
// a person typed a flag).
#ifndef JIXIAO_TOOLS_JIXIAO_RECTIFICATION_ARGS_H_
#define JIXIAO_TOOLS_JIXIAO_RECTIFICATION_ARGS_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "jixiao/indicator/v1/rectification.pb.h"

namespace jixiao::cli {

// consistency | missed_target | monitoring_warning | low_score |
// reviewer_note, the enum's names, or 一致性问题 未完成目标 监控预警 评价低分
// 复核意见. INVALID_ARGUMENT naming --kind otherwise.
absl::StatusOr<indicator::v1::FindingKind> ParseFindingKind(
    absl::string_view text);

// open | reported | accepted | reopened, the enum's names, or 待整改
// 已报送 已验收 退回重改. INVALID_ARGUMENT naming --status otherwise.
absl::StatusOr<indicator::v1::TaskStatus> ParseTaskStatus(
    absl::string_view text);

// application/pdf, image/png, image/jpeg or the XLSX type told by the
// first bytes; text/csv for a file named *.csv that is none of those (the
// service checks the bytes again). INVALID_ARGUMENT naming `path` for
// anything else.
absl::StatusOr<std::string> EvidenceContentType(absl::string_view path,
                                                absl::string_view content);

// YYYY-MM-DD with a real month and day; INVALID_ARGUMENT naming `flag`.
absl::Status ValidateDate(absl::string_view flag, absl::string_view text);

// The flag a service message is about, from the field it names first
// ("task.deadline: …" → "--deadline"); empty when no flag sets it.
std::string FlagOfField(absl::string_view message);

}  // namespace jixiao::cli

#endif  // JIXIAO_TOOLS_JIXIAO_RECTIFICATION_ARGS_H_

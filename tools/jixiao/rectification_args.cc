#include "tools/jixiao/rectification_args.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"

namespace jixiao::cli {
namespace {

namespace ipb = ::jixiao::indicator::v1;

constexpr char kXlsx[] =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

}  // namespace

absl::StatusOr<ipb::FindingKind> ParseFindingKind(absl::string_view text) {
  const std::string lower = absl::AsciiStrToLower(text);
  const std::pair<const char*, ipb::FindingKind> names[] = {
      {"consistency", ipb::CONSISTENCY_FINDING},
      {"consistency_finding", ipb::CONSISTENCY_FINDING},
      {"一致性问题", ipb::CONSISTENCY_FINDING},
      {"missed_target", ipb::MISSED_TARGET},
      {"未完成目标", ipb::MISSED_TARGET},
      {"monitoring_warning", ipb::MONITORING_WARNING},
      {"监控预警", ipb::MONITORING_WARNING},
      {"low_score", ipb::LOW_SCORE},
      {"评价低分", ipb::LOW_SCORE},
      {"reviewer_note", ipb::REVIEWER_NOTE},
      {"复核意见", ipb::REVIEWER_NOTE},
  };
  for (const auto& [name, kind] : names) {
    if (lower == name) return kind;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "--kind: \"", text,
      "\" is not a finding kind: consistency (一致性问题), missed_target "
      "(未完成目标), monitoring_warning (监控预警), low_score (评价低分) or "
      "reviewer_note (复核意见)"));
}

absl::StatusOr<ipb::TaskStatus> ParseTaskStatus(absl::string_view text) {
  const std::string lower = absl::AsciiStrToLower(text);
  const std::pair<const char*, ipb::TaskStatus> names[] = {
      {"open", ipb::TASK_OPEN},
      {"task_open", ipb::TASK_OPEN},
      {"待整改", ipb::TASK_OPEN},
      {"reported", ipb::TASK_REPORTED},
      {"task_reported", ipb::TASK_REPORTED},
      {"已报送", ipb::TASK_REPORTED},
      {"accepted", ipb::TASK_ACCEPTED},
      {"task_accepted", ipb::TASK_ACCEPTED},
      {"已验收", ipb::TASK_ACCEPTED},
      {"reopened", ipb::TASK_REOPENED},
      {"task_reopened", ipb::TASK_REOPENED},
      {"退回重改", ipb::TASK_REOPENED},
  };
  for (const auto& [name, status] : names) {
    if (lower == name) return status;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("--status: \"", text,
                   "\" is not a task status: open (待整改), reported "
                   "(已报送), accepted (已验收) or reopened (退回重改)"));
}

absl::StatusOr<std::string> EvidenceContentType(absl::string_view path,
                                                absl::string_view content) {
  if (absl::StartsWith(content, "%PDF-")) return std::string("application/pdf");
  if (absl::StartsWith(content, "\x89PNG\r\n\x1a\n")) {
    return std::string("image/png");
  }
  if (absl::StartsWith(content, "\xFF\xD8\xFF")) {
    return std::string("image/jpeg");
  }
  if (absl::StartsWith(content, absl::string_view("PK\x03\x04", 4))) {
    return std::string(kXlsx);
  }
  if (absl::EndsWithIgnoreCase(path, ".csv")) return std::string("text/csv");
  return absl::InvalidArgumentError(
      absl::StrCat(path,
                   ": not a PDF, PNG, JPEG or XLSX file by its first bytes, "
                   "nor a .csv: evidence is one of those"));
}

absl::Status ValidateDate(absl::string_view flag, absl::string_view text) {
  absl::CivilDay day;
  // Parsing then printing back refuses "2019-02-30" and "2019-2-3".
  if (text.size() != 10 || !absl::ParseCivilTime(text, &day) ||
      absl::FormatCivilTime(day) != text) {
    return absl::InvalidArgumentError(
        absl::StrCat(flag, ": \"", text, "\" is not a date (YYYY-MM-DD)"));
  }
  return absl::OkStatus();
}

std::string FlagOfField(absl::string_view message) {
  // Longest first: "task.finding.reference" before "task.finding".
  const std::pair<const char*, const char*> fields[] = {
      {"task.key.region_code", "--region"},
      {"task.department_code", "--department"},
      {"task.year", "--year"},
      {"task.finding.kind", "--kind"},
      {"task.finding.reference", "--reference"},
      {"task.finding.figures", "--figures"},
      {"task.requirement", "--requirement"},
      {"task.deadline", "--deadline"},
      {"task.region_code", "--region"},
      {"task.task_id", "--task"},
      {"key.region_code", "--region"},
      {"key.task_id", "--task"},
      {"region_code", "--region"},
      {"task_id", "--task"},
      {"department_code", "--department"},
      {"overdue_as_of", "--as_of"},
      {"status", "--status"},
      {"response", "--response"},
      {"evidence_sha256", "--evidence"},
      {"note", "--note"},
      {"file_name", "FILE"},
      {"content_type", "FILE"},
      {"content", "FILE"},
      {"expected_version", "--task"},
  };
  for (const auto& [field, flag] : fields) {
    if (absl::StartsWith(message, field)) {
      const absl::string_view rest = message.substr(std::string(field).size());
      if (rest.empty() || rest[0] == ':' || rest[0] == '[' || rest[0] == ' ') {
        return flag;
      }
    }
  }
  return "";
}

}  // namespace jixiao::cli

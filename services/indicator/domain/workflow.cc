#include "services/indicator/domain/workflow.h"

#include "absl/strings/str_cat.h"
#include "libs/base/status_macros.h"
#include "libs/validate/validate.h"

namespace jixiao::indicator {
namespace {

absl::string_view StatusName(pb::Status status) {
  switch (status) {
    case pb::DRAFT:
      return "草稿(DRAFT)";
    case pb::SUBMITTED:
      return "已提交(SUBMITTED)";
    case pb::RETURNED:
      return "已退回(RETURNED)";
    case pb::APPROVED:
      return "已审核(APPROVED)";
    default:
      return "未开始";
  }
}

bool IsDepartmentSide(Action action) {
  return action == Action::kStart || action == Action::kEdit ||
         action == Action::kSubmit;
}

}  // namespace

absl::string_view StatusWords(pb::Status status, absl::string_view otherwise) {
  switch (status) {
    case pb::DRAFT:
      return "草稿";
    case pb::SUBMITTED:
      return "已提交";
    case pb::RETURNED:
      return "已退回";
    case pb::APPROVED:
      return "已审核";
    default:
      return otherwise;
  }
}

absl::string_view NameOf(Action action) {
  switch (action) {
    case Action::kStart:
      return "start";
    case Action::kEdit:
      return "edit";
    case Action::kSubmit:
      return "submit";
    case Action::kReturn:
      return "return";
    case Action::kApprove:
      return "approve";
  }
  return "";
}

absl::Status ValidateActor(absl::string_view field, const pb::Actor& actor) {
  const std::string at(field);
  JIXIAO_RETURN_IF_ERROR(
      validate::ValidateText(at + ".subject", actor.subject(), 100, true));
  switch (actor.role()) {
    case pb::DEPARTMENT:
      return validate::ValidateDepartmentCode(at + ".department_code",
                                              actor.department_code());
    case pb::FINANCE:
    case pb::ADMIN:
      return absl::OkStatus();
    default:
      return validate::Invalid(at + ".role",
                               "DEPARTMENT, FINANCE or ADMIN is required");
  }
}

absl::StatusOr<pb::Status> Transition(pb::Status status, Action action,
                                      const pb::Actor& actor,
                                      absl::string_view department_code) {
  const bool department = actor.role() == pb::DEPARTMENT;
  const bool finance = actor.role() == pb::FINANCE;
  if (department && actor.department_code() != department_code) {
    return absl::PermissionDeniedError(absl::StrCat(
        "actor.department_code: department \"", actor.department_code(),
        "\" may not act on \"", department_code, "\"'s evaluation"));
  }
  if (IsDepartmentSide(action) ? finance : department) {
    return absl::PermissionDeniedError(absl::StrCat(
        "actor.role: ", department ? "a department" : "the finance bureau",
        " may not ", NameOf(action), " an evaluation"));
  }
  const auto refuse = [&](absl::string_view wanted) {
    return absl::FailedPreconditionError(absl::StrCat(
        "status: the evaluation is ", StatusName(status), "; to ",
        NameOf(action), " it must be ", wanted,
        status == pb::APPROVED ? " (approved values are frozen)" : ""));
  };
  switch (action) {
    case Action::kStart:
      return pb::DRAFT;
    case Action::kEdit:
      if (status != pb::DRAFT && status != pb::RETURNED) {
        return refuse("草稿 or 已退回");
      }
      return status;
    case Action::kSubmit:
      if (status != pb::DRAFT && status != pb::RETURNED) {
        return refuse("草稿 or 已退回");
      }
      return pb::SUBMITTED;
    case Action::kReturn:
      if (status != pb::SUBMITTED) return refuse("已提交");
      return pb::RETURNED;
    case Action::kApprove:
      if (status != pb::SUBMITTED) return refuse("已提交");
      return pb::APPROVED;
  }
  return absl::InternalError("unknown action");
}

}  // namespace jixiao::indicator

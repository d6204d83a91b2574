// The submission workflow: draft → submitted → returned (with a reason) →
// submitted … → approved. The department fills and submits its own
// evaluation; the finance bureau returns or approves; an admin may do both.
#ifndef JIXIAO_SERVICES_INDICATOR_DOMAIN_WORKFLOW_H_
#define JIXIAO_SERVICES_INDICATOR_DOMAIN_WORKFLOW_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/indicator/domain/framework.h"

namespace jixiao::indicator {

enum class Action { kStart, kEdit, kSubmit, kReturn, kApprove };

absl::string_view NameOf(Action action);

// The status in the words the forms use (草稿, 已提交, 已退回, 已审核), or
// `otherwise` for a value outside them.
absl::string_view StatusWords(pb::Status status, absl::string_view otherwise);

// Checks the actor's shape (subject, role, a department's code).
absl::Status ValidateActor(absl::string_view field, const pb::Actor& actor);

// Whether `actor` may take `action` on the evaluation of `department_code`
// in `status`, and the status it leads to. PERMISSION_DENIED for the wrong
// role or another department; FAILED_PRECONDITION for the wrong status
// (values are frozen once approved).
absl::StatusOr<pb::Status> Transition(pb::Status status, Action action,
                                      const pb::Actor& actor,
                                      absl::string_view department_code);

}  // namespace jixiao::indicator

#endif  // JIXIAO_SERVICES_INDICATOR_DOMAIN_WORKFLOW_H_

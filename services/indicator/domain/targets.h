// Performance targets (绩效目标): what a target set must hold to be stored
// and submitted, who may move it where in its workflow, and the review
// checks that need no judgement (docs/domain.md §9). Pure: no gRPC, no SQL;
// the budget service's projects come in as values.
#ifndef JIXIAO_SERVICES_INDICATOR_DOMAIN_TARGETS_H_
#define JIXIAO_SERVICES_INDICATOR_DOMAIN_TARGETS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "jixiao/indicator/v1/indicator.pb.h"
#include "jixiao/indicator/v1/targets.pb.h"

namespace jixiao::indicator {

namespace pb = ::jixiao::indicator::v1;

// The forms of a target set as sent: the key, the tree vintage, every
// indicator (id unique, 一级 and 二级 of the tree, a comparator, a decimal
// value and a unit for a quantitative one, words for 定性), funds in 分 (not
// negative; fiscal + other = total when both are given), project codes
// unique. INVALID_ARGUMENT naming the field (`prefix` first).
absl::Status ValidateTargetSet(absl::string_view prefix,
                               const pb::TargetSet& targets);

enum class TargetAction {
  kPut,                // create or edit the draft
  kSubmit,             // to finance
  kReturn,             // finance: back with reasons
  kApprove,            // finance: approved, frozen
  kRequestAdjustment,  // after approval: a change, with a reason
  kApproveAdjustment,  // finance
  kRefuseAdjustment,   // finance
};

absl::string_view NameOf(TargetAction action);

// Finance's actions (return, approve, decide an adjustment); the others
// are the department's (finance and admin may do them for it).
bool IsFinanceAction(TargetAction action);

// The status after `action` from `current` (TARGET_STATUS_UNSPECIFIED when
// nothing is stored yet), or FAILED_PRECONDITION saying what it must be.
absl::StatusOr<pb::TargetStatus> NextTargetStatus(pb::TargetStatus current,
                                                  TargetAction action);

// A project as the budget service has it for the year.
struct BudgetProject {
  std::string code;
  std::string name;
  int64_t budget = 0;  // 分: the adjusted budget if any, else the original
};

// The mechanical checks: every project with funds in the budget has
// targets, every project targeted is in the budget, its target funds equal
// its budget, each set of indicators has the 一级 the tree requires,
// 满意度 is a rate (%). `projects` is nullopt when the budget service has
// no figures for the year (then that is the one problem of the budget
// checks). The reviewer's list is the same four criteria for every set.
pb::TargetReview ReviewTargetSet(
    const pb::TargetSet& targets,
    const std::optional<std::vector<BudgetProject>>& projects);

}  // namespace jixiao::indicator

#endif  // JIXIAO_SERVICES_INDICATOR_DOMAIN_TARGETS_H_

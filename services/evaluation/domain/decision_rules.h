// Result application (结果应用, docs/domain.md §9.4.2): the rule table that
// turns a grade into a proposed decision for the next budget, the built-in
// default, and the checks on a table and on finance's decision. Plain C++
// over the proto messages (ADR 0002): no gRPC, no SQL.
#ifndef JIXIAO_SERVICES_EVALUATION_DOMAIN_DECISION_RULES_H_
#define JIXIAO_SERVICES_EVALUATION_DOMAIN_DECISION_RULES_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "jixiao/evaluation/v1/results.pb.h"

namespace jixiao::evaluation {

inline constexpr int kMaxRuleRows = 12;  // 3 object kinds × 4 grades
inline constexpr int kMaxReasonChars = 1000;
inline constexpr int32_t kMaxShareBp = 10'000;  // 100%
// The 核减 share of the built-in table: a local choice (no national rule
// fixes one), stated as such in its note.
inline constexpr int32_t kDefaultReduceShareBp = 1'000;

// The province rule of domain.md §9.4.2 (art. 18, [V] S19) for `region`,
// built_in = true, version 0.
v1::DecisionRules DefaultDecisionRules(absl::string_view region_code);

// A table as PutDecisionRules takes it: every field named under `prefix`
// ("rules.") when it is wrong.
absl::Status ValidateDecisionRules(absl::string_view prefix,
                                   const v1::DecisionRules& rules);

// The row for an object and a grade; FAILED_PRECONDITION naming both when
// the table has none (a region's table may leave rows out; custom grade
// bands may name grades the table does not know).
absl::StatusOr<v1::DecisionRule> RuleFor(const v1::DecisionRules& rules,
                                         v1::ObjectKind object,
                                         absl::string_view grade);

// The proposal of `rules` for a subject's grade.
absl::StatusOr<v1::Proposal> Propose(const v1::DecisionRules& rules,
                                     const v1::DecisionSubject& subject,
                                     absl::string_view total,
                                     absl::string_view grade);

// The object kind a subject is: 部门整体 without a project code, else the
// project's stated kind (常年性 / 延续性 when unset).
v1::ObjectKind ObjectOf(const v1::DecisionSubject& subject);

// Finance's decision: a known kind; for REDUCE exactly one of an amount
// (分, > 0) or a share (1 to 10000 bp), for others neither; a reason.
absl::Status ValidateDecision(const v1::RecordDecisionRequest& request);

// Whether `decision` is other than `proposal` proposed: another kind, or a
// REDUCE by another share (or by an amount where a share was proposed).
bool DepartsFrom(const v1::Decision& decision, const v1::Proposal& proposal);

// "部门整体" …
std::string ObjectLabel(v1::ObjectKind kind);

}  // namespace jixiao::evaluation

#endif  // JIXIAO_SERVICES_EVALUATION_DOMAIN_DECISION_RULES_H_

// Project self-evaluation filings (项目支出绩效自评表, 财预〔2020〕10号 附件1;
// docs/domain.md §9.3): what a department files for one project of its
// approved targets after the year, checked against those targets. Scoring
// is the evaluation service's; this file says only what a filing may hold.
// Pure: no gRPC, no SQL.
#ifndef JIXIAO_SERVICES_INDICATOR_DOMAIN_PROJECT_FILING_H_
#define JIXIAO_SERVICES_INDICATOR_DOMAIN_PROJECT_FILING_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "jixiao/indicator/v1/project_evaluation.pb.h"
#include "jixiao/indicator/v1/targets.pb.h"

namespace jixiao::indicator {

namespace pb = ::jixiao::indicator::v1;

// Region, department, year and project code (`prefix` first: "filing.key.",
// "key.", ""). INVALID_ARGUMENT naming the field.
absl::Status ValidateProjectKey(absl::string_view prefix,
                                const pb::ProjectKey& key);

// What the department filed, without what the service sets (status,
// versions, return reason, who and when).
pb::ProjectFiling FiledContent(const pb::ProjectFiling& sent);

// The filing on its own, before the targets are read: text lengths, at most
// one actual per indicator a project may have, each actual's decimals and
// 定性 level and band (达成 [80, 100], 部分达成 [60, 80), 未达成 [0, 60)
// percent of the weight), weights and self_score decimals from 0 to 100 with
// at most 2 decimals, scheme_id of [a-z0-9_]{1,40} (which schemes exist is the
// evaluation service's to say when it scores). INVALID_ARGUMENT naming the
// field (`filing.actuals[2].value`).
absl::Status ValidateFilingShape(const pb::ProjectFiling& filing);

// The project of `in_force` the filing is for; nullptr when the targets have
// none of that code.
const pb::ProjectTarget* FindProject(const pb::TargetSet& in_force,
                                     absl::string_view project_code);

// The filing (its shape checked) against its project's approved targets:
// every actual names one of the project's indicators, once; a value for a
// ≥ ≤ = indicator and none for a 定性 one (which takes the level instead);
// a deviation reason and an improvement wherever the target is missed (a
// value below ≥, above ≤, other than =; a 定性 level other than 达成);
// weights given for all of a 一级's indicators or for none (成本指标 counts
// with 产出指标, as the schemes weigh it). INVALID_ARGUMENT naming the field.
absl::Status CheckAgainstTargets(const pb::ProjectFiling& filing,
                                 const pb::ProjectTarget& project);

// What a filing must hold to be submitted, beyond the above: the 实际完成情况
// and an actual for every indicator of the project. FAILED_PRECONDITION
// naming the field.
absl::Status CheckComplete(const pb::ProjectFiling& filing,
                           const pb::ProjectTarget& project);

// 达成 / 部分达成 / 未达成, for messages.
absl::string_view AchievementName(pb::Achievement achievement);

}  // namespace jixiao::indicator

#endif  // JIXIAO_SERVICES_INDICATOR_DOMAIN_PROJECT_FILING_H_

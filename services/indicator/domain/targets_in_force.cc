#include "services/indicator/domain/targets_in_force.h"

#include <algorithm>
#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "libs/validate/validate.h"
#include "services/indicator/domain/framework.h"
#include "services/indicator/domain/values.h"

namespace jixiao::indicator {
namespace {

pb::Target TargetOf(const pb::TargetIndicator& indicator) {
  pb::Target target;
  target.set_comparator(indicator.comparator());
  if (indicator.comparator() == pb::QUALITATIVE) {
    target.set_text(indicator.value());  // the level, in words
  } else {
    target.set_value(indicator.value());
    target.set_unit(indicator.unit());
  }
  return target;
}

}  // namespace

void ApplyDeclaredTargets(const DeclaredTargets& declared,
                          const pb::Framework& framework,
                          pb::Evaluation* evaluation) {
  if (evaluation->status() == pb::APPROVED) {
    // Frozen: the targets are the values' own; their origins name the
    // version they came from (the evaluation's row keeps no version).
    int64_t frozen = 0;
    for (const pb::IndicatorValue& value : evaluation->values()) {
      frozen = std::max(frozen, value.target_origin().targets_version());
    }
    evaluation->set_targets_version(frozen);
    evaluation->set_targets_in_force(frozen);
    return;
  }
  evaluation->set_targets_version(declared.latest_version);
  evaluation->set_targets_in_force(
      declared.in_force != nullptr ? declared.in_force->version() : 0);
  if (declared.latest_version == 0) return;
  std::map<std::string, const pb::TargetIndicator*> by_leaf;
  if (declared.in_force != nullptr) {
    for (const pb::TargetIndicator& indicator :
         declared.in_force->indicators()) {
      if (indicator.has_framework_indicator_id()) {
        by_leaf[indicator.framework_indicator_id()] = &indicator;
      }
    }
  }
  std::map<std::string, const pb::Node*> leaves;
  for (const pb::Node* leaf : Leaves(framework)) leaves[leaf->id()] = leaf;
  for (pb::IndicatorValue& value : *evaluation->mutable_values()) {
    value.clear_target();
    value.clear_target_origin();
    const auto link = by_leaf.find(value.indicator_id());
    const auto leaf = leaves.find(value.indicator_id());
    if (link == by_leaf.end() || leaf == leaves.end()) continue;
    pb::TargetOrigin* origin = value.mutable_target_origin();
    origin->set_targets_version(declared.in_force->version());
    origin->set_target_indicator_id(link->second->id());
    const pb::Target target = TargetOf(*link->second);
    if (const absl::Status fits =
            ValidateTarget("target", *leaf->second, target);
        !fits.ok()) {
      origin->set_problem(std::string(fits.message()));
      continue;
    }
    *value.mutable_target() = target;
  }
}

absl::Status CheckTypedTarget(absl::string_view field,
                              const DeclaredTargets& declared) {
  if (declared.latest_version == 0) return absl::OkStatus();
  return validate::Invalid(
      field,
      declared.in_force != nullptr
          ? absl::StrCat("comes from the approved performance targets "
                         "(绩效目标, version ",
                         declared.in_force->version(),
                         "); a target cannot be typed at evaluation")
          : std::string("comes from the performance targets (绩效目标) once "
                        "approved; they are declared but not approved yet, "
                        "and a target cannot be typed at evaluation"));
}

}  // namespace jixiao::indicator

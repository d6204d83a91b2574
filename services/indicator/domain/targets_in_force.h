// The year-end evaluation reads the approved performance targets
// (docs/domain.md §9.1.6): a leaf's target is the value of the in-force
// department-wide indicator linked to it, never typed at evaluation once a
// department-year has declared targets. Pure: no gRPC, no SQL.
#ifndef JIXIAO_SERVICES_INDICATOR_DOMAIN_TARGETS_IN_FORCE_H_
#define JIXIAO_SERVICES_INDICATOR_DOMAIN_TARGETS_IN_FORCE_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "jixiao/indicator/v1/indicator.pb.h"
#include "jixiao/indicator/v1/targets.pb.h"

namespace jixiao::indicator {

namespace pb = ::jixiao::indicator::v1;

// What the evaluation knows of the department-year's declared targets.
struct DeclaredTargets {
  int64_t latest_version = 0;               // 0: none declared
  const pb::TargetSet* in_force = nullptr;  // the last approved, if any
};

// Sets every leaf's target of `evaluation` (its values assembled, one per
// leaf) from `declared`: with targets declared, a leaf's target is the
// in-force indicator's that names it (with its origin), else none; a link
// whose target the leaf cannot take (another unit, a comparator of the
// wrong kind) leaves the target out and says why in the origin. Without
// targets declared the typed targets stay. An approved evaluation is frozen:
// its values stay, and both versions are the one its targets came from.
void ApplyDeclaredTargets(const DeclaredTargets& declared,
                          const pb::Framework& framework,
                          pb::Evaluation* evaluation);

// A target typed at evaluation (`field`, e.g. "values[2].target") is
// refused once targets are declared: INVALID_ARGUMENT saying where the
// target comes from.
absl::Status CheckTypedTarget(absl::string_view field,
                              const DeclaredTargets& declared);

}  // namespace jixiao::indicator

#endif  // JIXIAO_SERVICES_INDICATOR_DOMAIN_TARGETS_IN_FORCE_H_

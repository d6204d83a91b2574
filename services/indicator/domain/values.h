// Checks an entered indicator value against its leaf: the unit, the kind of
// value (a number, a tier, checklist items), the sign, the target.
#ifndef JIXIAO_SERVICES_INDICATOR_DOMAIN_VALUES_H_
#define JIXIAO_SERVICES_INDICATOR_DOMAIN_VALUES_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "services/indicator/domain/framework.h"

namespace jixiao::indicator {

// `field` is the value's path in the request, e.g. "values[2]". A derived
// leaf takes a target, evidence and a self-score, never an actual value.
// Sets the value's source to the leaf's.
absl::Status ValidateEnteredValue(absl::string_view field, const pb::Node& leaf,
                                  pb::IndicatorValue* value);

// A target for `leaf`: a number in the leaf's unit with ≥ ≤ =, or words
// for a judged leaf. `field` names the target, e.g. "values[2].target".
absl::Status ValidateTarget(absl::string_view field, const pb::Node& leaf,
                            const pb::Target& target);

// A self-score: points, between 0 and `max_points` (in hundredths).
absl::Status ValidateSelfScore(absl::string_view field, absl::string_view text,
                               int64_t max_points);

}  // namespace jixiao::indicator

#endif  // JIXIAO_SERVICES_INDICATOR_DOMAIN_VALUES_H_

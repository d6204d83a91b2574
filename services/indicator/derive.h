// Derived indicator values: each DERIVED leaf takes the budget service's
// rate of the same formula id, with its exact fraction and inputs, so that
// a score can be traced to the figures it came from.
#ifndef JIXIAO_SERVICES_INDICATOR_DERIVE_H_
#define JIXIAO_SERVICES_INDICATOR_DERIVE_H_

#include "absl/status/statusor.h"
#include "jixiao/budget/v1/budget.pb.h"
#include "jixiao/indicator/v1/indicator.pb.h"

namespace jixiao::indicator {

// One value per leaf of `framework`, in framework order: the stored entered
// values, and the derived ones computed from `aggregates` (or, when the
// budget service has no figures for the year, marked not computable with
// the reason). Leaves without a value get an empty one with their source.
void AssembleValues(const v1::Framework& framework,
                    const absl::StatusOr<budget::v1::Aggregates>& aggregates,
                    v1::Evaluation* evaluation);

}  // namespace jixiao::indicator

#endif  // JIXIAO_SERVICES_INDICATOR_DERIVE_H_

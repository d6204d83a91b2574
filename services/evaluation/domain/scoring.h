// The scoring engine: every rule type of the frameworks (docs/domain.md §7),
// exactly, in hundredths of a point. A leaf's score is never above its
// weight nor below 0 (扣完为止); a parent's is the sum of its children's;
// the grade comes from configurable bands. Every leaf is explained in
// Chinese: the value, the rule, each deduction. A missing value is scored
// as the framework says and listed, never silently given full marks.
//
// Like the indicator domain (docs/adr/0002), it works on the proto
// messages: plain generated data classes, no gRPC and no SQL.
#ifndef JIXIAO_SERVICES_EVALUATION_DOMAIN_SCORING_H_
#define JIXIAO_SERVICES_EVALUATION_DOMAIN_SCORING_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "jixiao/evaluation/v1/evaluation.pb.h"
#include "jixiao/indicator/v1/indicator.pb.h"

namespace jixiao::evaluation {

// A grade and the lowest percent of the total weight that earns it.
struct GradeBand {
  std::string grade;
  int64_t min_percent_centi;  // 9000 = 90%
};

// 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 below; lower bounds inclusive.
const std::vector<GradeBand>& DefaultGradeBands();

// Parses "优:90,良:80,中:60,差:0": bands from the highest down, the last at 0.
absl::StatusOr<std::vector<GradeBand>> ParseGradeBands(absl::string_view text);

// The grade of `total` out of `total_weight` (both in hundredths of a point).
std::string GradeOf(int64_t total, int64_t total_weight,
                    const std::vector<GradeBand>& bands);

struct Scored {
  std::vector<v1::ScoredIndicator> indicators;  // every node, framework order
  int64_t total = 0;                            // hundredths of a point
  int64_t total_weight = 0;
  std::string grade;
  std::vector<std::string> missing;
  bool complete = true;
};

// Scores `values` (one per leaf, as the indicator service returns them)
// under `framework`. The framework must be valid (the indicator service
// only stores valid ones).
Scored Score(
    const indicator::v1::Framework& framework,
    const google::protobuf::RepeatedPtrField<indicator::v1::IndicatorValue>&
        values,
    const std::vector<GradeBand>& bands);

// One leaf, for tests and explanations.
v1::ScoredIndicator ScoreLeaf(const indicator::v1::Node& leaf,
                              const indicator::v1::IndicatorValue& value);

}  // namespace jixiao::evaluation

#endif  // JIXIAO_SERVICES_EVALUATION_DOMAIN_SCORING_H_

// A whole region evaluated from two streamed reads, not a dozen calls per
// department: the budget service's region inputs and the indicator
// service's region evaluations, merged by department code, each department
// scored here and the results saved in batches.
//
// Each read is one snapshot of its service, so each result is computed from
// data that existed together at the versions it names. The one input that
// crosses services (the derived values, which the indicator service computed
// from budget figures of its own read) is checked: a department whose
// derived values came from other figures than the budget read (a write in
// between) is evaluated alone, as Evaluate does it.
#ifndef JIXIAO_SERVICES_EVALUATION_REGION_H_
#define JIXIAO_SERVICES_EVALUATION_REGION_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "jixiao/evaluation/v1/evaluation.pb.h"
#include "services/evaluation/evaluator.h"
#include "services/evaluation/peers.h"
#include "services/evaluation/store/result_store.h"

namespace jixiao::evaluation {

// The counts and the ranking of a region's evaluation, kept small: a total
// and a grade per department, not the results.
class RegionTally {
 public:
  void Add(const v1::EvaluationResult& result);
  void Skip() { ++skipped_; }
  void Error(const std::string& department_code, absl::string_view message);
  // Ranked by total (ties share a rank, then code order), grade counts.
  v1::RegionSummary Summary() const;

 private:
  struct Entry {
    std::string code;
    std::string name;
    std::string total_text;
    int64_t total = 0;  // hundredths of a point
    std::string grade;
  };
  std::vector<Entry> entries_;
  int skipped_ = 0;
  std::vector<std::string> errors_;
};

// Calls `emit` with each department's result in department code order
// (`emit` returns false to stop: the caller went away). Departments
// without an evaluation for the year are counted as skipped; one that
// cannot be scored is an error in the tally, not the call's.
absl::Status EvaluateRegion(Peers& peers, Evaluator& evaluator,
                            ResultStore& store, const std::string& region_code,
                            int32_t year, const Forwarded& caller,
                            RegionTally& tally,
                            absl::FunctionRef<bool(v1::EvaluationResult)> emit);

}  // namespace jixiao::evaluation

#endif  // JIXIAO_SERVICES_EVALUATION_REGION_H_

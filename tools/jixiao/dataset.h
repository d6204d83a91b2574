// Turns a dataset file (figures as a report states them, amounts as text
// with units) into the budget service's requests, exactly: every amount is
// parsed into 分 without rounding, and an error names the figure.
#ifndef JIXIAO_TOOLS_JIXIAO_DATASET_H_
#define JIXIAO_TOOLS_JIXIAO_DATASET_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "jixiao/budget/v1/budget.pb.h"
#include "jixiao/dataset/v1/dataset.pb.h"

namespace jixiao::cli {

struct LoadPlan {
  jixiao::budget::v1::Department department;
  std::vector<jixiao::budget::v1::PutDepartmentYearRequest> years;
};

absl::StatusOr<jixiao::dataset::v1::Dataset> ReadDataset(
    const std::string& path);
absl::StatusOr<jixiao::dataset::v1::Dataset> ParseDataset(
    absl::string_view json);
absl::StatusOr<LoadPlan> PlanLoad(const jixiao::dataset::v1::Dataset& dataset);

// Adds the projects of `overlay` (a dataset file holding years[].projects
// alone, e.g. a demo's illustrative projects kept apart from the figures a
// report states) to the same years of `dataset`. INVALID_ARGUMENT naming
// the field when the overlay holds anything else or a year `dataset` has
// not.
absl::Status AddProjects(const jixiao::dataset::v1::Dataset& overlay,
                         jixiao::dataset::v1::Dataset& dataset);

}  // namespace jixiao::cli

#endif  // JIXIAO_TOOLS_JIXIAO_DATASET_H_

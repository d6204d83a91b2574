// The indicator service's calls to the budget service: a deadline on each,
// the caller's request id passed on, and retries of these idempotent reads
// on UNAVAILABLE by gRPC's service config.
#ifndef JIXIAO_SERVICES_INDICATOR_BUDGET_CLIENT_H_
#define JIXIAO_SERVICES_INDICATOR_BUDGET_CLIENT_H_

#include <chrono>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "jixiao/budget/v1/budget.grpc.pb.h"
#include "services/common/client.h"
#include "services/common/paged_stream.h"

namespace jixiao::indicator {

class BudgetClient {
 public:
  BudgetClient(const std::string& address, std::chrono::milliseconds deadline);

  // NOT_FOUND when the department does not exist.
  absl::Status CheckDepartment(const std::string& region_code,
                               const std::string& code,
                               const Forwarded& caller);
  // Everything the budget service computes for a department-year, in one
  // call. NOT_FOUND when it has no figures for the year.
  absl::StatusOr<budget::v1::Aggregates> Aggregates(
      const std::string& region_code, const std::string& code, int32_t year,
      const Forwarded& caller);
  // The department-year as stored (its projects, for the targets' review).
  // NOT_FOUND when it has no figures for the year.
  absl::StatusOr<budget::v1::DepartmentYear> DepartmentYear(
      const std::string& region_code, const std::string& code, int32_t year,
      const Forwarded& caller);
  // Budget execution of a department-year at `as_of` (mid-year
  // monitoring): each project's full-year budget and payments to the date,
  // in one call. NOT_FOUND when the department does not exist.
  absl::StatusOr<budget::v1::Execution> Execution(
      const std::string& region_code, const std::string& code, int32_t year,
      const std::string& as_of, const Forwarded& caller);
  // The same for every department of a region, in department code (byte)
  // order, as they arrive: one streamed call for the whole region.
  using RegionExecution =
      PagedStream<budget::v1::RegionExecutionPage, budget::v1::Execution>;
  RegionExecution OpenRegionExecution(const std::string& region_code,
                                      int32_t year, const std::string& as_of,
                                      const Forwarded& caller);
  // The aggregates of a region's departments for the year, in department
  // code (byte) order, as they arrive: one streamed call for the whole
  // region. A department without figures for the year has none.
  using RegionAggregates =
      PagedStream<budget::v1::RegionInputsPage, budget::v1::DepartmentInputs>;
  RegionAggregates OpenRegionAggregates(const std::string& region_code,
                                        int32_t year, const Forwarded& caller);

 private:
  std::unique_ptr<grpc::ClientContext> Context(const Forwarded& caller) const;

  std::unique_ptr<budget::v1::BudgetService::Stub> stub_;
  const std::chrono::milliseconds deadline_;
};

}  // namespace jixiao::indicator

#endif  // JIXIAO_SERVICES_INDICATOR_BUDGET_CLIENT_H_

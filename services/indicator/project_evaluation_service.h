// Project self-evaluation filings over gRPC
// (jixiao.indicator.v1.ProjectEvaluationService), served by the indicator
// process beside TargetService: what a department files per project of its
// approved targets, in the evaluation's workflow (draft, submitted,
// returned, approved), and a region's filings with their targets for the
// evaluation service, which scores them (docs/adr/0008).
#ifndef JIXIAO_SERVICES_INDICATOR_PROJECT_EVALUATION_SERVICE_H_
#define JIXIAO_SERVICES_INDICATOR_PROJECT_EVALUATION_SERVICE_H_

#include <cstdint>

#include "absl/functional/function_ref.h"
#include "jixiao/indicator/v1/project_evaluation.grpc.pb.h"
#include "services/indicator/domain/workflow.h"
#include "services/indicator/store/project_filing_store.h"

namespace jixiao::indicator {

class ProjectEvaluationServiceImpl final
    : public v1::ProjectEvaluationService::CallbackService {
 public:
  explicit ProjectEvaluationServiceImpl(ProjectFilingStore* store)
      : store_(store) {}

  grpc::ServerUnaryReactor* PutProjectFiling(
      grpc::CallbackServerContext* context,
      const v1::PutProjectFilingRequest* request,
      v1::ProjectFiling* response) override;
  grpc::ServerUnaryReactor* GetProjectFiling(
      grpc::CallbackServerContext* context, const v1::ProjectKey* request,
      v1::ProjectFiling* response) override;
  grpc::ServerUnaryReactor* ListProjectFilings(
      grpc::CallbackServerContext* context,
      const v1::ProjectFilingsRequest* request,
      v1::ListProjectFilingsResponse* response) override;
  grpc::ServerUnaryReactor* SubmitProjectFiling(
      grpc::CallbackServerContext* context,
      const v1::ProjectTransition* request,
      v1::ProjectFiling* response) override;
  grpc::ServerUnaryReactor* ReturnProjectFiling(
      grpc::CallbackServerContext* context,
      const v1::ProjectTransition* request,
      v1::ProjectFiling* response) override;
  grpc::ServerUnaryReactor* ApproveProjectFiling(
      grpc::CallbackServerContext* context,
      const v1::ProjectTransition* request,
      v1::ProjectFiling* response) override;
  grpc::ServerWriteReactor<v1::RegionProjectFilingsPage>*
  StreamRegionProjectFilings(grpc::CallbackServerContext* context,
                             const v1::ProjectFilingsRequest* request) override;

 private:
  // Submit, return or approve: the caller checked for the action, then in
  // the write's transaction the workflow's move from the stored status and
  // what `fill` adds (it may refuse: nothing is written).
  absl::Status Move(grpc::CallbackServerContext& context,
                    const pb::ProjectTransition& request, Action action,
                    absl::FunctionRef<absl::Status(
                        const pb::TargetSet* in_force, pb::ProjectFiling& next)>
                        fill,
                    pb::ProjectFiling* response);

  ProjectFilingStore* const store_;
};

}  // namespace jixiao::indicator

#endif  // JIXIAO_SERVICES_INDICATOR_PROJECT_EVALUATION_SERVICE_H_

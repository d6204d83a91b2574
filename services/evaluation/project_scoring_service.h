// ProjectScoringService (proto/jixiao/evaluation/v1/projects.proto): the
// project self-evaluations scored, their forms rendered, a region's
// projects ranked, over gRPC's callback API. Reads only: nothing is
// written, so nothing is audited.
#ifndef JIXIAO_SERVICES_EVALUATION_PROJECT_SCORING_SERVICE_H_
#define JIXIAO_SERVICES_EVALUATION_PROJECT_SCORING_SERVICE_H_

#include "jixiao/evaluation/v1/projects.grpc.pb.h"
#include "services/evaluation/project_evaluator.h"

namespace jixiao::evaluation {

class ProjectScoringServiceImpl final
    : public v1::ProjectScoringService::CallbackService {
 public:
  explicit ProjectScoringServiceImpl(ProjectEvaluator* evaluator)
      : evaluator_(evaluator) {}

  grpc::ServerUnaryReactor* EvaluateProjects(
      grpc::CallbackServerContext* context, const v1::EvaluateRequest* request,
      v1::ProjectEvaluations* response) override;
  grpc::ServerUnaryReactor* EvaluateProject(
      grpc::CallbackServerContext* context, const v1::ProjectRef* request,
      v1::ProjectResult* response) override;
  grpc::ServerUnaryReactor* RenderProjectForm(
      grpc::CallbackServerContext* context,
      const v1::RenderProjectFormRequest* request,
      v1::Report* response) override;
  grpc::ServerWriteReactor<v1::RegionProjectEvent>* EvaluateRegionProjects(
      grpc::CallbackServerContext* context,
      const v1::EvaluateRegionProjectsRequest* request) override;
  grpc::ServerUnaryReactor* ListProjectSchemes(
      grpc::CallbackServerContext* context,
      const v1::ListProjectSchemesRequest* request,
      v1::ListProjectSchemesResponse* response) override;

 private:
  ProjectEvaluator* const evaluator_;
};

}  // namespace jixiao::evaluation

#endif  // JIXIAO_SERVICES_EVALUATION_PROJECT_SCORING_SERVICE_H_

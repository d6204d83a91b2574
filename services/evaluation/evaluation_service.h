// The evaluation service over gRPC's callback API.
#ifndef JIXIAO_SERVICES_EVALUATION_EVALUATION_SERVICE_H_
#define JIXIAO_SERVICES_EVALUATION_EVALUATION_SERVICE_H_

#include "jixiao/evaluation/v1/evaluation.grpc.pb.h"
#include "services/common/cache/redis_cache.h"
#include "services/evaluation/evaluator.h"
#include "services/evaluation/project_evaluator.h"

namespace jixiao::evaluation {

// Evaluate takes and gives bytes (a raw method): a result kept in memory is
// sent as it was serialized when it was kept, not copied and serialized
// again for every read. The wire format is the same EvaluateRequest and
// EvaluationResult.
class EvaluationServiceImpl final
    : public v1::EvaluationService::WithRawCallbackMethod_Evaluate<
          v1::EvaluationService::CallbackService> {
 public:
  // `projects`: for the report's project section (none without it).
  EvaluationServiceImpl(Evaluator* evaluator, Peers* peers, ResultStore* store,
                        cache::RedisCache* cache,
                        ProjectEvaluator* projects = nullptr)
      : evaluator_(evaluator),
        peers_(peers),
        store_(store),
        cache_(cache),
        projects_(projects) {}

  grpc::ServerUnaryReactor* Evaluate(grpc::CallbackServerContext* context,
                                     const grpc::ByteBuffer* request,
                                     grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* GetResult(grpc::CallbackServerContext* context,
                                      const v1::DepartmentYear* request,
                                      v1::EvaluationResult* response) override;
  grpc::ServerWriteReactor<v1::RegionEvent>* EvaluateRegion(
      grpc::CallbackServerContext* context,
      const v1::EvaluateRegionRequest* request) override;
  grpc::ServerUnaryReactor* RenderReport(grpc::CallbackServerContext* context,
                                         const v1::RenderReportRequest* request,
                                         v1::Report* response) override;
  grpc::ServerUnaryReactor* GetCacheStats(
      grpc::CallbackServerContext* context,
      const v1::GetCacheStatsRequest* request,
      v1::CacheStats* response) override;
  grpc::ServerUnaryReactor* ListAudit(
      grpc::CallbackServerContext* context,
      const audit::v1::ListAuditRequest* request,
      audit::v1::ListAuditResponse* response) override;

 private:
  Evaluator* const evaluator_;
  Peers* const peers_;
  ResultStore* const store_;
  cache::RedisCache* const cache_;
  ProjectEvaluator* const projects_;
};

}  // namespace jixiao::evaluation

#endif  // JIXIAO_SERVICES_EVALUATION_EVALUATION_SERVICE_H_

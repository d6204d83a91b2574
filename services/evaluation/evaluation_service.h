// The evaluation service over gRPC's callback API.
#ifndef JIXIAO_SERVICES_EVALUATION_EVALUATION_SERVICE_H_
#define JIXIAO_SERVICES_EVALUATION_EVALUATION_SERVICE_H_

#include "jixiao/evaluation/v1/evaluation.grpc.pb.h"
#include "services/common/arena_messages.h"
#include "services/common/cache/redis_cache.h"
#include "services/evaluation/evaluator.h"

namespace jixiao::evaluation {

class EvaluationServiceImpl final
    : public v1::EvaluationService::CallbackService {
 public:
  EvaluationServiceImpl(Evaluator* evaluator, Peers* peers, ResultStore* store,
                        cache::RedisCache* cache)
      : evaluator_(evaluator), peers_(peers), store_(store), cache_(cache) {
    SetMessageAllocatorFor_Evaluate(&evaluate_messages_);
  }

  grpc::ServerUnaryReactor* Evaluate(grpc::CallbackServerContext* context,
                                     const v1::EvaluateRequest* request,
                                     v1::EvaluationResult* response) override;
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
  ArenaMessages<v1::EvaluateRequest, v1::EvaluationResult> evaluate_messages_;
};

}  // namespace jixiao::evaluation

#endif  // JIXIAO_SERVICES_EVALUATION_EVALUATION_SERVICE_H_

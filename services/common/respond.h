// The one shape of every unary handler on the callback API: run the work
// on a handler worker (it may block: storage, other services), then finish
// with its status. The work must capture by value: it runs after the
// handler has returned.
#ifndef JIXIAO_SERVICES_COMMON_RESPOND_H_
#define JIXIAO_SERVICES_COMMON_RESPOND_H_

#include "grpcpp/server_context.h"
#include "grpcpp/support/server_callback.h"
#include "services/common/grpc_status.h"
#include "services/common/worker_pool.h"

namespace jixiao {

template <typename Work>
grpc::ServerUnaryReactor* Respond(grpc::CallbackServerContext* context,
                                  Work&& work) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  WorkerPool::ForHandlers().Post(
      [reactor, work = std::forward<Work>(work)]() mutable {
        reactor->Finish(ToGrpcStatus(work()));
      });
  return reactor;
}

}  // namespace jixiao

#endif  // JIXIAO_SERVICES_COMMON_RESPOND_H_

// The one shape of every unary handler on the callback API: check the
// caller's token (UNAUTHENTICATED before any work when tokens are checked and
// it is missing or bad), run the work on a handler worker (it may block:
// storage, other services), then finish with its status. The work must capture
// by value: it runs after the handler has returned.
#ifndef JIXIAO_SERVICES_COMMON_RESPOND_H_
#define JIXIAO_SERVICES_COMMON_RESPOND_H_

#include "grpcpp/server_context.h"
#include "grpcpp/support/server_callback.h"
#include "services/common/auth.h"
#include "services/common/grpc_status.h"
#include "services/common/worker_pool.h"

namespace jixiao {

template <typename Work>
grpc::ServerUnaryReactor* Respond(grpc::CallbackServerContext* context,
                                  Work&& work) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  WorkerPool::ForHandlers().Post(
      [reactor, context, work = std::forward<Work>(work)]() mutable {
        const auto caller = auth::CallerOf(*context);
        reactor->Finish(ToGrpcStatus(caller.ok() ? work() : caller.status()));
      });
  return reactor;
}

// Respond, with the work run right here on gRPC's thread: for work that
// never waits (a read of a local SQLite row), where the hand-off to a worker
// would cost more than the work.
template <typename Work>
grpc::ServerUnaryReactor* RespondInline(grpc::CallbackServerContext* context,
                                        Work&& work) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  const auto caller = auth::CallerOf(*context);
  reactor->Finish(ToGrpcStatus(caller.ok() ? work() : caller.status()));
  return reactor;
}

}  // namespace jixiao

#endif  // JIXIAO_SERVICES_COMMON_RESPOND_H_

// The one shape of every unary handler on the callback API: run the work,
// finish with its status. Keeps each handler to its own logic.
#ifndef JIXIAO_SERVICES_COMMON_RESPOND_H_
#define JIXIAO_SERVICES_COMMON_RESPOND_H_

#include "grpcpp/server_context.h"
#include "grpcpp/support/server_callback.h"
#include "services/common/grpc_status.h"

namespace jixiao {

template <typename Work>
grpc::ServerUnaryReactor* Respond(grpc::CallbackServerContext* context,
                                  Work&& work) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(ToGrpcStatus(work()));
  return reactor;
}

}  // namespace jixiao

#endif  // JIXIAO_SERVICES_COMMON_RESPOND_H_

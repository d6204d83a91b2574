// absl::Status and grpc::Status share their codes; this carries one into the
// other at the transport edge, so that domain and storage code stay free of
// gRPC.
#ifndef JIXIAO_SERVICES_COMMON_GRPC_STATUS_H_
#define JIXIAO_SERVICES_COMMON_GRPC_STATUS_H_

#include <string>

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace jixiao {

inline grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()),
                      std::string(status.message()));
}

inline absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                      status.error_message());
}

}  // namespace jixiao

#endif  // JIXIAO_SERVICES_COMMON_GRPC_STATUS_H_

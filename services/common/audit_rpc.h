// ListAudit, the same in every service: the filters checked, the caller
// checked (finance of the region, or admin), then the service's audit_log.
#ifndef JIXIAO_SERVICES_COMMON_AUDIT_RPC_H_
#define JIXIAO_SERVICES_COMMON_AUDIT_RPC_H_

#include "absl/status/status.h"
#include "grpcpp/server_context.h"
#include "jixiao/audit/v1/audit.pb.h"
#include "services/common/storage/database.h"

namespace jixiao {

absl::Status ServeListAudit(const grpc::ServerContextBase& context,
                            storage::Database& db,
                            const audit::v1::ListAuditRequest& request,
                            audit::v1::ListAuditResponse* response);

}  // namespace jixiao

#endif  // JIXIAO_SERVICES_COMMON_AUDIT_RPC_H_

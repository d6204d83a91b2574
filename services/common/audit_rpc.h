// ListAudit, the same in every service: the filters checked, the caller
// checked (finance of the region, or admin), then the service's audit_log.
#ifndef JIXIAO_SERVICES_COMMON_AUDIT_RPC_H_
#define JIXIAO_SERVICES_COMMON_AUDIT_RPC_H_

#include "absl/status/status.h"
#include "grpcpp/server_context.h"
#include "jixiao/audit/v1/audit.pb.h"
#include "services/common/storage/audit.h"
#include "services/common/storage/database.h"

namespace jixiao {

absl::Status ServeListAudit(const grpc::ServerContextBase& context,
                            storage::Database& db,
                            const audit::v1::ListAuditRequest& request,
                            audit::v1::ListAuditResponse* response);

// Who an audit row names for a write by the caller: the verified token's
// subject and role, the request id, the method. Without tokens (--insecure)
// subject and role are empty rather than anything the request states.
storage::Writer AuditWriter(const grpc::ServerContextBase& context,
                            absl::string_view method);

}  // namespace jixiao

#endif  // JIXIAO_SERVICES_COMMON_AUDIT_RPC_H_

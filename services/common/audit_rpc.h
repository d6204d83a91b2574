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
// subject and role, the request id, the method. Without tokens (open mode)
// the subject is the x-jixiao-actor header's name ("anonymous" without one)
// and the role empty: no role the caller states is recorded. The
// one builder of a storage::Writer: `acting_subject`, when given, names the
// person a workflow request acts as (the indicator service's Actor, which
// ActingAs has made the token's subject once tokens are checked).
storage::Writer AuditWriter(const grpc::ServerContextBase& context,
                            absl::string_view method,
                            absl::string_view acting_subject = {});

}  // namespace jixiao

#endif  // JIXIAO_SERVICES_COMMON_AUDIT_RPC_H_

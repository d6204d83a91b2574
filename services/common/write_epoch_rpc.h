// GetWriteEpoch, the same in the budget and the indicator service (each
// with its own response type): the epoch of the service's database
// (storage/write_epoch.h), for any authenticated caller.
#ifndef JIXIAO_SERVICES_COMMON_WRITE_EPOCH_RPC_H_
#define JIXIAO_SERVICES_COMMON_WRITE_EPOCH_RPC_H_

#include "absl/status/status.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/server_callback.h"
#include "libs/base/status_macros.h"
#include "services/common/respond.h"
#include "services/common/storage/database.h"
#include "services/common/storage/write_epoch.h"

namespace jixiao {

template <typename WriteEpoch>
grpc::ServerUnaryReactor* ServeWriteEpoch(grpc::CallbackServerContext* context,
                                          storage::Database& db,
                                          WriteEpoch* response) {
  storage::Database* const database = &db;
  const auto read = [database, response]() -> absl::Status {
    JIXIAO_ASSIGN_OR_RETURN(auto epoch, storage::ReadWriteEpoch(*database));
    response->set_epoch(epoch);
    return absl::OkStatus();
  };
  // Read for every few cached evaluations: a local SQLite row is read
  // where the call arrives; PostgreSQL is a round trip, on a worker.
  return db.Backend() == "sqlite" ? RespondInline(context, read)
                                  : Respond(context, read);
}

}  // namespace jixiao

#endif  // JIXIAO_SERVICES_COMMON_WRITE_EPOCH_RPC_H_

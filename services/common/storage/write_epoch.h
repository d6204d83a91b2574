// A service's write epoch: one counter, raised by every write transaction
// in that transaction, so that whoever read it before a write sees it
// change after the write commits, whichever replica wrote. Raised to at
// least the time in microseconds, so that a restored or new database does
// not hand out again an epoch that named other data. Another service
// keeps what it computed from this one's data for as long as the epoch
// stands still (the evaluation service's in-memory results), and it needs
// one cheap read, not a read per item, to know that nothing moved.
#ifndef JIXIAO_SERVICES_COMMON_STORAGE_WRITE_EPOCH_H_
#define JIXIAO_SERVICES_COMMON_STORAGE_WRITE_EPOCH_H_

#include <cstdint>
#include <memory>

#include "absl/status/statusor.h"
#include "services/common/storage/database.h"

namespace jixiao::storage {

// The migration that creates the counter (a service lists it once).
inline constexpr char kWriteEpochSchema[] = R"sql(
CREATE TABLE write_epoch (
  id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
  epoch BIGINT NOT NULL
);
INSERT INTO write_epoch (id, epoch) VALUES (1, 1);
)sql";

// `db` with every successful write also raising the epoch (applied after
// the migrations, which create the counter).
std::unique_ptr<Database> CountingWrites(std::unique_ptr<Database> db);

// The epoch now: a read of one row.
absl::StatusOr<int64_t> ReadWriteEpoch(Database& db);

}  // namespace jixiao::storage

#endif  // JIXIAO_SERVICES_COMMON_STORAGE_WRITE_EPOCH_H_

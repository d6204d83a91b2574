#include "services/common/storage/write_epoch.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "libs/base/status_macros.h"
#include "services/common/storage/row_reader.h"

namespace jixiao::storage {

namespace {

class CountingDatabase : public Database {
 public:
  explicit CountingDatabase(std::unique_ptr<Database> db)
      : db_(std::move(db)) {}

  absl::Status Write(absl::FunctionRef<absl::Status(Session&)> work) override {
    return db_->Write([&](Session& s) -> absl::Status {
      JIXIAO_RETURN_IF_ERROR(work(s));
      // Last, so that the row is locked for the shortest time (writes are
      // serialized already: SQLite's one writer, PostgreSQL's write lock).
      // Raised to the time in microseconds when that is more: a database
      // restored from a backup, or a new one, then never gives an epoch it
      // gave before to other data (an epoch names one state of one line of
      // writes; clocks would have to go back by the whole gap).
      const int64_t now = absl::ToUnixMicros(absl::Now());
      return s.Execute(
          "UPDATE write_epoch SET epoch = CASE WHEN epoch + 1 > ? THEN epoch "
          "+ 1 ELSE ? END WHERE id = 1",
          {Int(now), Int(now)});
    });
  }
  absl::Status Read(absl::FunctionRef<absl::Status(Session&)> work) override {
    return db_->Read(work);
  }
  absl::string_view Backend() const override { return db_->Backend(); }

 private:
  const std::unique_ptr<Database> db_;
};

}  // namespace

std::unique_ptr<Database> CountingWrites(std::unique_ptr<Database> db) {
  return std::make_unique<CountingDatabase>(std::move(db));
}

absl::StatusOr<int64_t> ReadWriteEpoch(Database& db) {
  int64_t epoch = 0;
  JIXIAO_RETURN_IF_ERROR(db.Read([&](Session& s) -> absl::Status {
    JIXIAO_ASSIGN_OR_RETURN(
        auto rows, s.Query("SELECT epoch FROM write_epoch WHERE id = 1"));
    if (rows.empty()) return absl::InternalError("write_epoch has no row");
    JIXIAO_ASSIGN_OR_RETURN(auto [stored], ReadColumns<int64_t>(rows.front()));
    epoch = stored;
    return absl::OkStatus();
  }));
  return epoch;
}

}  // namespace jixiao::storage

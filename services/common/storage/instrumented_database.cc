#include "services/common/storage/instrumented_database.h"

#include <chrono>
#include <utility>

#include "services/common/metrics.h"

namespace jixiao::storage {
namespace {

class InstrumentedDatabase : public Database {
 public:
  explicit InstrumentedDatabase(std::unique_ptr<Database> db)
      : db_(std::move(db)) {}

  absl::Status Write(absl::FunctionRef<absl::Status(Session&)> work) override {
    return Timed("write", [&] { return db_->Write(work); });
  }
  absl::Status Read(absl::FunctionRef<absl::Status(Session&)> work) override {
    return Timed("read", [&] { return db_->Read(work); });
  }
  absl::string_view Backend() const override { return db_->Backend(); }

 private:
  template <typename Run>
  absl::Status Timed(absl::string_view op, Run run) {
    const auto start = std::chrono::steady_clock::now();
    absl::Status status = run();
    const std::chrono::duration<double> took =
        std::chrono::steady_clock::now() - start;
    // A refusal by the work itself (NOT_FOUND, ABORTED …) is not a storage
    // error; what the backend maps to UNAVAILABLE or INTERNAL is.
    const bool failed = absl::IsUnavailable(status) || absl::IsInternal(status);
    metrics::RecordDatabase(op, db_->Backend(), took.count(), !failed);
    return status;
  }

  const std::unique_ptr<Database> db_;
};

}  // namespace

std::unique_ptr<Database> Instrumented(std::unique_ptr<Database> db) {
  return std::make_unique<InstrumentedDatabase>(std::move(db));
}

}  // namespace jixiao::storage

// The peers' write epochs, read after a given moment, shared by concurrent
// readers: a read already on its way began before some of them arrived, so
// they wait for the next one, which then serves all of them. At 64 reads in
// flight that is one round trip to the peers every few reads instead of one
// a read, and each reader still knows that nothing changed before it came.
// Nobody blocks: a reader leaves a callback, run when its read ends (on
// gRPC's thread).
#ifndef JIXIAO_SERVICES_EVALUATION_FRESH_EPOCHS_H_
#define JIXIAO_SERVICES_EVALUATION_FRESH_EPOCHS_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "services/evaluation/peers.h"

namespace jixiao::evaluation {

class FreshEpochs {
 public:
  using Done = std::function<void(const absl::StatusOr<WriteEpochs>&)>;

  explicit FreshEpochs(Peers* peers) : peers_(peers) {}

  // Calls `done` with epochs from a read of the peers that began after this
  // call did (made with `caller`'s token, or another waiting caller's).
  void ReadAfterNow(const Forwarded& caller, Done done);
  // The epochs of the last read that succeeded, if any: read before
  // anything the caller reads next.
  std::optional<WriteEpochs> LastRead();

 private:
  struct Waiter {
    uint64_t needed;  // the first read that began after the call
    Forwarded caller;
    Done done;
  };
  // Begins read number `number` (outside the lock: the peers' calls).
  void Begin(uint64_t number, const Forwarded& caller);
  void Ended(uint64_t number, absl::StatusOr<WriteEpochs> read);

  Peers* const peers_;
  absl::Mutex mu_;
  bool reading_ ABSL_GUARDED_BY(mu_) = false;
  uint64_t started_ ABSL_GUARDED_BY(mu_) = 0;  // reads begun
  std::vector<Waiter> waiting_ ABSL_GUARDED_BY(mu_);
  std::optional<WriteEpochs> last_good_ ABSL_GUARDED_BY(mu_);
};

}  // namespace jixiao::evaluation

#endif  // JIXIAO_SERVICES_EVALUATION_FRESH_EPOCHS_H_

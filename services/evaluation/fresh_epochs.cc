#include "services/evaluation/fresh_epochs.h"

#include <utility>

namespace jixiao::evaluation {

void FreshEpochs::ReadAfterNow(const Forwarded& caller, Done done) {
  std::optional<uint64_t> begin;
  {
    absl::MutexLock lock(&mu_);
    // A read on its way now began before this call: the next one is
    // needed (and if none is on its way, the next one begins now).
    waiting_.push_back({started_ + 1, caller, std::move(done)});
    if (!reading_) {
      reading_ = true;
      begin = ++started_;
    }
  }
  if (begin) Begin(*begin, caller);
}

void FreshEpochs::Begin(uint64_t number, const Forwarded& caller) {
  peers_->GetWriteEpochs(caller,
                         [this, number](absl::StatusOr<WriteEpochs> read) {
                           Ended(number, std::move(read));
                         });
}

void FreshEpochs::Ended(uint64_t number, absl::StatusOr<WriteEpochs> read) {
  std::vector<Waiter> served;
  std::optional<Forwarded> next;
  uint64_t next_number = 0;
  {
    absl::MutexLock lock(&mu_);
    reading_ = false;
    if (read.ok()) last_good_ = *read;
    // Reads never overlap: this one began after every waiter that needs a
    // read numbered `number` or before.
    std::vector<Waiter> still;
    for (Waiter& w : waiting_) {
      (w.needed <= number ? served : still).push_back(std::move(w));
    }
    waiting_ = std::move(still);
    if (!waiting_.empty()) {
      reading_ = true;
      next_number = ++started_;
      next = waiting_.front().caller;
    }
  }
  if (next) Begin(next_number, *next);
  for (Waiter& w : served) w.done(read);
}

std::optional<WriteEpochs> FreshEpochs::LastRead() {
  absl::MutexLock lock(&mu_);
  return last_good_;
}

}  // namespace jixiao::evaluation

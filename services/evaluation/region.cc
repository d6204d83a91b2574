#include "services/evaluation/region.h"

#include <algorithm>
#include <atomic>
#include <deque>
#include <map>
#include <thread>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "libs/base/status_macros.h"
#include "libs/money/decimal.h"

namespace jixiao::evaluation {
namespace {

namespace bpb = ::jixiao::budget::v1;
namespace ipb = ::jixiao::indicator::v1;

// Results are saved (one transaction) before they are sent, this many at a
// time: few transactions, and memory bounded by two batches.
constexpr size_t kSaveBatch = 250;

// Whether every derived value came from the figures the budget read saw.
bool DerivedFrom(const ipb::Evaluation& evaluation, int64_t figures_version) {
  if (evaluation.status() == ipb::APPROVED) return true;  // frozen
  for (const ipb::IndicatorValue& v : evaluation.values()) {
    if (v.source() == ipb::DERIVED &&
        v.derivation().budget_figures_version() != figures_version) {
      return false;
    }
  }
  return true;
}

class RegionRun {
 public:
  RegionRun(Peers& peers, Evaluator& evaluator, ResultStore& store,
            const std::string& region_code, int32_t year,
            const Forwarded& caller, RegionTally& tally,
            absl::FunctionRef<bool(v1::EvaluationResult)> emit)
      : peers_(peers),
        evaluator_(evaluator),
        store_(store),
        region_code_(region_code),
        year_(year),
        caller_(caller),
        tally_(tally),
        emit_(emit) {}

  // Scores on this thread while another saves and sends the batches
  // scored before (two cores at work, not one).
  absl::Status Run() {
    std::thread saver([this] { SaveAndSendBatches(); });
    RegionStreams streams = peers_.OpenRegion(region_code_, year_, caller_);
    ipb::Evaluation evaluation;
    bool have_evaluation = streams.indicator.Next(&evaluation);
    bpb::DepartmentInputs budget;
    while (!stop_ && streams.budget.Next(&budget)) {
      const std::string& code = budget.department().code();
      // An evaluation of a code the budget service does not know cannot be
      // scored (StartEvaluation checks the department): passed over.
      while (have_evaluation && evaluation.key().department_code() < code) {
        have_evaluation = streams.indicator.Next(&evaluation);
      }
      if (!have_evaluation || evaluation.key().department_code() != code) {
        tally_.Skip();
        continue;
      }
      auto result = Score(budget, evaluation);
      have_evaluation = streams.indicator.Next(&evaluation);
      if (!result.ok()) {
        tally_.Error(code, result.status().message());
        continue;
      }
      tally_.Add(*result);
      pending_.push_back(*std::move(result));
      if (pending_.size() >= kSaveBatch) Hand();
    }
    while (!stop_ && have_evaluation) {
      have_evaluation = streams.indicator.Next(&evaluation);
    }
    const absl::Status read = peers_.FinishRegion(streams, stop_);
    // What was read after a failed read is not sent: the call fails.
    if (read.ok()) Hand();
    {
      const absl::MutexLock lock(&mu_);
      closed_ = true;
    }
    saver.join();
    JIXIAO_RETURN_IF_ERROR(save_failure_);
    if (stop_) return absl::OkStatus();  // the caller went away
    return read;
  }

 private:
  absl::StatusOr<v1::EvaluationResult> Score(
      const bpb::DepartmentInputs& budget, const ipb::Evaluation& evaluation) {
    v1::DepartmentYear key;
    key.set_region_code(region_code_);
    key.set_department_code(budget.department().code());
    key.set_year(year_);
    const bpb::Versions& v = budget.versions();
    if (!DerivedFrom(evaluation, v.figures_version())) {
      return evaluator_.Evaluate(key, caller_);
    }
    const Versions versions{evaluation.version(),
                            evaluation.framework_id(),
                            evaluation.framework_version(),
                            v.department_version(),
                            v.figures_version(),
                            v.base_figures_version(),
                            evaluation.status() == ipb::APPROVED
                                ? 0
                                : evaluation.targets_version()};
    JIXIAO_ASSIGN_OR_RETURN(auto framework, Framework(evaluation));
    // Scoring reads the findings; the figures and rates are the report's.
    const ScoreInputs inputs{
        evaluation, *framework, budget.department(),
        budget.figures_stored() ? &budget.consistency() : nullptr};
    return evaluator_.ComputeAndCache(key, versions, inputs);
  }

  // A region's evaluations use a few framework versions: each is read once.
  absl::StatusOr<const ipb::Framework*> Framework(
      const ipb::Evaluation& evaluation) {
    const auto id = std::make_pair(evaluation.framework_id(),
                                   evaluation.framework_version());
    auto it = frameworks_.find(id);
    if (it == frameworks_.end()) {
      JIXIAO_ASSIGN_OR_RETURN(
          auto framework, peers_.GetFramework(id.first, id.second, caller_));
      it = frameworks_.emplace(id, std::move(framework)).first;
    }
    return &it->second;
  }

  // Queues the pending results for the saver (waiting while two batches
  // are queued: memory stays bounded).
  void Hand() {
    if (pending_.empty()) return;
    const absl::MutexLock lock(&mu_,
                               absl::Condition(this, &RegionRun::HasRoom));
    batches_.push_back(std::move(pending_));
    pending_.clear();
  }

  // The saver thread: each batch saved in one transaction, then sent.
  void SaveAndSendBatches() {
    while (true) {
      std::vector<v1::EvaluationResult> batch;
      {
        const absl::MutexLock lock(
            &mu_, absl::Condition(this, &RegionRun::HasBatchOrClosed));
        if (batches_.empty()) return;
        batch = std::move(batches_.front());
        batches_.pop_front();
      }
      if (stop_) continue;  // a failure or the caller gone: drop the rest
      std::vector<const v1::EvaluationResult*> saved;
      saved.reserve(batch.size());
      for (const v1::EvaluationResult& r : batch) saved.push_back(&r);
      if (absl::Status s =
              store_.SaveAll(saved, {caller_.subject, caller_.request_id,
                                     "EvaluateRegion", caller_.role});
          !s.ok()) {
        save_failure_ = s;
        Stop();
        continue;
      }
      for (v1::EvaluationResult& r : batch) {
        if (!emit_(std::move(r))) {
          Stop();
          break;
        }
      }
    }
  }

  // Set under mu_ although stop_ is atomic: releasing mu_ is what wakes a
  // scorer waiting in Hand for room.
  void Stop() {
    const absl::MutexLock lock(&mu_);
    stop_ = true;
  }

  // What the scorer waits for in Hand (two batches queued at most), and
  // what the saver waits for; re-checked whenever mu_ is released.
  bool HasRoom() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return batches_.size() < 2 || stop_;
  }
  bool HasBatchOrClosed() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return !batches_.empty() || closed_;
  }

  Peers& peers_;
  Evaluator& evaluator_;
  ResultStore& store_;
  const std::string& region_code_;
  const int32_t year_;
  const Forwarded& caller_;
  RegionTally& tally_;
  const absl::FunctionRef<bool(v1::EvaluationResult)> emit_;
  std::map<std::pair<std::string, int32_t>, ipb::Framework> frameworks_;
  std::vector<v1::EvaluationResult> pending_;  // the scoring thread's

  absl::Mutex mu_;
  std::deque<std::vector<v1::EvaluationResult>> batches_ ABSL_GUARDED_BY(mu_);
  bool closed_ ABSL_GUARDED_BY(mu_) = false;  // no more batches to come
  std::atomic<bool> stop_{false};  // a save failed or the caller went away
  absl::Status save_failure_;      // the saver's; read after join
};

}  // namespace

void RegionTally::Add(const v1::EvaluationResult& result) {
  const auto total = money::ParseDecimal(result.total(), 2, INT64_MAX / 100);
  entries_.push_back(Entry{result.key().department_code(),
                           result.department_name(), result.total(),
                           total.ok() ? *total : 0, result.grade()});
}

void RegionTally::Error(const std::string& department_code,
                        absl::string_view message) {
  errors_.push_back(absl::StrCat(department_code, "：", message));
}

v1::RegionSummary RegionTally::Summary() const {
  v1::RegionSummary s;
  s.set_evaluated(static_cast<int>(entries_.size()));
  s.set_skipped(skipped_);
  std::vector<const Entry*> ranked;
  ranked.reserve(entries_.size());
  for (const Entry& e : entries_) ranked.push_back(&e);
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const Entry* a, const Entry* b) {
                     if (a->total != b->total) return a->total > b->total;
                     return a->code < b->code;
                   });
  std::map<std::string, int> grades;
  int rank = 0;
  for (size_t i = 0; i < ranked.size(); ++i) {
    const Entry& e = *ranked[i];
    if (i == 0 || e.total != ranked[i - 1]->total) {
      rank = static_cast<int>(i) + 1;  // ties share a rank
    }
    v1::RankedDepartment* d = s.add_ranking();
    d->set_rank(rank);
    d->set_department_code(e.code);
    d->set_department_name(e.name);
    d->set_total(e.total_text);
    d->set_grade(e.grade);
    ++grades[e.grade];
  }
  for (const char* grade : {"优", "良", "中", "差"}) {
    v1::GradeCount* g = s.add_grades();
    g->set_grade(grade);
    g->set_count(grades[grade]);
    grades.erase(grade);
  }
  for (const auto& [grade, count] : grades) {  // custom band names
    v1::GradeCount* g = s.add_grades();
    g->set_grade(grade);
    g->set_count(count);
  }
  for (const std::string& e : errors_) s.add_errors(e);
  return s;
}

absl::Status EvaluateRegion(
    Peers& peers, Evaluator& evaluator, ResultStore& store,
    const std::string& region_code, int32_t year, const Forwarded& caller,
    RegionTally& tally, absl::FunctionRef<bool(v1::EvaluationResult)> emit) {
  return RegionRun(peers, evaluator, store, region_code, year, caller, tally,
                   emit)
      .Run();
}

}  // namespace jixiao::evaluation

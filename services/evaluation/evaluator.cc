#include "services/evaluation/evaluator.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/notification.h"
#include "libs/base/status_macros.h"
#include "libs/money/decimal.h"
#include "services/common/worker_pool.h"

namespace jixiao::evaluation {
namespace {

namespace bpb = ::jixiao::budget::v1;
namespace ipb = ::jixiao::indicator::v1;

// Versions can move while the inputs are read; a result is kept only when
// every input was read at the versions looked up, and the read is tried
// again otherwise.
constexpr int kReadAttempts = 3;

std::string SeverityLabel(bpb::Severity s) {
  switch (s) {
    case bpb::SEVERITY_ERROR:
      return "错误";
    case bpb::SEVERITY_WARNING:
      return "警告";
    default:
      return "提示";
  }
}

absl::StatusOr<std::shared_ptr<const std::string>> Serialized(
    const absl::StatusOr<v1::EvaluationResult>& result) {
  JIXIAO_RETURN_IF_ERROR(result.status());
  auto bytes = std::make_shared<std::string>();
  result->SerializeToString(bytes.get());
  return bytes;
}

}  // namespace

Evaluator::Evaluator(Peers* peers, ResultStore* store, cache::RedisCache* cache,
                     std::vector<GradeBand> bands, size_t memory_entries,
                     ProjectEvaluator* projects)
    : peers_(peers),
      store_(store),
      cache_(cache),
      bands_(std::move(bands)),
      tier_(memory_entries),
      epochs_(peers),
      projects_(projects) {
  std::vector<std::string> parts;
  for (const GradeBand& b : bands_) {
    parts.push_back(absl::StrCat(b.grade, b.min_percent_centi));
  }
  bands_tag_ = absl::StrJoin(parts, ",");
}

std::string Evaluator::CacheKey(const v1::DepartmentYear& key,
                                const Versions& v) const {
  return absl::StrCat("jixiao:evaluation:v1:", key.region_code(), ":",
                      key.department_code(), ":", key.year(), ":",
                      v.framework_id, "@", v.framework_version, ":i",
                      v.indicator, ":d", v.department, ":f", v.figures, ":b",
                      v.base_figures, ":t", v.targets, ":", bands_tag_);
}

v1::EvaluationResult Evaluator::Compute(const v1::DepartmentYear& key,
                                        const Versions& v,
                                        const ScoreInputs& in) const {
  Scored scored = Score(in.framework, in.evaluation.values(), bands_);
  v1::EvaluationResult r;
  *r.mutable_key() = key;
  r.set_department_name(in.department.name());
  r.set_framework_id(in.framework.id());
  r.set_framework_version(in.framework.version());
  r.set_framework_name(in.framework.name());
  r.set_indicator_version(v.indicator);
  r.set_department_version(v.department);
  r.set_figures_version(v.figures);
  r.set_base_figures_version(v.base_figures);
  r.set_targets_version(in.evaluation.targets_in_force());
  r.set_total(money::FormatDecimal(scored.total, 2));
  r.set_total_weight(money::FormatDecimal(scored.total_weight, 2));
  r.set_grade(scored.grade);
  if (in.evaluation.has_self_score()) {
    r.set_self_score(in.evaluation.self_score());
    auto self = money::ParseDecimal(in.evaluation.self_score(), 2, 1'000'000);
    if (self.ok())
      r.set_difference(money::FormatDecimal(*self - scored.total, 2));
  }
  for (auto& i : scored.indicators) *r.add_indicators() = std::move(i);
  for (auto& m : scored.missing) r.add_missing(std::move(m));
  if (in.consistency != nullptr) {
    for (const bpb::Finding& f : in.consistency->findings()) {
      v1::Finding* out = r.add_findings();
      out->set_identity(f.identity());
      out->set_severity(SeverityLabel(f.severity()));
      out->set_message(f.message());
    }
  }
  r.set_complete(scored.complete);
  return r;
}

v1::EvaluationResult Evaluator::ComputeAndCache(const v1::DepartmentYear& key,
                                                const Versions& versions,
                                                const ScoreInputs& inputs) {
  v1::EvaluationResult result = Compute(key, versions, inputs);
  if (cache_->enabled()) {
    std::string bytes;
    result.SerializeToString(&bytes);
    cache_->Set(CacheKey(key, versions), bytes);
  }
  return result;
}

absl::StatusOr<std::pair<v1::EvaluationResult, Inputs>>
Evaluator::EvaluateWithInputs(const v1::DepartmentYear& key,
                              const Forwarded& caller,
                              std::optional<Versions> known) {
  for (int attempt = 1;; ++attempt) {
    // The versions read for the cache lookup serve the first attempt.
    JIXIAO_ASSIGN_OR_RETURN(
        Versions before,
        attempt == 1 && known ? *known : peers_->GetVersions(key, caller));
    JIXIAO_ASSIGN_OR_RETURN(auto inputs, peers_->Fetch(key, before, caller));
    // Every input carries the versions it was read at: no second round of
    // version reads to know that nothing moved in between.
    const bool stood_still = ReadAt(inputs, before);
    if (stood_still || attempt == kReadAttempts) {
      // Kept only when the data stood still: the versions then name it.
      if (stood_still) {
        v1::EvaluationResult result =
            ComputeAndCache(key, before, ScoreInputs::Of(inputs));
        JIXIAO_RETURN_IF_ERROR(store_->Save(
            result,
            {caller.subject, caller.request_id, "Evaluate", caller.role}));
        return std::make_pair(std::move(result), std::move(inputs));
      }
      return std::make_pair(Compute(key, before, ScoreInputs::Of(inputs)),
                            std::move(inputs));
    }
  }
}

void Evaluator::EvaluateAsync(const v1::DepartmentYear& key,
                              const Forwarded& caller, Done done) {
  if (!tier_.enabled()) {
    WorkerPool::ForHandlers().Post([this, key, caller, done = std::move(done)] {
      done(Serialized(Evaluate(key, caller)));
    });
    return;
  }
  std::string tier_key = absl::StrCat(key.region_code(), ":",
                                      key.department_code(), ":", key.year());
  // For a department not in memory, any epochs read before now will do (a
  // result kept under older ones is only the sooner dropped): nobody waits.
  if (!tier_.Has(tier_key)) {
    if (std::optional<WriteEpochs> epochs = epochs_.LastRead()) {
      EvaluateAndKeep(key, caller, std::move(tier_key), epochs,
                      std::move(done));
      return;
    }
  }
  // A kept result is served only under epochs read after this call began:
  // every write that ended before it raised them.
  epochs_.ReadAfterNow(
      caller, [this, key, caller, tier_key = std::move(tier_key),
               done = std::move(done)](
                  const absl::StatusOr<WriteEpochs>& fresh) mutable {
        if (fresh.ok()) {
          if (auto kept = tier_.Get(tier_key, *fresh)) {
            done(std::move(kept));
            return;
          }
        }
        EvaluateAndKeep(
            key, caller, std::move(tier_key),
            fresh.ok() ? std::optional<WriteEpochs>(*fresh) : std::nullopt,
            std::move(done));
      });
}

void Evaluator::EvaluateAndKeep(const v1::DepartmentYear& key,
                                const Forwarded& caller, std::string tier_key,
                                std::optional<WriteEpochs> epochs, Done done) {
  WorkerPool::ForHandlers().Post([this, key, caller,
                                  tier_key = std::move(tier_key), epochs,
                                  done = std::move(done)] {
    absl::StatusOr<v1::EvaluationResult> result = Evaluate(key, caller);
    // Read after the epochs were: if anything moved since, they moved too,
    // and the result is never served from memory.
    if (result.ok() && epochs) tier_.Put(tier_key, *epochs, *result);
    done(Serialized(result));
  });
}

absl::StatusOr<v1::EvaluationResult> Evaluator::Evaluate(
    const v1::DepartmentYear& key, const Forwarded& caller) {
  JIXIAO_ASSIGN_OR_RETURN(auto versions, peers_->GetVersions(key, caller));
  std::string bytes;
  const cache::Lookup lookup = cache_->Get(CacheKey(key, versions), &bytes);
  if (lookup == cache::Lookup::kHit) {
    v1::EvaluationResult cached;
    if (cached.ParseFromString(bytes)) {
      cached.set_cache("HIT");
      JIXIAO_RETURN_IF_ERROR(AddProjects(key, versions, caller, cached));
      return cached;
    }
  }
  JIXIAO_ASSIGN_OR_RETURN(auto computed,
                          EvaluateWithInputs(key, caller, versions));
  computed.first.set_cache(lookup == cache::Lookup::kBypass ? "BYPASS"
                                                            : "MISS");
  JIXIAO_RETURN_IF_ERROR(AddProjects(key, versions, caller, computed.first));
  return std::move(computed.first);
}

absl::Status Evaluator::AddProjects(const v1::DepartmentYear& key,
                                    const Versions& v, const Forwarded& caller,
                                    v1::EvaluationResult& result) {
  // Declared targets (v.targets), or the ones an approved evaluation was
  // frozen with (the version read then is 0): else no project to list.
  if (projects_ == nullptr ||
      (v.targets == 0 && result.targets_version() == 0)) {
    return absl::OkStatus();
  }
  JIXIAO_ASSIGN_OR_RETURN(auto scored, Projects(key, caller));
  for (const v1::ProjectResult& p : scored.projects()) {
    *result.add_projects() = DepartmentProjectOf(p);
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::ProjectEvaluations> Evaluator::Projects(
    const v1::DepartmentYear& key, const Forwarded& caller) {
  if (!cache_->enabled()) return projects_->EvaluateAll(key, caller);
  JIXIAO_ASSIGN_OR_RETURN(const WriteEpochs epochs, EpochsReadAfterNow(caller));
  const std::string cache_key = ProjectsCacheKey(key, epochs);
  std::string bytes;
  if (cache_->Get(cache_key, &bytes) == cache::Lookup::kHit) {
    v1::ProjectEvaluations kept;
    if (kept.ParseFromString(bytes)) return kept;
  }
  JIXIAO_ASSIGN_OR_RETURN(auto scored, projects_->EvaluateAll(key, caller));
  cache_->Set(cache_key, scored.SerializeAsString());
  return scored;
}

absl::StatusOr<WriteEpochs> Evaluator::EpochsReadAfterNow(
    const Forwarded& caller) {
  absl::Notification read;
  absl::StatusOr<WriteEpochs> epochs;
  epochs_.ReadAfterNow(caller, [&](const absl::StatusOr<WriteEpochs>& e) {
    epochs = e;
    read.Notify();
  });
  read.WaitForNotification();
  return epochs;
}

std::string Evaluator::ProjectsCacheKey(const v1::DepartmentYear& key,
                                        const WriteEpochs& epochs) const {
  return absl::StrCat("jixiao:projects:v1:", key.region_code(), ":",
                      key.department_code(), ":", key.year(), ":b",
                      epochs.budget, ":i", epochs.indicator, ":",
                      projects_->configuration_tag());
}

}  // namespace jixiao::evaluation

#include "services/evaluation/project_evaluator.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "libs/base/status_macros.h"
#include "services/evaluation/domain/points.h"
#include "services/evaluation/report.h"

namespace jixiao::evaluation {
namespace {

namespace bpb = ::jixiao::budget::v1;
namespace ipb = ::jixiao::indicator::v1;

}  // namespace

ProjectMoney MoneyOf(const bpb::Execution* execution,
                     const std::string& project_code) {
  ProjectMoney money;
  if (execution == nullptr) return money;
  // Projects come in code order: a binary search, not a scan per project.
  const auto& projects = execution->projects();
  const auto it =
      std::lower_bound(projects.begin(), projects.end(), project_code,
                       [](const bpb::ProjectExecution& p,
                          const std::string& code) { return p.code() < code; });
  if (it == projects.end() || it->code() != project_code) return money;
  money.known = true;
  if (it->has_original()) money.original = it->original();
  if (it->has_budget()) money.full_year = it->budget();
  money.executed = it->paid();
  return money;
}

std::vector<v1::ProjectResult> ScoreDepartmentProjects(
    const v1::DepartmentYear& key, int64_t targets_version,
    const google::protobuf::RepeatedPtrField<ipb::ProjectTarget>& projects,
    const std::map<std::string, const ipb::ProjectFiling*>& filings,
    const bpb::Execution* execution, int64_t budget_epoch,
    const std::vector<v1::ProjectScheme>& schemes,
    const std::vector<GradeBand>& bands) {
  std::vector<const ipb::ProjectTarget*> ordered;
  ordered.reserve(projects.size());
  for (const ipb::ProjectTarget& p : projects) ordered.push_back(&p);
  std::sort(ordered.begin(), ordered.end(),
            [](const ipb::ProjectTarget* a, const ipb::ProjectTarget* b) {
              return a->project_code() < b->project_code();
            });
  std::vector<v1::ProjectResult> results;
  results.reserve(ordered.size());
  for (const ipb::ProjectTarget* target : ordered) {
    ProjectInputs in;
    in.key = key;
    in.department_name =
        execution != nullptr ? execution->department_name() : "";
    in.target = target;
    in.targets_version = targets_version;
    const auto filed = filings.find(target->project_code());
    in.filing = filed == filings.end() ? nullptr : filed->second;
    in.money = MoneyOf(execution, target->project_code());
    in.figures_version =
        execution != nullptr ? execution->figures_version() : 0;
    in.payments_version = budget_epoch;
    results.push_back(ScoreProject(in, schemes, bands));
  }
  return results;
}

v1::DepartmentProject DepartmentProjectOf(const v1::ProjectResult& r) {
  v1::DepartmentProject p;
  p.set_project_code(r.project_code());
  p.set_project_name(r.project_name());
  if (r.funds().has_original()) p.set_original(r.funds().original());
  if (r.funds().has_full_year()) p.set_full_year(r.funds().full_year());
  p.set_executed(r.funds().executed());
  p.set_execution_rate(r.funds().rate());
  p.set_total(r.total());
  p.set_grade(r.grade());
  if (r.has_self_score()) p.set_self_score(r.self_score());
  p.set_filing_status(r.filing_status());
  p.set_complete(r.complete());
  return p;
}

void RegionProjectTally::Add(const v1::ProjectResult& r) {
  Entry e;
  e.ranked.set_department_code(r.key().department_code());
  e.ranked.set_department_name(r.department_name());
  e.ranked.set_project_code(r.project_code());
  e.ranked.set_project_name(r.project_name());
  e.ranked.set_total(r.total());
  e.ranked.set_grade(r.grade());
  if (r.has_self_score()) e.ranked.set_self_score(r.self_score());
  if (r.has_difference()) {
    e.ranked.set_difference(r.difference());
    e.difference = ParsePoints(r.difference());
  }
  e.ranked.set_complete(r.complete());
  e.total = ParsePoints(r.total());
  if (!r.complete()) ++incomplete_;
  if (r.grade().empty()) {  // not scored: the scheme is unknown
    errors_.push_back(absl::StrCat(
        r.key().department_code(), "/", r.project_code(), "：",
        r.missing().empty() ? "未计分" : r.missing(r.missing_size() - 1)));
  }
  entries_.push_back(std::move(e));
}

v1::RegionProjectSummary RegionProjectTally::Summary() const {
  v1::RegionProjectSummary s;
  s.set_evaluated(static_cast<int>(entries_.size()));
  s.set_incomplete(incomplete_);
  std::vector<const Entry*> ranked;
  ranked.reserve(entries_.size());
  for (const Entry& e : entries_) ranked.push_back(&e);
  const auto codes = [](const Entry* a, const Entry* b) {
    if (a->ranked.department_code() != b->ranked.department_code()) {
      return a->ranked.department_code() < b->ranked.department_code();
    }
    return a->ranked.project_code() < b->ranked.project_code();
  };
  std::sort(ranked.begin(), ranked.end(), [&](const Entry* a, const Entry* b) {
    if (a->total != b->total) return a->total > b->total;
    return codes(a, b);
  });
  std::vector<std::string> grades;
  grades.reserve(ranked.size());
  std::vector<std::pair<const Entry*, int>> gaps;
  int rank = 0;
  for (size_t i = 0; i < ranked.size(); ++i) {
    const Entry& e = *ranked[i];
    if (i == 0 || e.total != ranked[i - 1]->total) {
      rank = static_cast<int>(i) + 1;  // ties share a rank
    }
    if (s.ranking_size() < limit_) {
      v1::RankedProject* p = s.add_ranking();
      *p = e.ranked;
      p->set_rank(rank);
    }
    if (e.ranked.complete()) grades.push_back(e.ranked.grade());
    if (e.difference && std::abs(*e.difference) > gap_centi_) {
      gaps.emplace_back(&e, rank);
    }
  }
  std::sort(gaps.begin(), gaps.end(), [&](const auto& a, const auto& b) {
    const int64_t da = std::abs(*a.first->difference);
    const int64_t db = std::abs(*b.first->difference);
    if (da != db) return da > db;
    return codes(a.first, b.first);
  });
  s.set_gaps_found(static_cast<int32_t>(gaps.size()));
  for (const auto& [e, r] : gaps) {
    if (s.gaps_size() == limit_) break;
    v1::RankedProject* p = s.add_gaps();
    *p = e->ranked;
    p->set_rank(r);
  }
  *s.mutable_grades() = CountGrades(grades);
  for (const std::string& e : errors_) {
    if (s.errors_size() == limit_) break;
    s.add_errors(e);
  }
  s.set_limit(limit_);
  return s;
}

ProjectEvaluator::ProjectEvaluator(Peers* peers,
                                   std::vector<v1::ProjectScheme> schemes,
                                   std::vector<GradeBand> bands)
    : peers_(peers), schemes_(std::move(schemes)), bands_(std::move(bands)) {
  std::string configuration;
  for (const v1::ProjectScheme& scheme : schemes_) {
    const std::string bytes = scheme.SerializeAsString();
    absl::StrAppend(&configuration, bytes.size(), ":", bytes);
  }
  for (const GradeBand& band : bands_) {
    absl::StrAppend(&configuration, "|", band.grade, band.min_percent_centi);
  }
  configuration_tag_ = Sha256Hex(configuration).substr(0, 16);
}

absl::StatusOr<v1::ProjectEvaluations> ProjectEvaluator::EvaluateAll(
    const v1::DepartmentYear& key, const Forwarded& caller) {
  JIXIAO_ASSIGN_OR_RETURN(auto scored, EvaluateAllWithReads(key, caller));
  return std::move(scored.evaluations);
}

absl::StatusOr<ProjectEvaluator::Scored> ProjectEvaluator::EvaluateAllWithReads(
    const v1::DepartmentYear& key, const Forwarded& caller) {
  JIXIAO_ASSIGN_OR_RETURN(auto reads, peers_->FetchProjects(key, caller));
  Scored scored;
  v1::ProjectEvaluations& out = scored.evaluations;
  *out.mutable_key() = key;
  if (!reads.in_force) {
    *out.mutable_grades() = CountGrades({});
    scored.reads = std::move(reads);
    return scored;
  }
  std::map<std::string, const ipb::ProjectFiling*> filings;
  for (const ipb::ProjectFiling& f : reads.filings) {
    filings[f.key().project_code()] = &f;
  }
  std::vector<std::string> grades;
  for (v1::ProjectResult& r : ScoreDepartmentProjects(
           key, reads.in_force->version(), reads.in_force->projects(), filings,
           reads.execution ? &*reads.execution : nullptr, reads.budget_epoch,
           schemes_, bands_)) {
    if (r.complete()) grades.push_back(r.grade());
    *out.add_projects() = std::move(r);
  }
  *out.mutable_grades() = CountGrades(grades);
  scored.reads = std::move(reads);
  return scored;
}

absl::StatusOr<v1::ProjectResult> ProjectEvaluator::EvaluateOne(
    const v1::DepartmentYear& key, const std::string& project_code,
    const Forwarded& caller) {
  JIXIAO_ASSIGN_OR_RETURN(auto all, EvaluateAll(key, caller));
  for (v1::ProjectResult& r : *all.mutable_projects()) {
    if (r.project_code() == project_code) return std::move(r);
  }
  return absl::NotFoundError(absl::StrCat(
      "project_code: ", project_code, " is not a project of ",
      key.department_code(), "'s targets in force for ", key.year(),
      all.projects().empty() ? " (no targets approved yet)" : ""));
}

absl::Status ProjectEvaluator::EvaluateRegion(
    const std::string& region_code, int32_t year, const Forwarded& caller,
    RegionProjectTally& tally,
    absl::FunctionRef<bool(v1::ProjectResult)> emit) {
  // Read before the streams: a payment written during the read makes the
  // epoch the results name older than the data, never newer.
  JIXIAO_ASSIGN_OR_RETURN(auto epoch, peers_->BudgetWriteEpoch(caller));
  RegionProjectStreams streams =
      peers_->OpenRegionProjects(region_code, year, caller);
  bool stop = false;
  bpb::Execution execution;
  bool have_execution = streams.execution.Next(&execution);
  ipb::DepartmentProjectFilings department;
  v1::DepartmentYear key;
  key.set_region_code(region_code);
  key.set_year(year);
  while (!stop && streams.filings.Next(&department)) {
    if (department.projects().empty()) continue;
    const std::string& code = department.department_code();
    while (have_execution && execution.key().department_code() < code) {
      have_execution = streams.execution.Next(&execution);
    }
    const bool known =
        have_execution && execution.key().department_code() == code;
    std::map<std::string, const ipb::ProjectFiling*> filings;
    for (const ipb::ProjectFiling& f : department.filings()) {
      filings[f.key().project_code()] = &f;
    }
    key.set_department_code(code);
    for (v1::ProjectResult& r : ScoreDepartmentProjects(
             key, department.targets_version(), department.projects(), filings,
             known ? &execution : nullptr, epoch, schemes_, bands_)) {
      tally.Add(r);
      if (!emit(std::move(r))) {
        stop = true;
        break;
      }
    }
  }
  // The execution stream is read to its end (or cancelled) before it is
  // finished: a reader finished with messages unread may wait for them.
  while (!stop && have_execution) {
    have_execution = streams.execution.Next(&execution);
  }
  const absl::Status read = peers_->FinishRegionProjects(streams, stop);
  if (stop) return absl::OkStatus();  // the caller went away
  return read;
}

}  // namespace jixiao::evaluation

#include "services/evaluation/domain/package_check.h"

#include <map>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "libs/base/status_macros.h"
#include "libs/money/decimal.h"
#include "services/evaluation/domain/project_scoring.h"

namespace jixiao::evaluation {
namespace {

absl::Status Differs(absl::string_view where, absl::string_view what,
                     absl::string_view stated, absl::string_view recomputed) {
  return absl::FailedPreconditionError(absl::StrCat(
      where, ": ", what, " ", stated.empty() ? "(none)" : stated,
      ", recomputed ", recomputed.empty() ? "(none)" : recomputed));
}

std::string DeductionsText(
    const google::protobuf::RepeatedPtrField<v1::Deduction>& deductions) {
  std::vector<std::string> parts;
  for (const v1::Deduction& d : deductions) {
    parts.push_back(absl::StrCat("-", d.points(), " ", d.reason()));
  }
  return absl::StrJoin(parts, "; ");
}

// Each project scored again from what the manifest says it was scored
// from (its approved target, its filing, its money, its scheme), and its
// total and grade compared with the manifest's.
absl::Status CheckProjects(const v1::PackageManifest& manifest,
                           const std::vector<GradeBand>& bands) {
  for (const v1::ManifestProject& p : manifest.projects()) {
    const std::string where = absl::StrCat(
        "manifest.json: project ", p.project_code(), " ", p.project_name());
    if (!p.has_target()) {
      return absl::FailedPreconditionError(
          absl::StrCat(where,
                       ": no target to score it from (the manifest lists the "
                       "project without what it was scored from)"));
    }
    if (p.target().project_code() != p.project_code()) {
      return Differs(where, "target.project_code", p.project_code(),
                     p.target().project_code());
    }
    ProjectInputs in;
    in.key = manifest.key();
    in.department_name = manifest.department_name();
    in.target = &p.target();
    in.filing = p.has_filing() ? &p.filing() : nullptr;
    in.money.known = p.budget_known();
    if (p.has_original()) in.money.original = p.original();
    if (p.has_full_year()) in.money.full_year = p.full_year();
    in.money.executed = p.executed();
    std::vector<v1::ProjectScheme> schemes;
    if (p.has_scheme()) schemes.push_back(p.scheme());
    const v1::ProjectResult again = ScoreProject(in, schemes, bands);
    if (again.total() != p.total()) {
      return Differs(where, "total", p.total(), again.total());
    }
    if (again.grade() != p.grade()) {
      return Differs(where, "grade", p.grade(), again.grade());
    }
  }
  return absl::OkStatus();
}

}  // namespace

std::vector<std::string> LeafIds(const indicator::v1::Framework& framework) {
  std::set<std::string> parents;
  for (const auto& node : framework.nodes()) parents.insert(node.parent_id());
  std::vector<std::string> leaves;
  for (const auto& node : framework.nodes()) {
    if (!parents.contains(node.id())) leaves.push_back(node.id());
  }
  return leaves;
}

std::vector<v1::ManifestGradeBand> ManifestBands(
    const std::vector<GradeBand>& bands) {
  std::vector<v1::ManifestGradeBand> out;
  for (const GradeBand& band : bands) {
    v1::ManifestGradeBand& b = out.emplace_back();
    b.set_grade(band.grade);
    b.set_min_percent(money::FormatDecimal(band.min_percent_centi, 2));
  }
  return out;
}

absl::StatusOr<std::vector<GradeBand>> BandsOf(
    const v1::PackageManifest& manifest) {
  std::vector<std::string> parts;
  for (const v1::ManifestGradeBand& b : manifest.grade_bands()) {
    parts.push_back(absl::StrCat(b.grade(), ":", b.min_percent()));
  }
  auto bands = ParseGradeBands(absl::StrJoin(parts, ","));
  if (!bands.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat("manifest.json: grade_bands: ", bands.status().message()));
  }
  return bands;
}

absl::Status CheckManifest(const v1::PackageManifest& manifest,
                           const v1::EvaluationResult* table) {
  const indicator::v1::Framework& framework = manifest.framework();
  if (framework.nodes().empty()) {
    return absl::FailedPreconditionError(
        "manifest.json: framework: has no indicators");
  }
  if (framework.id() != manifest.framework_id() ||
      framework.version() != manifest.framework_version()) {
    return Differs("manifest.json", "framework_id@version",
                   absl::StrCat(manifest.framework_id(), "@",
                                manifest.framework_version()),
                   absl::StrCat(framework.id(), "@", framework.version()));
  }
  JIXIAO_ASSIGN_OR_RETURN(auto bands, BandsOf(manifest));
  const Scored scored = Score(framework, manifest.values(), bands);
  std::map<std::string, const v1::ScoredIndicator*> by_id;
  for (const v1::ScoredIndicator& i : scored.indicators) by_id[i.id()] = &i;

  const std::vector<std::string> leaves = LeafIds(framework);
  if (static_cast<int>(leaves.size()) != manifest.leaves_size()) {
    return Differs("manifest.json", "leaves: count",
                   absl::StrCat(manifest.leaves_size()),
                   absl::StrCat(leaves.size()));
  }
  for (int i = 0; i < manifest.leaves_size(); ++i) {
    const v1::ManifestLeaf& stated = manifest.leaves(i);
    const v1::ScoredIndicator& again = *by_id.at(leaves[i]);
    const std::string where =
        absl::StrCat("manifest.json: leaf ", leaves[i], " ", again.name());
    if (stated.id() != leaves[i]) {
      return Differs(where, "id", stated.id(), leaves[i]);
    }
    if (stated.score() != again.score()) {
      return Differs(where, "score", stated.score(), again.score());
    }
    const std::string stated_deductions = DeductionsText(stated.deductions());
    const std::string deductions = DeductionsText(again.deductions());
    if (stated_deductions != deductions) {
      return Differs(where, "deductions", stated_deductions, deductions);
    }
  }
  const std::string total = money::FormatDecimal(scored.total, 2);
  if (manifest.total() != total) {
    return Differs("manifest.json", "total", manifest.total(), total);
  }
  if (manifest.grade() != scored.grade) {
    return Differs("manifest.json", "grade", manifest.grade(), scored.grade);
  }
  JIXIAO_RETURN_IF_ERROR(CheckProjects(manifest, bands));
  if (table == nullptr) return absl::OkStatus();
  std::map<std::string, const v1::ScoredIndicator*> table_by_id;
  for (const v1::ScoredIndicator& i : table->indicators()) {
    table_by_id[i.id()] = &i;
  }
  for (const std::string& id : leaves) {
    const auto it = table_by_id.find(id);
    const std::string where = absl::StrCat("scoring table: leaf ", id);
    if (it == table_by_id.end()) {
      return Differs(where, "score", "", by_id.at(id)->score());
    }
    if (it->second->score() != by_id.at(id)->score()) {
      return Differs(where, "score", it->second->score(),
                     by_id.at(id)->score());
    }
  }
  if (table->total() != total) {
    return Differs("scoring table", "total", table->total(), total);
  }
  if (table->grade() != scored.grade) {
    return Differs("scoring table", "grade", table->grade(), scored.grade);
  }
  return absl::OkStatus();
}

}  // namespace jixiao::evaluation

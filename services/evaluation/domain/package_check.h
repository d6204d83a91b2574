// The check behind `jixiao verify`: a publication package's manifest
// scored again with the scoring engine alone, and every leaf, the total
// and the grade compared with what the manifest and the scoring table say.
// Plain C++ over the proto messages (no gRPC, no SQL, no files).
#ifndef JIXIAO_SERVICES_EVALUATION_DOMAIN_PACKAGE_CHECK_H_
#define JIXIAO_SERVICES_EVALUATION_DOMAIN_PACKAGE_CHECK_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "jixiao/evaluation/v1/evaluation.pb.h"
#include "jixiao/evaluation/v1/results.pb.h"
#include "services/evaluation/domain/scoring.h"

namespace jixiao::evaluation {

// The ids of a framework's leaves (nodes without children), in order.
std::vector<std::string> LeafIds(const indicator::v1::Framework& framework);

// Bands as the manifest lists them, and back.
std::vector<v1::ManifestGradeBand> ManifestBands(
    const std::vector<GradeBand>& bands);
absl::StatusOr<std::vector<GradeBand>> BandsOf(
    const v1::PackageManifest& manifest);

// Scores the manifest's values under its framework and bands and compares
// each leaf (score, deductions), the total and the grade with the
// manifest's, scores each project again from its target, filing, money
// and scheme and compares its total and grade, then compares with
// `table` (the scoring table) when given. OK, or
// FAILED_PRECONDITION naming the first difference ("manifest.json: leaf
// 1.2.3 …: score 4.5, recomputed 3").
absl::Status CheckManifest(const v1::PackageManifest& manifest,
                           const v1::EvaluationResult* table);

}  // namespace jixiao::evaluation

#endif  // JIXIAO_SERVICES_EVALUATION_DOMAIN_PACKAGE_CHECK_H_

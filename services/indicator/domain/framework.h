// Indicator frameworks as data: a weighted tree of 一级/二级/三级 indicators
// with a scoring rule on every leaf. Validation names the node at fault.
//
// The indicator domain works on the messages of jixiao.indicator.v1: they
// are plain generated C++ data classes (no gRPC, no SQL), and a framework is
// a document read from files and requests alike (docs/adr/0002).
#ifndef JIXIAO_SERVICES_INDICATOR_DOMAIN_FRAMEWORK_H_
#define JIXIAO_SERVICES_INDICATOR_DOMAIN_FRAMEWORK_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "jixiao/indicator/v1/indicator.pb.h"

namespace jixiao::indicator {

namespace pb = ::jixiao::indicator::v1;

// Weights and scores: hundredths of a point. Values: ten-thousandths.
inline constexpr int kPointDecimals = 2;
inline constexpr int kValueDecimals = 4;
inline constexpr int kMaxDepth = 3;
inline constexpr int kMaxNodes = 500;
inline constexpr int64_t kMaxPoints = 100'000;               // 1000 points
inline constexpr int64_t kMaxValue = 1'000'000'000'000'000;  // 10^11 in units

absl::StatusOr<int64_t> ParsePoints(absl::string_view field,
                                    absl::string_view text);
absl::StatusOr<int64_t> ParseValue(absl::string_view field,
                                   absl::string_view text);

// Checks the framework and fills in what the service sets (each node's
// level, the default total "100"); clears version and in_use, which only
// the store sets.
absl::Status NormalizeFramework(pb::Framework* framework);

// The leaves in document order.
std::vector<const pb::Node*> Leaves(const pb::Framework& framework);
const pb::Node* FindNode(const pb::Framework& framework, absl::string_view id);

// What a leaf takes as its actual value.
enum class ValueKind { kNumber, kTier, kChecklist };
ValueKind KindOf(const pb::Node& leaf);

// The budget rates a DERIVED indicator may name (the budget service's
// formula ids).
bool IsDerivableFormula(absl::string_view formula_id);

}  // namespace jixiao::indicator

#endif  // JIXIAO_SERVICES_INDICATOR_DOMAIN_FRAMEWORK_H_

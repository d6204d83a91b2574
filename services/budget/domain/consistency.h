// The consistency checker: the identities of docs/domain.md §4.3 that apply to
// structured figures, checked exactly in 分 with a rounding tolerance.
// Each finding names its identity, its severity, the numbers involved and
// says in Chinese what is wrong.
#ifndef JIXIAO_SERVICES_BUDGET_DOMAIN_CONSISTENCY_H_
#define JIXIAO_SERVICES_BUDGET_DOMAIN_CONSISTENCY_H_

#include <optional>
#include <string>
#include <vector>

#include "services/budget/domain/model.h"

namespace jixiao::budget {

enum class Severity { kInfo = 1, kWarning = 2, kError = 3 };

struct FindingValue {
  std::string label;
  Fen fen = 0;
};

struct Finding {
  std::string identity;  // B5, T1, U1 …
  Severity severity = Severity::kError;
  int32_t year = 0;
  std::optional<Phase> phase;
  std::string message;
  std::vector<FindingValue> values;
  Fen difference = 0;
};

// ±0.01万元: reports round each figure to 0.01万元 (100元 = 10,000 分).
inline constexpr Fen kDefaultTolerance = 10'000;

struct ConsistencyInput {
  const Department& department;
  const DepartmentYear& current;
  const DepartmentYear* prior = nullptr;  // the year before, if stored
  const LedgerSummary& ledger;
  Fen tolerance = kDefaultTolerance;
};

struct ConsistencyResult {
  std::vector<Finding> findings;
  int identities_checked = 0;
  std::vector<std::string> not_checked;  // "B2 2019年决算: 缺少 …"
};

ConsistencyResult CheckConsistency(const ConsistencyInput& input);

}  // namespace jixiao::budget

#endif  // JIXIAO_SERVICES_BUDGET_DOMAIN_CONSISTENCY_H_

// The budget service's domain records, free of gRPC and SQL.
#ifndef JIXIAO_SERVICES_BUDGET_DOMAIN_MODEL_H_
#define JIXIAO_SERVICES_BUDGET_DOMAIN_MODEL_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "services/budget/domain/items.h"

namespace jixiao::budget {

struct Department {
  std::string region_code;
  std::string code;
  std::string name;
  std::string parent_code;
  std::string kind;
  std::optional<int32_t> staff_authorized;  // 编制数
  std::optional<int32_t> staff_actual;      // 在职人数
  std::optional<int32_t> staff_retired;
  std::optional<int32_t> staff_auxiliary;
  int64_t version = 0;
};

struct Project {
  std::string code;
  std::string name;
  std::string category;
  bool key_project = false;
  std::optional<Fen> original;
  std::optional<Fen> adjusted;
  std::optional<Fen> final;

  std::optional<Fen> In(Phase phase) const {
    switch (phase) {
      case Phase::kOriginal:
        return original;
      case Phase::kAdjusted:
        return adjusted;
      case Phase::kFinal:
        return final;
    }
    return std::nullopt;
  }
};

// A percent as a report states it, kept so that it can be recomputed.
struct StatedRate {
  std::string formula_id;    // e.g. "yoy_change", "staff_control"
  std::optional<Item> item;  // the figure, for yoy_change
  int64_t hundredths = 0;    // -768 for "-7.68"
  std::string word;          // 下降, 增长 …
  std::string quote;
};

struct DepartmentYear {
  int32_t year = 0;
  std::map<Phase, PhaseFigures> phases;
  std::map<Phase, std::map<Item, std::string>> sources;
  std::vector<Project> projects;
  std::vector<StatedRate> stated_rates;
  int64_t version = 0;

  // The phase's figures, or an empty set when the phase was not reported.
  const PhaseFigures& Figures(Phase phase) const;
};

// What the budget lines and payment records of a department-year add up to.
struct LedgerSummary {
  struct PhaseLines {
    Fen total = 0;
    int64_t count = 0;
    std::map<std::string, Fen> by_function;  // 类, 款 and 项 codes
    std::map<std::string, Fen> by_economic;  // 类 and 款 codes
  };
  std::map<Phase, PhaseLines> lines;
  Fen payments_total = 0;
  int64_t payments_count = 0;
  Fen payments_as_of = 0;  // up to the requested date
};

}  // namespace jixiao::budget

#endif  // JIXIAO_SERVICES_BUDGET_DOMAIN_MODEL_H_

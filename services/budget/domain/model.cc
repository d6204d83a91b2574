#include "services/budget/domain/model.h"

namespace jixiao::budget {

const PhaseFigures& DepartmentYear::Figures(Phase phase) const {
  static const PhaseFigures kEmpty;
  const auto it = phases.find(phase);
  return it == phases.end() ? kEmpty : it->second;
}

}  // namespace jixiao::budget

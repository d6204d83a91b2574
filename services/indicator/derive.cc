#include "services/indicator/derive.h"

#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "libs/money/decimal.h"
#include "libs/money/percent.h"
#include "services/indicator/domain/framework.h"

namespace jixiao::indicator {
namespace {

void Derive(const pb::Node& leaf,
            const absl::StatusOr<budget::v1::Aggregates>& aggregates,
            pb::IndicatorValue* value) {
  value->clear_actual();
  pb::Derivation* d = value->mutable_derivation();
  d->Clear();
  d->set_formula_id(leaf.formula_id());
  if (!aggregates.ok()) {
    d->set_computable(false);
    d->set_reason(absl::StrCat("预算数据服务中没有该部门该年度的数据（",
                               aggregates.status().message(), "）"));
    return;
  }
  d->set_budget_figures_version(aggregates->figures_version());
  for (const budget::v1::Rate& rate : aggregates->rates()) {
    if (rate.formula_id() != leaf.formula_id()) continue;
    d->set_formula(rate.formula());
    d->set_computable(rate.computable());
    if (!rate.computable()) {
      d->set_reason(rate.reason());
    } else {
      d->set_numerator(rate.numerator());
      d->set_denominator(rate.denominator());
      pb::Actual* actual = value->mutable_actual();
      actual->set_value(money::FormatDecimal(
          money::RatioToScaledPercent(rate.numerator(), rate.denominator(),
                                      kValueDecimals),
          kValueDecimals));
      actual->set_unit("%");
    }
    for (const budget::v1::RateInput& in : rate.inputs()) {
      pb::DerivationInput* input = d->add_inputs();
      input->set_name(in.name());
      input->set_display(in.display());
      if (!in.note().empty()) input->set_note(in.note());
    }
    return;
  }
  d->set_computable(false);
  d->set_reason(absl::StrCat("预算数据服务没有公式 ", leaf.formula_id()));
}

}  // namespace

void AssembleValues(const pb::Framework& framework,
                    const absl::StatusOr<budget::v1::Aggregates>& aggregates,
                    pb::Evaluation* evaluation) {
  std::map<std::string, pb::IndicatorValue> stored;
  for (pb::IndicatorValue& v : *evaluation->mutable_values()) {
    stored[v.indicator_id()] = std::move(v);
  }
  evaluation->clear_values();
  const bool frozen = evaluation->status() == pb::APPROVED;
  for (const pb::Node* leaf : Leaves(framework)) {
    pb::IndicatorValue* value = evaluation->add_values();
    if (const auto it = stored.find(leaf->id()); it != stored.end()) {
      *value = std::move(it->second);
    }
    value->set_indicator_id(leaf->id());
    value->set_source(leaf->source());
    if (leaf->source() == pb::DERIVED && !frozen) {
      Derive(*leaf, aggregates, value);
    }
  }
}

}  // namespace jixiao::indicator

#include "services/budget/domain/convert.h"

#include "absl/strings/str_cat.h"
#include "libs/money/money.h"
#include "libs/money/percent.h"

namespace jixiao::budget {
namespace {

using google::protobuf::FieldDescriptor;

const FieldDescriptor* FieldOf(Item item) {
  return pb::PhaseFigures::descriptor()->FindFieldByName(
      std::string(KeyOf(item)));
}

std::optional<Phase> PhaseFromProto(pb::Phase phase) {
  switch (phase) {
    case pb::PHASE_ORIGINAL:
      return Phase::kOriginal;
    case pb::PHASE_ADJUSTED:
      return Phase::kAdjusted;
    case pb::PHASE_FINAL:
      return Phase::kFinal;
    default:
      return std::nullopt;
  }
}

pb::Phase PhaseToProto(Phase phase) {
  return static_cast<pb::Phase>(static_cast<int>(phase));
}

std::optional<int32_t> OptionalCount(bool has, int32_t value) {
  return has ? std::optional<int32_t>(value) : std::nullopt;
}

}  // namespace

std::optional<Fen> FigureOf(const pb::PhaseFigures& figures, Item item) {
  const FieldDescriptor* field = FieldOf(item);
  const auto* reflection = figures.GetReflection();
  if (field == nullptr || !reflection->HasField(figures, field))
    return std::nullopt;
  return reflection->GetInt64(figures, field);
}

void SetFigure(pb::PhaseFigures* figures, Item item, Fen value) {
  if (const FieldDescriptor* field = FieldOf(item)) {
    figures->GetReflection()->SetInt64(figures, field, value);
  }
}

Department FromProto(const pb::Department& d) {
  Department out;
  out.region_code = d.region_code();
  out.code = d.code();
  out.name = d.name();
  out.parent_code = d.parent_code();
  out.kind = d.kind();
  out.staff_authorized =
      OptionalCount(d.has_staff_authorized(), d.staff_authorized());
  out.staff_actual = OptionalCount(d.has_staff_actual(), d.staff_actual());
  out.staff_retired = OptionalCount(d.has_staff_retired(), d.staff_retired());
  out.staff_auxiliary =
      OptionalCount(d.has_staff_auxiliary(), d.staff_auxiliary());
  return out;
}

void ToProto(const Department& d, pb::Department* out) {
  out->set_region_code(d.region_code);
  out->set_code(d.code);
  out->set_name(d.name);
  if (!d.parent_code.empty()) out->set_parent_code(d.parent_code);
  if (!d.kind.empty()) out->set_kind(d.kind);
  if (d.staff_authorized) out->set_staff_authorized(*d.staff_authorized);
  if (d.staff_actual) out->set_staff_actual(*d.staff_actual);
  if (d.staff_retired) out->set_staff_retired(*d.staff_retired);
  if (d.staff_auxiliary) out->set_staff_auxiliary(*d.staff_auxiliary);
  out->set_version(d.version);
}

absl::StatusOr<DepartmentYear> FromProto(const pb::DepartmentYear& y) {
  DepartmentYear out;
  out.year = y.year();
  for (int i = 0; i < y.phases_size(); ++i) {
    const pb::PhaseFigures& figures = y.phases(i);
    const std::string at = absl::StrCat("department_year.phases[", i, "]");
    const auto phase = PhaseFromProto(figures.phase());
    if (!phase) {
      return absl::InvalidArgumentError(absl::StrCat(
          at,
          ".phase: PHASE_ORIGINAL, PHASE_ADJUSTED or PHASE_FINAL is required"));
    }
    if (out.phases.contains(*phase)) {
      return absl::InvalidArgumentError(
          absl::StrCat(at, ".phase: ", LabelOf(*phase), " is given twice"));
    }
    PhaseFigures& domain = out.phases[*phase];
    for (const Item item : AllItems()) {
      if (const auto v = FigureOf(figures, item)) domain.Set(item, *v);
    }
    for (const auto& [key, source] : figures.sources()) {
      const auto item = ItemByKey(key);
      if (!item) {
        return absl::InvalidArgumentError(
            absl::StrCat(at, ".sources: \"", key, "\" is not a figure"));
      }
      out.sources[*phase][*item] = source;
    }
  }
  for (int i = 0; i < y.projects_size(); ++i) {
    const pb::Project& p = y.projects(i);
    out.projects.push_back(Project{
        p.code(), p.name(), p.category(), p.key_project(),
        p.has_original() ? std::optional<Fen>(p.original()) : std::nullopt,
        p.has_adjusted() ? std::optional<Fen>(p.adjusted()) : std::nullopt,
        p.has_final() ? std::optional<Fen>(p.final()) : std::nullopt});
  }
  for (int i = 0; i < y.stated_rates_size(); ++i) {
    const pb::StatedRate& r = y.stated_rates(i);
    const std::string at =
        absl::StrCat("department_year.stated_rates[", i, "]");
    StatedRate rate;
    rate.formula_id = r.formula_id();
    if (!r.item().empty()) {
      rate.item = ItemByKey(r.item());
      if (!rate.item) {
        return absl::InvalidArgumentError(
            absl::StrCat(at, ".item: \"", r.item(), "\" is not a figure"));
      }
    }
    auto hundredths = money::ParsePercentHundredths(r.percent());
    if (!hundredths.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(at, ".percent: ", hundredths.status().message()));
    }
    rate.hundredths = *hundredths;
    rate.word = r.word();
    rate.quote = r.quote();
    out.stated_rates.push_back(std::move(rate));
  }
  return out;
}

void ToProto(const DepartmentYear& y, absl::string_view region_code,
             absl::string_view department_code, pb::DepartmentYear* out) {
  out->set_region_code(std::string(region_code));
  out->set_department_code(std::string(department_code));
  out->set_year(y.year);
  out->set_version(y.version);
  for (const auto& [phase, figures] : y.phases) {
    pb::PhaseFigures* p = out->add_phases();
    p->set_phase(PhaseToProto(phase));
    for (const Item item : AllItems()) {
      if (const auto v = figures.Get(item)) SetFigure(p, item, *v);
    }
    if (const auto it = y.sources.find(phase); it != y.sources.end()) {
      for (const auto& [item, text] : it->second) {
        (*p->mutable_sources())[std::string(KeyOf(item))] = text;
      }
    }
  }
  for (const Project& project : y.projects) {
    pb::Project* p = out->add_projects();
    p->set_code(project.code);
    p->set_name(project.name);
    p->set_category(project.category);
    p->set_key_project(project.key_project);
    if (project.original) p->set_original(*project.original);
    if (project.adjusted) p->set_adjusted(*project.adjusted);
    if (project.final) p->set_final(*project.final);
  }
  for (const StatedRate& rate : y.stated_rates) {
    pb::StatedRate* r = out->add_stated_rates();
    r->set_formula_id(rate.formula_id);
    if (rate.item) r->set_item(std::string(KeyOf(*rate.item)));
    r->set_percent(money::FormatHundredths(rate.hundredths));
    r->set_word(rate.word);
    r->set_quote(rate.quote);
  }
}

absl::Status AppendRows(const pb::ImportLedgerRequest& request,
                        LedgerBatch* batch) {
  for (const pb::BudgetLine& l : request.lines()) {
    const auto phase = PhaseFromProto(l.phase());
    if (!phase) {
      return absl::InvalidArgumentError(
          absl::StrCat("lines[", batch->lines.size(),
                       "].phase: PHASE_ORIGINAL, PHASE_ADJUSTED or PHASE_FINAL "
                       "is required"));
    }
    batch->lines.push_back(BudgetLineRow{l.department_code(), l.year(), *phase,
                                         l.function_code(), l.economic_code(),
                                         l.project_code(), l.amount()});
  }
  for (const pb::PaymentRecord& p : request.payments()) {
    batch->payments.push_back(PaymentRow{
        p.department_code(), p.year(), p.record_id(), p.paid_on(),
        p.function_code(), p.economic_code(), p.project_code(), p.amount()});
  }
  return absl::OkStatus();
}

void ToProto(const BudgetLineRow& line, pb::BudgetLine* out) {
  out->set_department_code(line.department_code);
  out->set_year(line.year);
  out->set_phase(PhaseToProto(line.phase));
  out->set_function_code(line.function_code);
  out->set_economic_code(line.economic_code);
  out->set_project_code(line.project_code);
  out->set_amount(line.amount);
}

void ToProto(const PaymentRow& payment, pb::PaymentRecord* out) {
  out->set_department_code(payment.department_code);
  out->set_year(payment.year);
  out->set_record_id(payment.record_id);
  out->set_paid_on(payment.paid_on);
  out->set_function_code(payment.function_code);
  out->set_economic_code(payment.economic_code);
  out->set_project_code(payment.project_code);
  out->set_amount(payment.amount);
}

void ToProto(const Rate& rate, pb::Rate* out) {
  out->set_formula_id(rate.formula_id);
  out->set_name(rate.name);
  out->set_formula(rate.formula);
  out->set_computable(rate.computable);
  out->set_reason(rate.reason);
  if (rate.computable) {
    out->set_numerator(rate.numerator);
    out->set_denominator(rate.denominator);
    out->set_percent(rate.Percent());
  }
  for (const RateInput& input : rate.inputs) {
    pb::RateInput* in = out->add_inputs();
    in->set_name(input.name);
    in->set_value(input.value);
    in->set_note(input.note);
    if (input.unit == InputUnit::kPerson) {
      in->set_unit("人");
      in->set_display(absl::StrCat(input.value, "人"));
    } else {
      in->set_unit("分");
      in->set_display(money::FormatWanYuan(input.value));
    }
  }
}

void ToProto(const Finding& finding, pb::Finding* out) {
  out->set_identity(finding.identity);
  out->set_severity(
      static_cast<pb::Severity>(static_cast<int>(finding.severity)));
  out->set_year(finding.year);
  if (finding.phase) out->set_phase(PhaseToProto(*finding.phase));
  out->set_message(finding.message);
  out->set_difference(finding.difference);
  for (const FindingValue& v : finding.values) {
    pb::Amount* a = out->add_values();
    a->set_label(v.label);
    a->set_fen(v.fen);
    a->set_display(money::FormatWanYuan(v.fen));
  }
}

void ToProto(const LedgerSummary& ledger, pb::Aggregates* out) {
  for (const auto& [phase, lines] : ledger.lines) {
    pb::PhaseTotals* t = out->add_phase_totals();
    t->set_phase(PhaseToProto(phase));
    t->set_lines_total(lines.total);
    t->set_line_count(lines.count);
    for (const auto& [code, fen] : lines.by_function) {
      pb::ClassTotal* c = t->add_by_function();
      c->set_code(code);
      c->set_fen(fen);
    }
    for (const auto& [code, fen] : lines.by_economic) {
      pb::ClassTotal* c = t->add_by_economic();
      c->set_code(code);
      c->set_fen(fen);
    }
  }
  pb::PaymentTotals* p = out->mutable_payments();
  p->set_total(ledger.payments_total);
  p->set_count(ledger.payments_count);
  p->set_total_as_of(ledger.payments_as_of);
}

}  // namespace jixiao::budget

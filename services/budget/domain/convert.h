// Between the budget proto messages and the domain records. Reading a
// request checks what the wire format cannot (phases, figure keys, stated
// percents) and names the offending field.
#ifndef JIXIAO_SERVICES_BUDGET_DOMAIN_CONVERT_H_
#define JIXIAO_SERVICES_BUDGET_DOMAIN_CONVERT_H_

#include "absl/status/statusor.h"
#include "jixiao/budget/v1/budget.pb.h"
#include "services/budget/domain/consistency.h"
#include "services/budget/domain/ledger.h"
#include "services/budget/domain/model.h"
#include "services/budget/domain/rate.h"

namespace jixiao::budget {

namespace pb = ::jixiao::budget::v1;

Department FromProto(const pb::Department& d);
void ToProto(const Department& d, pb::Department* out);

absl::StatusOr<DepartmentYear> FromProto(const pb::DepartmentYear& y);
void ToProto(const DepartmentYear& y, absl::string_view region_code,
             absl::string_view department_code, pb::DepartmentYear* out);

// Appends the request's rows to `batch` (a streamed batch arrives in
// several requests). Checks the phase of each line.
absl::Status AppendRows(const pb::ImportLedgerRequest& request,
                        LedgerBatch* batch);
// One imported row as the request carries it.
void ToProto(const BudgetLineRow& line, pb::BudgetLine* out);
void ToProto(const PaymentRow& payment, pb::PaymentRecord* out);

void ToProto(const Rate& rate, pb::Rate* out);
void ToProto(const Finding& finding, pb::Finding* out);
void ToProto(const LedgerSummary& ledger, pb::Aggregates* out);

// A figure by name from a proto PhaseFigures, for the CLI and tests.
std::optional<Fen> FigureOf(const pb::PhaseFigures& figures, Item item);
void SetFigure(pb::PhaseFigures* figures, Item item, Fen value);

}  // namespace jixiao::budget

#endif  // JIXIAO_SERVICES_BUDGET_DOMAIN_CONVERT_H_

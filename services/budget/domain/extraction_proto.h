// A report extraction as the ExtractReport response carries it: the one
// form of it outside the extractor, whether the budget service sends it or
// the CLI prints it offline (`jixiao report extract`, JSON printed from
// this message).
#ifndef JIXIAO_SERVICES_BUDGET_DOMAIN_EXTRACTION_PROTO_H_
#define JIXIAO_SERVICES_BUDGET_DOMAIN_EXTRACTION_PROTO_H_

#include "jixiao/budget/v1/budget.pb.h"
#include "services/budget/domain/report_extract/extract.h"

namespace jixiao::budget {

namespace pb = ::jixiao::budget::v1;

// A figure the text does not give, a year it does not state and a change
// whose figures are missing (`computed`) stay unset.
void ToProto(const report_extract::Extraction& extraction,
             pb::ExtractReportResponse* out);

}  // namespace jixiao::budget

#endif  // JIXIAO_SERVICES_BUDGET_DOMAIN_EXTRACTION_PROTO_H_

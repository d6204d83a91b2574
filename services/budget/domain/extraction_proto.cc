#include "services/budget/domain/extraction_proto.h"

#include <string>

namespace jixiao::budget {

void ToProto(const report_extract::Extraction& e,
             pb::ExtractReportResponse* out) {
  out->set_department(e.department);
  if (e.year) out->set_year(*e.year);
  for (const std::string& key : report_extract::FigureKeys()) {
    const auto it = e.figures.find(key);
    if (it == e.figures.end()) continue;
    const report_extract::Figure& f = it->second;
    pb::ExtractedFigure& figure = (*out->mutable_figures())[key];
    figure.set_value(f.value);
    figure.set_unit(f.unit);
    figure.set_quote(f.quote);
  }
  for (const report_extract::ClaimedChange& c : e.claimed_changes) {
    pb::ClaimedChange* change = out->add_claimed_changes();
    change->set_item(c.item);
    change->set_word(c.word);
    change->set_stated(c.stated);
    if (!c.computed.empty()) change->set_computed(c.computed);
    change->set_agrees(c.agrees);
    change->set_quote(c.quote);
  }
  for (const report_extract::TextFinding& f : e.findings) {
    pb::TextFinding* finding = out->add_findings();
    finding->set_identity(f.identity);
    finding->set_severity(f.severity);
    finding->set_message(f.message);
  }
}

}  // namespace jixiao::budget

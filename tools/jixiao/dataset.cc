#include "tools/jixiao/dataset.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"
#include "libs/base/status_macros.h"
#include "libs/money/money.h"
#include "services/budget/domain/convert.h"
#include "services/budget/domain/items.h"

namespace jixiao::cli {
namespace {

namespace bpb = ::jixiao::budget::v1;
namespace dpb = ::jixiao::dataset::v1;

absl::StatusOr<int64_t> Amount(const std::string& field,
                               const std::string& text) {
  auto fen = money::ParseAmountWithUnit(text);
  if (!fen.ok())
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": ", fen.status().message()));
  return fen;
}

absl::Status AddPhase(const std::string& at, const dpb::DatasetPhase& phase,
                      bpb::Phase which, bpb::DepartmentYear* year) {
  if (phase.figures().empty()) return absl::OkStatus();
  bpb::PhaseFigures* figures = year->add_phases();
  figures->set_phase(which);
  // Sorted keys keep the request (and so the error that names a key) stable.
  std::map<std::string, dpb::DatasetFigure> sorted(phase.figures().begin(),
                                                   phase.figures().end());
  for (const auto& [key, figure] : sorted) {
    const std::string field = absl::StrCat(at, ".figures.", key);
    const auto item = budget::ItemByKey(key);
    if (!item)
      return absl::InvalidArgumentError(absl::StrCat(field, ": not a figure"));
    JIXIAO_ASSIGN_OR_RETURN(auto fen, Amount(field, figure.amount()));
    budget::SetFigure(figures, *item, fen);
    if (!figure.quote().empty())
      (*figures->mutable_sources())[key] = figure.quote();
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<dpb::Dataset> ParseDataset(absl::string_view json) {
  dpb::Dataset dataset;
  const auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(json.data(), json.size()), &dataset);
  if (!status.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("dataset: ", status.message().as_string()));
  }
  return dataset;
}

absl::StatusOr<dpb::Dataset> ReadDataset(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot open"));
  std::stringstream buffer;
  buffer << in.rdbuf();
  auto dataset = ParseDataset(buffer.str());
  if (!dataset.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": ", dataset.status().message()));
  }
  return dataset;
}

absl::StatusOr<LoadPlan> PlanLoad(const dpb::Dataset& dataset) {
  LoadPlan plan;
  plan.department = dataset.department();
  plan.department.clear_version();
  for (int i = 0; i < dataset.years_size(); ++i) {
    const dpb::DatasetYear& y = dataset.years(i);
    const std::string at = absl::StrCat("years[", i, "]");
    bpb::PutDepartmentYearRequest request;
    bpb::DepartmentYear* year = request.mutable_department_year();
    year->set_region_code(plan.department.region_code());
    year->set_department_code(plan.department.code());
    year->set_year(y.year());
    if (auto s =
            AddPhase(at + ".original", y.original(), bpb::PHASE_ORIGINAL, year);
        !s.ok())
      return s;
    if (auto s =
            AddPhase(at + ".adjusted", y.adjusted(), bpb::PHASE_ADJUSTED, year);
        !s.ok())
      return s;
    if (auto s = AddPhase(at + ".final", y.final(), bpb::PHASE_FINAL, year);
        !s.ok())
      return s;
    for (int p = 0; p < y.projects_size(); ++p) {
      const dpb::DatasetProject& in = y.projects(p);
      const std::string field = absl::StrCat(at, ".projects[", p, "]");
      bpb::Project* out = year->add_projects();
      out->set_code(in.code());
      out->set_name(in.name());
      out->set_category(in.category());
      out->set_key_project(in.key_project());
      for (const auto& [text, name, setter] :
           {std::tuple{&in.original(), ".original",
                       &bpb::Project::set_original},
            std::tuple{&in.adjusted(), ".adjusted",
                       &bpb::Project::set_adjusted},
            std::tuple{&in.final(), ".final", &bpb::Project::set_final}}) {
        if (text->empty()) continue;
        JIXIAO_ASSIGN_OR_RETURN(auto fen, Amount(field + name, *text));
        (out->*setter)(fen);
      }
    }
    *year->mutable_stated_rates() = y.stated_rates();
    plan.years.push_back(std::move(request));
  }
  return plan;
}

absl::Status AddProjects(const dpb::Dataset& overlay, dpb::Dataset& dataset) {
  if (overlay.has_department()) {
    return absl::InvalidArgumentError(
        "department: a projects file adds projects only; the department is "
        "the dataset's");
  }
  for (int i = 0; i < overlay.years_size(); ++i) {
    const dpb::DatasetYear& y = overlay.years(i);
    const std::string at = absl::StrCat("years[", i, "]");
    if (y.has_original() || y.has_adjusted() || y.has_final() ||
        !y.stated_rates().empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          at, ": a projects file holds projects only, not figures or rates"));
    }
    dpb::DatasetYear* into = nullptr;
    for (dpb::DatasetYear& d : *dataset.mutable_years()) {
      if (d.year() == y.year()) into = &d;
    }
    if (into == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(
          at, ".year: ", y.year(), " is not a year of the dataset"));
    }
    into->mutable_projects()->MergeFrom(y.projects());
  }
  return absl::OkStatus();
}

}  // namespace jixiao::cli

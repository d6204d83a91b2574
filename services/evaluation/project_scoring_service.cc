#include "services/evaluation/project_scoring_service.h"

#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "libs/base/status_macros.h"
#include "libs/money/decimal.h"
#include "libs/validate/validate.h"
#include "services/common/auth.h"
#include "services/common/respond.h"
#include "services/common/respond_stream.h"
#include "services/evaluation/project_form.h"
#include "services/evaluation/report.h"

namespace jixiao::evaluation {
namespace {

constexpr int64_t kDefaultGapCenti = 500;  // 5 points
constexpr int64_t kMaxGapCenti = 100 * 100;

absl::Status ValidateRef(absl::string_view prefix, const v1::ProjectRef& ref) {
  const v1::DepartmentYear& key = ref.key();
  JIXIAO_RETURN_IF_ERROR(validate::ValidateDepartmentYearKey(
      absl::StrCat(prefix, "key."), key.region_code(), key.department_code(),
      key.year()));
  return validate::ValidateDepartmentCode(absl::StrCat(prefix, "project_code"),
                                          ref.project_code());
}

absl::StatusOr<int64_t> GapOf(const std::string& text) {
  if (text.empty()) return kDefaultGapCenti;
  const auto gap = money::ParseDecimal(text, 2, kMaxGapCenti);
  if (!gap.ok() || *gap < 0) {
    return validate::Invalid(
        "gap_points",
        absl::StrCat("\"", text,
                     "\" is not a number of points from 0 to 100 with at most "
                     "two decimals"));
  }
  return *gap;
}

// The summary's lists are bounded: at 30,000 projects the whole ranking
// is one message of 3.6 MB, near gRPC's 4 MB default.
constexpr int32_t kDefaultRankingLimit = 1000;
constexpr int32_t kMaxRankingLimit = 10000;

absl::StatusOr<int32_t> LimitOf(const v1::EvaluateRegionProjectsRequest& r) {
  if (!r.has_limit() || r.limit() == 0) return kDefaultRankingLimit;
  if (r.limit() < 0 || r.limit() > kMaxRankingLimit) {
    return validate::Invalid(
        "limit", absl::StrCat(r.limit(),
                              " is not a number of projects from 1 "
                              "to ",
                              kMaxRankingLimit,
                              " (0 or unset: ", kDefaultRankingLimit, ")"));
  }
  return r.limit();
}

}  // namespace

grpc::ServerUnaryReactor* ProjectScoringServiceImpl::EvaluateProjects(
    grpc::CallbackServerContext* context, const v1::EvaluateRequest* request,
    v1::ProjectEvaluations* response) {
  return Respond(context, [=, this]() -> absl::Status {
    const v1::DepartmentYear& key = request->key();
    JIXIAO_RETURN_IF_ERROR(validate::ValidateDepartmentYearKey(
        "key.", key.region_code(), key.department_code(), key.year()));
    JIXIAO_RETURN_IF_ERROR(auth::MayAccessDepartment(
        *context, key.region_code(), key.department_code(),
        "key.department_code"));
    JIXIAO_ASSIGN_OR_RETURN(
        auto all, evaluator_->EvaluateAll(key, ForwardedFrom(*context)));
    *response = std::move(all);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ProjectScoringServiceImpl::EvaluateProject(
    grpc::CallbackServerContext* context, const v1::ProjectRef* request,
    v1::ProjectResult* response) {
  return Respond(context, [=, this]() -> absl::Status {
    JIXIAO_RETURN_IF_ERROR(ValidateRef("", *request));
    const v1::DepartmentYear& key = request->key();
    JIXIAO_RETURN_IF_ERROR(auth::MayAccessDepartment(
        *context, key.region_code(), key.department_code(),
        "key.department_code"));
    JIXIAO_ASSIGN_OR_RETURN(
        auto one, evaluator_->EvaluateOne(key, request->project_code(),
                                          ForwardedFrom(*context)));
    *response = std::move(one);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ProjectScoringServiceImpl::RenderProjectForm(
    grpc::CallbackServerContext* context,
    const v1::RenderProjectFormRequest* request, v1::Report* response) {
  return Respond(context, [=, this]() -> absl::Status {
    JIXIAO_RETURN_IF_ERROR(ValidateRef("project.", request->project()));
    if (request->format() != v1::REPORT_FORMAT_UNSPECIFIED &&
        request->format() != v1::HTML && request->format() != v1::MARKDOWN) {
      return validate::Invalid("format", "MARKDOWN or HTML");
    }
    const v1::DepartmentYear& key = request->project().key();
    JIXIAO_RETURN_IF_ERROR(auth::MayAccessDepartment(
        *context, key.region_code(), key.department_code(),
        "project.key.department_code"));
    JIXIAO_ASSIGN_OR_RETURN(
        auto result,
        evaluator_->EvaluateOne(key, request->project().project_code(),
                                ForwardedFrom(*context)));
    const v1::ReportFormat format =
        request->format() == v1::HTML ? v1::HTML : v1::MARKDOWN;
    const auto& schemes = evaluator_->schemes();
    const auto scheme = std::find_if(schemes.begin(), schemes.end(),
                                     [&](const v1::ProjectScheme& s) {
                                       return s.id() == result.scheme_id();
                                     });
    response->set_format(format);
    response->set_content(evaluation::RenderProjectForm(
        result, scheme == schemes.end() ? nullptr : &*scheme, format));
    response->set_sha256(Sha256Hex(response->content()));
    response->set_file_name(ProjectFormFileName(result, format));
    return absl::OkStatus();
  });
}

grpc::ServerWriteReactor<v1::RegionProjectEvent>*
ProjectScoringServiceImpl::EvaluateRegionProjects(
    grpc::CallbackServerContext* context,
    const v1::EvaluateRegionProjectsRequest* request) {
  return RespondStream<v1::RegionProjectEvent>(
      context,
      [=, this](StreamWriter<v1::RegionProjectEvent>& out) -> absl::Status {
        JIXIAO_RETURN_IF_ERROR(validate::ValidateRegionCode(
            "region_code", request->region_code()));
        JIXIAO_RETURN_IF_ERROR(validate::ValidateYear("year", request->year()));
        JIXIAO_ASSIGN_OR_RETURN(const auto gap, GapOf(request->gap_points()));
        JIXIAO_ASSIGN_OR_RETURN(const auto limit, LimitOf(*request));
        JIXIAO_RETURN_IF_ERROR(auth::MayOverseeRegion(
            *context, request->region_code(), "evaluate a region's projects",
            "region_code"));
        RegionProjectTally tally(gap, limit);
        bool gone = false;
        JIXIAO_RETURN_IF_ERROR(evaluator_->EvaluateRegion(
            request->region_code(), request->year(), ForwardedFrom(*context),
            tally, [&](v1::ProjectResult result) {
              v1::RegionProjectEvent event;
              *event.mutable_result() = std::move(result);
              gone = !out.Write(std::move(event));
              return !gone;
            }));
        if (!gone) {
          v1::RegionProjectEvent summary;
          *summary.mutable_summary() = tally.Summary();
          out.Write(std::move(summary));
        }
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* ProjectScoringServiceImpl::ListProjectSchemes(
    grpc::CallbackServerContext* context,
    const v1::ListProjectSchemesRequest* request,
    v1::ListProjectSchemesResponse* response) {
  // Data built in at start: nothing to wait for.
  return RespondInline(context, [=, this]() -> absl::Status {
    for (const v1::ProjectScheme& s : evaluator_->schemes()) {
      *response->add_schemes() = s;
    }
    return absl::OkStatus();
  });
}

}  // namespace jixiao::evaluation

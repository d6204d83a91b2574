#include "services/evaluation/evaluation_service.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "grpcpp/support/byte_buffer.h"
#include "grpcpp/support/slice.h"
#include "libs/base/status_macros.h"
#include "libs/validate/validate.h"
#include "services/common/audit_rpc.h"
#include "services/common/auth.h"
#include "services/common/grpc_status.h"
#include "services/common/request_context.h"
#include "services/common/respond.h"
#include "services/common/respond_stream.h"
#include "services/evaluation/region.h"
#include "services/evaluation/report.h"

namespace jixiao::evaluation {
namespace {

absl::Status ValidateKey(absl::string_view prefix,
                         const v1::DepartmentYear& key) {
  return validate::ValidateDepartmentYearKey(prefix, key.region_code(),
                                             key.department_code(), key.year());
}

// A raw request's bytes as the message they must be.
absl::Status ParseRequest(const grpc::ByteBuffer& bytes,
                          v1::EvaluateRequest* request) {
  std::vector<grpc::Slice> slices;
  std::string joined;
  if (bytes.Dump(&slices).ok()) {
    for (const grpc::Slice& slice : slices) {
      joined.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
    }
    if (request->ParseFromString(joined)) return absl::OkStatus();
  }
  return absl::InvalidArgumentError(
      "request: not a jixiao.evaluation.v1.EvaluateRequest");
}

}  // namespace

grpc::ServerUnaryReactor* EvaluationServiceImpl::Evaluate(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request_bytes,
    grpc::ByteBuffer* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  // The checks neither block nor take long: made here, on gRPC's thread, so
  // that a result kept in memory is served with no hand-off to a worker.
  v1::EvaluateRequest request;
  absl::Status checked = auth::CallerOf(*context).status();
  if (checked.ok()) checked = ParseRequest(*request_bytes, &request);
  if (checked.ok()) checked = ValidateKey("key.", request.key());
  if (checked.ok()) {
    checked = auth::MayAccessDepartment(*context, request.key().region_code(),
                                        request.key().department_code(),
                                        "key.department_code");
  }
  if (!checked.ok()) {
    reactor->Finish(ToGrpcStatus(checked));
    return reactor;
  }
  evaluator_->EvaluateAsync(
      request.key(), ForwardedFrom(*context),
      [reactor,
       response](absl::StatusOr<std::shared_ptr<const std::string>> result) {
        if (result.ok()) {
          grpc::Slice slice((*result)->data(), (*result)->size());
          *response = grpc::ByteBuffer(&slice, 1);
        }
        reactor->Finish(ToGrpcStatus(result.status()));
      });
  return reactor;
}

grpc::ServerUnaryReactor* EvaluationServiceImpl::GetResult(
    grpc::CallbackServerContext* context, const v1::DepartmentYear* request,
    v1::EvaluationResult* response) {
  return Respond(context, [=, this]() -> absl::Status {
    JIXIAO_RETURN_IF_ERROR(ValidateKey("", *request));
    JIXIAO_RETURN_IF_ERROR(auth::MayAccessDepartment(
        *context, request->region_code(), request->department_code(),
        "department_code"));
    JIXIAO_ASSIGN_OR_RETURN(auto result, store_->Latest(*request));
    *response = std::move(result);
    return absl::OkStatus();
  });
}

grpc::ServerWriteReactor<v1::RegionEvent>*
EvaluationServiceImpl::EvaluateRegion(
    grpc::CallbackServerContext* context,
    const v1::EvaluateRegionRequest* request) {
  return RespondStream<v1::RegionEvent>(
      context, [=, this](StreamWriter<v1::RegionEvent>& out) -> absl::Status {
        JIXIAO_RETURN_IF_ERROR(validate::ValidateRegionCode(
            "region_code", request->region_code()));
        JIXIAO_RETURN_IF_ERROR(validate::ValidateYear("year", request->year()));
        JIXIAO_RETURN_IF_ERROR(auth::MayAccessRegion(
            *context, request->region_code(), "region_code"));
        RegionTally tally;
        bool gone = false;
        JIXIAO_RETURN_IF_ERROR(jixiao::evaluation::EvaluateRegion(
            *peers_, *evaluator_, *store_, request->region_code(),
            request->year(), ForwardedFrom(*context), tally,
            [&](v1::EvaluationResult result) {
              v1::RegionEvent event;
              *event.mutable_result() = std::move(result);
              gone = !out.Write(std::move(event));
              return !gone;
            }));
        if (!gone) {
          v1::RegionEvent summary;
          *summary.mutable_summary() = tally.Summary();
          out.Write(std::move(summary));
        }
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* EvaluationServiceImpl::RenderReport(
    grpc::CallbackServerContext* context,
    const v1::RenderReportRequest* request, v1::Report* response) {
  return Respond(context, [=, this]() -> absl::Status {
    JIXIAO_RETURN_IF_ERROR(ValidateKey("key.", request->key()));
    JIXIAO_RETURN_IF_ERROR(auth::MayAccessDepartment(
        *context, request->key().region_code(),
        request->key().department_code(), "key.department_code"));
    const v1::ReportFormat format =
        request->format() == v1::HTML ? v1::HTML : v1::MARKDOWN;
    if (request->format() != v1::REPORT_FORMAT_UNSPECIFIED &&
        request->format() != v1::HTML && request->format() != v1::MARKDOWN) {
      return validate::Invalid("format", "MARKDOWN or HTML");
    }
    JIXIAO_ASSIGN_OR_RETURN(auto evaluated,
                            evaluator_->EvaluateWithInputs(
                                request->key(), ForwardedFrom(*context)));
    const auto& [result, inputs] = evaluated;
    std::optional<v1::ProjectEvaluations> projects;
    if (projects_ != nullptr) {
      JIXIAO_ASSIGN_OR_RETURN(
          auto scored,
          projects_->EvaluateAll(request->key(), ForwardedFrom(*context)));
      projects = std::move(scored);
    }
    const v1::ProjectEvaluations* listed = projects ? &*projects : nullptr;
    response->set_format(format);
    response->set_content(format == v1::HTML
                              ? RenderHtml(result, inputs, listed)
                              : RenderMarkdown(result, inputs, listed));
    response->set_sha256(Sha256Hex(response->content()));
    response->set_file_name(ReportFileName(request->key(), format));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* EvaluationServiceImpl::GetCacheStats(
    grpc::CallbackServerContext* context,
    const v1::GetCacheStatsRequest* request, v1::CacheStats* response) {
  return Respond(context, [=, this]() -> absl::Status {
    JIXIAO_RETURN_IF_ERROR(auth::MayOversee(*context));
    const cache::CacheStats stats = cache_->Stats();
    response->set_hits(stats.hits);
    response->set_misses(stats.misses);
    response->set_errors(stats.errors);
    response->set_bypassed(stats.bypassed);
    response->set_breaker_open(stats.breaker_open);
    const ResultTier::Stats memory = evaluator_->memory_stats();
    response->set_memory_hits(memory.hits);
    response->set_memory_misses(memory.misses);
    response->set_memory_entries(memory.entries);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* EvaluationServiceImpl::ListAudit(
    grpc::CallbackServerContext* context,
    const audit::v1::ListAuditRequest* request,
    audit::v1::ListAuditResponse* response) {
  return Respond(context, [=, this] {
    return ServeListAudit(*context, store_->database(), *request, response);
  });
}

}  // namespace jixiao::evaluation

#include "services/evaluation/evaluation_service.h"

#include <openssl/sha.h>

#include <algorithm>
#include <map>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "libs/base/status_macros.h"
#include "libs/money/decimal.h"
#include "libs/validate/validate.h"
#include "services/common/audit_rpc.h"
#include "services/common/request_context.h"
#include "services/common/respond.h"
#include "services/evaluation/report.h"

namespace jixiao::evaluation {
namespace {

absl::Status ValidateKey(absl::string_view prefix,
                         const v1::DepartmentYear& key) {
  return validate::ValidateDepartmentYearKey(prefix, key.region_code(),
                                             key.department_code(), key.year());
}

std::string Sha256Hex(const std::string& content) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(content.data()), content.size(),
         digest);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), sizeof(digest)));
}

// Streams a region's results one by one as each is computed, then the
// ranking. Each department is evaluated when the previous write is done, so
// results leave as they finish and memory stays flat.
class RegionReactor : public grpc::ServerWriteReactor<v1::RegionEvent> {
 public:
  RegionReactor(Evaluator* evaluator, Peers* peers,
                const grpc::CallbackServerContext& context,
                v1::EvaluateRegionRequest request)
      : evaluator_(evaluator),
        request_(std::move(request)),
        caller_(ForwardedFrom(context)) {
    absl::Status valid = Validate();
    if (valid.ok()) {
      valid =
          auth::MayAccessRegion(context, request_.region_code(), "region_code");
    }
    if (!valid.ok()) {
      Finish(ToGrpcStatus(valid));
      return;
    }
    auto departments = peers->Departments(request_.region_code(), caller_);
    if (!departments.ok()) {
      Finish(ToGrpcStatus(departments.status()));
      return;
    }
    departments_ = std::move(*departments);
    Next();
  }

  void OnWriteDone(bool ok) override {
    if (!ok) {
      Finish(grpc::Status(grpc::StatusCode::CANCELLED, "the caller went away"));
      return;
    }
    if (done_) {
      Finish(grpc::Status::OK);
      return;
    }
    Next();
  }

  void OnDone() override { delete this; }

 private:
  absl::Status Validate() const {
    JIXIAO_RETURN_IF_ERROR(
        validate::ValidateRegionCode("region_code", request_.region_code()));
    return validate::ValidateYear("year", request_.year());
  }

  // Evaluates departments until one yields a result to send, or sends the
  // summary when none is left.
  void Next() {
    while (position_ < departments_.size()) {
      const auto& d = departments_[position_++];
      v1::DepartmentYear key;
      key.set_region_code(request_.region_code());
      key.set_department_code(d.code());
      key.set_year(request_.year());
      auto result = evaluator_->Evaluate(key, caller_);
      if (absl::IsNotFound(result.status())) {
        ++skipped_;
        continue;
      }
      if (!result.ok()) {
        errors_.push_back(
            absl::StrCat(d.code(), "：", result.status().message()));
        continue;
      }
      ranking_.push_back(*result);
      event_.Clear();
      *event_.mutable_result() = std::move(*result);
      StartWrite(&event_);
      return;
    }
    done_ = true;
    event_.Clear();
    *event_.mutable_summary() = Summary();
    StartWrite(&event_);
  }

  v1::RegionSummary Summary() {
    v1::RegionSummary s;
    s.set_evaluated(static_cast<int>(ranking_.size()));
    s.set_skipped(skipped_);
    const auto total = [](const v1::EvaluationResult& r) {
      auto v = money::ParseDecimal(r.total(), 2, INT64_MAX / 100);
      return v.ok() ? *v : 0;
    };
    std::stable_sort(
        ranking_.begin(), ranking_.end(),
        [&](const v1::EvaluationResult& a, const v1::EvaluationResult& b) {
          if (total(a) != total(b)) return total(a) > total(b);
          return a.key().department_code() < b.key().department_code();
        });
    std::map<std::string, int> grades;
    int rank = 0;
    int64_t previous = -1;
    for (size_t i = 0; i < ranking_.size(); ++i) {
      const auto& r = ranking_[i];
      if (total(r) != previous)
        rank = static_cast<int>(i) + 1;  // ties share a rank
      previous = total(r);
      v1::RankedDepartment* d = s.add_ranking();
      d->set_rank(rank);
      d->set_department_code(r.key().department_code());
      d->set_department_name(r.department_name());
      d->set_total(r.total());
      d->set_grade(r.grade());
      ++grades[r.grade()];
    }
    for (const char* grade : {"优", "良", "中", "差"}) {
      v1::GradeCount* g = s.add_grades();
      g->set_grade(grade);
      g->set_count(grades[grade]);
      grades.erase(grade);
    }
    for (const auto& [grade, count] : grades) {  // custom band names
      v1::GradeCount* g = s.add_grades();
      g->set_grade(grade);
      g->set_count(count);
    }
    for (auto& e : errors_) s.add_errors(std::move(e));
    return s;
  }

  Evaluator* const evaluator_;
  const v1::EvaluateRegionRequest request_;
  const Forwarded caller_;
  std::vector<budget::v1::Department> departments_;
  size_t position_ = 0;
  int skipped_ = 0;
  bool done_ = false;
  std::vector<v1::EvaluationResult> ranking_;
  std::vector<std::string> errors_;
  v1::RegionEvent event_;
};

}  // namespace

grpc::ServerUnaryReactor* EvaluationServiceImpl::Evaluate(
    grpc::CallbackServerContext* context, const v1::EvaluateRequest* request,
    v1::EvaluationResult* response) {
  return Respond(context, [=, this]() -> absl::Status {
    JIXIAO_RETURN_IF_ERROR(ValidateKey("key.", request->key()));
    JIXIAO_RETURN_IF_ERROR(auth::MayAccessDepartment(
        *context, request->key().region_code(),
        request->key().department_code(), "key.department_code"));
    auto result = evaluator_->Evaluate(request->key(), ForwardedFrom(*context));
    if (!result.ok()) return result.status();
    *response = std::move(*result);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* EvaluationServiceImpl::GetResult(
    grpc::CallbackServerContext* context, const v1::DepartmentYear* request,
    v1::EvaluationResult* response) {
  return Respond(context, [=, this]() -> absl::Status {
    JIXIAO_RETURN_IF_ERROR(ValidateKey("", *request));
    JIXIAO_RETURN_IF_ERROR(auth::MayAccessDepartment(
        *context, request->region_code(), request->department_code(),
        "department_code"));
    auto result = store_->Latest(*request);
    if (!result.ok()) return result.status();
    *response = std::move(*result);
    return absl::OkStatus();
  });
}

grpc::ServerWriteReactor<v1::RegionEvent>*
EvaluationServiceImpl::EvaluateRegion(
    grpc::CallbackServerContext* context,
    const v1::EvaluateRegionRequest* request) {
  return new RegionReactor(evaluator_, peers_, *context, *request);
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
    auto evaluated =
        evaluator_->EvaluateWithInputs(request->key(), ForwardedFrom(*context));
    if (!evaluated.ok()) return evaluated.status();
    const auto& [result, inputs] = *evaluated;
    response->set_format(format);
    response->set_content(format == v1::HTML ? RenderHtml(result, inputs)
                                             : RenderMarkdown(result, inputs));
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

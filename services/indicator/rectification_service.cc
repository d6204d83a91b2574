#include "services/indicator/rectification_service.h"

#include <openssl/sha.h>

#include <optional>
#include <string>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "libs/base/status_macros.h"
#include "libs/validate/validate.h"
#include "services/common/audit_rpc.h"
#include "services/common/auth.h"
#include "services/common/respond.h"
#include "services/indicator/domain/monitoring.h"

namespace jixiao::indicator {
namespace {

absl::Status ValidateTaskKey(absl::string_view prefix, const pb::TaskKey& key) {
  JIXIAO_RETURN_IF_ERROR(validate::ValidateRegionCode(
      absl::StrCat(prefix, "region_code"), key.region_code()));
  if (key.task_id() < 1) {
    return validate::Invalid(absl::StrCat(prefix, "task_id"),
                             "a task id, 1 or more");
  }
  return absl::OkStatus();
}

absl::Status ValidateSha256(absl::string_view field, absl::string_view hex) {
  bool ok = hex.size() == 64;
  for (const char c : hex) {
    ok = ok && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
  }
  if (!ok) return validate::Invalid(field, "64 lowercase hex digits");
  return absl::OkStatus();
}

std::string Sha256Hex(absl::string_view content) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(content.data()), content.size(),
         digest);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), sizeof(digest)));
}

std::string TodayUtc() {
  return absl::FormatTime("%Y-%m-%d", absl::Now(), absl::UTCTimeZone());
}

}  // namespace

absl::StatusOr<pb::RectificationTask> RectificationServiceImpl::Authorized(
    const grpc::CallbackServerContext& context, const pb::TaskKey& key,
    absl::string_view field) {
  JIXIAO_ASSIGN_OR_RETURN(auto caller, auth::CallerOf(context));
  if (caller.role != access::Role::kDepartment) {
    JIXIAO_RETURN_IF_ERROR(
        auth::MayAccessRegion(context, key.region_code(), field));
  }
  auto task = store_->Task(key);
  if (absl::IsNotFound(task.status()) &&
      caller.role == access::Role::kDepartment) {
    return absl::PermissionDeniedError(absl::StrCat(
        field, ": task ", key.task_id(), " of region ", key.region_code(),
        " is not department ", caller.department_code, "'s"));
  }
  JIXIAO_RETURN_IF_ERROR(task.status());
  JIXIAO_RETURN_IF_ERROR(auth::MayAccessDepartment(
      context, key.region_code(), task->department_code(), field));
  task->set_overdue(IsOverdue(*task, TodayUtc()));
  return task;
}

grpc::ServerUnaryReactor* RectificationServiceImpl::CreateTask(
    grpc::CallbackServerContext* context, const v1::CreateTaskRequest* request,
    v1::RectificationTask* response) {
  return Respond(context, [=, this]() -> absl::Status {
    pb::RectificationTask task;
    // Only what finance states; the rest is the service's.
    const pb::RectificationTask& in = request->task();
    task.mutable_key()->set_region_code(in.key().region_code());
    task.set_department_code(in.department_code());
    task.set_year(in.year());
    *task.mutable_finding() = in.finding();
    task.set_requirement(in.requirement());
    task.set_deadline(in.deadline());
    JIXIAO_RETURN_IF_ERROR(ValidateNewTask(task));
    JIXIAO_RETURN_IF_ERROR(auth::MayOverseeRegion(
        *context, task.key().region_code(), "create a rectification task",
        "task.key.region_code"));
    JIXIAO_ASSIGN_OR_RETURN(
        auto stored,
        store_->Create(std::move(task), AuditWriter(*context, "CreateTask")));
    *response = std::move(stored);
    response->set_overdue(IsOverdue(*response, TodayUtc()));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RectificationServiceImpl::GetTask(
    grpc::CallbackServerContext* context, const v1::TaskKey* request,
    v1::RectificationTask* response) {
  return Respond(context, [=, this]() -> absl::Status {
    JIXIAO_RETURN_IF_ERROR(ValidateTaskKey("", *request));
    JIXIAO_ASSIGN_OR_RETURN(auto task,
                            Authorized(*context, *request, "task_id"));
    *response = std::move(task);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RectificationServiceImpl::ListTasks(
    grpc::CallbackServerContext* context, const v1::ListTasksRequest* request,
    v1::ListTasksResponse* response) {
  return Respond(context, [=, this]() -> absl::Status {
    JIXIAO_RETURN_IF_ERROR(
        validate::ValidateRegionCode("region_code", request->region_code()));
    std::optional<pb::TaskStatus> status;
    if (request->has_status()) {
      if (!pb::TaskStatus_IsValid(request->status()) ||
          request->status() == pb::TASK_STATUS_UNSPECIFIED) {
        return validate::Invalid(
            "status",
            "TASK_OPEN, TASK_REPORTED, TASK_ACCEPTED or TASK_REOPENED");
      }
      status = request->status();
    }
    const std::string as_of =
        request->has_overdue_as_of() ? request->overdue_as_of() : TodayUtc();
    if (request->has_overdue_as_of()) {
      JIXIAO_RETURN_IF_ERROR(ParseDay("overdue_as_of", as_of).status());
    }
    std::optional<std::string> department;
    if (request->has_department_code()) {
      // A department lists its own by naming itself.
      JIXIAO_RETURN_IF_ERROR(validate::ValidateDepartmentCode(
          "department_code", request->department_code()));
      JIXIAO_RETURN_IF_ERROR(auth::MayAccessDepartment(
          *context, request->region_code(), request->department_code(),
          "department_code"));
      department = request->department_code();
    } else {
      JIXIAO_RETURN_IF_ERROR(
          auth::MayOverseeRegion(*context, request->region_code(),
                                 "list the region's tasks", "region_code"));
    }
    JIXIAO_ASSIGN_OR_RETURN(
        auto tasks, store_->Tasks(request->region_code(), department, status));
    for (pb::RectificationTask& t : tasks) {
      t.set_overdue(IsOverdue(t, as_of));
      if (request->has_overdue_as_of() && !t.overdue()) continue;
      *response->add_tasks() = std::move(t);
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RectificationServiceImpl::UploadEvidence(
    grpc::CallbackServerContext* context,
    const v1::UploadEvidenceRequest* request, v1::Evidence* response) {
  return Respond(context, [=, this]() -> absl::Status {
    JIXIAO_RETURN_IF_ERROR(ValidateTaskKey("task.", request->task()));
    JIXIAO_RETURN_IF_ERROR(
        ValidateEvidence(request->file_name(), request->content_type(),
                         request->content(), evidence_max_bytes_));
    JIXIAO_RETURN_IF_ERROR(
        Authorized(*context, request->task(), "task.task_id").status());
    pb::Evidence evidence;
    *evidence.mutable_task() = request->task();
    evidence.set_sha256(Sha256Hex(request->content()));
    evidence.set_file_name(request->file_name());
    evidence.set_content_type(request->content_type());
    evidence.set_size_bytes(static_cast<int64_t>(request->content().size()));
    JIXIAO_ASSIGN_OR_RETURN(
        auto stored,
        store_->AddEvidence(std::move(evidence), request->content(),
                            AuditWriter(*context, "UploadEvidence")));
    *response = std::move(stored);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RectificationServiceImpl::GetEvidence(
    grpc::CallbackServerContext* context, const v1::EvidenceKey* request,
    v1::EvidenceFile* response) {
  return Respond(context, [=, this]() -> absl::Status {
    JIXIAO_RETURN_IF_ERROR(ValidateTaskKey("task.", request->task()));
    JIXIAO_RETURN_IF_ERROR(ValidateSha256("sha256", request->sha256()));
    JIXIAO_RETURN_IF_ERROR(
        Authorized(*context, request->task(), "task.task_id").status());
    JIXIAO_ASSIGN_OR_RETURN(
        auto file, store_->Evidence(request->task(), request->sha256()));
    *response = std::move(file);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RectificationServiceImpl::ReportTask(
    grpc::CallbackServerContext* context, const v1::ReportTaskRequest* request,
    v1::RectificationTask* response) {
  return Respond(context, [=, this]() -> absl::Status {
    JIXIAO_RETURN_IF_ERROR(ValidateTaskKey("key.", request->key()));
    JIXIAO_RETURN_IF_ERROR(
        validate::ValidateText("response", request->response(), 4000, true));
    if (request->evidence_sha256_size() >
        RectificationStore::kMaxEvidencePerTask) {
      return validate::Invalid(
          "evidence_sha256",
          absl::StrCat("at most ", RectificationStore::kMaxEvidencePerTask));
    }
    for (int i = 0; i < request->evidence_sha256_size(); ++i) {
      JIXIAO_RETURN_IF_ERROR(
          ValidateSha256(absl::StrCat("evidence_sha256[", i, "]"),
                         request->evidence_sha256(i)));
    }
    JIXIAO_ASSIGN_OR_RETURN(auto caller, auth::CallerOf(*context));
    // Separation of duties: finance judges the report, so it does not
    // write it.
    if (caller.role == access::Role::kFinance) {
      return absl::PermissionDeniedError(
          "key: the department reports on its rectification; finance accepts "
          "or reopens it");
    }
    JIXIAO_RETURN_IF_ERROR(
        Authorized(*context, request->key(), "key.task_id").status());
    const std::vector<std::string> evidence(request->evidence_sha256().begin(),
                                            request->evidence_sha256().end());
    JIXIAO_ASSIGN_OR_RETURN(
        auto stored,
        store_->Change(request->key(), request->expected_version(),
                       TaskAction::kReport, request->response(), evidence,
                       AuditWriter(*context, "ReportTask")));
    *response = std::move(stored);
    response->set_overdue(IsOverdue(*response, TodayUtc()));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RectificationServiceImpl::Decide(
    grpc::CallbackServerContext* context, const v1::DecideTaskRequest* request,
    v1::RectificationTask* response, TaskAction action,
    absl::string_view method) {
  return Respond(context, [=, this]() -> absl::Status {
    JIXIAO_RETURN_IF_ERROR(ValidateTaskKey("key.", request->key()));
    JIXIAO_RETURN_IF_ERROR(
        validate::ValidateText("note", request->note(), 2000, true));
    JIXIAO_RETURN_IF_ERROR(auth::MayOverseeRegion(
        *context, request->key().region_code(),
        action == TaskAction::kAccept ? "accept a rectification"
                                      : "reopen a rectification",
        "key.region_code"));
    JIXIAO_ASSIGN_OR_RETURN(
        auto stored,
        store_->Change(request->key(), request->expected_version(), action,
                       request->note(), {}, AuditWriter(*context, method)));
    *response = std::move(stored);
    response->set_overdue(IsOverdue(*response, TodayUtc()));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* RectificationServiceImpl::AcceptTask(
    grpc::CallbackServerContext* context, const v1::DecideTaskRequest* request,
    v1::RectificationTask* response) {
  return Decide(context, request, response, TaskAction::kAccept, "AcceptTask");
}

grpc::ServerUnaryReactor* RectificationServiceImpl::ReopenTask(
    grpc::CallbackServerContext* context, const v1::DecideTaskRequest* request,
    v1::RectificationTask* response) {
  return Decide(context, request, response, TaskAction::kReopen, "ReopenTask");
}

}  // namespace jixiao::indicator

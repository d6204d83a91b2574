// Rectification (整改) over gRPC (jixiao.indicator.v1.RectificationService),
// served by the indicator process beside MonitoringService: finance makes a
// task of a finding, the department reports with evidence files, finance
// accepts or reopens (docs/domain.md §9.4.1, docs/adr/0007).
#ifndef JIXIAO_SERVICES_INDICATOR_RECTIFICATION_SERVICE_H_
#define JIXIAO_SERVICES_INDICATOR_RECTIFICATION_SERVICE_H_

#include <cstdint>

#include "jixiao/indicator/v1/rectification.grpc.pb.h"
#include "services/indicator/store/rectification_store.h"

namespace jixiao::indicator {

class RectificationServiceImpl final
    : public v1::RectificationService::CallbackService {
 public:
  // `evidence_max_bytes`: the largest file UploadEvidence takes.
  RectificationServiceImpl(RectificationStore* store,
                           int64_t evidence_max_bytes)
      : store_(store), evidence_max_bytes_(evidence_max_bytes) {}

  grpc::ServerUnaryReactor* CreateTask(
      grpc::CallbackServerContext* context,
      const v1::CreateTaskRequest* request,
      v1::RectificationTask* response) override;
  grpc::ServerUnaryReactor* GetTask(grpc::CallbackServerContext* context,
                                    const v1::TaskKey* request,
                                    v1::RectificationTask* response) override;
  grpc::ServerUnaryReactor* ListTasks(grpc::CallbackServerContext* context,
                                      const v1::ListTasksRequest* request,
                                      v1::ListTasksResponse* response) override;
  grpc::ServerUnaryReactor* UploadEvidence(
      grpc::CallbackServerContext* context,
      const v1::UploadEvidenceRequest* request,
      v1::Evidence* response) override;
  grpc::ServerUnaryReactor* GetEvidence(grpc::CallbackServerContext* context,
                                        const v1::EvidenceKey* request,
                                        v1::EvidenceFile* response) override;
  grpc::ServerUnaryReactor* ReportTask(
      grpc::CallbackServerContext* context,
      const v1::ReportTaskRequest* request,
      v1::RectificationTask* response) override;
  grpc::ServerUnaryReactor* AcceptTask(
      grpc::CallbackServerContext* context,
      const v1::DecideTaskRequest* request,
      v1::RectificationTask* response) override;
  grpc::ServerUnaryReactor* ReopenTask(
      grpc::CallbackServerContext* context,
      const v1::DecideTaskRequest* request,
      v1::RectificationTask* response) override;

 private:
  // The task named by `key`, once the caller may see it: its department
  // (or finance of its region, or admin). A department asking for a task
  // that is not its own is refused whether or not the task exists, so that
  // ids tell it nothing about its neighbours.
  absl::StatusOr<pb::RectificationTask> Authorized(
      const grpc::CallbackServerContext& context, const pb::TaskKey& key,
      absl::string_view field);
  // Accept and reopen: finance's, with a note.
  grpc::ServerUnaryReactor* Decide(grpc::CallbackServerContext* context,
                                   const v1::DecideTaskRequest* request,
                                   v1::RectificationTask* response,
                                   TaskAction action, absl::string_view method);

  RectificationStore* const store_;
  const int64_t evidence_max_bytes_;
};

}  // namespace jixiao::indicator

#endif  // JIXIAO_SERVICES_INDICATOR_RECTIFICATION_SERVICE_H_

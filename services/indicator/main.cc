// jixiao-indicator: indicator frameworks and each department's indicator
// values, derived ones from the budget service.
#include <chrono>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "services/common/config.h"
#include "services/common/log.h"
#include "services/common/server.h"
#include "services/indicator/framework_files.h"
#include "services/indicator/indicator_service.h"
#include "services/indicator/monitoring_service.h"
#include "services/indicator/project_evaluation_service.h"
#include "services/indicator/rectification_service.h"
#include "services/indicator/targets_service.h"

ABSL_FLAG(std::string, budget, "127.0.0.1:50051",
          "address of the budget service (host:port; a headless Service name "
          "in Kubernetes)");
ABSL_FLAG(int, budget_deadline_ms, 2000,
          "deadline of each call to the budget service");
ABSL_FLAG(int, monitoring_lag_threshold_bp,
          jixiao::indicator::kDefaultLagThresholdBp,
          "mid-year monitoring: warn when budget execution lags time progress "
          "by more than this, in basis points (1000 = 10 percentage points), "
          "for rounds opened without their own");
ABSL_FLAG(int64_t, rectification_evidence_max_bytes,
          jixiao::indicator::kDefaultEvidenceMaxBytes,
          "rectification: the largest evidence file UploadEvidence takes, in "
          "bytes (below --max_message_bytes)");
ABSL_FLAG(std::string, frameworks_dir, "frameworks",
          "folder of framework files (*.json) loaded at start; empty: none");

int main(int argc, char** argv) {
  absl::SetFlag(&FLAGS_listen, "127.0.0.1:50052");
  absl::SetFlag(&FLAGS_storage, "sqlite:data/indicator.db");
  jixiao::config::ParseFlags(argc, argv,
                             "jixiao-indicator: indicator frameworks and "
                             "values over gRPC");
  auto store =
      jixiao::indicator::IndicatorStore::Open(absl::GetFlag(FLAGS_storage));
  if (!store.ok()) {
    jixiao::log::Error(
        "cannot open storage",
        {{"error", absl::string_view(store.status().message())}});
    return 1;
  }
  // Opening the store applied every migration (under its lock): a
  // migration Job runs this, before the rollout, and stops here.
  if (jixiao::config::MigrateOnly()) return 0;
  if (const std::string dir = absl::GetFlag(FLAGS_frameworks_dir);
      !dir.empty()) {
    auto loaded = jixiao::indicator::LoadFrameworkFiles(dir, **store);
    if (!loaded.ok()) {
      jixiao::log::Error(
          "cannot load frameworks",
          {{"error", absl::string_view(loaded.status().message())}});
      return 1;
    }
  }
  if (const int threshold = absl::GetFlag(FLAGS_monitoring_lag_threshold_bp);
      threshold < 1 || threshold > 10000) {
    jixiao::log::Error("--monitoring_lag_threshold_bp: from 1 to 10000",
                       {{"value", absl::StrCat(threshold)}});
    return 1;
  }
  const jixiao::ServerConfig server_config = jixiao::ServerConfig::FromFlags();
  // An upload carries the file and a few fields more in one message.
  constexpr int64_t kUploadOverheadBytes = 64 * 1024;
  if (const int64_t max = absl::GetFlag(FLAGS_rectification_evidence_max_bytes);
      max < 1 || max > server_config.max_message_bytes - kUploadOverheadBytes) {
    jixiao::log::Error(
        "--rectification_evidence_max_bytes: from 1 to --max_message_bytes "
        "less 64 KiB",
        {{"value", absl::StrCat(max)}});
    return 1;
  }
  jixiao::indicator::BudgetClient budget(
      absl::GetFlag(FLAGS_budget),
      std::chrono::milliseconds(absl::GetFlag(FLAGS_budget_deadline_ms)));
  // Targets share the store's database (and its write epoch).
  jixiao::indicator::TargetStore target_store((*store)->database());
  jixiao::indicator::IndicatorServiceImpl service(store->get(), &target_store,
                                                  &budget);
  jixiao::indicator::TargetServiceImpl targets(&target_store, &budget);
  // Monitoring shares it too, and reads the targets in force.
  jixiao::indicator::MonitoringStore monitoring_store((*store)->database());
  jixiao::indicator::MonitoringServiceImpl monitoring(
      &monitoring_store, &target_store, &budget,
      absl::GetFlag(FLAGS_monitoring_lag_threshold_bp));
  // Rectification shares it too: tasks and their evidence files.
  jixiao::indicator::RectificationStore rectification_store(
      (*store)->database());
  jixiao::indicator::RectificationServiceImpl rectification(
      &rectification_store,
      absl::GetFlag(FLAGS_rectification_evidence_max_bytes));
  // Project self-evaluations share it too: each filing is checked against
  // the targets in force in its own write's transaction.
  jixiao::indicator::ProjectFilingStore project_filing_store(
      (*store)->database());
  jixiao::indicator::ProjectEvaluationServiceImpl project_evaluation(
      &project_filing_store);
  const absl::Status status = jixiao::RunServer(
      server_config,
      {{&service, "jixiao.indicator.v1.IndicatorService"},
       {&targets, "jixiao.indicator.v1.TargetService"},
       {&monitoring, "jixiao.indicator.v1.MonitoringService"},
       {&rectification, "jixiao.indicator.v1.RectificationService"},
       {&project_evaluation, "jixiao.indicator.v1.ProjectEvaluationService"}});
  if (!status.ok()) {
    jixiao::log::Error("server failed",
                       {{"error", absl::string_view(status.message())}});
    return 1;
  }
  return 0;
}

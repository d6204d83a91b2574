// jixiao-budget: the budget-data service.
#include <cstdio>

#include "absl/flags/flag.h"
#include "services/budget/budget_service.h"
#include "services/common/config.h"
#include "services/common/log.h"
#include "services/common/server.h"

ABSL_FLAG(int64_t, tolerance_fen, jixiao::budget::kDefaultTolerance,
          "default rounding tolerance of the consistency check, in 分 (10000 = "
          "0.01万元)");

int main(int argc, char** argv) {
  absl::SetFlag(&FLAGS_listen, "127.0.0.1:50051");
  absl::SetFlag(&FLAGS_storage, "sqlite:data/budget.db");
  jixiao::config::ParseFlags(
      argc, argv,
      "jixiao-budget: departments, figures, ledger, rates and "
      "consistency findings over gRPC");
  const int64_t tolerance = absl::GetFlag(FLAGS_tolerance_fen);
  if (tolerance < 0) {
    std::fprintf(stderr, "--tolerance_fen: must not be negative\n");
    return 2;
  }
  auto store = jixiao::budget::BudgetStore::Open(absl::GetFlag(FLAGS_storage));
  if (!store.ok()) {
    jixiao::log::Error(
        "cannot open storage",
        {{"error", absl::string_view(store.status().message())}});
    return 1;
  }
  // Opening the store applied every migration (under its lock): a
  // migration Job runs this, before the rollout, and stops here.
  if (jixiao::config::MigrateOnly()) return 0;
  jixiao::budget::BudgetServiceImpl service(
      store->get(), {.default_tolerance_fen = tolerance});
  const absl::Status status =
      jixiao::RunServer(jixiao::ServerConfig::FromFlags(),
                        {{&service, "jixiao.budget.v1.BudgetService"}});
  if (!status.ok()) {
    jixiao::log::Error("server failed",
                       {{"error", absl::string_view(status.message())}});
    return 1;
  }
  return 0;
}

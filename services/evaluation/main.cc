// jixiao-evaluation: scores department-years, ranks regions, writes reports.
#include <algorithm>
#include <chrono>

#include "absl/flags/flag.h"
#include "services/common/cache/redis_cache.h"
#include "services/common/config.h"
#include "services/common/log.h"
#include "services/common/server.h"
#include "services/evaluation/evaluation_service.h"
#include "services/evaluation/project_schemes.h"
#include "services/evaluation/project_scoring_service.h"
#include "services/evaluation/results_service.h"

ABSL_FLAG(std::string, budget, "127.0.0.1:50051",
          "address of the budget service");
ABSL_FLAG(std::string, indicator, "127.0.0.1:50052",
          "address of the indicator service");
ABSL_FLAG(int, peer_deadline_ms, 2000,
          "deadline of each call to another service");
ABSL_FLAG(std::string, redis, "",
          "Redis host:port for the result cache; empty (the embedded default): "
          "no cache");
ABSL_FLAG(std::string, redis_password_file, "",
          "file with the Redis password (AUTH; requirepass on the server); "
          "one trailing newline is ignored");
ABSL_FLAG(int, redis_timeout_ms, 150,
          "connect and command timeout of each Redis call");
ABSL_FLAG(int, cache_ttl_seconds, 3600, "time to live of every cached result");
ABSL_FLAG(int, memory_cache_entries, 0,
          "results kept in this process (about 12 KB each) and served while "
          "the budget and indicator services' write epochs stand still; 0: "
          "none");
ABSL_FLAG(std::string, project_schemes_file, "",
          "the project self-evaluation weight schemes (the form of "
          "frameworks/schemes/project-schemes.json); empty: the built-in ones");
ABSL_FLAG(std::string, grade_bands, "优:90,良:80,中:60,差:0",
          "grades and their lowest percent of the total weight, highest first");

int main(int argc, char** argv) {
  absl::SetFlag(&FLAGS_listen, "127.0.0.1:50053");
  absl::SetFlag(&FLAGS_storage, "sqlite:data/evaluation.db");
  jixiao::config::ParseFlags(
      argc, argv, "jixiao-evaluation: scores, rankings and reports over gRPC");
  auto bands =
      jixiao::evaluation::ParseGradeBands(absl::GetFlag(FLAGS_grade_bands));
  if (!bands.ok()) {
    jixiao::log::Error(
        "bad --grade_bands",
        {{"error", absl::string_view(bands.status().message())}});
    return 2;
  }
  auto schemes = jixiao::evaluation::LoadProjectSchemes(
      absl::GetFlag(FLAGS_project_schemes_file));
  if (!schemes.ok()) {
    jixiao::log::Error(
        "bad project schemes",
        {{"error", absl::string_view(schemes.status().message())}});
    return 2;
  }
  auto store =
      jixiao::evaluation::ResultStore::Open(absl::GetFlag(FLAGS_storage));
  if (!store.ok()) {
    jixiao::log::Error(
        "cannot open storage",
        {{"error", absl::string_view(store.status().message())}});
    return 1;
  }
  // Opening the store applied every migration (under its lock): a
  // migration Job runs this, before the rollout, and stops here.
  if (jixiao::config::MigrateOnly()) return 0;
  auto redis_password =
      jixiao::cache::ReadPasswordFile(absl::GetFlag(FLAGS_redis_password_file));
  if (!redis_password.ok()) {
    jixiao::log::Error(
        "bad --redis_password_file",
        {{"error", absl::string_view(redis_password.status().message())}});
    return 2;
  }
  jixiao::cache::RedisCache cache(
      {.address = absl::GetFlag(FLAGS_redis),
       .password = *std::move(redis_password),
       .timeout =
           std::chrono::milliseconds(absl::GetFlag(FLAGS_redis_timeout_ms)),
       .ttl = std::chrono::seconds(absl::GetFlag(FLAGS_cache_ttl_seconds))});
  jixiao::evaluation::Peers peers(
      absl::GetFlag(FLAGS_budget), absl::GetFlag(FLAGS_indicator),
      std::chrono::milliseconds(absl::GetFlag(FLAGS_peer_deadline_ms)));
  jixiao::evaluation::ProjectEvaluator projects(&peers, *std::move(schemes),
                                                *bands);
  jixiao::evaluation::Evaluator evaluator(
      &peers, store->get(), &cache, *bands,
      static_cast<size_t>(
          std::max(0, absl::GetFlag(FLAGS_memory_cache_entries))),
      &projects);
  jixiao::evaluation::EvaluationServiceImpl service(
      &evaluator, &peers, store->get(), &cache, &projects);
  jixiao::evaluation::ProjectScoringServiceImpl project_scoring(&projects);
  jixiao::evaluation::ResultsServiceImpl results(
      &evaluator, &projects, store->get(), *bands,
      absl::GetFlag(FLAGS_indicator),
      std::chrono::milliseconds(absl::GetFlag(FLAGS_peer_deadline_ms)));
  const absl::Status status = jixiao::RunServer(
      jixiao::ServerConfig::FromFlags(),
      {{&service, "jixiao.evaluation.v1.EvaluationService"},
       {&results, "jixiao.evaluation.v1.ResultsService"},
       {&project_scoring, "jixiao.evaluation.v1.ProjectScoringService"}});
  if (!status.ok()) {
    jixiao::log::Error("server failed",
                       {{"error", absl::string_view(status.message())}});
    return 1;
  }
  return 0;
}

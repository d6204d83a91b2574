// Redis as a cache in front of work that is expensive to redo. Every key
// gets a TTL; every call has a short timeout; after a few failures in a row
// a circuit breaker stops calling Redis for a while, so that a slow or dead
// Redis costs callers nothing but the cache. Redis is never needed: a miss,
// an error and an open breaker all mean "compute it".
//
// hiredis 0.14 connections are not thread-safe and a timed-out connection
// is dead, so connections come from a small pool and a failed one is
// dropped and reopened later. SIGPIPE must be ignored (the server does).
#ifndef JIXIAO_SERVICES_COMMON_CACHE_REDIS_CACHE_H_
#define JIXIAO_SERVICES_COMMON_CACHE_REDIS_CACHE_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

struct redisContext;

namespace jixiao::cache {

struct RedisOptions {
  std::string address;   // host:port; empty disables the cache
  std::string password;  // sent with AUTH on every new connection; "": none
  std::chrono::milliseconds timeout{150};
  std::chrono::seconds ttl{3600};
  int pool_size = 8;
  int failures_to_open = 3;
  std::chrono::milliseconds open_for{2000};
};

struct CacheStats {
  int64_t hits = 0;
  int64_t misses = 0;
  int64_t errors = 0;
  int64_t bypassed = 0;  // calls not sent because the breaker was open
  bool breaker_open = false;
};

enum class Lookup { kHit, kMiss, kBypass };

// The password in the file at `path` ("" when `path` is empty: no AUTH),
// without one trailing newline; a short, placeholder or guessable one is
// INVALID_ARGUMENT (the service does not start on a template's value).
absl::StatusOr<std::string> ReadPasswordFile(const std::string& path);

class RedisCache {
 public:
  explicit RedisCache(RedisOptions options);
  ~RedisCache();
  RedisCache(const RedisCache&) = delete;
  RedisCache& operator=(const RedisCache&) = delete;

  bool enabled() const { return !options_.address.empty(); }

  // kHit fills `value`; kMiss and kBypass leave it alone.
  Lookup Get(absl::string_view key, std::string* value);
  // SET key value EX ttl; failures are counted and otherwise ignored.
  void Set(absl::string_view key, absl::string_view value);

  CacheStats Stats() const;

 private:
  redisContext* Take();
  void Give(redisContext* connection);
  bool BreakerAllows();
  void Succeeded();
  void Failed();

  const RedisOptions options_;
  std::string host_;
  int port_ = 0;

  absl::Mutex pool_mu_;
  std::vector<redisContext*> pool_ ABSL_GUARDED_BY(pool_mu_);

  mutable absl::Mutex breaker_mu_;
  int consecutive_failures_ ABSL_GUARDED_BY(breaker_mu_) = 0;
  std::chrono::steady_clock::time_point open_until_
      ABSL_GUARDED_BY(breaker_mu_){};

  std::atomic<int64_t> hits_{0};
  std::atomic<int64_t> misses_{0};
  std::atomic<int64_t> errors_{0};
  std::atomic<int64_t> bypassed_{0};
};

}  // namespace jixiao::cache

#endif  // JIXIAO_SERVICES_COMMON_CACHE_REDIS_CACHE_H_

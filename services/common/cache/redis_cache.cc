#include "services/common/cache/redis_cache.h"

#include <hiredis/hiredis.h>
#include <sys/time.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "libs/base/host_port.h"
#include "libs/base/read_file.h"
#include "libs/base/status_macros.h"
#include "libs/validate/secret.h"
#include "services/common/log.h"
#include "services/common/metrics.h"

namespace jixiao::cache {
namespace {

timeval ToTimeval(std::chrono::milliseconds ms) {
  timeval tv;
  tv.tv_sec = static_cast<time_t>(ms.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((ms.count() % 1000) * 1000);
  return tv;
}

struct ReplyDeleter {
  void operator()(redisReply* r) const {
    if (r != nullptr) freeReplyObject(r);
  }
};
using Reply = std::unique_ptr<redisReply, ReplyDeleter>;

}  // namespace

absl::StatusOr<std::string> ReadPasswordFile(const std::string& path) {
  if (path.empty()) return std::string();
  JIXIAO_ASSIGN_OR_RETURN(auto text,
                          ReadWholeFile("--redis_password_file", path));
  absl::string_view password = text;
  if (!absl::ConsumeSuffix(&password, "\r\n")) {
    absl::ConsumeSuffix(&password, "\n");
  }
  JIXIAO_RETURN_IF_ERROR(validate::CheckSecret(
      "--redis_password_file: the password", password,
      {.min_bytes = 16, .min_distinct_chars = 8, .text = true}));
  return std::string(password);
}

RedisCache::RedisCache(RedisOptions options) : options_(std::move(options)) {
  if (options_.address.empty()) return;
  auto address = ParseHostPort(options_.address);
  if (!address.ok()) {
    log::Warning("redis address is not host:port; the cache is off",
                 {{"address", absl::string_view(options_.address)}});
    return;
  }
  host_ = std::move(address->host);
  port_ = address->port;
}

RedisCache::~RedisCache() {
  for (redisContext* c : pool_) redisFree(c);
}

redisContext* RedisCache::Take() {
  {
    const absl::MutexLock lock(&pool_mu_);
    if (!pool_.empty()) {
      redisContext* c = pool_.back();
      pool_.pop_back();
      return c;
    }
  }
  if (host_.empty()) return nullptr;
  redisContext* c = redisConnectWithTimeout(host_.c_str(), port_,
                                            ToTimeval(options_.timeout));
  if (c == nullptr || c->err != 0) {
    if (c != nullptr) redisFree(c);
    return nullptr;
  }
  redisSetTimeout(c, ToTimeval(options_.timeout));
  if (!options_.password.empty()) {
    const Reply reply(static_cast<redisReply*>(redisCommand(
        c, "AUTH %b", options_.password.data(), options_.password.size())));
    if (reply == nullptr || c->err != 0 || reply->type == REDIS_REPLY_ERROR) {
      // A wrong password is a deployment mistake, not a passing fault: say
      // so (the breaker keeps this to one line per period).
      log::Warning("redis refused AUTH; the cache is bypassed",
                   {{"error", reply != nullptr && reply->str != nullptr
                                  ? absl::string_view(reply->str, reply->len)
                                  : absl::string_view(c->errstr)}});
      redisFree(c);
      return nullptr;
    }
  }
  return c;
}

void RedisCache::Give(redisContext* connection) {
  const absl::MutexLock lock(&pool_mu_);
  if (static_cast<int>(pool_.size()) < options_.pool_size) {
    pool_.push_back(connection);
  } else {
    redisFree(connection);
  }
}

bool RedisCache::BreakerAllows() {
  const absl::MutexLock lock(&breaker_mu_);
  if (consecutive_failures_ < options_.failures_to_open) return true;
  // Open: refuse until the time is up, then let calls probe again (a
  // success closes it; a failure opens it for another period).
  return std::chrono::steady_clock::now() >= open_until_;
}

void RedisCache::Succeeded() {
  const absl::MutexLock lock(&breaker_mu_);
  consecutive_failures_ = 0;
}

void RedisCache::Failed() {
  ++errors_;
  metrics::RecordCache("error");
  const absl::MutexLock lock(&breaker_mu_);
  if (++consecutive_failures_ >= options_.failures_to_open) {
    open_until_ = std::chrono::steady_clock::now() + options_.open_for;
  }
}

Lookup RedisCache::Get(absl::string_view key, std::string* value) {
  if (!enabled()) return Lookup::kBypass;
  if (!BreakerAllows()) {
    ++bypassed_;
    metrics::RecordCache("bypass");
    return Lookup::kBypass;
  }
  redisContext* c = Take();
  if (c == nullptr) {
    Failed();
    return Lookup::kBypass;
  }
  Reply reply(static_cast<redisReply*>(
      redisCommand(c, "GET %b", key.data(), key.size())));
  if (reply == nullptr || c->err != 0 || reply->type == REDIS_REPLY_ERROR) {
    redisFree(c);  // a timed-out or broken connection is not reused
    Failed();
    return Lookup::kBypass;
  }
  Give(c);
  Succeeded();
  if (reply->type == REDIS_REPLY_STRING) {
    value->assign(reply->str, reply->len);
    ++hits_;
    metrics::RecordCache("hit");
    return Lookup::kHit;
  }
  ++misses_;
  metrics::RecordCache("miss");
  return Lookup::kMiss;
}

void RedisCache::Set(absl::string_view key, absl::string_view value) {
  if (!enabled() || !BreakerAllows()) return;
  redisContext* c = Take();
  if (c == nullptr) {
    Failed();
    return;
  }
  const std::string ttl = std::to_string(options_.ttl.count());
  Reply reply(static_cast<redisReply*>(
      redisCommand(c, "SET %b %b EX %s", key.data(), key.size(), value.data(),
                   value.size(), ttl.c_str())));
  if (reply == nullptr || c->err != 0 || reply->type == REDIS_REPLY_ERROR) {
    redisFree(c);
    Failed();
    return;
  }
  Give(c);
  Succeeded();
}

CacheStats RedisCache::Stats() const {
  CacheStats stats;
  stats.hits = hits_;
  stats.misses = misses_;
  stats.errors = errors_;
  stats.bypassed = bypassed_;
  {
    const absl::MutexLock lock(&breaker_mu_);
    stats.breaker_open = consecutive_failures_ >= options_.failures_to_open &&
                         std::chrono::steady_clock::now() < open_until_;
  }
  return stats;
}

}  // namespace jixiao::cache

#include "services/common/log.h"

#include <atomic>
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "libs/base/json_string.h"

namespace jixiao::log {
namespace {

std::atomic<int> min_level{static_cast<int>(Level::kInfo)};

absl::string_view Name(Level level) {
  switch (level) {
    case Level::kDebug:
      return "debug";
    case Level::kInfo:
      return "info";
    case Level::kWarning:
      return "warning";
    case Level::kError:
      return "error";
  }
  return "info";
}

}  // namespace

void SetMinLevel(Level level) { min_level = static_cast<int>(level); }

bool ParseLevel(absl::string_view text, Level* level) {
  for (const Level l :
       {Level::kDebug, Level::kInfo, Level::kWarning, Level::kError}) {
    if (text == Name(l)) {
      *level = l;
      return true;
    }
  }
  return false;
}

void Write(Level level, absl::string_view message,
           std::initializer_list<Field> fields) {
  if (static_cast<int>(level) < min_level.load(std::memory_order_relaxed))
    return;
  std::string line = "{\"ts\":";
  json::AppendString(&line, absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ",
                                             absl::Now(), absl::UTCTimeZone()));
  absl::StrAppend(&line, ",\"level\":\"", Name(level), "\",\"msg\":");
  json::AppendString(&line, message);
  for (const Field& field : fields) {
    line.push_back(',');
    json::AppendString(&line, field.key);
    line.push_back(':');
    std::visit(
        [&line](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, absl::string_view>) {
            json::AppendString(&line, v);
          } else if constexpr (std::is_same_v<T, bool>) {
            line.append(v ? "true" : "false");
          } else if constexpr (std::is_same_v<T, double>) {
            absl::StrAppendFormat(&line, "%.3f", v);
          } else {
            absl::StrAppend(&line, v);
          }
        },
        field.value);
  }
  line.append("}\n");
  ABSL_CONST_INIT static absl::Mutex mu(absl::kConstInit);
  const absl::MutexLock lock(&mu);
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

}  // namespace jixiao::log

// Structured logs: one JSON object a line on stderr, so that a collector can
// parse them without rules. Thread-safe; a line is written whole.
#ifndef JIXIAO_SERVICES_COMMON_LOG_H_
#define JIXIAO_SERVICES_COMMON_LOG_H_

#include <cstdint>
#include <initializer_list>
#include <string>
#include <variant>

#include "absl/strings/string_view.h"

namespace jixiao::log {

enum class Level { kDebug, kInfo, kWarning, kError };

using FieldValue = std::variant<absl::string_view, int64_t, double, bool>;
struct Field {
  absl::string_view key;
  FieldValue value;
};

// Lines below this level are dropped. Default kInfo.
void SetMinLevel(Level level);
bool ParseLevel(absl::string_view text, Level* level);

// {"ts":"2026-11-28T06:14:18.123Z","level":"info","msg":…,<fields>}
void Write(Level level, absl::string_view message,
           std::initializer_list<Field> fields = {});

inline void Info(absl::string_view message,
                 std::initializer_list<Field> fields = {}) {
  Write(Level::kInfo, message, fields);
}
inline void Warning(absl::string_view message,
                    std::initializer_list<Field> fields = {}) {
  Write(Level::kWarning, message, fields);
}
inline void Error(absl::string_view message,
                  std::initializer_list<Field> fields = {}) {
  Write(Level::kError, message, fields);
}

}  // namespace jixiao::log

#endif  // JIXIAO_SERVICES_COMMON_LOG_H_

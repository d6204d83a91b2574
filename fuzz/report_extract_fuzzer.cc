// The legacy report parser on arbitrary bytes (any encoding, any length):
// it must never crash nor trip a sanitizer, and what it reads must be sane.
#include <cstddef>
#include <cstdint>
#include <string>

#include "services/budget/domain/report_extract/extract.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const jixiao::report_extract::Extraction e =
      jixiao::report_extract::Extract(text);
  for (const auto& [item, figure] : e.figures) {
    if (item.empty()) __builtin_trap();
  }
  return 0;
}

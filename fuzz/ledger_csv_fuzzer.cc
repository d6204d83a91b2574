// The CSV importer on arbitrary bytes: encoding detection, the CSV parser
// and the ledger reader must never crash, and a file with errors yields no
// rows to send.
#include <cstddef>
#include <cstdint>
#include <string>

#include "tools/jixiao/ledger_csv.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  const auto utf8 = jixiao::cli::ToUtf8(bytes, jixiao::cli::Encoding::kAuto);
  if (!utf8.ok()) return 0;
  (void)jixiao::cli::ParseCsv(*utf8);
  for (const char* unit : {"元", "万元"}) {
    const jixiao::cli::LedgerFile file =
        jixiao::cli::ReadLedgerCsv(*utf8, unit);
    if (!file.errors.empty() && file.lines.empty() && file.payments.empty()) {
      continue;
    }
    for (const auto& p : file.payments) {
      if (p.amount() < 0) __builtin_trap();
    }
  }
  return 0;
}

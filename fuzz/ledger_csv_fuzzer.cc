// The CSV importer on arbitrary bytes: encoding detection, the CSV reader
// and the ledger reader must never crash, and every row they yield has
// passed the service's checks (a payment is more than 0).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "tools/jixiao/csv_reader.h"
#include "tools/jixiao/ledger_csv.h"
#include "tools/jixiao/table_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  const auto utf8 =
      jixiao::cli::ToUtf8(std::move(bytes), jixiao::cli::Encoding::kAuto);
  if (!utf8.ok()) return 0;
  jixiao::cli::CsvReader reader(*utf8);
  std::vector<std::string> row;
  while (reader.Next(row)) {
  }
  for (const char* unit : {"元", "万元"}) {
    const jixiao::cli::LedgerFile file =
        jixiao::cli::ReadLedgerCsv(*utf8, unit);
    for (const auto& p : file.rows.payments) {
      if (p.amount <= 0) __builtin_trap();
    }
  }
  return 0;
}

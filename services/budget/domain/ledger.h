// Budget lines and payment records: the rows of an import batch, their
// validation (each error names the row and field), the batch digest that
// makes imports idempotent, and the roll-up of lines to 类/款/项 totals.
#ifndef JIXIAO_SERVICES_BUDGET_DOMAIN_LEDGER_H_
#define JIXIAO_SERVICES_BUDGET_DOMAIN_LEDGER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "services/budget/domain/model.h"

namespace jixiao::budget {

inline constexpr size_t kMaxUnaryBatchRows = 10'000;
inline constexpr size_t kMaxStreamBatchRows = 1'000'000;

struct BudgetLineRow {
  std::string department_code;
  int32_t year = 0;
  Phase phase = Phase::kOriginal;
  std::string function_code;
  std::string economic_code;
  std::string project_code;
  Fen amount = 0;
};

struct PaymentRow {
  std::string department_code;
  int32_t year = 0;
  std::string record_id;
  std::string paid_on;  // YYYY-MM-DD
  std::string function_code;
  std::string economic_code;
  std::string project_code;
  Fen amount = 0;
};

struct LedgerBatch {
  std::string batch_id;
  std::string region_code;
  std::vector<BudgetLineRow> lines;
  std::vector<PaymentRow> payments;
};

// One row's shape: codes, year, date, amount. The message starts with the
// field's name ("paid_on: …").
absl::Status ValidateBudgetLineRow(const BudgetLineRow& line);
absl::Status ValidatePaymentRow(const PaymentRow& payment);

// Shape checks that need no storage: ids, codes, amounts, dates, duplicate
// record ids inside the batch, the row limit.
absl::Status ValidateLedgerBatch(const LedgerBatch& batch, size_t max_rows);

// ValidateLedgerBatch in parts, for a batch that arrives in chunks: the
// batch id and region (in the first chunk), the rows as they arrive, the
// row count at the end.
absl::Status ValidateLedgerBatchId(const LedgerBatch& batch);
absl::Status ValidateLedgerRowCount(size_t rows, size_t max_rows);
class LedgerRowChecker {
 public:
  // `batch` must outlive the checker; rows are only ever appended to it.
  explicit LedgerRowChecker(const LedgerBatch& batch);
  // Checks the rows appended since the last call (each row, and that no
  // record id appears twice in the batch so far).
  absl::Status CheckNewRows();

 private:
  // Record ids by their row's index, so the rows may move as they grow.
  struct RecordKeyHash {
    const std::vector<PaymentRow>* payments;
    size_t operator()(size_t i) const;
  };
  struct RecordKeyEq {
    const std::vector<PaymentRow>* payments;
    bool operator()(size_t a, size_t b) const;
  };
  const LedgerBatch& batch_;
  size_t lines_checked_ = 0;
  size_t payments_checked_ = 0;
  absl::flat_hash_set<size_t, RecordKeyHash, RecordKeyEq> record_ids_;
};

// A stable 64-bit digest of the batch's rows (FNV-1a over a canonical
// encoding), hex. Equal rows in equal order give equal digests.
std::string LedgerDigest(const LedgerBatch& batch);

// Adds one line's amount to its 类/款/项 (function) and 类/款 (economic).
void AddToTotals(LedgerSummary::PhaseLines& totals,
                 absl::string_view function_code,
                 absl::string_view economic_code, Fen amount, int64_t count);

}  // namespace jixiao::budget

#endif  // JIXIAO_SERVICES_BUDGET_DOMAIN_LEDGER_H_

#include "services/budget/domain/ledger.h"

#include <set>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/hash/hash.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "libs/base/status_macros.h"
#include "services/budget/domain/validation.h"

namespace jixiao::budget {
namespace {

absl::Status ValidateBatchId(absl::string_view id) {
  if (id.empty() || id.size() > 128) {
    return absl::InvalidArgumentError(
        "batch_id: is required, at most 128 characters");
  }
  for (const char c : id) {
    if (c <= 0x20 || c >= 0x7F) {
      return absl::InvalidArgumentError(
          "batch_id: use printable ASCII without spaces");
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateProjectCode(const std::string& field,
                                 absl::string_view code) {
  if (code.empty()) return absl::OkStatus();
  return ValidateDepartmentCode(field, code);
}

class Fnv1a {
 public:
  void Add(absl::string_view bytes) {
    for (const char c : bytes) {
      hash_ ^= static_cast<unsigned char>(c);
      hash_ *= 1099511628211ULL;
    }
    // A separator that cannot occur inside a field keeps "ab"+"c" apart
    // from "a"+"bc".
    hash_ ^= 0xFF;
    hash_ *= 1099511628211ULL;
  }
  void Add(int64_t v) { Add(absl::string_view(absl::StrCat(v))); }
  uint64_t value() const { return hash_; }

 private:
  uint64_t hash_ = 14695981039346656037ULL;
};

// `status` (whose message starts with a field name) for row `i` of `list`.
absl::Status AtRow(absl::string_view list, size_t i,
                   const absl::Status& status) {
  return absl::Status(status.code(),
                      absl::StrCat(list, "[", i, "].", status.message()));
}

}  // namespace

absl::Status ValidateBudgetLineRow(const BudgetLineRow& line) {
  JIXIAO_RETURN_IF_ERROR(
      ValidateDepartmentCode("department_code", line.department_code));
  JIXIAO_RETURN_IF_ERROR(ValidateYear("year", line.year));
  JIXIAO_RETURN_IF_ERROR(
      ValidateFunctionCode("function_code", line.function_code));
  JIXIAO_RETURN_IF_ERROR(
      ValidateEconomicCode("economic_code", line.economic_code));
  JIXIAO_RETURN_IF_ERROR(
      ValidateProjectCode("project_code", line.project_code));
  return ValidateAmount("amount", line.amount);
}

absl::Status ValidatePaymentRow(const PaymentRow& p) {
  JIXIAO_RETURN_IF_ERROR(
      ValidateDepartmentCode("department_code", p.department_code));
  JIXIAO_RETURN_IF_ERROR(ValidateYear("year", p.year));
  JIXIAO_RETURN_IF_ERROR(ValidateDepartmentCode("record_id", p.record_id));
  JIXIAO_RETURN_IF_ERROR(ValidateDateInYear("paid_on", p.paid_on, p.year));
  JIXIAO_RETURN_IF_ERROR(
      ValidateFunctionCode("function_code", p.function_code));
  JIXIAO_RETURN_IF_ERROR(
      ValidateEconomicCode("economic_code", p.economic_code));
  JIXIAO_RETURN_IF_ERROR(ValidateProjectCode("project_code", p.project_code));
  JIXIAO_RETURN_IF_ERROR(ValidateAmount("amount", p.amount));
  if (p.amount == 0) {
    return absl::InvalidArgumentError("amount: a payment must be more than 0");
  }
  return absl::OkStatus();
}

size_t LedgerRowChecker::RecordKeyHash::operator()(size_t i) const {
  const PaymentRow& p = (*payments)[i];
  return absl::Hash<std::pair<absl::string_view, absl::string_view>>{}(
      {p.department_code, p.record_id});
}

bool LedgerRowChecker::RecordKeyEq::operator()(size_t a, size_t b) const {
  const PaymentRow& x = (*payments)[a];
  const PaymentRow& y = (*payments)[b];
  return x.record_id == y.record_id && x.department_code == y.department_code;
}

LedgerRowChecker::LedgerRowChecker(const LedgerBatch& batch)
    : batch_(batch),
      record_ids_(0, RecordKeyHash{&batch.payments},
                  RecordKeyEq{&batch.payments}) {}

absl::Status LedgerRowChecker::CheckNewRows() {
  // Each field is checked under its own name and the row's path is put in
  // front only when it fails: a million rows would otherwise build five
  // million path strings that no error uses.
  for (; lines_checked_ < batch_.lines.size(); ++lines_checked_) {
    const absl::Status s = ValidateBudgetLineRow(batch_.lines[lines_checked_]);
    if (!s.ok()) return AtRow("lines", lines_checked_, s);
  }
  record_ids_.reserve(batch_.payments.size());
  for (; payments_checked_ < batch_.payments.size(); ++payments_checked_) {
    const PaymentRow& p = batch_.payments[payments_checked_];
    absl::Status s = ValidatePaymentRow(p);
    if (s.ok() && !record_ids_.insert(payments_checked_).second) {
      s = absl::InvalidArgumentError(absl::StrCat(
          "record_id: \"", p.record_id, "\" appears twice in this batch"));
    }
    if (!s.ok()) return AtRow("payments", payments_checked_, s);
  }
  return absl::OkStatus();
}

absl::Status ValidateLedgerBatchId(const LedgerBatch& batch) {
  JIXIAO_RETURN_IF_ERROR(ValidateBatchId(batch.batch_id));
  return ValidateRegionCode("region_code", batch.region_code);
}

absl::Status ValidateLedgerRowCount(size_t rows, size_t max_rows) {
  if (rows == 0)
    return absl::InvalidArgumentError("lines: a batch needs at least one row");
  if (rows > max_rows) {
    return absl::InvalidArgumentError(absl::StrCat(
        "lines: a batch holds at most ", max_rows, " rows, got ", rows,
        rows > kMaxUnaryBatchRows
            ? " (use StreamImportLedger for large batches)"
            : ""));
  }
  return absl::OkStatus();
}

absl::Status ValidateLedgerBatch(const LedgerBatch& batch, size_t max_rows) {
  JIXIAO_RETURN_IF_ERROR(ValidateLedgerBatchId(batch));
  JIXIAO_RETURN_IF_ERROR(ValidateLedgerRowCount(
      batch.lines.size() + batch.payments.size(), max_rows));
  return LedgerRowChecker(batch).CheckNewRows();
}

std::string LedgerDigest(const LedgerBatch& batch) {
  Fnv1a h;
  h.Add(batch.region_code);
  h.Add(static_cast<int64_t>(batch.lines.size()));
  for (const BudgetLineRow& l : batch.lines) {
    h.Add(l.department_code);
    h.Add(l.year);
    h.Add(static_cast<int64_t>(l.phase));
    h.Add(l.function_code);
    h.Add(l.economic_code);
    h.Add(l.project_code);
    h.Add(l.amount);
  }
  h.Add(static_cast<int64_t>(batch.payments.size()));
  for (const PaymentRow& p : batch.payments) {
    h.Add(p.department_code);
    h.Add(p.year);
    h.Add(p.record_id);
    h.Add(p.paid_on);
    h.Add(p.function_code);
    h.Add(p.economic_code);
    h.Add(p.project_code);
    h.Add(p.amount);
  }
  return absl::StrFormat("%016x", h.value());
}

void AddToTotals(LedgerSummary::PhaseLines& totals,
                 absl::string_view function_code,
                 absl::string_view economic_code, Fen amount, int64_t count) {
  totals.total += amount;
  totals.count += count;
  for (const size_t length : {3u, 5u, 7u}) {
    if (function_code.size() >= length) {
      totals.by_function[std::string(function_code.substr(0, length))] +=
          amount;
    }
  }
  for (const size_t length : {3u, 5u}) {
    if (economic_code.size() >= length) {
      totals.by_economic[std::string(economic_code.substr(0, length))] +=
          amount;
    }
  }
}

}  // namespace jixiao::budget

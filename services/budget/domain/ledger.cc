#include "services/budget/domain/ledger.h"

#include <set>
#include <utility>

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

}  // namespace

absl::Status ValidateLedgerBatch(const LedgerBatch& batch, size_t max_rows) {
  JIXIAO_RETURN_IF_ERROR(ValidateBatchId(batch.batch_id));
  JIXIAO_RETURN_IF_ERROR(ValidateRegionCode("region_code", batch.region_code));
  const size_t rows = batch.lines.size() + batch.payments.size();
  if (rows == 0)
    return absl::InvalidArgumentError("lines: a batch needs at least one row");
  if (rows > max_rows) {
    return absl::InvalidArgumentError(absl::StrCat(
        "lines: a batch holds at most ", max_rows, " rows, got ", rows,
        rows > kMaxUnaryBatchRows
            ? " (use StreamImportLedger for large batches)"
            : ""));
  }
  for (size_t i = 0; i < batch.lines.size(); ++i) {
    const BudgetLineRow& line = batch.lines[i];
    const std::string at = absl::StrCat("lines[", i, "]");
    if (auto s = ValidateDepartmentCode(at + ".department_code",
                                        line.department_code);
        !s.ok())
      return s;
    JIXIAO_RETURN_IF_ERROR(ValidateYear(at + ".year", line.year));
    if (auto s =
            ValidateFunctionCode(at + ".function_code", line.function_code);
        !s.ok())
      return s;
    if (auto s =
            ValidateEconomicCode(at + ".economic_code", line.economic_code);
        !s.ok())
      return s;
    if (auto s = ValidateProjectCode(at + ".project_code", line.project_code);
        !s.ok())
      return s;
    JIXIAO_RETURN_IF_ERROR(ValidateAmount(at + ".amount", line.amount));
  }
  std::set<std::pair<absl::string_view, absl::string_view>> record_ids;
  for (size_t i = 0; i < batch.payments.size(); ++i) {
    const PaymentRow& p = batch.payments[i];
    const std::string at = absl::StrCat("payments[", i, "]");
    if (auto s =
            ValidateDepartmentCode(at + ".department_code", p.department_code);
        !s.ok())
      return s;
    JIXIAO_RETURN_IF_ERROR(ValidateYear(at + ".year", p.year));
    if (auto s = ValidateDepartmentCode(at + ".record_id", p.record_id);
        !s.ok())
      return s;
    if (!record_ids.emplace(p.department_code, p.record_id).second) {
      return absl::InvalidArgumentError(absl::StrCat(
          at, ".record_id: \"", p.record_id, "\" appears twice in this batch"));
    }
    if (auto s = ValidateDateInYear(at + ".paid_on", p.paid_on, p.year);
        !s.ok())
      return s;
    if (auto s = ValidateFunctionCode(at + ".function_code", p.function_code);
        !s.ok())
      return s;
    if (auto s = ValidateEconomicCode(at + ".economic_code", p.economic_code);
        !s.ok())
      return s;
    if (auto s = ValidateProjectCode(at + ".project_code", p.project_code);
        !s.ok())
      return s;
    JIXIAO_RETURN_IF_ERROR(ValidateAmount(at + ".amount", p.amount));
    if (p.amount == 0) {
      return absl::InvalidArgumentError(
          at + ".amount: a payment must be more than 0");
    }
  }
  return absl::OkStatus();
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

#include "services/budget/domain/ledger.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/status_matchers.h"

namespace jixiao::budget {
namespace {

using ::jixiao::test_support::IsOk;
using ::testing::Not;

using ::testing::StartsWith;

LedgerBatch Batch() {
  LedgerBatch b{.batch_id = "b-1", .region_code = "430725"};
  b.lines.push_back({.department_code = "psb",
                     .year = 2019,
                     .phase = Phase::kOriginal,
                     .function_code = "2040201",
                     .economic_code = "30101",
                     .amount = 100});
  b.payments.push_back({.department_code = "psb",
                        .year = 2019,
                        .record_id = "r1",
                        .paid_on = "2019-03-01",
                        .function_code = "2040201",
                        .economic_code = "30217",
                        .amount = 50});
  return b;
}

TEST(Ledger, AValidBatch) {
  EXPECT_TRUE(ValidateLedgerBatch(Batch(), kMaxUnaryBatchRows).ok());
}

TEST(Ledger, ErrorsNameRowAndField) {
  LedgerBatch b = Batch();
  b.lines.push_back(b.lines[0]);
  b.lines[1].function_code = "20402X1";
  EXPECT_THAT(std::string(ValidateLedgerBatch(b, kMaxUnaryBatchRows).message()),
              StartsWith("lines[1].function_code: "));
  b = Batch();
  b.payments[0].amount = -3;
  EXPECT_THAT(std::string(ValidateLedgerBatch(b, kMaxUnaryBatchRows).message()),
              StartsWith("payments[0].amount: "));
  b = Batch();
  b.payments.push_back(b.payments[0]);
  EXPECT_THAT(std::string(ValidateLedgerBatch(b, kMaxUnaryBatchRows).message()),
              StartsWith("payments[1].record_id: "));
  b = Batch();
  b.payments[0].paid_on = "2018-12-31";
  EXPECT_THAT(std::string(ValidateLedgerBatch(b, kMaxUnaryBatchRows).message()),
              StartsWith("payments[0].paid_on: "));
  b = Batch();
  b.batch_id = "";
  EXPECT_THAT(std::string(ValidateLedgerBatch(b, kMaxUnaryBatchRows).message()),
              StartsWith("batch_id: "));
}

TEST(Ledger, RowLimit) {
  LedgerBatch b = Batch();
  EXPECT_THAT(ValidateLedgerBatch(b, 1), Not(IsOk()));
  b.lines.clear();
  b.payments.clear();
  EXPECT_THAT(ValidateLedgerBatch(b, 10), Not(IsOk()));  // empty
}

TEST(Ledger, DigestIsStableAndSensitive) {
  const std::string d = LedgerDigest(Batch());
  EXPECT_EQ(d, LedgerDigest(Batch()));
  EXPECT_EQ(d.size(), 16u);
  LedgerBatch b = Batch();
  b.lines[0].amount = 101;
  EXPECT_NE(LedgerDigest(b), d);
  b = Batch();
  b.lines[0].function_code = "2040202";
  EXPECT_NE(LedgerDigest(b), d);
  // The batch id names the batch; it is not part of its content.
  b = Batch();
  b.batch_id = "other";
  EXPECT_EQ(LedgerDigest(b), d);
}

TEST(Ledger, TotalsRollUpToEveryLevel) {
  LedgerSummary::PhaseLines t;
  AddToTotals(t, "2040201", "30101", 100, 1);
  AddToTotals(t, "2040220", "30217", 40, 2);
  AddToTotals(t, "2080505", "30108", 10, 1);
  EXPECT_EQ(t.total, 150);
  EXPECT_EQ(t.count, 4);
  EXPECT_EQ(t.by_function.at("204"), 140);
  EXPECT_EQ(t.by_function.at("20402"), 140);
  EXPECT_EQ(t.by_function.at("2040201"), 100);
  EXPECT_EQ(t.by_function.at("208"), 10);
  EXPECT_EQ(t.by_economic.at("301"), 110);
  EXPECT_EQ(t.by_economic.at("30217"), 40);
}

}  // namespace
}  // namespace jixiao::budget

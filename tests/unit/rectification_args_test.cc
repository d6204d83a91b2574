// The words of `jixiao rectification`: kinds and statuses in English or
// Chinese, an evidence file's type from its first bytes, dates, and the
// flag a service refusal is about.
#include "tools/jixiao/rectification_args.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/status_matchers.h"

namespace jixiao::cli {
namespace {

using ::jixiao::test_support::IsOk;
using ::testing::Not;

namespace ipb = ::jixiao::indicator::v1;
using ::testing::HasSubstr;

TEST(RectificationArgs, KindsAndStatusesInEitherLanguage) {
  EXPECT_EQ(*ParseFindingKind("consistency"), ipb::CONSISTENCY_FINDING);
  EXPECT_EQ(*ParseFindingKind("CONSISTENCY_FINDING"), ipb::CONSISTENCY_FINDING);
  EXPECT_EQ(*ParseFindingKind("监控预警"), ipb::MONITORING_WARNING);
  EXPECT_EQ(*ParseFindingKind("reviewer_note"), ipb::REVIEWER_NOTE);
  EXPECT_THAT(std::string(ParseFindingKind("finding").status().message()),
              HasSubstr("--kind: \"finding\""));
  EXPECT_EQ(*ParseTaskStatus("Reopened"), ipb::TASK_REOPENED);
  EXPECT_EQ(*ParseTaskStatus("已验收"), ipb::TASK_ACCEPTED);
  EXPECT_THAT(std::string(ParseTaskStatus("closed").status().message()),
              HasSubstr("--status: \"closed\""));
}

TEST(RectificationArgs, EvidenceTypeFromItsFirstBytes) {
  EXPECT_EQ(*EvidenceContentType("a.png", "%PDF-1.4\n"), "application/pdf");
  EXPECT_EQ(*EvidenceContentType("a", "\x89PNG\r\n\x1a\nrest"), "image/png");
  EXPECT_EQ(*EvidenceContentType("a.pdf", "\xFF\xD8\xFF\xE0"), "image/jpeg");
  EXPECT_THAT(*EvidenceContentType("a", std::string("PK\x03\x04", 4)),
              HasSubstr("spreadsheetml"));
  EXPECT_EQ(*EvidenceContentType("表.CSV", "a,b\n"), "text/csv");
  EXPECT_THAT(
      std::string(EvidenceContentType("notes.txt", "hello").status().message()),
      HasSubstr("notes.txt: not a PDF"));
}

TEST(RectificationArgs, DatesAreRealDays) {
  EXPECT_THAT(ValidateDate("--deadline", "2020-02-29"), IsOk());
  EXPECT_THAT(std::string(ValidateDate("--deadline", "2019-02-29").message()),
              HasSubstr("--deadline: \"2019-02-29\" is not a date"));
  EXPECT_THAT(ValidateDate("--as_of", "2019-7-1"), Not(IsOk()));
  EXPECT_THAT(ValidateDate("--as_of", ""), Not(IsOk()));
}

TEST(RectificationArgs, TheFlagOfAFieldTheServiceNames) {
  EXPECT_EQ(FlagOfField("task.deadline: before 2019-01-01"), "--deadline");
  EXPECT_EQ(FlagOfField("task.finding.reference: empty"), "--reference");
  EXPECT_EQ(FlagOfField("evidence_sha256[0]: not uploaded"), "--evidence");
  EXPECT_EQ(FlagOfField("content: does not look like image/png"), "FILE");
  EXPECT_EQ(FlagOfField("note: required"), "--note");
  EXPECT_EQ(FlagOfField("notes: x"), "");
  EXPECT_EQ(FlagOfField("something else"), "");
}

}  // namespace
}  // namespace jixiao::cli

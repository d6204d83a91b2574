// Rectification's domain (services/indicator/domain/rectification.cc): what
// a task must hold, the status moves, what an evidence file may be, and
// when a task is overdue.
#include "services/indicator/domain/rectification.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/status_matchers.h"

namespace jixiao::indicator {
namespace {

using ::jixiao::test_support::IsOk;

using ::testing::HasSubstr;
using ::testing::StartsWith;

pb::RectificationTask Task() {
  pb::RectificationTask task;
  task.mutable_key()->set_region_code("430725");
  task.set_department_code("001");
  task.set_year(2019);
  task.mutable_finding()->set_kind(pb::MONITORING_WARNING);
  task.mutable_finding()->set_reference("2019-07/execution_lag");
  task.mutable_finding()->set_figures(
      "执行率 12.34%，时间进度 58.08%，相差 45.74 个百分点");
  task.set_requirement("加快支出进度");
  task.set_deadline("2019-09-30");
  return task;
}

std::string FieldOf(const absl::Status& status) {
  const std::string message(status.message());
  return message.substr(0, message.find(':'));
}

TEST(RectificationTest, ATaskNamesWhatItLacks) {
  EXPECT_TRUE(ValidateNewTask(Task()).ok());
  pb::RectificationTask t = Task();
  t.set_deadline("2018-12-31");  // before the finding's year
  EXPECT_EQ(FieldOf(ValidateNewTask(t)), "task.deadline");
  t.set_deadline("2024-12-31");  // year + 5: the last day taken
  EXPECT_THAT(ValidateNewTask(t), IsOk());
  t.set_deadline("2025-01-01");
  EXPECT_EQ(FieldOf(ValidateNewTask(t)), "task.deadline");
  t.set_deadline("2019-13-01");
  EXPECT_EQ(FieldOf(ValidateNewTask(t)), "task.deadline");
  t = Task();
  t.mutable_finding()->set_kind(pb::FINDING_KIND_UNSPECIFIED);
  EXPECT_EQ(FieldOf(ValidateNewTask(t)), "task.finding.kind");
  t = Task();
  t.mutable_finding()->clear_reference();
  EXPECT_EQ(FieldOf(ValidateNewTask(t)), "task.finding.reference");
  t = Task();
  t.set_requirement(std::string(2001, 'x'));
  EXPECT_EQ(FieldOf(ValidateNewTask(t)), "task.requirement");
  t = Task();
  t.set_department_code("");
  EXPECT_EQ(FieldOf(ValidateNewTask(t)), "task.department_code");
  t = Task();
  t.mutable_key()->set_region_code("43");
  EXPECT_EQ(FieldOf(ValidateNewTask(t)), "task.key.region_code");
}

TEST(RectificationTest, StatusMoves) {
  EXPECT_EQ(*Transition(pb::TASK_OPEN, TaskAction::kReport), pb::TASK_REPORTED);
  EXPECT_EQ(*Transition(pb::TASK_REOPENED, TaskAction::kReport),
            pb::TASK_REPORTED);
  EXPECT_EQ(*Transition(pb::TASK_REPORTED, TaskAction::kAccept),
            pb::TASK_ACCEPTED);
  EXPECT_EQ(*Transition(pb::TASK_REPORTED, TaskAction::kReopen),
            pb::TASK_REOPENED);
  const auto late = Transition(pb::TASK_ACCEPTED, TaskAction::kReport);
  EXPECT_TRUE(absl::IsFailedPrecondition(late.status()));
  EXPECT_THAT(std::string(late.status().message()),
              StartsWith("status: the task is ACCEPTED"));
  EXPECT_TRUE(absl::IsFailedPrecondition(
      Transition(pb::TASK_REPORTED, TaskAction::kReport).status()));
  EXPECT_TRUE(absl::IsFailedPrecondition(
      Transition(pb::TASK_OPEN, TaskAction::kAccept).status()));
  EXPECT_TRUE(absl::IsFailedPrecondition(
      Transition(pb::TASK_ACCEPTED, TaskAction::kReopen).status()));
  EXPECT_THAT(MayAddEvidence(pb::TASK_OPEN), IsOk());
  EXPECT_THAT(MayAddEvidence(pb::TASK_REOPENED), IsOk());
  EXPECT_TRUE(absl::IsFailedPrecondition(MayAddEvidence(pb::TASK_REPORTED)));
  EXPECT_TRUE(absl::IsFailedPrecondition(MayAddEvidence(pb::TASK_ACCEPTED)));
}

TEST(RectificationTest, EvidenceIsWhatItSaysAndNotTooLarge) {
  const std::string pdf = "%PDF-1.4\n%%EOF\n";
  const std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
  const std::string jpeg = "\xFF\xD8\xFF\xE0";
  const std::string xlsx("PK\x03\x04\x14\0", 6);
  constexpr char kXlsx[] =
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  EXPECT_THAT(ValidateEvidence("报告.pdf", "application/pdf", pdf, 100),
              IsOk());
  EXPECT_THAT(ValidateEvidence("a.png", "image/png", png, 100), IsOk());
  EXPECT_THAT(ValidateEvidence("a.jpg", "image/jpeg", jpeg, 100), IsOk());
  EXPECT_THAT(ValidateEvidence("a.xlsx", kXlsx, xlsx, 100), IsOk());
  EXPECT_THAT(ValidateEvidence("a.csv", "text/csv", "项目,金额\n", 100),
              IsOk());
  // The stated type must match the bytes.
  EXPECT_EQ(FieldOf(ValidateEvidence("a.png", "image/png", pdf, 100)),
            "content");
  EXPECT_EQ(FieldOf(ValidateEvidence("a.pdf", "application/pdf", xlsx, 100)),
            "content");
  EXPECT_EQ(FieldOf(ValidateEvidence("a.csv", "text/csv",
                                     std::string("a\0b", 3), 100)),
            "content");
  EXPECT_EQ(FieldOf(ValidateEvidence("a.csv", "text/csv", "\xFF\xFE", 100)),
            "content");
  // Size: at most the limit, never empty.
  EXPECT_TRUE(ValidateEvidence("a.pdf", "application/pdf", pdf,
                               static_cast<int64_t>(pdf.size()))
                  .ok());
  const absl::Status big = ValidateEvidence(
      "a.pdf", "application/pdf", pdf, static_cast<int64_t>(pdf.size()) - 1);
  EXPECT_EQ(FieldOf(big), "content");
  EXPECT_THAT(std::string(big.message()), HasSubstr("at most"));
  EXPECT_EQ(FieldOf(ValidateEvidence("a.pdf", "application/pdf", "", 100)),
            "content");
  // Off the list, or a path for a name.
  EXPECT_EQ(
      FieldOf(ValidateEvidence("a.exe", "application/octet-stream", "MZ", 100)),
      "content_type");
  EXPECT_EQ(FieldOf(ValidateEvidence("a.pdf", "", pdf, 100)), "content_type");
  EXPECT_EQ(FieldOf(ValidateEvidence("../a.pdf", "application/pdf", pdf, 100)),
            "file_name");
  EXPECT_EQ(FieldOf(ValidateEvidence("", "application/pdf", pdf, 100)),
            "file_name");
  EXPECT_EQ(FieldOf(ValidateEvidence("a\nb.pdf", "application/pdf", pdf, 100)),
            "file_name");
}

TEST(RectificationTest, OverdueIsPastTheDeadlineAndNotAccepted) {
  pb::RectificationTask t = Task();  // due 2019-09-30
  t.set_status(pb::TASK_OPEN);
  EXPECT_FALSE(IsOverdue(t, "2019-09-30"));
  EXPECT_TRUE(IsOverdue(t, "2019-10-01"));
  t.set_status(pb::TASK_REPORTED);  // reported, not yet judged: still due
  EXPECT_TRUE(IsOverdue(t, "2019-10-01"));
  t.set_status(pb::TASK_ACCEPTED);
  EXPECT_FALSE(IsOverdue(t, "2019-10-01"));
}

}  // namespace
}  // namespace jixiao::indicator

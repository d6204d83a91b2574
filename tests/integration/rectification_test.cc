// Rectification (整改) over loopback gRPC, on the real indicator service
// with tokens checked (SQLite, or PostgreSQL for the "postgresql." run):
// finance makes a task of a consistency finding with its figures, the
// department uploads a PDF and reports, finance reopens, the department
// reports again, finance accepts; overdue tasks listed as of a day; who may
// do what; bad input refused naming its field with nothing stored. The
// ownership of every write RPC is also in security_test.cc and
// hostile_test.cc.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "jixiao/indicator/v1/indicator.grpc.pb.h"
#include "jixiao/indicator/v1/rectification.grpc.pb.h"
#include "tests/integration/calls.h"
#include "tests/integration/services.h"
#include "tests/support/sha256_hex.h"

namespace jixiao {
namespace {

namespace ipb = ::jixiao::indicator::v1;
using test_support::Sha256Hex;
using testing::CallAs;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr char kSecret[] = "rectification-test-secret-0123456789-abcdef";
constexpr char kRegion[] = "430725";
// Small enough to exceed in a test; the service's default is 10 MiB.
constexpr int kMaxBytes = 4096;
// A real (minimal) PDF: a header, one empty page, the trailer.
constexpr char kPdf[] =
    "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    "2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    "trailer<</Root 1 0 R>>\n%%EOF\n";
constexpr char kFigures[] =
    "B5 支出决算数与部门决算不一致：自评报告 1,234.56 万元，部门决算 "
    "1,200.00 万元，相差 34.56 万元";

class RectificationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    services_ = new testing::Services(
        {.jwt_secret = kSecret,
         .indicator_flags = {
             absl::StrCat("--rectification_evidence_max_bytes=", kMaxBytes)}});
    stub_ = ipb::RectificationService::NewStub(
                testing::ChannelTo(services_->indicator()))
                .release();
    finance_ = new std::string(
        services_->TokenFor(access::Role::kFinance, kRegion, ""));
    dept_ = new std::string(
        services_->TokenFor(access::Role::kDepartment, kRegion, "001"));
    other_ = new std::string(
        services_->TokenFor(access::Role::kDepartment, kRegion, "002"));
  }
  static void TearDownTestSuite() {
    delete other_;
    delete dept_;
    delete finance_;
    delete stub_;
    delete services_;
  }

  static ipb::CreateTaskRequest NewTask(const std::string& department,
                                        const std::string& deadline) {
    ipb::CreateTaskRequest request;
    ipb::RectificationTask* task = request.mutable_task();
    task->mutable_key()->set_region_code(kRegion);
    task->set_department_code(department);
    task->set_year(2019);
    task->mutable_finding()->set_kind(ipb::CONSISTENCY_FINDING);
    task->mutable_finding()->set_reference("B5");
    task->mutable_finding()->set_figures(kFigures);
    task->set_requirement("核实支出决算数，更正自评报告并说明差异原因");
    task->set_deadline(deadline);
    return request;
  }

  static ipb::RectificationTask Create(const std::string& department,
                                       const std::string& deadline) {
    ipb::RectificationTask task;
    const grpc::Status s = stub_->CreateTask(
        CallAs(*finance_).get(), NewTask(department, deadline), &task);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return task;
  }

  static ipb::UploadEvidenceRequest Upload(const ipb::TaskKey& key,
                                           const std::string& type,
                                           const std::string& content) {
    ipb::UploadEvidenceRequest request;
    *request.mutable_task() = key;
    request.set_file_name("整改报告.pdf");
    request.set_content_type(type);
    request.set_content(content);
    return request;
  }

  static int CountTasks() {
    ipb::ListTasksRequest list;
    list.set_region_code(kRegion);
    ipb::ListTasksResponse tasks;
    EXPECT_TRUE(stub_->ListTasks(CallAs(*finance_).get(), list, &tasks).ok());
    return tasks.tasks_size();
  }

  static testing::Services* services_;
  static ipb::RectificationService::Stub* stub_;
  static std::string* finance_;
  static std::string* dept_;
  static std::string* other_;
};

testing::Services* RectificationTest::services_ = nullptr;
ipb::RectificationService::Stub* RectificationTest::stub_ = nullptr;
std::string* RectificationTest::finance_ = nullptr;
std::string* RectificationTest::dept_ = nullptr;
std::string* RectificationTest::other_ = nullptr;

TEST_F(RectificationTest, FindingToAcceptanceWithEvidenceAndAReopening) {
  const ipb::RectificationTask created = Create("001", "2020-06-30");
  EXPECT_GE(created.key().task_id(), 1);
  EXPECT_EQ(created.status(), ipb::TASK_OPEN);
  EXPECT_EQ(created.version(), 1);
  EXPECT_EQ(created.finding().figures(), kFigures);
  EXPECT_EQ(created.created_by(), "user-430725-");
  const ipb::TaskKey& key = created.key();

  // The department uploads a PDF; the same bytes again are the same file.
  const std::string pdf = kPdf;
  ipb::Evidence evidence;
  ASSERT_TRUE(stub_
                  ->UploadEvidence(CallAs(*dept_).get(),
                                   Upload(key, "application/pdf", pdf),
                                   &evidence)
                  .ok());
  EXPECT_EQ(evidence.sha256(), Sha256Hex(pdf));
  EXPECT_EQ(evidence.size_bytes(), static_cast<int64_t>(pdf.size()));
  EXPECT_EQ(evidence.uploaded_by(), "user-430725-001");
  ipb::Evidence again;
  ASSERT_TRUE(stub_
                  ->UploadEvidence(CallAs(*dept_).get(),
                                   Upload(key, "application/pdf", pdf), &again)
                  .ok());
  EXPECT_EQ(again.uploaded_at(), evidence.uploaded_at());
  ipb::EvidenceKey evidence_key;
  *evidence_key.mutable_task() = key;
  evidence_key.set_sha256(evidence.sha256());
  ipb::EvidenceFile file;
  ASSERT_TRUE(
      stub_->GetEvidence(CallAs(*finance_).get(), evidence_key, &file).ok());
  EXPECT_EQ(file.content(), pdf);
  EXPECT_EQ(file.evidence().content_type(), "application/pdf");

  // Reported, reopened with a note, reported again, accepted.
  ipb::ReportTaskRequest report;
  *report.mutable_key() = key;
  report.set_expected_version(1);
  report.set_response("已核实：支出决算数应为 1,200.00 万元，自评报告已更正");
  report.add_evidence_sha256(evidence.sha256());
  ipb::RectificationTask task;
  ASSERT_TRUE(stub_->ReportTask(CallAs(*dept_).get(), report, &task).ok());
  EXPECT_EQ(task.status(), ipb::TASK_REPORTED);
  EXPECT_EQ(task.version(), 2);
  ASSERT_EQ(task.evidence_sha256_size(), 1);

  ipb::DecideTaskRequest decide;
  *decide.mutable_key() = key;
  decide.set_expected_version(2);
  decide.set_note("缺少更正后的自评报告");
  ASSERT_TRUE(stub_->ReopenTask(CallAs(*finance_).get(), decide, &task).ok());
  EXPECT_EQ(task.status(), ipb::TASK_REOPENED);
  EXPECT_EQ(task.decision_note(), "缺少更正后的自评报告");

  // A stale version is refused.
  report.set_expected_version(2);
  EXPECT_EQ(stub_->ReportTask(CallAs(*dept_).get(), report, &task).error_code(),
            grpc::StatusCode::ABORTED);
  report.set_expected_version(3);
  report.set_response("已附更正后的自评报告");
  ASSERT_TRUE(stub_->ReportTask(CallAs(*dept_).get(), report, &task).ok());
  decide.set_expected_version(4);
  decide.set_note("整改到位");
  ASSERT_TRUE(stub_->AcceptTask(CallAs(*finance_).get(), decide, &task).ok());
  EXPECT_EQ(task.status(), ipb::TASK_ACCEPTED);
  EXPECT_EQ(task.version(), 5);
  ASSERT_EQ(task.history_size(), 5);
  EXPECT_EQ(task.history(1).status(), ipb::TASK_REPORTED);
  EXPECT_EQ(task.history(2).note(), "缺少更正后的自评报告");
  EXPECT_EQ(task.history(4).by(), "user-430725-");

  // Done is done: no report, no evidence, on an ACCEPTED task.
  report.set_expected_version(5);
  const grpc::Status late =
      stub_->ReportTask(CallAs(*dept_).get(), report, &task);
  EXPECT_EQ(late.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(late.error_message(), StartsWith("status: the task is ACCEPTED"));
  const grpc::Status upload = stub_->UploadEvidence(
      CallAs(*dept_).get(), Upload(key, "text/csv", "a,b\n1,2\n"), &evidence);
  EXPECT_EQ(upload.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  ipb::RectificationTask read;
  ASSERT_TRUE(stub_->GetTask(CallAs(*dept_).get(), key, &read).ok());
  EXPECT_EQ(read.version(), 5);
  EXPECT_FALSE(read.overdue());  // accepted

  // Every write left its audit row, naming who; the refusals none.
  auto indicator = ipb::IndicatorService::NewStub(
      testing::ChannelTo(services_->indicator()));
  audit::v1::ListAuditRequest audit;
  audit.set_region_code(kRegion);
  audit.set_department_code("001");
  audit.set_page_size(1000);
  audit::v1::ListAuditResponse trail;
  ASSERT_TRUE(
      indicator->ListAudit(CallAs(*finance_).get(), audit, &trail).ok());
  const std::string entity =
      absl::StrCat("rectification/", kRegion, "/", key.task_id());
  std::map<int64_t, std::string> written;  // in the order of the writes
  for (const auto& e : trail.entries()) {
    if (e.entity() == entity ||
        e.entity() == absl::StrCat(entity, "/evidence/", evidence.sha256())) {
      written[e.id()] = e.method();
    }
  }
  std::vector<std::string> methods;
  for (const auto& [id, method] : written) methods.push_back(method);
  EXPECT_THAT(methods, ::testing::ElementsAre("CreateTask", "UploadEvidence",
                                              "ReportTask", "ReopenTask",
                                              "ReportTask", "AcceptTask"));
}

// Every byte value, NUL included, on both backends (the bytes are stored
// as base64 text: docs/adr/0007).
TEST_F(RectificationTest, BinaryEvidenceComesBackByteForByte) {
  const ipb::RectificationTask created = Create("001", "2020-06-30");
  std::string png("\x89PNG\r\n\x1a\n", 8);
  for (int i = 0; i < 512; ++i) png.push_back(static_cast<char>(i % 256));
  ipb::Evidence evidence;
  ipb::UploadEvidenceRequest upload = Upload(created.key(), "image/png", png);
  upload.set_file_name("现场照片.png");
  ASSERT_TRUE(
      stub_->UploadEvidence(CallAs(*finance_).get(), upload, &evidence).ok());
  ipb::EvidenceKey key;
  *key.mutable_task() = created.key();
  key.set_sha256(evidence.sha256());
  ipb::EvidenceFile file;
  ASSERT_TRUE(stub_->GetEvidence(CallAs(*dept_).get(), key, &file).ok());
  EXPECT_EQ(file.content(), png);
  EXPECT_EQ(file.evidence().size_bytes(), 520);
  EXPECT_EQ(file.evidence().file_name(), "现场照片.png");
  EXPECT_EQ(stub_->GetEvidence(CallAs(*other_).get(), key, &file).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(RectificationTest, OverdueTasksAsOfADay) {
  const ipb::RectificationTask due = Create("003", "2020-03-31");
  const ipb::RectificationTask later = Create("003", "2020-12-31");
  ipb::ListTasksRequest list;
  list.set_region_code(kRegion);
  list.set_department_code("003");
  list.set_overdue_as_of("2020-04-01");
  ipb::ListTasksResponse tasks;
  ASSERT_TRUE(stub_->ListTasks(CallAs(*finance_).get(), list, &tasks).ok());
  ASSERT_EQ(tasks.tasks_size(), 1);
  EXPECT_EQ(tasks.tasks(0).key().task_id(), due.key().task_id());
  EXPECT_TRUE(tasks.tasks(0).overdue());
  list.set_overdue_as_of("2020-03-31");  // due that day: not yet overdue
  ASSERT_TRUE(stub_->ListTasks(CallAs(*finance_).get(), list, &tasks).ok());
  EXPECT_EQ(tasks.tasks_size(), 0);
  list.set_overdue_as_of("2021-01-01");
  ASSERT_TRUE(stub_->ListTasks(CallAs(*finance_).get(), list, &tasks).ok());
  EXPECT_EQ(tasks.tasks_size(), 2);
  list.clear_overdue_as_of();
  list.set_status(ipb::TASK_OPEN);
  ASSERT_TRUE(stub_->ListTasks(CallAs(*finance_).get(), list, &tasks).ok());
  EXPECT_EQ(tasks.tasks_size(), 2);
  EXPECT_EQ(tasks.tasks(1).key().task_id(), later.key().task_id());
  list.set_overdue_as_of("2020-4-1");
  const grpc::Status bad =
      stub_->ListTasks(CallAs(*finance_).get(), list, &tasks);
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(bad.error_message(), StartsWith("overdue_as_of"));
}

TEST_F(RectificationTest, ADepartmentSeesAndReportsOnlyItsOwn) {
  const ipb::RectificationTask mine = Create("001", "2020-06-30");
  ipb::RectificationTask task;
  // Another department: neither the task nor its list, nor a report.
  EXPECT_EQ(
      stub_->GetTask(CallAs(*other_).get(), mine.key(), &task).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  ipb::ListTasksRequest list;
  list.set_region_code(kRegion);
  list.set_department_code("001");
  ipb::ListTasksResponse tasks;
  EXPECT_EQ(stub_->ListTasks(CallAs(*other_).get(), list, &tasks).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  list.clear_department_code();  // the region's list is finance's
  EXPECT_EQ(stub_->ListTasks(CallAs(*dept_).get(), list, &tasks).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  list.set_department_code("001");
  ASSERT_TRUE(stub_->ListTasks(CallAs(*dept_).get(), list, &tasks).ok());
  for (const auto& t : tasks.tasks()) EXPECT_EQ(t.department_code(), "001");
  // A task id that does not exist tells a department nothing either.
  ipb::TaskKey missing = mine.key();
  missing.set_task_id(999999);
  EXPECT_EQ(stub_->GetTask(CallAs(*other_).get(), missing, &task).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(
      stub_->GetTask(CallAs(*finance_).get(), missing, &task).error_code(),
      grpc::StatusCode::NOT_FOUND);
  ipb::ReportTaskRequest report;
  *report.mutable_key() = mine.key();
  report.set_expected_version(1);
  report.set_response("r");
  EXPECT_EQ(
      stub_->ReportTask(CallAs(*other_).get(), report, &task).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  // Finance judges a report; it does not write one.
  EXPECT_EQ(
      stub_->ReportTask(CallAs(*finance_).get(), report, &task).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  // A department neither creates a task nor accepts one.
  EXPECT_EQ(stub_
                ->CreateTask(CallAs(*dept_).get(), NewTask("001", "2020-06-30"),
                             &task)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(stub_->ReportTask(CallAs(*dept_).get(), report, &task).ok());
  ipb::DecideTaskRequest decide;
  *decide.mutable_key() = mine.key();
  decide.set_expected_version(2);
  decide.set_note("n");
  EXPECT_EQ(stub_->AcceptTask(CallAs(*dept_).get(), decide, &task).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(stub_->GetTask(CallAs(*dept_).get(), mine.key(), &task).ok());
  EXPECT_EQ(task.status(), ipb::TASK_REPORTED);
  EXPECT_EQ(task.version(), 2);
}

TEST_F(RectificationTest, BadInputNamesItsFieldAndStoresNothing) {
  const ipb::RectificationTask created = Create("001", "2020-06-30");
  const int before = CountTasks();
  const auto refused = [](const grpc::Status& s, const std::string& field) {
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << field << ": " << s.error_message();
    EXPECT_THAT(s.error_message(), StartsWith(field + ":"));
  };
  ipb::RectificationTask task;
  ipb::CreateTaskRequest bad = NewTask("001", "2019-02-30");
  refused(stub_->CreateTask(CallAs(*finance_).get(), bad, &task),
          "task.deadline");
  bad = NewTask("001", "2026-01-01");  // beyond 2019 + 5
  refused(stub_->CreateTask(CallAs(*finance_).get(), bad, &task),
          "task.deadline");
  bad = NewTask("001", "2020-06-30");
  bad.mutable_task()->mutable_finding()->clear_figures();
  refused(stub_->CreateTask(CallAs(*finance_).get(), bad, &task),
          "task.finding.figures");
  bad = NewTask("001", "2020-06-30");
  bad.mutable_task()->mutable_finding()->clear_kind();
  refused(stub_->CreateTask(CallAs(*finance_).get(), bad, &task),
          "task.finding.kind");
  bad = NewTask("001", "2020-06-30");
  bad.mutable_task()->set_requirement(std::string(2001, 'x'));
  refused(stub_->CreateTask(CallAs(*finance_).get(), bad, &task),
          "task.requirement");
  EXPECT_EQ(CountTasks(), before);

  // Evidence: over the limit, bytes that are not the stated type, a type
  // off the list, a path for a name.
  const ipb::TaskKey& key = created.key();
  ipb::Evidence evidence;
  const std::string big = std::string(kPdf) + std::string(kMaxBytes, ' ');
  refused(stub_->UploadEvidence(CallAs(*dept_).get(),
                                Upload(key, "application/pdf", big), &evidence),
          "content");
  const grpc::Status disguised = stub_->UploadEvidence(
      CallAs(*dept_).get(), Upload(key, "image/png", kPdf), &evidence);
  refused(disguised, "content");
  EXPECT_THAT(disguised.error_message(), HasSubstr("PNG"));
  refused(stub_->UploadEvidence(
              CallAs(*dept_).get(),
              Upload(key, "application/x-msdownload", "MZ\x90"), &evidence),
          "content_type");
  ipb::UploadEvidenceRequest path = Upload(key, "application/pdf", kPdf);
  path.set_file_name("../../etc/passwd");
  refused(stub_->UploadEvidence(CallAs(*dept_).get(), path, &evidence),
          "file_name");
  ipb::EvidenceKey evidence_key;
  *evidence_key.mutable_task() = key;
  evidence_key.set_sha256(Sha256Hex(big));
  ipb::EvidenceFile file;
  EXPECT_EQ(stub_->GetEvidence(CallAs(*dept_).get(), evidence_key, &file)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);

  // A report resting on a file never uploaded: refused, the task as it was.
  ipb::ReportTaskRequest report;
  *report.mutable_key() = key;
  report.set_expected_version(1);
  report.set_response("r");
  report.add_evidence_sha256(Sha256Hex("never uploaded"));
  refused(stub_->ReportTask(CallAs(*dept_).get(), report, &task),
          "evidence_sha256[0]");
  report.set_evidence_sha256(0, "not-a-digest");
  refused(stub_->ReportTask(CallAs(*dept_).get(), report, &task),
          "evidence_sha256[0]");
  ASSERT_TRUE(stub_->GetTask(CallAs(*dept_).get(), key, &task).ok());
  EXPECT_EQ(task.status(), ipb::TASK_OPEN);
  EXPECT_EQ(task.version(), 1);
  // Finance cannot accept what was never reported.
  ipb::DecideTaskRequest decide;
  *decide.mutable_key() = key;
  decide.set_expected_version(1);
  decide.set_note("n");
  const grpc::Status early =
      stub_->AcceptTask(CallAs(*finance_).get(), decide, &task);
  EXPECT_EQ(early.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(early.error_message(), StartsWith("status: the task is OPEN"));
  decide.clear_note();
  refused(stub_->AcceptTask(CallAs(*finance_).get(), decide, &task), "note");
}

}  // namespace
}  // namespace jixiao

// The budget service binary on a loopback port, every RPC called with a
// real gRPC client, good input and bad.
#include <chrono>
#include <memory>
#include <thread>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "jixiao/budget/v1/budget.grpc.pb.h"
#include "services/common/client.h"
#include "tests/integration/service_process.h"

namespace jixiao {
namespace {

namespace pb = ::jixiao::budget::v1;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr char kRegion[] = "430725";
constexpr int64_t kWan = 1'000'000;

class BudgetServiceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    server_ = new testing::ServiceProcess(
        JIXIAO_BUDGET_BINARY,
        {"--storage=" + testing::StorageUrl(*dir_, "budget"), "--drain_ms=50"},
        dir_->path());
    stub_ = pb::BudgetService::NewStub(
                grpc::CreateChannel(server_->address(),
                                    grpc::InsecureChannelCredentials()))
                .release();
  }
  static void TearDownTestSuite() {
    delete stub_;
    delete server_;
    delete dir_;
  }

  static std::unique_ptr<grpc::ClientContext> Ctx() {
    auto context = CallContext(std::chrono::seconds(30), {});
    context->AddMetadata("x-jixiao-actor", "integration-test");
    return context;
  }

  static pb::Department CreateDepartment(const std::string& code) {
    pb::CreateDepartmentRequest request;
    pb::Department* d = request.mutable_department();
    d->set_region_code(kRegion);
    d->set_code(code);
    d->set_name("测试单位" + code);
    d->set_kind("行政单位");
    d->set_staff_authorized(100);
    d->set_staff_actual(90);
    pb::Department out;
    const grpc::Status status =
        stub_->CreateDepartment(Ctx().get(), request, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  static pb::PutDepartmentYearRequest YearRequest(const std::string& code,
                                                  int year) {
    pb::PutDepartmentYearRequest request;
    pb::DepartmentYear* y = request.mutable_department_year();
    y->set_region_code(kRegion);
    y->set_department_code(code);
    y->set_year(year);
    return request;
  }

  static grpc::Status Put(const pb::PutDepartmentYearRequest& request,
                          pb::DepartmentYear* out) {
    return stub_->PutDepartmentYear(Ctx().get(), request, out);
  }

  static pb::DepartmentYearKey Key(const std::string& code, int year) {
    pb::DepartmentYearKey key;
    key.set_region_code(kRegion);
    key.set_department_code(code);
    key.set_year(year);
    return key;
  }

  static pb::Aggregates Aggregates(const std::string& code, int year,
                                   const std::string& as_of = "") {
    pb::GetAggregatesRequest request;
    *request.mutable_key() = Key(code, year);
    request.set_as_of(as_of);
    pb::Aggregates out;
    const grpc::Status status =
        stub_->GetAggregates(Ctx().get(), request, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  static pb::BudgetLine Line(const std::string& code,
                             const std::string& function,
                             const std::string& economic, int64_t amount) {
    pb::BudgetLine line;
    line.set_department_code(code);
    line.set_year(2019);
    line.set_phase(pb::PHASE_ORIGINAL);
    line.set_function_code(function);
    line.set_economic_code(economic);
    line.set_amount(amount);
    return line;
  }

  static void ExpectInvalid(const grpc::Status& status,
                            const std::string& field) {
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << status.error_message();
    EXPECT_THAT(status.error_message(), StartsWith(field + ":"));
  }

  static testing::TempDir* dir_;
  static testing::ServiceProcess* server_;
  static pb::BudgetService::Stub* stub_;
};

testing::TempDir* BudgetServiceTest::dir_ = nullptr;
testing::ServiceProcess* BudgetServiceTest::server_ = nullptr;
pb::BudgetService::Stub* BudgetServiceTest::stub_ = nullptr;

TEST_F(BudgetServiceTest, DepartmentLifecycle) {
  const pb::Department created = CreateDepartment("life");
  EXPECT_EQ(created.version(), 1);
  EXPECT_EQ(created.staff_actual(), 90);
  EXPECT_FALSE(created.has_staff_retired());  // not given, stays absent

  pb::DepartmentKey key;
  key.set_region_code(kRegion);
  key.set_code("life");
  pb::Department got;
  ASSERT_TRUE(stub_->GetDepartment(Ctx().get(), key, &got).ok());
  EXPECT_EQ(got.name(), "测试单位life");
  EXPECT_FALSE(got.has_staff_retired());

  pb::UpdateDepartmentRequest update;
  *update.mutable_department() = got;
  update.mutable_department()->set_staff_retired(12);
  update.set_expected_version(1);
  pb::Department updated;
  ASSERT_TRUE(stub_->UpdateDepartment(Ctx().get(), update, &updated).ok());
  EXPECT_EQ(updated.version(), 2);
  // The same expected version again is stale now: refused, nothing changed.
  update.mutable_department()->set_staff_retired(99);
  const grpc::Status stale =
      stub_->UpdateDepartment(Ctx().get(), update, &updated);
  EXPECT_EQ(stale.error_code(), grpc::StatusCode::ABORTED);
  ASSERT_TRUE(stub_->GetDepartment(Ctx().get(), key, &got).ok());
  EXPECT_EQ(got.staff_retired(), 12);
  EXPECT_EQ(got.version(), 2);
}

TEST_F(BudgetServiceTest, DuplicateCodeIsRefusedAndNothingChanges) {
  CreateDepartment("dup");
  pb::CreateDepartmentRequest again;
  again.mutable_department()->set_region_code(kRegion);
  again.mutable_department()->set_code("dup");
  again.mutable_department()->set_name("另一个名字");
  pb::Department out;
  const grpc::Status status = stub_->CreateDepartment(Ctx().get(), again, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_THAT(status.error_message(), StartsWith("department.code:"));
  pb::DepartmentKey key;
  key.set_region_code(kRegion);
  key.set_code("dup");
  ASSERT_TRUE(stub_->GetDepartment(Ctx().get(), key, &out).ok());
  EXPECT_EQ(out.name(), "测试单位dup");
  // The same code in another region is another department.
  again.mutable_department()->set_region_code("430726");
  EXPECT_TRUE(stub_->CreateDepartment(Ctx().get(), again, &out).ok());
}

TEST_F(BudgetServiceTest, BadDepartmentsNameTheField) {
  const auto create = [](auto mutate) {
    pb::CreateDepartmentRequest request;
    pb::Department* d = request.mutable_department();
    d->set_region_code(kRegion);
    d->set_code("bad-dept");
    d->set_name("名称");
    mutate(d);
    pb::Department out;
    return stub_->CreateDepartment(Ctx().get(), request, &out);
  };
  ExpectInvalid(create([](pb::Department* d) { d->set_region_code("4307"); }),
                "department.region_code");
  ExpectInvalid(create([](pb::Department* d) { d->set_code("has space"); }),
                "department.code");
  ExpectInvalid(create([](pb::Department* d) { d->set_name(""); }),
                "department.name");
  ExpectInvalid(
      create([](pb::Department* d) { d->set_name(std::string(3000, 'x')); }),
      "department.name");
  ExpectInvalid(create([](pb::Department* d) { d->set_staff_actual(-1); }),
                "department.staff_actual");
  ExpectInvalid(
      create([](pb::Department* d) { d->set_parent_code("no-such-parent"); }),
      "department.parent_code");
  // None of them was stored.
  pb::DepartmentKey key;
  key.set_region_code(kRegion);
  key.set_code("bad-dept");
  pb::Department out;
  EXPECT_EQ(stub_->GetDepartment(Ctx().get(), key, &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(BudgetServiceTest, NonUtf8TextIsRefused) {
  pb::CreateDepartmentRequest request;
  pb::Department* d = request.mutable_department();
  d->set_region_code(kRegion);
  d->set_code("gbk");
  d->set_name("\xcc\xd2\xd4\xb4");  // 桃源 in GBK
  pb::Department out;
  const grpc::Status status =
      stub_->CreateDepartment(Ctx().get(), request, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
      << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr("UTF-8"));
  pb::DepartmentKey key;
  key.set_region_code(kRegion);
  key.set_code("gbk");
  EXPECT_EQ(stub_->GetDepartment(Ctx().get(), key, &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(BudgetServiceTest, ParentsAndCycles) {
  CreateDepartment("parent-a");
  pb::CreateDepartmentRequest child;
  child.mutable_department()->set_region_code(kRegion);
  child.mutable_department()->set_code("child-a");
  child.mutable_department()->set_name("下属");
  child.mutable_department()->set_parent_code("parent-a");
  pb::Department out;
  ASSERT_TRUE(stub_->CreateDepartment(Ctx().get(), child, &out).ok());
  // Making the parent a child of its child would close a loop.
  pb::DepartmentKey key;
  key.set_region_code(kRegion);
  key.set_code("parent-a");
  pb::Department parent;
  ASSERT_TRUE(stub_->GetDepartment(Ctx().get(), key, &parent).ok());
  pb::UpdateDepartmentRequest update;
  *update.mutable_department() = parent;
  update.mutable_department()->set_parent_code("child-a");
  ExpectInvalid(stub_->UpdateDepartment(Ctx().get(), update, &out),
                "department.parent_code");
}

TEST_F(BudgetServiceTest, ListByRegionInPages) {
  for (const char* code : {"list-1", "list-2", "list-3"}) {
    pb::CreateDepartmentRequest request;
    request.mutable_department()->set_region_code("430799");
    request.mutable_department()->set_code(code);
    request.mutable_department()->set_name(code);
    pb::Department out;
    ASSERT_TRUE(stub_->CreateDepartment(Ctx().get(), request, &out).ok());
  }
  pb::ListDepartmentsRequest request;
  request.set_region_code("430799");
  request.set_page_size(2);
  pb::ListDepartmentsResponse page;
  ASSERT_TRUE(stub_->ListDepartments(Ctx().get(), request, &page).ok());
  ASSERT_EQ(page.departments_size(), 2);
  EXPECT_EQ(page.departments(0).code(), "list-1");
  EXPECT_EQ(page.next_page_token(), "list-2");
  request.set_page_token(page.next_page_token());
  ASSERT_TRUE(stub_->ListDepartments(Ctx().get(), request, &page).ok());
  ASSERT_EQ(page.departments_size(), 1);
  EXPECT_EQ(page.departments(0).code(), "list-3");
  EXPECT_EQ(page.next_page_token(), "");
  request.set_page_size(-1);
  ExpectInvalid(stub_->ListDepartments(Ctx().get(), request, &page),
                "page_size");
  request.set_page_size(0);
  request.set_region_code("x");
  ExpectInvalid(stub_->ListDepartments(Ctx().get(), request, &page),
                "region_code");
}

TEST_F(BudgetServiceTest, DepartmentYearRoundTripKeepsAbsence) {
  CreateDepartment("year-rt");
  auto request = YearRequest("year-rt", 2019);
  pb::PhaseFigures* final_figures =
      request.mutable_department_year()->add_phases();
  final_figures->set_phase(pb::PHASE_FINAL);
  final_figures->set_total_expenditure(100 * kWan);
  final_figures->set_abroad(0);
  (*final_figures->mutable_sources())["total_expenditure"] =
      "支出决算数100万元";
  pb::StatedRate* rate = request.mutable_department_year()->add_stated_rates();
  rate->set_formula_id("yoy_change");
  rate->set_item("abroad");
  rate->set_percent("-5.5");
  rate->set_word("下降");
  pb::DepartmentYear stored;
  ASSERT_TRUE(Put(request, &stored).ok());
  EXPECT_EQ(stored.version(), 1);

  pb::DepartmentYear got;
  ASSERT_TRUE(
      stub_->GetDepartmentYear(Ctx().get(), Key("year-rt", 2019), &got).ok());
  ASSERT_EQ(got.phases_size(), 1);
  EXPECT_TRUE(got.phases(0).has_abroad());
  EXPECT_EQ(got.phases(0).abroad(), 0);
  EXPECT_FALSE(got.phases(0).has_reception());
  EXPECT_EQ(got.phases(0).total_expenditure(), 100 * kWan);
  EXPECT_EQ(got.phases(0).sources().at("total_expenditure"),
            "支出决算数100万元");
  ASSERT_EQ(got.stated_rates_size(), 1);
  EXPECT_EQ(got.stated_rates(0).percent(), "-5.50");

  // Replacing the year with fewer figures removes the others.
  request.mutable_department_year()->mutable_phases(0)->clear_abroad();
  request.mutable_department_year()->clear_stated_rates();
  request.set_expected_version(1);
  ASSERT_TRUE(Put(request, &stored).ok());
  EXPECT_EQ(stored.version(), 2);
  ASSERT_TRUE(
      stub_->GetDepartmentYear(Ctx().get(), Key("year-rt", 2019), &got).ok());
  EXPECT_FALSE(got.phases(0).has_abroad());
  EXPECT_EQ(got.stated_rates_size(), 0);

  EXPECT_EQ(stub_->GetDepartmentYear(Ctx().get(), Key("year-rt", 2020), &got)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(BudgetServiceTest, StaleYearWriteIsAbortedAndChangesNothing) {
  CreateDepartment("year-stale");
  auto request = YearRequest("year-stale", 2019);
  auto* p = request.mutable_department_year()->add_phases();
  p->set_phase(pb::PHASE_FINAL);
  p->set_reception(1 * kWan);
  pb::DepartmentYear stored;
  ASSERT_TRUE(Put(request, &stored).ok());
  request.set_expected_version(0);
  request.mutable_department_year()->mutable_phases(0)->set_reception(2 * kWan);
  EXPECT_EQ(Put(request, &stored).error_code(), grpc::StatusCode::ABORTED);
  pb::DepartmentYear got;
  ASSERT_TRUE(
      stub_->GetDepartmentYear(Ctx().get(), Key("year-stale", 2019), &got)
          .ok());
  EXPECT_EQ(got.phases(0).reception(), 1 * kWan);
  EXPECT_EQ(got.version(), 1);
}

TEST_F(BudgetServiceTest, ConcurrentWritersLoseNoUpdate) {
  // Each writer reads, adds 1万元 to 公务接待费 and writes with the version it
  // read, retrying on ABORTED: every increment must land.
  CreateDepartment("year-race");
  auto request = YearRequest("year-race", 2019);
  auto* p = request.mutable_department_year()->add_phases();
  p->set_phase(pb::PHASE_FINAL);
  p->set_reception(0);
  pb::DepartmentYear stored;
  ASSERT_TRUE(Put(request, &stored).ok());
  constexpr int kWriters = 4;
  constexpr int kIncrements = 10;
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([] {
      for (int i = 0; i < kIncrements;) {
        pb::DepartmentYear current;
        ASSERT_TRUE(stub_
                        ->GetDepartmentYear(Ctx().get(), Key("year-race", 2019),
                                            &current)
                        .ok());
        pb::PutDepartmentYearRequest write;
        *write.mutable_department_year() = current;
        write.mutable_department_year()->mutable_phases(0)->set_reception(
            current.phases(0).reception() + kWan);
        write.set_expected_version(current.version());
        pb::DepartmentYear out;
        const grpc::Status status =
            stub_->PutDepartmentYear(Ctx().get(), write, &out);
        if (status.ok()) {
          ++i;
        } else {
          ASSERT_EQ(status.error_code(), grpc::StatusCode::ABORTED)
              << status.error_message();
        }
      }
    });
  }
  for (auto& t : writers) t.join();
  pb::DepartmentYear got;
  ASSERT_TRUE(
      stub_->GetDepartmentYear(Ctx().get(), Key("year-race", 2019), &got).ok());
  EXPECT_EQ(got.phases(0).reception(), kWriters * kIncrements * kWan);
  EXPECT_EQ(got.version(), 1 + kWriters * kIncrements);
}

TEST_F(BudgetServiceTest, BadYearsNameTheFieldAndStoreNothing) {
  CreateDepartment("year-bad");
  const auto put = [](auto mutate) {
    auto request = YearRequest("year-bad", 2019);
    auto* p = request.mutable_department_year()->add_phases();
    p->set_phase(pb::PHASE_FINAL);
    p->set_reception(5 * kWan);
    mutate(request.mutable_department_year());
    pb::DepartmentYear out;
    return Put(request, &out);
  };
  ExpectInvalid(put([](pb::DepartmentYear* y) {
                  y->mutable_phases(0)->set_reception(-1);
                }),
                "department_year.phases[决算].reception");
  ExpectInvalid(put([](pb::DepartmentYear* y) { y->set_year(1999); }),
                "department_year.year");
  ExpectInvalid(
      put([](pb::DepartmentYear* y) { y->set_department_code("nobody"); }),
      "department_year.department_code");
  ExpectInvalid(put([](pb::DepartmentYear* y) {
                  y->mutable_phases(0)->set_phase(pb::PHASE_UNSPECIFIED);
                }),
                "department_year.phases[0].phase");
  ExpectInvalid(put([](pb::DepartmentYear* y) {
                  y->add_phases()->set_phase(pb::PHASE_FINAL);
                }),
                "department_year.phases[1].phase");
  ExpectInvalid(put([](pb::DepartmentYear* y) {
                  (*y->mutable_phases(0)->mutable_sources())["no_such_figure"] =
                      "x";
                }),
                "department_year.phases[0].sources");
  ExpectInvalid(put([](pb::DepartmentYear* y) {
                  auto* r = y->add_stated_rates();
                  r->set_formula_id("yoy_change");
                  r->set_item("reception");
                  r->set_percent("abc");
                }),
                "department_year.stated_rates[0].percent");
  ExpectInvalid(put([](pb::DepartmentYear* y) {
                  auto* p = y->add_projects();
                  p->set_code("p1");
                  p->set_name(std::string(5000, 'x'));
                }),
                "department_year.projects[0].name");
  pb::DepartmentYear got;
  EXPECT_EQ(stub_->GetDepartmentYear(Ctx().get(), Key("year-bad", 2019), &got)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(BudgetServiceTest, LedgerImportIsIdempotentAndRollsUp) {
  CreateDepartment("ledger");
  auto year = YearRequest("ledger", 2019);
  auto* p = year.mutable_department_year()->add_phases();
  p->set_phase(pb::PHASE_ORIGINAL);
  p->set_total_expenditure(100 * kWan);
  p->set_wages_301(60 * kWan);
  pb::DepartmentYear stored;
  ASSERT_TRUE(Put(year, &stored).ok());

  pb::ImportLedgerRequest batch;
  batch.set_batch_id("ledger-1");
  batch.set_region_code(kRegion);
  *batch.add_lines() = Line("ledger", "2040201", "30101", 50 * kWan);
  *batch.add_lines() = Line("ledger", "2040220", "30217", 30 * kWan);
  *batch.add_lines() = Line("ledger", "2080505", "30108", 20 * kWan);
  pb::PaymentRecord* payment = batch.add_payments();
  payment->set_department_code("ledger");
  payment->set_year(2019);
  payment->set_record_id("pay-1");
  payment->set_paid_on("2019-03-15");
  payment->set_function_code("2040201");
  payment->set_economic_code("30101");
  payment->set_amount(10 * kWan);
  pb::PaymentRecord* later = batch.add_payments();
  *later = *payment;
  later->set_record_id("pay-2");
  later->set_paid_on("2019-09-01");
  later->set_amount(5 * kWan);
  pb::ImportLedgerResponse response;
  ASSERT_TRUE(stub_->ImportLedger(Ctx().get(), batch, &response).ok());
  EXPECT_EQ(response.lines_stored(), 3);
  EXPECT_EQ(response.payments_stored(), 2);
  EXPECT_FALSE(response.already_imported());

  // The same batch again: acknowledged, stored once.
  ASSERT_TRUE(stub_->ImportLedger(Ctx().get(), batch, &response).ok());
  EXPECT_TRUE(response.already_imported());
  // The same id with other rows is refused.
  batch.mutable_lines(0)->set_amount(51 * kWan);
  EXPECT_EQ(stub_->ImportLedger(Ctx().get(), batch, &response).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);

  const pb::Aggregates aggregates = Aggregates("ledger", 2019, "2019-06-30");
  ASSERT_EQ(aggregates.phase_totals_size(), 1);
  const pb::PhaseTotals& totals = aggregates.phase_totals(0);
  EXPECT_EQ(totals.line_count(), 3);
  EXPECT_EQ(totals.lines_total(), 100 * kWan);
  std::map<std::string, int64_t> by_function;
  for (const auto& c : totals.by_function()) by_function[c.code()] = c.fen();
  EXPECT_EQ(by_function["204"], 80 * kWan);
  EXPECT_EQ(by_function["20402"], 80 * kWan);
  EXPECT_EQ(by_function["2080505"], 20 * kWan);
  std::map<std::string, int64_t> by_economic;
  for (const auto& c : totals.by_economic()) by_economic[c.code()] = c.fen();
  EXPECT_EQ(by_economic["301"], 70 * kWan);
  EXPECT_EQ(by_economic["302"], 30 * kWan);
  EXPECT_EQ(aggregates.payments().total(), 15 * kWan);
  EXPECT_EQ(aggregates.payments().total_as_of(), 10 * kWan);
  // Importing bumped the year's version: anything cached on it is stale.
  EXPECT_EQ(aggregates.figures_version(), 2);

  // B6: lines say 301 = 70万元, the figures say 60万元.
  pb::CheckConsistencyRequest check;
  *check.mutable_key() = Key("ledger", 2019);
  pb::ConsistencyReport report;
  ASSERT_TRUE(stub_->CheckConsistency(Ctx().get(), check, &report).ok());
  ASSERT_EQ(report.findings_size(), 1);
  EXPECT_EQ(report.findings(0).identity(), "B6");
  EXPECT_EQ(report.findings(0).difference(), -10 * kWan);
}

TEST_F(BudgetServiceTest, ABatchWithOneBadRowIsRejectedWhole) {
  CreateDepartment("atomic");
  pb::ImportLedgerRequest batch;
  batch.set_batch_id("atomic-1");
  batch.set_region_code(kRegion);
  for (int i = 0; i < 5; ++i)
    *batch.add_lines() = Line("atomic", "2040201", "30101", kWan);
  batch.mutable_lines(3)->set_economic_code("3x101");
  pb::ImportLedgerResponse response;
  ExpectInvalid(stub_->ImportLedger(Ctx().get(), batch, &response),
                "lines[3].economic_code");
  batch.mutable_lines(3)->set_economic_code("30101");
  batch.mutable_lines(4)->set_department_code("ghost");
  ExpectInvalid(stub_->ImportLedger(Ctx().get(), batch, &response),
                "lines[4].department_code");
  batch.mutable_lines(4)->set_department_code("atomic");
  batch.mutable_lines(2)->set_amount(-1);
  ExpectInvalid(stub_->ImportLedger(Ctx().get(), batch, &response),
                "lines[2].amount");
  batch.mutable_lines(2)->set_amount(kWan);
  batch.mutable_lines(1)->set_function_code("20402");
  batch.mutable_lines(1)->set_year(2200);
  ExpectInvalid(stub_->ImportLedger(Ctx().get(), batch, &response),
                "lines[1].year");

  // Nothing was stored, and the batch id is still free.
  auto year = YearRequest("atomic", 2019);
  pb::DepartmentYear stored;
  ASSERT_TRUE(Put(year, &stored).ok());
  EXPECT_EQ(Aggregates("atomic", 2019).phase_totals_size(), 0);
  batch.mutable_lines(1)->set_year(2019);
  ASSERT_TRUE(stub_->ImportLedger(Ctx().get(), batch, &response).ok());
  EXPECT_EQ(Aggregates("atomic", 2019).phase_totals(0).line_count(), 5);
}

TEST_F(BudgetServiceTest, DuplicatePaymentRecordsAreRefused) {
  CreateDepartment("payments");
  pb::ImportLedgerRequest batch;
  batch.set_batch_id("payments-1");
  batch.set_region_code(kRegion);
  pb::PaymentRecord* p = batch.add_payments();
  p->set_department_code("payments");
  p->set_year(2019);
  p->set_record_id("r-1");
  p->set_paid_on("2019-01-02");
  p->set_function_code("2040201");
  p->set_economic_code("30201");
  p->set_amount(100);
  pb::ImportLedgerResponse response;
  ASSERT_TRUE(stub_->ImportLedger(Ctx().get(), batch, &response).ok());
  batch.set_batch_id("payments-2");
  const grpc::Status status =
      stub_->ImportLedger(Ctx().get(), batch, &response);
  ExpectInvalid(status, "payments[0].record_id");
  EXPECT_THAT(status.error_message(), HasSubstr("payments-1"));

  // Rows are stored 64 to a statement: a clash in the second statement is
  // named by its row, a record id another department also uses is no
  // clash, and nothing of the refused batch is stored.
  CreateDepartment("payments-other");
  pb::ImportLedgerRequest big;
  big.set_batch_id("payments-3");
  big.set_region_code(kRegion);
  for (int i = 0; i < 70; ++i) {
    pb::PaymentRecord* row = big.add_payments();
    *row = batch.payments(0);
    row->set_record_id(absl::StrCat("big-", i));
  }
  big.mutable_payments(65)->set_department_code("payments-other");
  big.mutable_payments(65)->set_record_id("r-1");
  big.mutable_payments(66)->set_record_id("r-1");
  const grpc::Status clash = stub_->ImportLedger(Ctx().get(), big, &response);
  ExpectInvalid(clash, "payments[66].record_id");
  EXPECT_THAT(clash.error_message(), HasSubstr("payments-1"));
  pb::GetAggregatesRequest aggregates;
  aggregates.mutable_key()->set_region_code(kRegion);
  aggregates.mutable_key()->set_department_code("payments");
  aggregates.mutable_key()->set_year(2019);
  pb::Aggregates totals;
  ASSERT_TRUE(stub_->GetAggregates(Ctx().get(), aggregates, &totals).ok());
  EXPECT_EQ(totals.payments().count(), 1);
  big.mutable_payments(66)->set_record_id("big-66");
  ASSERT_TRUE(stub_->ImportLedger(Ctx().get(), big, &response).ok());
  ASSERT_TRUE(stub_->GetAggregates(Ctx().get(), aggregates, &totals).ok());
  EXPECT_EQ(totals.payments().count(), 70);
}

TEST_F(BudgetServiceTest, OversizedUnaryBatchPointsToTheStream) {
  pb::ImportLedgerRequest batch;
  batch.set_batch_id("too-big");
  batch.set_region_code(kRegion);
  for (int i = 0; i < 10'001; ++i)
    *batch.add_lines() = Line("nobody", "2040201", "30101", 1);
  pb::ImportLedgerResponse response;
  const grpc::Status status =
      stub_->ImportLedger(Ctx().get(), batch, &response);
  ExpectInvalid(status, "lines");
  EXPECT_THAT(status.error_message(), HasSubstr("StreamImportLedger"));
}

TEST_F(BudgetServiceTest, StreamingImportOfALargeBatch) {
  CreateDepartment("stream");
  constexpr int kChunks = 3;
  constexpr int kPerChunk = 10'000;
  {
    pb::ImportLedgerResponse response;
    auto context = Ctx();
    auto writer = stub_->StreamImportLedger(context.get(), &response);
    for (int c = 0; c < kChunks; ++c) {
      pb::ImportLedgerRequest chunk;
      if (c == 0) {
        chunk.set_batch_id("stream-1");
        chunk.set_region_code(kRegion);
      }
      for (int i = 0; i < kPerChunk; ++i)
        *chunk.add_lines() = Line("stream", "2040201", "30101", 1);
      ASSERT_TRUE(writer->Write(chunk));
    }
    writer->WritesDone();
    const grpc::Status status = writer->Finish();
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(response.lines_stored(), kChunks * kPerChunk);
  }
  // A stream whose last chunk has a bad row stores none of it; the row is
  // numbered across the whole batch.
  {
    pb::ImportLedgerResponse response;
    auto context = Ctx();
    auto writer = stub_->StreamImportLedger(context.get(), &response);
    for (int c = 0; c < 2; ++c) {
      pb::ImportLedgerRequest chunk;
      chunk.set_batch_id("stream-2");
      chunk.set_region_code(kRegion);
      for (int i = 0; i < 100; ++i)
        *chunk.add_lines() = Line("stream", "2040201", "30101", 1);
      if (c == 1) chunk.mutable_lines(7)->set_function_code("999");
      writer->Write(chunk);
    }
    writer->WritesDone();
    ExpectInvalid(writer->Finish(), "lines[107].function_code");
  }
  pb::DepartmentYear stored;
  EXPECT_EQ(Aggregates("stream", 2019).phase_totals(0).line_count(),
            kChunks * kPerChunk);
}

// A caller that gives up in the middle of a stream (cancels, or dies) has
// not sent its batch: none of it is stored, and the same batch sent whole
// afterwards is stored as new.
TEST_F(BudgetServiceTest, AStreamCancelledByItsCallerStoresNothing) {
  CreateDepartment("cancel");
  pb::DepartmentYear year;
  ASSERT_TRUE(Put(YearRequest("cancel", 2019), &year).ok());
  const auto chunk_of = [](int first) {
    pb::ImportLedgerRequest chunk;
    chunk.set_batch_id("cancelled-1");
    chunk.set_region_code(kRegion);
    for (int i = 0; i < 1'000; ++i) {
      pb::PaymentRecord* p = chunk.add_payments();
      p->set_department_code("cancel");
      p->set_year(2019);
      p->set_record_id(absl::StrCat("C", first + i));
      p->set_paid_on("2019-03-01");
      p->set_function_code("2040201");
      p->set_economic_code("30201");
      p->set_amount(100);
    }
    return chunk;
  };
  for (int attempt = 0; attempt < 5; ++attempt) {
    pb::ImportLedgerResponse response;
    auto context = Ctx();
    auto writer = stub_->StreamImportLedger(context.get(), &response);
    ASSERT_TRUE(writer->Write(chunk_of(0)));
    ASSERT_TRUE(writer->Write(chunk_of(1'000)));
    context->TryCancel();
    EXPECT_EQ(writer->Finish().error_code(), grpc::StatusCode::CANCELLED);
  }
  EXPECT_EQ(Aggregates("cancel", 2019).payments().count(), 0);
  // The cancelled streams hold the caller's stream tickets until the server
  // has finished them (--max_streams_per_caller 4): a stream opened right
  // after may be refused for a moment, and is tried again.
  pb::ImportLedgerResponse response;
  grpc::Status status;
  for (int attempt = 0; attempt < 50; ++attempt) {
    auto context = Ctx();
    auto writer = stub_->StreamImportLedger(context.get(), &response);
    writer->Write(chunk_of(0));
    writer->WritesDone();
    status = writer->Finish();
    if (status.error_code() != grpc::StatusCode::RESOURCE_EXHAUSTED) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_FALSE(response.already_imported());
  EXPECT_EQ(Aggregates("cancel", 2019).payments().count(), 1'000);
}

TEST_F(BudgetServiceTest, AggregatesGiveEveryRateWithFormulaAndInputs) {
  CreateDepartment("rates");
  auto year = YearRequest("rates", 2019);
  auto* p = year.mutable_department_year()->add_phases();
  p->set_phase(pb::PHASE_FINAL);
  p->set_total_expenditure(90 * kWan);
  p->set_carryover_prior(10 * kWan);
  auto* o = year.mutable_department_year()->add_phases();
  o->set_phase(pb::PHASE_ORIGINAL);
  o->set_total_expenditure(100 * kWan);
  pb::DepartmentYear stored;
  ASSERT_TRUE(Put(year, &stored).ok());
  const pb::Aggregates aggregates = Aggregates("rates", 2019);
  std::map<std::string, pb::Rate> rates;
  for (const pb::Rate& r : aggregates.rates()) rates[r.formula_id()] = r;
  EXPECT_EQ(rates.size(), 14u);
  EXPECT_EQ(rates["staff_control"].percent(), "90.00");   // 90 of 100
  EXPECT_EQ(rates["execution_rate"].percent(), "81.82");  // 90 / (100 + 10)
  EXPECT_EQ(rates["execution_rate"].numerator(), 90 * kWan);
  EXPECT_EQ(rates["execution_rate"].inputs_size(), 3);
  EXPECT_EQ(rates["execution_rate"].inputs(0).display(), "90万元");
  EXPECT_FALSE(rates["budget_completion_hunan"].computable());
  EXPECT_THAT(rates["budget_completion_hunan"].reason(),
              HasSubstr("本年追加预算"));

  pb::GetAggregatesRequest bad;
  *bad.mutable_key() = Key("rates", 2019);
  bad.set_as_of("2020-01-01");
  pb::Aggregates out;
  ExpectInvalid(stub_->GetAggregates(Ctx().get(), bad, &out), "as_of");
  bad.set_as_of("");
  bad.set_planned_payment_progress_bp(0);
  ExpectInvalid(stub_->GetAggregates(Ctx().get(), bad, &out),
                "planned_payment_progress_bp");
  *bad.mutable_key() = Key("nobody", 2019);
  bad.clear_planned_payment_progress_bp();
  EXPECT_EQ(stub_->GetAggregates(Ctx().get(), bad, &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(BudgetServiceTest, CompareYears) {
  CreateDepartment("yoy");
  for (const auto& [y, reception] :
       {std::pair{2018, 89'700'000L}, std::pair{2019, 70'620'000L}}) {
    auto year = YearRequest("yoy", y);
    auto* p = year.mutable_department_year()->add_phases();
    p->set_phase(pb::PHASE_FINAL);
    p->set_reception(reception);
    if (y == 2019) p->set_abroad(0);
    pb::DepartmentYear stored;
    ASSERT_TRUE(Put(year, &stored).ok());
  }
  pb::CompareYearsRequest request;
  *request.mutable_key() = Key("yoy", 2019);
  pb::YearComparison comparison;
  ASSERT_TRUE(stub_->CompareYears(Ctx().get(), request, &comparison).ok());
  EXPECT_EQ(comparison.base_year(), 2018);
  ASSERT_EQ(comparison.items_size(), 2);
  for (const pb::ItemChange& item : comparison.items()) {
    if (item.item() == "reception") {
      EXPECT_EQ(item.change(), 70'620'000 - 89'700'000);
      EXPECT_EQ(item.rate().percent(), "-21.27");
    } else {
      EXPECT_EQ(item.item(), "abroad");
      EXPECT_FALSE(item.has_base());
      EXPECT_FALSE(item.rate().computable());
    }
  }
  request.set_base_year(2019);
  ExpectInvalid(stub_->CompareYears(Ctx().get(), request, &comparison),
                "base_year");
  request.set_base_year(1900);
  ExpectInvalid(stub_->CompareYears(Ctx().get(), request, &comparison),
                "base_year");
}

TEST_F(BudgetServiceTest, ConsistencyToleranceIsTheCallersToSet) {
  CreateDepartment("tolerance");
  auto year = YearRequest("tolerance", 2019);
  auto* p = year.mutable_department_year()->add_phases();
  p->set_phase(pb::PHASE_FINAL);
  p->set_basic_expenditure(100 * kWan);
  p->set_personnel(60 * kWan);
  p->set_public_funds(40 * kWan + 5000);  // 0.005万元 over
  pb::DepartmentYear stored;
  ASSERT_TRUE(Put(year, &stored).ok());
  pb::CheckConsistencyRequest check;
  *check.mutable_key() = Key("tolerance", 2019);
  pb::ConsistencyReport report;
  ASSERT_TRUE(stub_->CheckConsistency(Ctx().get(), check, &report).ok());
  EXPECT_EQ(report.tolerance_fen(), 10000);
  EXPECT_EQ(report.findings_size(), 0);
  check.set_tolerance_fen(0);
  ASSERT_TRUE(stub_->CheckConsistency(Ctx().get(), check, &report).ok());
  ASSERT_EQ(report.findings_size(), 1);
  EXPECT_EQ(report.findings(0).identity(), "B1");
  EXPECT_EQ(report.findings(0).severity(), pb::SEVERITY_ERROR);
  check.set_tolerance_fen(-1);
  ExpectInvalid(stub_->CheckConsistency(Ctx().get(), check, &report),
                "tolerance_fen");
  check.clear_tolerance_fen();
  check.mutable_key()->set_year(3000);
  ExpectInvalid(stub_->CheckConsistency(Ctx().get(), check, &report),
                "key.year");
}

TEST_F(BudgetServiceTest, RequestIdIsKeptOrMadeAndSentBack) {
  pb::DepartmentKey key;
  key.set_region_code(kRegion);
  key.set_code("nobody");
  pb::Department out;
  {
    grpc::ClientContext context;
    context.AddMetadata("x-request-id", "trace-abc-123");
    stub_->GetDepartment(&context, key, &out);
    const auto& md = context.GetServerInitialMetadata();
    const auto it = md.find("x-request-id");
    ASSERT_NE(it, md.end());
    EXPECT_EQ(std::string(it->second.data(), it->second.size()),
              "trace-abc-123");
  }
  {
    grpc::ClientContext context;
    stub_->GetDepartment(&context, key, &out);
    const auto& md = context.GetServerInitialMetadata();
    const auto it = md.find("x-request-id");
    ASSERT_NE(it, md.end());
    EXPECT_EQ(it->second.size(), 32u);
  }
}

}  // namespace
}  // namespace jixiao

namespace jixiao {
namespace {

TEST_F(BudgetServiceTest, GetVersionsFollowsEveryWrite) {
  CreateDepartment("versions");
  pb::Versions v;
  ASSERT_TRUE(stub_->GetVersions(Ctx().get(), Key("versions", 2019), &v).ok());
  EXPECT_EQ(v.department_version(), 1);
  EXPECT_EQ(v.figures_version(), 0);  // no figures yet
  auto year = YearRequest("versions", 2018);
  pb::DepartmentYear stored;
  ASSERT_TRUE(Put(year, &stored).ok());
  ASSERT_TRUE(stub_->GetVersions(Ctx().get(), Key("versions", 2019), &v).ok());
  EXPECT_EQ(v.base_figures_version(), 1);
  ExpectInvalid(stub_->GetVersions(Ctx().get(), Key("versions", 1900), &v),
                "year");
  EXPECT_EQ(
      stub_->GetVersions(Ctx().get(), Key("nobody", 2019), &v).error_code(),
      grpc::StatusCode::NOT_FOUND);
}

TEST_F(BudgetServiceTest,
       ExtractReportRefusesWhatItCannotReadAndStoresNothing) {
  pb::ExtractReportRequest request;
  request.set_text("\xb6\xab\xb0\xb2");  // GBK bytes, not UTF-8
  pb::ExtractReportResponse response;
  ExpectInvalid(stub_->ExtractReport(Ctx().get(), request, &response), "text");
  request.set_text(std::string((1 << 20) + 1, 'x'));
  ExpectInvalid(stub_->ExtractReport(Ctx().get(), request, &response), "text");
  // A commit of a text that names no year stores nothing.
  request.set_text("本单位共有编制10人。");
  request.set_commit(true);
  request.set_region_code(kRegion);
  request.set_department_code("no-year");
  ExpectInvalid(stub_->ExtractReport(Ctx().get(), request, &response), "text");
  pb::DepartmentKey key;
  key.set_region_code(kRegion);
  key.set_code("no-year");
  pb::Department d;
  EXPECT_EQ(stub_->GetDepartment(Ctx().get(), key, &d).error_code(),
            grpc::StatusCode::NOT_FOUND);
  // A preview needs no place to store.
  request.set_commit(false);
  request.clear_region_code();
  ASSERT_TRUE(stub_->ExtractReport(Ctx().get(), request, &response).ok());
  EXPECT_EQ(response.figures().at("staff_authorized").value(), "10");
  EXPECT_FALSE(response.committed());
}

// Integrators send the published file itself: the figures read from the
// Word, PDF and Excel versions are those of the text.
TEST_F(BudgetServiceTest, ExtractReportReadsWordPdfAndExcel) {
  const std::string base = std::string(JIXIAO_SOURCE_DIR) +
                           "/tests/data/reports/documents/"
                           "01_nangong-procuratorate-2019";
  pb::ExtractReportRequest request;
  request.set_text(testing::ReadFileText(
      std::string(JIXIAO_SOURCE_DIR) +
      "/tests/data/reports/real/01_nangong-procuratorate-2019.txt"));
  pb::ExtractReportResponse from_text;
  ASSERT_TRUE(stub_->ExtractReport(Ctx().get(), request, &from_text).ok());
  EXPECT_EQ(from_text.format(), "txt");
  ASSERT_EQ(from_text.figures().at("expenditure_final").value(), "1094.65");
  for (const std::string format : {"docx", "pdf", "xlsx"}) {
    request.Clear();
    request.set_document(testing::ReadFileText(base + "." + format));
    pb::ExtractReportResponse response;
    ASSERT_TRUE(stub_->ExtractReport(Ctx().get(), request, &response).ok())
        << format;
    EXPECT_EQ(response.format(), format);
    ASSERT_EQ(response.figures_size(), from_text.figures_size()) << format;
    for (const auto& [key, figure] : from_text.figures()) {
      EXPECT_EQ(response.figures().at(key).value(), figure.value())
          << format << " " << key;
    }
  }
  // Both, or a legacy .doc (OLE2): refused, naming what to do.
  request.set_text("x");
  pb::ExtractReportResponse response;
  ExpectInvalid(stub_->ExtractReport(Ctx().get(), request, &response), "text");
  request.clear_text();
  request.set_document(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) +
                       std::string(100, '\0'));
  ExpectInvalid(stub_->ExtractReport(Ctx().get(), request, &response),
                "document");
}

}  // namespace
}  // namespace jixiao

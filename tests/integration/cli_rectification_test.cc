// `jixiao rectification` against the real budget and indicator services
// with tokens checked (SQLite, or PostgreSQL for the "postgresql." run):
// the seed department loaded, finance makes a task of its real B5 finding
// and one of T1 (the figures read from the budget service), the department
// uploads a real PDF and reports, finance reopens, the department uploads a
// PNG and reports again, finance accepts; the overdue listing as of a day
// after the deadline shows the open one. Every refusal names the argument.
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/service_process.h"
#include "tests/integration/services.h"
#include "tests/support/sha256_hex.h"

namespace jixiao {
namespace {

using test_support::Sha256Hex;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kSecret[] = "cli-rectification-secret-0123456789-abcdef";
constexpr char kRegion[] = "--region=430725";
constexpr char kDepartment[] = "--department=taoyuan-psb";
// A real one-page PDF and a real 1×1 PNG (signature, IHDR, IDAT, IEND).
constexpr char kPdf[] =
    "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    "2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    "trailer<</Root 1 0 R>>\n%%EOF\n";
constexpr char kPngBase64[] =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQ"
    "GAhKmMIQAAAABJRU5ErkJggg==";

class CliRectificationTest : public ::testing::Test {
 protected:
  CliRectificationTest() {
    admin_ = TokenFile("admin", access::Role::kAdmin, "", "");
    finance_ = TokenFile("finance", access::Role::kFinance, "430725", "");
    department_ = TokenFile("department", access::Role::kDepartment, "430725",
                            "taoyuan-psb");
    other_ =
        TokenFile("other", access::Role::kDepartment, "430725", "taoyuan-edu");
    const auto loaded = Cli(admin_, {"dataset", "load",
                                     std::string(JIXIAO_SOURCE_DIR) +
                                         "/deploy/demo/taoyuan-psb-2019.json"});
    EXPECT_EQ(loaded.exit_code, 0) << loaded.err;
  }

  // The CLI's --token_file flag for a token of the subject "cli-<name>".
  std::string TokenFile(const std::string& name, access::Role role,
                        const std::string& region,
                        const std::string& department) {
    const auto path = services_.dir().path() / ("token-" + name);
    std::ofstream(path) << services_.TokenFor(role, region, department,
                                              "cli-" + name)
                        << "\n";
    return "--token_file=" + path.string();
  }

  testing::CommandResult Cli(const std::string& token,
                             std::vector<std::string> args) {
    args.insert(args.begin(),
                {JIXIAO_CLI_BINARY, "--budget=" + services_.budget().address(),
                 "--indicator=" + services_.indicator().address(), token});
    return testing::RunCommand(args);
  }

  // `jixiao rectification VERB … --region=430725` as `token`.
  testing::CommandResult Rect(const std::string& token,
                              std::vector<std::string> args) {
    args.insert(args.begin(), "rectification");
    args.push_back(kRegion);
    return Cli(token, args);
  }

  testing::CommandResult Create(const std::string& token,
                                const std::string& kind,
                                const std::string& reference,
                                const std::string& deadline) {
    return Rect(token, {"create", kDepartment, "--year=2019", "--kind=" + kind,
                        "--reference=" + reference,
                        "--requirement=核实差异原因并更正自评报告",
                        "--deadline=" + deadline});
  }

  std::string Write(const std::string& name, const std::string& content) {
    const auto path = services_.dir().path() / name;
    std::ofstream(path, std::ios::binary) << content;
    return path.string();
  }

  testing::Services services_{{.jwt_secret = kSecret}};
  std::string admin_, finance_, department_, other_;
};

TEST_F(CliRectificationTest, FindingToTaskEvidenceReportReopenAccept) {
  // Finance makes a task of each real finding; the figures come from the
  // budget service's CheckConsistency as it states them now.
  const auto b5 = Create(finance_, "consistency", "B5", "2020-06-30");
  ASSERT_EQ(b5.exit_code, 0) << b5.err;
  EXPECT_THAT(b5.out, HasSubstr("created 430725-1"));
  EXPECT_THAT(b5.out, HasSubstr("一致性问题 B5"));
  EXPECT_THAT(b5.out, HasSubstr("待整改(OPEN)"));
  EXPECT_THAT(b5.out, HasSubstr("2019年决算："));
  const auto t1 = Create(finance_, "一致性问题", "T1", "2020-03-31");
  ASSERT_EQ(t1.exit_code, 0) << t1.err;
  EXPECT_THAT(t1.out, HasSubstr("created 430725-2"));
  EXPECT_THAT(t1.out, HasSubstr("一致性问题 T1"));

  // Every refusal names the argument; nothing is made.
  const auto kind = Create(finance_, "bogus", "B5", "2020-06-30");
  EXPECT_EQ(kind.exit_code, 2);
  EXPECT_THAT(kind.err, HasSubstr("--kind: \"bogus\" is not a finding kind"));
  const auto date = Create(finance_, "consistency", "B5", "2020-02-30");
  EXPECT_EQ(date.exit_code, 2);
  EXPECT_THAT(date.err, HasSubstr("--deadline: \"2020-02-30\" is not a date"));
  const auto far = Create(finance_, "consistency", "B5", "2031-01-01");
  EXPECT_EQ(far.exit_code, 1);
  EXPECT_THAT(far.err, HasSubstr("--deadline: task.deadline: "));
  const auto none = Create(finance_, "consistency", "B99", "2020-06-30");
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_THAT(none.err, HasSubstr("--reference: task.finding.reference: "
                                  "taoyuan-psb 2019 has no consistency "
                                  "finding \"B99\" (it has: "));
  const auto note =
      Rect(finance_, {"create", kDepartment, "--year=2019",
                      "--kind=reviewer_note", "--reference=复核",
                      "--requirement=补充材料", "--deadline=2020-06-30"});
  EXPECT_EQ(note.exit_code, 2);
  EXPECT_THAT(note.err, HasSubstr("--figures"));
  EXPECT_EQ(Create(department_, "consistency", "B5", "2020-06-30").exit_code,
            1);
  const auto missing = Rect(finance_, {"create", "--kind=consistency"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.err, HasSubstr("--department, --reference, "
                                     "--requirement, --deadline, --year"));

  // The department sees its own two; another department sees none of them.
  const auto own = Rect(department_, {"list", kDepartment});
  ASSERT_EQ(own.exit_code, 0) << own.err;
  EXPECT_THAT(own.out, HasSubstr("整改任务：2 项"));
  EXPECT_THAT(own.out, HasSubstr("430725-1"));
  EXPECT_THAT(own.out, HasSubstr("430725-2"));
  EXPECT_EQ(Rect(other_, {"list", kDepartment}).exit_code, 1);
  EXPECT_EQ(Rect(other_, {"show", "--task=1"}).exit_code, 1);

  // Evidence: a real PDF; the sha256 printed is the file's.
  const std::string pdf = Write("整改报告.pdf", kPdf);
  const auto up = Rect(department_, {"evidence", pdf, "--task=1"});
  ASSERT_EQ(up.exit_code, 0) << up.err;
  const std::string pdf_sha = Sha256Hex(kPdf);
  EXPECT_THAT(up.out, HasSubstr("uploaded 整改报告.pdf (application/pdf, "));
  EXPECT_THAT(up.out, HasSubstr("sha256 " + pdf_sha));
  // Not evidence by its bytes: refused here naming the file, or by the
  // service naming the content (a CSV with a NUL).
  const auto text =
      Rect(department_, {"evidence", Write("photo.png", "hello"), "--task=1"});
  EXPECT_EQ(text.exit_code, 1);
  EXPECT_THAT(text.err, HasSubstr("photo.png: not a PDF, PNG, JPEG or XLSX"));
  const auto nul = Rect(
      department_,
      {"evidence", Write("data.csv", std::string("a,b\0c\n", 6)), "--task=1"});
  EXPECT_EQ(nul.exit_code, 1);
  EXPECT_THAT(nul.err, HasSubstr("FILE: content: "));
  EXPECT_EQ(Rect(other_, {"evidence", pdf, "--task=1"}).exit_code, 1);

  // Report; a report without its response is the command line's fault.
  EXPECT_EQ(Rect(department_, {"report", "--task=1"}).exit_code, 2);
  const auto unknown =
      Rect(department_, {"report", "--task=1", "--response=已更正",
                         "--evidence=" + std::string(64, 'a')});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_THAT(unknown.err, HasSubstr("--evidence: evidence_sha256[0]"));
  const auto reported =
      Rect(department_,
           {"report", "--task=1", "--response=已核实支出决算数，自评报告已更正",
            "--evidence=" + pdf_sha});
  ASSERT_EQ(reported.exit_code, 0) << reported.err;
  EXPECT_THAT(reported.out, HasSubstr("已报送待验收(REPORTED)"));
  EXPECT_THAT(reported.out, HasSubstr("version 2, 1 evidence files"));

  // Finance reopens (a note is required; a department may not).
  EXPECT_EQ(Rect(finance_, {"reopen", "--task=1"}).exit_code, 2);
  EXPECT_EQ(Rect(department_, {"reopen", "--task=1", "--note=x"}).exit_code, 1);
  const auto reopened =
      Rect(finance_, {"reopen", "--task=1", "--note=缺少更正后的自评报告"});
  ASSERT_EQ(reopened.exit_code, 0) << reopened.err;
  EXPECT_THAT(reopened.out, HasSubstr("退回重改(REOPENED)"));
  EXPECT_THAT(reopened.out, HasSubstr("缺少更正后的自评报告"));

  // Again, with a PNG as well; finance accepts.
  std::string png;
  ASSERT_TRUE(absl::Base64Unescape(kPngBase64, &png));
  const auto up2 =
      Rect(department_, {"evidence", Write("更正后报告.png", png), "--task=1"});
  ASSERT_EQ(up2.exit_code, 0) << up2.err;
  EXPECT_THAT(up2.out, HasSubstr("(image/png, "));
  const std::string png_sha = Sha256Hex(png);
  const auto again = Rect(
      department_, {"report", "--task=1", "--response=已附更正后的自评报告",
                    "--evidence=" + pdf_sha + "," + png_sha});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(again.out, HasSubstr("version 4, 2 evidence files"));
  const auto accepted =
      Rect(finance_, {"accept", "--task=1", "--note=整改到位"});
  ASSERT_EQ(accepted.exit_code, 0) << accepted.err;
  EXPECT_THAT(accepted.out, HasSubstr("已验收(ACCEPTED)"));
  const auto late =
      Rect(department_, {"report", "--task=1", "--response=再次报送"});
  EXPECT_EQ(late.exit_code, 1);
  EXPECT_THAT(late.err, HasSubstr("status: the task is ACCEPTED"));

  // The task whole, readable, with its files and every step.
  const auto shown = Rect(department_, {"show", "--task=1"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_THAT(shown.out, HasSubstr("整改任务 430725-1：taoyuan-psb 2019年度"));
  EXPECT_THAT(shown.out, HasSubstr("状态：已验收(ACCEPTED)，第 5 版"));
  EXPECT_THAT(shown.out, HasSubstr("来源：一致性问题 B5"));
  EXPECT_THAT(shown.out, HasSubstr("整改情况：已附更正后的自评报告"));
  EXPECT_THAT(shown.out, HasSubstr("佐证材料（2 个）"));
  EXPECT_THAT(shown.out, HasSubstr("整改报告.pdf"));
  EXPECT_THAT(shown.out, HasSubstr("更正后报告.png"));
  EXPECT_THAT(shown.out, HasSubstr("sha256 " + png_sha));
  EXPECT_THAT(shown.out, HasSubstr("财政意见：整改到位"));
  EXPECT_THAT(shown.out, HasSubstr("流转记录（5 步）"));
  EXPECT_THAT(shown.out, HasSubstr("退回重改 → 退回重改(REOPENED)：缺少更正后"
                                   "的自评报告"));
  EXPECT_THAT(shown.out, HasSubstr("cli-department"));
  const auto json = Rect(finance_, {"show", "--task=1", "--format=json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_THAT(json.out, HasSubstr("\"status\": \"TASK_ACCEPTED\""));

  // Overdue as of a day after T1's deadline: T1, still open; B5 accepted is
  // not. Filters by status; bad filters name their flag.
  const auto overdue = Rect(finance_, {"overdue", "--as_of=2020-04-01"});
  ASSERT_EQ(overdue.exit_code, 0) << overdue.err;
  EXPECT_THAT(overdue.out, HasSubstr("整改任务，截至 2020-04-01 逾期：1 项"));
  EXPECT_THAT(overdue.out, HasSubstr("430725-2"));
  EXPECT_THAT(overdue.out, HasSubstr("已逾期"));
  EXPECT_THAT(overdue.out, Not(HasSubstr("430725-1 ")));
  const auto before =
      Rect(department_, {"overdue", kDepartment, "--as_of=2020-03-31"});
  ASSERT_EQ(before.exit_code, 0) << before.err;
  EXPECT_THAT(before.out, HasSubstr("逾期：0 项"));
  const auto done = Rect(finance_, {"list", "--status=accepted"});
  ASSERT_EQ(done.exit_code, 0) << done.err;
  EXPECT_THAT(done.out, HasSubstr("整改任务（已验收(ACCEPTED)）：1 项"));
  const auto status = Rect(finance_, {"list", "--status=done"});
  EXPECT_EQ(status.exit_code, 2);
  EXPECT_THAT(status.err, HasSubstr("--status: \"done\""));
  const auto as_of = Rect(finance_, {"overdue", "--as_of=2020-13-01"});
  EXPECT_EQ(as_of.exit_code, 2);
  EXPECT_THAT(as_of.err, HasSubstr("--as_of: \"2020-13-01\" is not a date"));
  EXPECT_EQ(Rect(finance_, {"show"}).exit_code, 2);
  EXPECT_EQ(Rect(finance_, {"close"}).exit_code, 2);
}

}  // namespace
}  // namespace jixiao

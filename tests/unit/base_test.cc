// libs/base: the early-return macros, host:port, the atomic file write;
// and the status matchers the other tests use
// (tests/support/status_matchers.h).
#include <sys/stat.h>

#include <filesystem>
#include <memory>
#include <string>
#include <tuple>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/base/atomic_file.h"
#include "libs/base/host_port.h"
#include "libs/base/read_file.h"
#include "libs/base/status_macros.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"

namespace jixiao {
namespace {

using test_support::IsOk;
using test_support::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;

absl::StatusOr<int> Half(int n) {
  if (n % 2 != 0) return absl::InvalidArgumentError("n: odd");
  return n / 2;
}

// Two steps in a row, each returning early on error.
absl::StatusOr<int> Quarter(int n) {
  JIXIAO_ASSIGN_OR_RETURN(const int half, Half(n));
  JIXIAO_ASSIGN_OR_RETURN(const int quarter, Half(half));
  return quarter;
}

absl::Status IntoExisting(int n, int* out) {
  JIXIAO_ASSIGN_OR_RETURN(*out, Half(n));
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<int>> Boxed(int n) {
  if (n < 0) return absl::OutOfRangeError("negative");
  return std::make_unique<int>(n);
}

absl::StatusOr<int> Unboxed(int n) {
  JIXIAO_ASSIGN_OR_RETURN(std::unique_ptr<int> box, Boxed(n));  // move-only
  return *box;
}

absl::StatusOr<std::tuple<int, std::string>> Pair(int n) {
  if (n < 0) return absl::OutOfRangeError("negative");
  return std::tuple<int, std::string>(n, std::string(n, 'x'));
}

// Structured bindings in parentheses, an expression with commas as it is.
absl::StatusOr<std::string> Spelled(int n) {
  JIXIAO_ASSIGN_OR_RETURN((auto [count, text]), Pair(n));
  JIXIAO_ASSIGN_OR_RETURN((const auto [half, rest]),
                          absl::StatusOr<std::tuple<int, int>>(
                              std::tuple<int, int>(count / 2, count % 2)));
  return absl::StrCat(half + rest, ":", text);
}

TEST(StatusMacros, AssignOrReturnUnpacksParenthesisedBindings) {
  EXPECT_EQ(*Spelled(4), "2:xxxx");
  EXPECT_THAT(Spelled(-1), StatusIs(absl::StatusCode::kOutOfRange));
}

TEST(StatusMacros, AssignOrReturn) {
  EXPECT_EQ(*Quarter(12), 3);
  EXPECT_THAT(Quarter(6), StatusIs(absl::StatusCode::kInvalidArgument,
                                   HasSubstr("odd")));  // the second step
  EXPECT_THAT(Quarter(5), StatusIs(absl::StatusCode::kInvalidArgument));
  int out = -1;
  EXPECT_THAT(IntoExisting(8, &out), IsOk());
  EXPECT_EQ(out, 4);
  EXPECT_THAT(IntoExisting(7, &out), Not(IsOk()));
  EXPECT_EQ(out, 4);  // untouched on error
  EXPECT_EQ(*Unboxed(9), 9);
  EXPECT_THAT(Unboxed(-1), StatusIs(absl::StatusCode::kOutOfRange));
}

absl::Status Steps(bool fail_first, int* ran) {
  JIXIAO_RETURN_IF_ERROR(fail_first ? absl::InternalError("first")
                                    : absl::OkStatus());
  ++*ran;
  return absl::OkStatus();
}

TEST(StatusMacros, ReturnIfError) {
  int ran = 0;
  EXPECT_THAT(Steps(true, &ran), StatusIs(absl::StatusCode::kInternal));
  EXPECT_EQ(ran, 0);
  EXPECT_THAT(Steps(false, &ran), IsOk());
  EXPECT_EQ(ran, 1);
}

TEST(StatusMatchers, MatchCodeAndMessage) {
  const absl::Status not_found = absl::NotFoundError("department 001");
  EXPECT_THAT(not_found, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(not_found,
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("001")));
  EXPECT_THAT(not_found,
              Not(StatusIs(absl::StatusCode::kNotFound, HasSubstr("002"))));
  EXPECT_THAT(not_found, Not(StatusIs(absl::StatusCode::kInvalidArgument)));
  EXPECT_THAT(not_found, Not(IsOk()));
  EXPECT_THAT(absl::OkStatus(), IsOk());
  EXPECT_THAT(absl::OkStatus(), StatusIs(absl::StatusCode::kOk));
  EXPECT_THAT(absl::StatusOr<int>(1), IsOk());
  EXPECT_THAT(absl::StatusOr<int>(absl::AbortedError("stale")),
              StatusIs(absl::StatusCode::kAborted, "stale"));
}

TEST(HostPort, ParsedOrRefusedByName) {
  const auto plain = ParseHostPort("127.0.0.1:8080");
  ASSERT_THAT(plain, IsOk());
  EXPECT_EQ(plain->host, "127.0.0.1");
  EXPECT_EQ(plain->port, 8080);
  const auto v6 = ParseHostPort("[::1]:0");
  ASSERT_THAT(v6, IsOk());
  EXPECT_EQ(v6->host, "[::1]");  // as the listeners are given it
  EXPECT_EQ(v6->port, 0);
  EXPECT_EQ(ParseHostPort(":50051")->host, "");
  EXPECT_EQ(ParseHostPort("budget:65535")->port, 65535);
  for (const char* bad : {"localhost", "host:", "host:http", "host:-1",
                          "host:65536", "host:80x"}) {
    EXPECT_THAT(ParseHostPort(bad),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         HasSubstr(std::string("\"") + bad + "\"")))
        << bad;
  }
}

TEST(AtomicFile, ReplacesWholeAndLeavesNoTemporary) {
  test_support::TempDir dir;
  const std::string path = (dir.path() / "report.md").string();
  ASSERT_THAT(WriteFileAtomically(path, "first"), IsOk());
  EXPECT_EQ(*ReadWholeFile("report", path), "first");
  const std::string big(1 << 20, 'x');  // more than one write() may take
  ASSERT_THAT(WriteFileAtomically(path, big), IsOk());
  EXPECT_EQ(*ReadWholeFile("report", path), big);
  ASSERT_THAT(WriteFileAtomically(path, ""), IsOk());
  EXPECT_EQ(*ReadWholeFile("report", path), "");
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    (void)entry;
    ++files;
  }
  EXPECT_EQ(files, 1);
  // The mode an ofstream would give: 0666 less the umask.
  const mode_t mask = umask(0);
  umask(mask);
  struct stat st {};
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0666 & ~mask);
}

TEST(AtomicFile, AFailureLeavesTheOldFile) {
  test_support::TempDir dir;
  const std::string path = (dir.path() / "no-such-dir" / "out.txt").string();
  EXPECT_THAT(WriteFileAtomically(path, "x"),
              StatusIs(absl::StatusCode::kInternal, HasSubstr(path)));
  EXPECT_FALSE(std::filesystem::exists(path));
  // A directory where the file should go: the rename fails, the directory
  // stays, and no temporary is left beside it.
  const std::string taken = (dir.path() / "taken").string();
  std::filesystem::create_directories(taken + "/inside");
  EXPECT_THAT(WriteFileAtomically(taken, "x"),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("rename")));
  EXPECT_TRUE(std::filesystem::is_directory(taken));
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    (void)entry;
    ++files;
  }
  EXPECT_EQ(files, 1);
}

}  // namespace
}  // namespace jixiao

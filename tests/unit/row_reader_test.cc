// ReadColumns: a row read by type, in order, checked; a row of another
// shape is INTERNAL naming the column and what the read takes.
#include "services/common/storage/row_reader.h"

#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/base/status_macros.h"
#include "tests/support/status_matchers.h"

namespace jixiao::storage {
namespace {

using ::jixiao::test_support::IsOk;
using ::jixiao::test_support::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;

TEST(ReadColumns, ReadsEachTypeInOrder) {
  const Row row = {Int(7), Text("桃源县"), Int(0), Int(2019), Int(1)};
  const auto read = ReadColumns<int64_t, std::string, bool, int32_t, bool>(row);
  ASSERT_THAT(read, IsOk());
  const auto& [id, name, key_project, year, flag] = *read;
  EXPECT_EQ(id, 7);
  EXPECT_EQ(name, "桃源县");
  EXPECT_FALSE(key_project);
  EXPECT_EQ(year, 2019);
  EXPECT_TRUE(flag);
}

TEST(ReadColumns, NullReadsIntoOptionalOnly) {
  const Row row = {Null(), Null(), Int(3), Text("s")};
  const auto read =
      ReadColumns<std::optional<int64_t>, std::optional<std::string>,
                  std::optional<int64_t>, std::optional<std::string>>(row);
  ASSERT_THAT(read, IsOk());
  EXPECT_EQ(std::get<0>(*read), std::nullopt);
  EXPECT_EQ(std::get<1>(*read), std::nullopt);
  EXPECT_EQ(std::get<2>(*read), 3);
  EXPECT_EQ(std::get<3>(*read), "s");

  EXPECT_THAT((ReadColumns<int64_t, int64_t>({Int(1), Null()})),
              StatusIs(absl::StatusCode::kInternal,
                       AllOf(HasSubstr("column 1"), HasSubstr("NULL"),
                             HasSubstr("an integer"))));
  EXPECT_THAT(ReadColumns<std::string>({Null()}),
              StatusIs(absl::StatusCode::kInternal,
                       AllOf(HasSubstr("column 0"), HasSubstr("text"))));
}

TEST(ReadColumns, WrongColumnCountIsInternal) {
  const Row row = {Int(1), Text("a")};
  EXPECT_THAT(ReadColumns<int64_t>(row),
              StatusIs(absl::StatusCode::kInternal,
                       AllOf(HasSubstr("2 columns"), HasSubstr("takes 1"))));
  EXPECT_THAT((ReadColumns<int64_t, std::string, std::string>(row)),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("takes 3")));
}

TEST(ReadColumns, WrongTypeIsInternalNamingTheColumn) {
  EXPECT_THAT((ReadColumns<int64_t, int64_t>({Int(1), Text("12")})),
              StatusIs(absl::StatusCode::kInternal,
                       AllOf(HasSubstr("column 1 holds text"),
                             HasSubstr("an integer"))));
  EXPECT_THAT(ReadColumns<std::string>({Int(12)}),
              StatusIs(absl::StatusCode::kInternal,
                       AllOf(HasSubstr("column 0 holds an integer (12)"),
                             HasSubstr("takes text"))));
  EXPECT_THAT(
      ReadColumns<std::optional<std::string>>({Int(12)}),
      StatusIs(absl::StatusCode::kInternal, HasSubstr("takes text or NULL")));
  EXPECT_THAT(ReadColumns<bool>({Text("t")}),
              StatusIs(absl::StatusCode::kInternal, HasSubstr("column 0")));
}

TEST(ReadColumns, Int32OutOfRangeIsInternal) {
  EXPECT_THAT(
      ReadColumns<int32_t>({Int(int64_t{1} << 40)}),
      StatusIs(absl::StatusCode::kInternal, HasSubstr("a 32-bit integer")));
  EXPECT_THAT(ReadColumns<int32_t>({Int(-2147483648)}), IsOk());
}

// The way the stores use it: structured bindings beside the SELECT.
absl::StatusOr<std::string> Describe(const Row& row) {
  JIXIAO_ASSIGN_OR_RETURN(
      (auto [id, name, staff]),
      ReadColumns<int64_t, std::string, std::optional<int64_t>>(row));
  return absl::StrCat(id, " ", name, " ", staff.value_or(-1));
}

TEST(ReadColumns, BindsThroughAssignOrReturn) {
  EXPECT_EQ(*Describe({Int(1), Text("局"), Null()}), "1 局 -1");
  EXPECT_THAT(Describe({Int(1), Text("局")}),
              StatusIs(absl::StatusCode::kInternal));
}

}  // namespace
}  // namespace jixiao::storage

// The indicator service's reader of the repository's framework files: each
// built-in framework parses and is valid, with the shape its source gives.
#include "services/indicator/framework_files.h"

#include <string>

#include "gtest/gtest.h"
#include "services/indicator/domain/framework.h"
#include "tests/support/status_matchers.h"

namespace jixiao::indicator {
namespace {

using ::jixiao::test_support::IsOk;

const std::string kFrameworks = std::string(JIXIAO_SOURCE_DIR) + "/frameworks/";

TEST(Framework, TheBuiltInFrameworksAreValid) {
  for (const char* file :
       {"caiyu-2013-53-department.json", "hunan-county-department-2019.json",
        "caiyu-2020-10-project.json"}) {
    auto f = ReadFrameworkFile(kFrameworks + file);
    ASSERT_THAT(f, IsOk()) << f.status();
  }
  // 53号: 4 一级, 7 二级, 28 三级.
  auto f53 = *ReadFrameworkFile(kFrameworks + "caiyu-2013-53-department.json");
  int levels[4] = {0, 0, 0, 0};
  for (const auto& n : f53.nodes()) ++levels[n.level()];
  EXPECT_EQ(levels[1], 4);
  EXPECT_EQ(levels[2], 7);
  EXPECT_EQ(levels[3], 28);
  EXPECT_EQ(Leaves(f53).size(), 28u);
  // Hunan Var A: 投入 10, 过程 60.
  auto hunan =
      *ReadFrameworkFile(kFrameworks + "hunan-county-department-2019.json");
  EXPECT_EQ(FindNode(hunan, "1")->weight(), "10");
  EXPECT_EQ(FindNode(hunan, "2")->weight(), "60");
  EXPECT_EQ(FindNode(hunan, "1.1.1")->formula_id(), "staff_control");
  // 项目支出: 预算执行率 10, 产出 50, 效益 30, 满意度 10.
  auto project = *ReadFrameworkFile(kFrameworks + "caiyu-2020-10-project.json");
  EXPECT_EQ(FindNode(project, "1")->weight(), "10");
  EXPECT_EQ(FindNode(project, "2")->weight(), "50");
  EXPECT_EQ(FindNode(project, "3")->weight(), "30");
  EXPECT_EQ(FindNode(project, "4")->weight(), "10");
}

}  // namespace
}  // namespace jixiao::indicator

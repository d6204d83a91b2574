#include "tests/support/frameworks.h"

#include "absl/status/status.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "libs/base/read_file.h"
#include "services/indicator/domain/framework.h"

namespace jixiao::test_support {

indicator::v1::Framework BuiltInFramework(const std::string& file) {
  const std::string path =
      std::string(JIXIAO_SOURCE_DIR) + "/frameworks/" + file;
  indicator::v1::Framework framework;
  const auto text = ReadWholeFile("framework", path);
  if (!text.ok()) {
    ADD_FAILURE() << path << ": " << text.status();
    return framework;
  }
  const auto parsed =
      google::protobuf::util::JsonStringToMessage(*text, &framework);
  EXPECT_TRUE(parsed.ok()) << path << ": " << parsed.message();
  const absl::Status normalized = indicator::NormalizeFramework(&framework);
  EXPECT_TRUE(normalized.ok()) << path << ": " << normalized;
  return framework;
}

}  // namespace jixiao::test_support

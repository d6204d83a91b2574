// A framework of the repository's frameworks/ folder as a test fixture:
// parsed and normalised by the indicator domain alone, so that a domain's
// tests need not link the indicator service (whose ReadFrameworkFile does
// the same for the service, and has its own test).
#ifndef JIXIAO_TESTS_SUPPORT_FRAMEWORKS_H_
#define JIXIAO_TESTS_SUPPORT_FRAMEWORKS_H_

#include <string>

#include "jixiao/indicator/v1/indicator.pb.h"

namespace jixiao::test_support {

// frameworks/<file> under JIXIAO_SOURCE_DIR; fails the test (and returns an
// empty framework) if the file is missing or invalid.
indicator::v1::Framework BuiltInFramework(const std::string& file);

}  // namespace jixiao::test_support

#endif  // JIXIAO_TESTS_SUPPORT_FRAMEWORKS_H_

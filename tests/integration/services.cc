#include "tests/integration/services.h"

#include <fstream>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "libs/jwt/jwt.h"
#include "tests/support/test_token.h"

namespace jixiao::testing {

Services::Services(ServicesOptions options)
    : jwt_secret_(std::move(options.jwt_secret)) {
  if (!jwt_secret_.empty()) {
    const auto secret = dir_.path() / "jwt-secret";
    std::ofstream(secret) << jwt_secret_ << "\n";
    secret_flag_ = "--jwt_hs256_secret_file=" + secret.string();
  }
  budget_ = StartBudget(dir_, Flags(std::move(options.budget_flags)));
  indicator_ =
      StartIndicator(dir_, *budget_, Flags(std::move(options.indicator_flags)));
  if (options.evaluation) {
    evaluation_ = StartEvaluation(std::move(options.evaluation_flags));
  }
}

Services::~Services() {
  // Callers before callees, as the suites stopped them by hand.
  evaluation_.reset();
  indicator_.reset();
  budget_.reset();
}

std::unique_ptr<ServiceProcess> Services::StartEvaluation(
    std::vector<std::string> extra) const {
  return testing::StartEvaluation(dir_, *budget_, *indicator_,
                                  Flags(std::move(extra)));
}

std::string Services::TokenFor(access::Role role, const std::string& region,
                               const std::string& department,
                               const std::string& subject) const {
  EXPECT_FALSE(jwt_secret_.empty()) << "tokens from services without a key";
  return MintTestToken(jwt_secret_, role, region, department, subject);
}

std::vector<std::string> Services::Flags(std::vector<std::string> extra) const {
  if (secret_flag_.empty()) return extra;
  extra.insert(extra.begin(), secret_flag_);
  return extra;
}

}  // namespace jixiao::testing

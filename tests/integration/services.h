// The services a suite runs, as one object: a TempDir, the budget and
// indicator services (and, if asked, the evaluation service) each a child
// process on its own database there, and, with a JWT secret, the secret
// file every service checks tokens with and the tokens signed with it.
// A suite that shares them across its tests makes one in SetUpTestSuite.
#ifndef JIXIAO_TESTS_INTEGRATION_SERVICES_H_
#define JIXIAO_TESTS_INTEGRATION_SERVICES_H_

#include <memory>
#include <string>
#include <vector>

#include "libs/access/principal.h"
#include "tests/integration/service_process.h"

namespace jixiao::testing {

struct ServicesOptions {
  // Empty: the services run open (--insecure) and TokenFor is not for use.
  std::string jwt_secret;
  // Also start the evaluation service.
  bool evaluation = false;
  // Flags added last for one service (they win).
  std::vector<std::string> budget_flags;
  std::vector<std::string> indicator_flags;
  std::vector<std::string> evaluation_flags;
};

class Services {
 public:
  explicit Services(ServicesOptions options);
  Services(const Services&) = delete;
  Services& operator=(const Services&) = delete;
  ~Services();  // the processes stop before the folder goes

  const TempDir& dir() const { return dir_; }
  const ServiceProcess& budget() const { return *budget_; }
  const ServiceProcess& indicator() const { return *indicator_; }
  // Only when started with `evaluation`.
  const ServiceProcess& evaluation() const { return *evaluation_; }

  // One more evaluation service on the same peers and secret (a second
  // configuration beside the first); `extra` flags last.
  std::unique_ptr<ServiceProcess> StartEvaluation(
      std::vector<std::string> extra) const;

  // A token valid for an hour, signed with the secret, for `subject` or by
  // default "user-<region>-<department>" (what the audit trail and
  // changed_by show); "" (and a test failure) if it cannot be signed.
  std::string TokenFor(access::Role role, const std::string& region,
                       const std::string& department,
                       const std::string& subject = "") const;

 private:
  // The secret's flag (if any) before `extra`.
  std::vector<std::string> Flags(std::vector<std::string> extra) const;

  const std::string jwt_secret_;
  TempDir dir_;
  std::string secret_flag_;  // empty without a secret
  std::unique_ptr<ServiceProcess> budget_;
  std::unique_ptr<ServiceProcess> indicator_;
  std::unique_ptr<ServiceProcess> evaluation_;
};

}  // namespace jixiao::testing

#endif  // JIXIAO_TESTS_INTEGRATION_SERVICES_H_

// A service's admin port (--metrics_listen) as a test reads it: a GET of
// /metrics, /healthz or /readyz, and one series' value from the
// Prometheus exposition.
#ifndef JIXIAO_TESTS_INTEGRATION_ADMIN_PORT_H_
#define JIXIAO_TESTS_INTEGRATION_ADMIN_PORT_H_

#include <httplib.h>

#include <string>

namespace jixiao::testing {

// GET `path` on 127.0.0.1:`port`, waiting at most 5 s for the answer.
httplib::Result GetAdmin(int port, const std::string& path);

// The value of one series, named with all its labels, or -1 when it is not
// there.
double Sample(const std::string& exposition, const std::string& series);

}  // namespace jixiao::testing

#endif  // JIXIAO_TESTS_INTEGRATION_ADMIN_PORT_H_

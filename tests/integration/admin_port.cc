#include "tests/integration/admin_port.h"

#include <sstream>

namespace jixiao::testing {

httplib::Result GetAdmin(int port, const std::string& path) {
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(5, 0);
  return client.Get(path.c_str());
}

double Sample(const std::string& exposition, const std::string& series) {
  std::istringstream lines(exposition);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(series + " ", 0) == 0) {
      return std::stod(line.substr(series.size() + 1));
    }
  }
  return -1;
}

}  // namespace jixiao::testing

// The console (web/, built into a folder of static files) served by the
// gateway: GET /console/<file> from --console_dir, with a strict
// Content-Security-Policy on every answer. Only regular files inside the
// folder are served: a path is checked segment by segment (letters, digits,
// '.', '-', '_'; no empty, '.' or '..' segment, no leading dot), and the
// file it names, symlinks resolved, must still lie inside the folder.
#ifndef JIXIAO_SERVICES_GATEWAY_CONSOLE_FILES_H_
#define JIXIAO_SERVICES_GATEWAY_CONSOLE_FILES_H_

#include <filesystem>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace httplib {
struct Request;
struct Response;
class Server;
}  // namespace httplib

namespace jixiao::gateway {

// The headers every console answer carries (and the API's errors do not
// need): the page may load scripts, styles and data only from the gateway.
inline constexpr char kConsoleCsp[] =
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; form-action 'none'";

struct ConsoleFile {
  std::string content;
  std::string content_type;
};

class ConsoleFiles {
 public:
  // `dir` must exist; its canonical path is taken once.
  static absl::StatusOr<ConsoleFiles> Open(const std::string& dir);

  // `relative` is the decoded path after /console/ ("" for index.html).
  // NOT_FOUND for anything that is not a regular file inside the folder,
  // INVALID_ARGUMENT for a path that is not allowed at all.
  absl::StatusOr<ConsoleFile> Read(absl::string_view relative) const;

  // GET / → 302 /console/, GET /console → /console/, GET /console/… the
  // files; any other method on /console/… 405.
  void Register(httplib::Server& server) const;

  // "text/javascript; charset=utf-8" for "app.js"; "" when not served.
  static std::string ContentTypeOf(absl::string_view name);

 private:
  explicit ConsoleFiles(std::filesystem::path root) : root_(std::move(root)) {}
  void Serve(const httplib::Request& req, httplib::Response& res) const;

  std::filesystem::path root_;
};

// The security headers of a console answer (CSP, nosniff, no framing, no
// referrer).
void SetConsoleHeaders(httplib::Response& res);

}  // namespace jixiao::gateway

#endif  // JIXIAO_SERVICES_GATEWAY_CONSOLE_FILES_H_

#include "services/gateway/console_files.h"

#include <httplib.h>

#include <fstream>
#include <sstream>
#include <system_error>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/common/log.h"
#include "services/gateway/http_status.h"

namespace jixiao::gateway {
namespace {

namespace fs = std::filesystem;

// The largest file served (the bundle is far smaller).
constexpr uintmax_t kMaxFileBytes = 8 * 1024 * 1024;

bool IsSegmentChar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '.' ||
         c == '-' || c == '_';
}

// A segment of a served path: 1 to 100 allowed characters, not starting
// with a dot (so neither "." nor ".." nor a hidden file).
bool IsSafeSegment(absl::string_view segment) {
  if (segment.empty() || segment.size() > 100 || segment[0] == '.') {
    return false;
  }
  for (char c : segment) {
    if (!IsSegmentChar(c)) return false;
  }
  return true;
}

// Whether `path` (canonical) is `root` (canonical) or lies under it.
bool IsInside(const fs::path& path, const fs::path& root) {
  auto p = path.begin();
  for (auto r = root.begin(); r != root.end(); ++r, ++p) {
    if (p == path.end() || *p != *r) return false;
  }
  return true;
}

void Refuse(httplib::Response& res, int status, absl::string_view message) {
  res.status = status;
  SetConsoleHeaders(res);
  res.set_content(std::string(message), "text/plain; charset=utf-8");
}

}  // namespace

void SetConsoleHeaders(httplib::Response& res) {
  res.set_header("Content-Security-Policy", kConsoleCsp);
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("X-Frame-Options", "DENY");
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_header("Cross-Origin-Opener-Policy", "same-origin");
  res.set_header("Cache-Control", "no-cache");
}

std::string ConsoleFiles::ContentTypeOf(absl::string_view name) {
  struct Type {
    const char* extension;
    const char* type;
  };
  static constexpr Type kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json"},
      {".woff2", "font/woff2"},
  };
  for (const Type& t : kTypes) {
    if (absl::EndsWith(name, t.extension)) return t.type;
  }
  return "";
}

absl::StatusOr<ConsoleFiles> ConsoleFiles::Open(const std::string& dir) {
  std::error_code error;
  fs::path root = fs::canonical(dir, error);
  if (error || !fs::is_directory(root, error)) {
    return absl::InvalidArgumentError(
        absl::StrCat("--console_dir: ", dir, " is not a folder"));
  }
  return ConsoleFiles(std::move(root));
}

absl::StatusOr<ConsoleFile> ConsoleFiles::Read(
    absl::string_view relative) const {
  if (relative.empty()) relative = "index.html";
  if (relative.size() > 400) {
    return absl::InvalidArgumentError("path: too long");
  }
  fs::path path = root_;
  for (absl::string_view segment : absl::StrSplit(relative, '/')) {
    if (!IsSafeSegment(segment)) {
      return absl::InvalidArgumentError(
          "path: letters, digits, '.', '-' and '_' in segments that do not "
          "start with a dot");
    }
    path /= std::string(segment);
  }
  const std::string type = ContentTypeOf(relative);
  if (type.empty()) return absl::NotFoundError("not a file the console has");
  std::error_code error;
  // Symlinks resolved: a link that leads out of the folder is not served.
  const fs::path real = fs::canonical(path, error);
  if (error || !IsInside(real, root_) || !fs::is_regular_file(real, error) ||
      fs::file_size(real, error) > kMaxFileBytes || error) {
    return absl::NotFoundError("not a file the console has");
  }
  std::ifstream in(real, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  if (!in.good() && !in.eof()) return absl::NotFoundError("unreadable");
  return ConsoleFile{content.str(), type};
}

void ConsoleFiles::Serve(const httplib::Request& req,
                         httplib::Response& res) const {
  // httplib has decoded %xx already: "%2e%2e" arrives as "..", and is
  // refused like it.
  const std::string& target = req.path;
  constexpr absl::string_view kPrefix = "/console/";
  if (!absl::StartsWith(target, kPrefix)) {
    Refuse(res, http::kNotFound, "not found\n");
    return;
  }
  auto file = Read(absl::string_view(target).substr(kPrefix.size()));
  if (!file.ok()) {
    const bool bad = file.status().code() == absl::StatusCode::kInvalidArgument;
    Refuse(res, bad ? http::kBadRequest : http::kNotFound,
           bad ? "bad path\n" : "not found\n");
    log::Info("console", {{"path", absl::string_view(target)},
                          {"status", static_cast<int64_t>(res.status)}});
    return;
  }
  res.status = http::kOk;
  SetConsoleHeaders(res);
  res.set_content(std::move(file->content), file->content_type.c_str());
}

void ConsoleFiles::Register(httplib::Server& server) const {
  const auto redirect = [](const httplib::Request&, httplib::Response& res) {
    SetConsoleHeaders(res);
    res.set_redirect("/console/", http::kFound);
  };
  server.Get("/", redirect);
  server.Get("/console", redirect);
  server.Get(R"(/console/.*)",
             [this](const httplib::Request& req, httplib::Response& res) {
               Serve(req, res);
             });
  const auto not_allowed = [](const httplib::Request&, httplib::Response& res) {
    Refuse(res, http::kMethodNotAllowed, "GET only\n");
    res.set_header("Allow", "GET, HEAD");
  };
  server.Put(R"(/console(/.*)?)", not_allowed);
  server.Delete(R"(/console(/.*)?)", not_allowed);
  server.Patch(R"(/console(/.*)?)", not_allowed);
  server.Post(R"(/console(/.*)?)", not_allowed);
}

}  // namespace jixiao::gateway

#include "libs/base/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "absl/strings/str_cat.h"

namespace jixiao {
namespace {

absl::Status Failed(const std::string& path, absl::string_view step,
                    int error) {
  return absl::InternalError(
      absl::StrCat(path, ": ", step, ": ", std::strerror(error)));
}

// A name beside `path` no other writer uses at the same time (this process's
// id and a counter), so two writers of one file do not share a temporary.
std::string TemporaryName(const std::string& path) {
  static std::atomic<unsigned> counter{0};
  return absl::StrCat(path, ".tmp.", getpid(), ".", counter.fetch_add(1));
}

}  // namespace

absl::Status WriteFileAtomically(const std::string& path,
                                 absl::string_view contents) {
  const std::string temp = TemporaryName(path);
  // 0666 less the umask: the permissions an ofstream would have given.
  const int fd =
      open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) return Failed(path, "create", errno);
  const auto abandon = [&](absl::string_view step, int error) {
    close(fd);
    unlink(temp.c_str());
    return Failed(path, step, error);
  };
  for (size_t done = 0; done < contents.size();) {
    const ssize_t n = write(fd, contents.data() + done, contents.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return abandon("write", errno);
    done += static_cast<size_t>(n);
  }
  if (fsync(fd) != 0) return abandon("fsync", errno);
  if (close(fd) != 0) {
    const int error = errno;
    unlink(temp.c_str());
    return Failed(path, "close", error);
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    const int error = errno;
    unlink(temp.c_str());
    return Failed(path, "rename", error);
  }
  // The rename itself is made durable by flushing the directory.
  std::filesystem::path dir = std::filesystem::path(path).parent_path();
  if (dir.empty()) dir = ".";
  if (const int dir_fd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      dir_fd >= 0) {
    fsync(dir_fd);
    close(dir_fd);
  }
  return absl::OkStatus();
}

}  // namespace jixiao

// A fresh directory under the system's temporary one, removed with all it
// holds when the test is done; Url names an SQLite database inside it.
#ifndef JIXIAO_TESTS_SUPPORT_TEMP_DIR_H_
#define JIXIAO_TESTS_SUPPORT_TEMP_DIR_H_

#include <filesystem>
#include <random>
#include <string>

namespace jixiao::test_support {

class TempDir {
 public:
  TempDir() {
    path_ = std::filesystem::temp_directory_path() /
            ("jixiao-test-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string Url(const std::string& name) const {
    return "sqlite:" + (path_ / name).string();
  }

 private:
  std::filesystem::path path_;
};

}  // namespace jixiao::test_support

#endif  // JIXIAO_TESTS_SUPPORT_TEMP_DIR_H_

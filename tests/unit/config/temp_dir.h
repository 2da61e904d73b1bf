#pragma once
// A temporary directory for one test, removed with everything in it when the
// test ends, plus small file-writing shortcuts.

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace tend::testing {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "tend-test-XXXXXX").string();
    path_ = mkdtemp(pattern.data()) != nullptr ? pattern : "";
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }

  // Writes `content` to path()/relative (creating folders); returns the full path.
  std::string Write(const std::string& relative, const std::string& content,
                    bool executable = false) const {
    const std::filesystem::path full = std::filesystem::path(path_) / relative;
    std::filesystem::create_directories(full.parent_path());
    std::ofstream(full) << content;
    if (executable) chmod(full.c_str(), 0755);
    return full.string();
  }

 private:
  std::string path_;
};

}  // namespace tend::testing

#pragma once
// A private temporary directory for one test: made under the system temp dir
// (TMPDIR, else /tmp) when constructed, removed with everything in it when it
// goes out of scope. Unit and integration tests share this one class.

#include <string>

namespace tend::test {

class TempDir {
 public:
  // Makes <temp>/<prefix>-XXXXXX; a failure fails the running test and leaves path() "".
  explicit TempDir(const std::string& prefix = "tend-test");
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  // path()/relative, made or not; `dir / "x"` is the same.
  std::string File(const std::string& relative) const { return path_ + "/" + relative; }
  std::string operator/(const std::string& relative) const { return File(relative); }
  // Writes `content` to path()/relative (making its folders); returns the full path.
  std::string Write(const std::string& relative, const std::string& content,
                    bool executable = false) const;

 private:
  std::string path_;
};

}  // namespace tend::test

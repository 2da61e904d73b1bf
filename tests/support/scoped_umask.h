#pragma once
// Sets the test process's umask and puts the old one back when the scope ends;
// a child started meanwhile (`tend`, a writer) inherits the one set here.

#include <sys/stat.h>
#include <sys/types.h>

namespace tend::test {

class ScopedUmask {
 public:
  explicit ScopedUmask(mode_t mask) : old_(::umask(mask)) {}
  ~ScopedUmask() { ::umask(old_); }
  ScopedUmask(const ScopedUmask&) = delete;
  ScopedUmask& operator=(const ScopedUmask&) = delete;

 private:
  mode_t old_;
};

}  // namespace tend::test

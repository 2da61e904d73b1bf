#include "daemon/os/process_umask.h"

#include <sys/stat.h>

namespace tend {
namespace {

std::mutex& UmaskMutex() {
  static std::mutex mutex;
  return mutex;
}

}  // namespace

std::unique_lock<std::mutex> HoldDaemonUmask() {
  return std::unique_lock<std::mutex>(UmaskMutex());
}

ScopedChildUmask::ScopedChildUmask(int mask) {
  if (mask < 0) return;
  lock_ = HoldDaemonUmask();
  old_ = ::umask(static_cast<mode_t>(mask));
  set_ = true;
}

ScopedChildUmask::~ScopedChildUmask() {
  if (set_) ::umask(old_);
}

}  // namespace tend

// ProcessOutput: readers on existing read ends, and the copies left with a keeper, so
// that an app's pipes outlive a crash of the daemon (daemon/holder/).
#include <unistd.h>

#include "daemon/logs/log_process_output.h"

namespace tend {

Result<std::unique_ptr<ProcessOutput>> ProcessOutput::Adopt(uv_loop_t* loop,
                                                            LogFileRegistry& registry,
                                                            const LogOptions& options,
                                                            std::array<int, 2> read_fds) {
  std::unique_ptr<ProcessOutput> output(new ProcessOutput(loop, registry, options));
  if (Status s = output->OpenFiles(options); !s.ok()) {
    for (int fd : read_fds)
      close(fd);
    return s;
  }
  TEND_RETURN_IF_ERROR(output->OpenReaders(read_fds));
  output->RegisterAsFeeder();
  return output;
}

void ProcessOutput::KeepIn(FdKeeper* keeper, std::string key) {
  if (keeper == nullptr) return;
  const std::vector<int> fds = ReadFds();
  if (fds.size() != 2) return;
  keeper_ = keeper;
  kept_key_ = std::move(key);
  keeper_->Keep(kept_key_, fds);
}

void ProcessOutput::ReleaseKept() {
  if (keeper_ == nullptr) return;
  keeper_->Release(kept_key_);
  keeper_ = nullptr;
}

}  // namespace tend

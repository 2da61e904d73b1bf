#include "daemon/os/spawner.h"

#include "daemon/os/adopted_child.h"

namespace tend {
namespace {

// ChildProcess behind the SpawnedChild face; it keeps its own lifetime rules.
class UvChild : public SpawnedChild {
 public:
  explicit UvChild(std::unique_ptr<ChildProcess> child) : child_(std::move(child)) {}
  pid_t pid() const override { return child_->pid(); }
  bool exited() const override { return child_->exited(); }

 private:
  std::unique_ptr<ChildProcess> child_;
};

}  // namespace

Result<std::unique_ptr<SpawnedChild>> UvSpawner::Spawn(const SpawnOptions& options,
                                                       ExitCallback on_exit) {
  auto child = ChildProcess::Spawn(loop_, options, std::move(on_exit));
  if (!child.ok()) return child.status();
  return std::unique_ptr<SpawnedChild>(new UvChild(std::move(child).value()));
}

Result<std::unique_ptr<SpawnedChild>> UvSpawner::Adopt(pid_t pid, ExitCallback on_exit) {
  auto child = AdoptedChild::Watch(loop_, pid, std::move(on_exit));
  if (!child.ok()) return child.status();
  return std::unique_ptr<SpawnedChild>(std::move(child).value());
}

}  // namespace tend

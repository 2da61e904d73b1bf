#pragma once
// Spawner: the seam through which a supervisor starts children, so supervision can
// be tested with a fake that spawns nothing. UvSpawner is the real one (ChildProcess
// on a libuv loop); the fake lives with the unit tests.

#include <sys/types.h>
#include <uv.h>

#include <memory>

#include "config/status.h"
#include "daemon/os/child_process.h"

namespace tend {

// A running child as its supervisor holds it. Signals go through a Killer, by pid.
class SpawnedChild {
 public:
  virtual ~SpawnedChild() = default;
  virtual pid_t pid() const = 0;
  // True once its exit was delivered (the exit callback runs after this turns true).
  virtual bool exited() const = 0;
};

class Spawner {
 public:
  using ExitCallback = ChildProcess::ExitCallback;
  virtual ~Spawner() = default;
  // As ChildProcess::Spawn: exec failure is returned; on success `on_exit` runs exactly
  // once, unless the child is destroyed first.
  virtual Result<std::unique_ptr<SpawnedChild>> Spawn(const SpawnOptions& options,
                                                      ExitCallback on_exit) = 0;
  // A process a previous daemon started (after a daemon crash): watched, not spawned.
  // `on_exit` runs once, with an unknown status (adopted_child.h). NotFound once it ended.
  virtual Result<std::unique_ptr<SpawnedChild>> Adopt(pid_t pid, ExitCallback on_exit) = 0;
};

// The real spawner: each child in its own session and process group (ChildProcess).
class UvSpawner : public Spawner {
 public:
  explicit UvSpawner(uv_loop_t* loop) : loop_(loop) {}
  Result<std::unique_ptr<SpawnedChild>> Spawn(const SpawnOptions& options,
                                              ExitCallback on_exit) override;
  Result<std::unique_ptr<SpawnedChild>> Adopt(pid_t pid, ExitCallback on_exit) override;

 private:
  uv_loop_t* loop_;
};

}  // namespace tend

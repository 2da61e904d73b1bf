#pragma once
// FakeSpawner: a Spawner that runs nothing. It records what each spawn was asked for
// (argv, env) and hands out children the test makes exit, with a code or a signal,
// when it wants; or it fails the next spawn as exec would.

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "daemon/os/spawner.h"

namespace tend::fake {

class FakeSpawner : public Spawner {
 public:
  struct Spawned {
    SpawnOptions options;
    pid_t pid = 0;
    ExitCallback on_exit;  // cleared once it ran, or when the child object is gone
    bool exited = false;
  };

  Result<std::unique_ptr<SpawnedChild>> Spawn(const SpawnOptions& options,
                                              ExitCallback on_exit) override {
    if (!fail_next_.ok()) return std::exchange(fail_next_, Status::Ok());
    auto record = std::make_shared<Spawned>();
    record->options = options;
    record->pid = next_pid_++;
    record->on_exit = std::move(on_exit);
    spawned_.push_back(record);
    return std::unique_ptr<SpawnedChild>(new Child(record));
  }

  // An adopted pid becomes the last child, with no spawn options (argv empty).
  Result<std::unique_ptr<SpawnedChild>> Adopt(pid_t pid, ExitCallback on_exit) override {
    auto record = std::make_shared<Spawned>();
    record->pid = pid;
    record->on_exit = std::move(on_exit);
    spawned_.push_back(record);
    ++adopted_;
    return std::unique_ptr<SpawnedChild>(new Child(record));
  }
  size_t adopted() const { return adopted_; }

  // The next Spawn fails with `why` (as a missing program does).
  void FailNextSpawn(Status why) { fail_next_ = std::move(why); }
  size_t count() const { return spawned_.size(); }
  const Spawned& last() const { return *spawned_.back(); }
  // The last child exits (term_signal 0: with `code`); false if it had already.
  bool Exit(int code, int term_signal = 0) {
    if (spawned_.empty() || spawned_.back()->exited) return false;
    auto record = spawned_.back();
    record->exited = true;
    auto cb = std::move(record->on_exit);
    record->on_exit = nullptr;
    if (cb) cb(code, term_signal);
    return true;
  }

 private:
  class Child : public SpawnedChild {
   public:
    explicit Child(std::shared_ptr<Spawned> record) : record_(std::move(record)) {}
    ~Child() override { record_->on_exit = nullptr; }  // as ChildProcess: no callback after
    pid_t pid() const override { return record_->pid; }
    bool exited() const override { return record_->exited; }

   private:
    std::shared_ptr<Spawned> record_;
  };

  std::vector<std::shared_ptr<Spawned>> spawned_;
  pid_t next_pid_ = 1000;
  size_t adopted_ = 0;
  Status fail_next_ = Status::Ok();
};

}  // namespace tend::fake

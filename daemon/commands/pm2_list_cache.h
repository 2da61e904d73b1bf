#pragma once
// Pm2ListCache: the `list` answer in PM2's jlist shape (`tend jlist`, `list` with
// {"format":"pm2"}), written by the daemon as text. Each process's stable part (spec, log
// paths, environment: pm2::StableMembers, most of the bytes) is kept until its spec
// changes, so a jlist of 1,000 apps writes only their run state anew.

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace tend {

class CommandContext;
class ManagedProcess;

class Pm2ListCache {
 public:
  // The JSON text of each of `procs` in PM2's shape, in order (the elements of the answer's
  // array); forgets the entries of processes that are not among them (deleted ones).
  std::vector<std::string> Entries(CommandContext& ctx, const std::vector<ManagedProcess*>& procs);

 private:
  struct Entry {
    uint64_t spec_version = 0;  // ManagedProcess::spec_version() when `members` was written
    std::string members;
  };
  std::unordered_map<int, Entry> entries_;  // by pm_id
};

}  // namespace tend

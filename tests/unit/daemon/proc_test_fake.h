#pragma once
// Test-only: a fake /proc tree in a temp dir, written the way the kernel lays
// it out (<pid>/stat, <pid>/statm, <pid>/task/<tid>/children), so the scan
// fallback, multi-threaded parents and exact CPU deltas can be tested on any kernel.

#include <fmt/format.h>
#include <stdlib.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "tests/support/temp_dir.h"

namespace tend::proctest {

struct FakeProcess {
  int pid = 0;
  int ppid = 0;
  std::string comm = "fake";
  uint64_t utime = 0, stime = 0;
  uint64_t start_time = 0;
  uint64_t rss_pages = 0;
  // Thread ids and the children each one forked; empty means one thread (tid == pid).
  std::map<int, std::vector<int>> children_by_tid;
};

inline FakeProcess Fake(int pid, int ppid, uint64_t start_time = 100) {
  FakeProcess p;
  p.pid = pid;
  p.ppid = ppid;
  p.start_time = start_time;
  p.rss_pages = 10;
  return p;
}

class FakeProc {
 public:
  // `children_files`: whether task/<tid>/children exist (a kernel with CONFIG_PROC_CHILDREN).
  explicit FakeProc(bool children_files) : children_files_(children_files) {}
  std::string root() const { return dir_.path(); }

  void Write(const FakeProcess& p) {
    std::filesystem::path dir = dir_ / std::to_string(p.pid);
    std::filesystem::create_directories(dir);
    std::map<int, std::vector<int>> threads = p.children_by_tid;
    if (threads.empty()) threads[p.pid] = {};
    std::ofstream(dir / "stat") << fmt::format(
        "{} ({}) S {} {} {} 0 -1 4194560 0 0 0 0 {} {} 0 0 20 0 {} 0 {} 1000000 {} "
        "18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n",
        p.pid, p.comm, p.ppid, p.pid, p.pid, p.utime, p.stime, threads.size(), p.start_time,
        p.rss_pages);
    std::ofstream(dir / "statm") << fmt::format("2000 {} 100 10 0 300 0\n", p.rss_pages);
    for (const auto& [tid, children] : threads) {
      std::filesystem::create_directories(dir / "task" / std::to_string(tid));
      if (!children_files_) continue;
      std::string list;
      for (int child : children)
        list += std::to_string(child) + ' ';
      std::ofstream(dir / "task" / std::to_string(tid) / "children") << list;
    }
  }

  void Remove(int pid) { std::filesystem::remove_all(dir_ / std::to_string(pid)); }

 private:
  test::TempDir dir_{"tend-proc"};
  bool children_files_;
};

}  // namespace tend::proctest

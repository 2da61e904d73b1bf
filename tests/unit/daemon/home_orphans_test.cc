// Finding a crashed daemon's children by their environment, in a fake /proc.
#include "daemon/persist/home_orphans.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tests/unit/daemon/proc_test_fake.h"

namespace tend {
namespace {

using test::TempDir;

class FakeProcTree {
 public:
  std::string root() const { return dir_.path(); }
  // One process: its stat (pgrp, start time, state) and its NUL-separated environ.
  void Add(int pid, int pgrp, uint64_t start_time, const std::vector<std::string>& env,
           char state = 'S') {
    const std::filesystem::path dir = dir_ / std::to_string(pid);
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "stat") << fmt::format(
        "{} (app) {} 1 {} {} 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 {} 1000000 10 "
        "18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n",
        pid, state, pgrp, pgrp, start_time);
    std::string block;
    for (const auto& e : env)
      block += e + '\0';
    std::ofstream(dir / "environ", std::ios::binary) << block;
  }

 private:
  TempDir dir_;
};

const std::vector<std::string> kChildEnv = {"PATH=/bin", "TEND_HOME=/h/.tend", "pm_id=3",
                                            "TEND_INSTANCE=0"};

TEST(HomeOrphansTest, FindsGroupLeadersCarryingEveryMarkOfThisHome) {
  FakeProcTree proc;
  proc.Add(100, 100, 555, kChildEnv);
  proc.Add(101, 100, 556, kChildEnv);  // a helper in the child's group: its group is signalled
  proc.Add(200, 200, 557, {"TEND_HOME=/other/.tend", "pm_id=1", "TEND_INSTANCE=0"});
  proc.Add(300, 300, 558, {"TEND_HOME=/h/.tend"});  // a shell with TEND_HOME exported
  proc.Add(400, 400, 559, {"TEND_HOME=/h/.tend/x", "pm_id=1", "TEND_INSTANCE=0"});
  proc.Add(500, 500, 560, kChildEnv, 'Z');  // exited
  const auto found = FindChildrenOfHome(proc.root(), "/h/.tend");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].pid, 100);
  EXPECT_EQ(found[0].pgid, 100);
  EXPECT_EQ(found[0].start_time, 555u);
}

TEST(HomeOrphansTest, NothingFoundInAnEmptyOrMissingTree) {
  FakeProcTree proc;
  EXPECT_TRUE(FindChildrenOfHome(proc.root(), "/h/.tend").empty());
  EXPECT_TRUE(FindChildrenOfHome(proc.root() + "/missing", "/h/.tend").empty());
}

}  // namespace
}  // namespace tend

#include "daemon/os/proc_tree.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>

#include "tests/unit/daemon/proc_test_child.h"
#include "tests/unit/daemon/proc_test_fake.h"

namespace tend {
namespace {

using proctest::Fake;
using proctest::FakeProc;
using proctest::FakeProcess;
using proctest::TestChild;
using test::WaitFor;

TEST(ParsePidList, ReadsTheKernelsSpaceSeparatedList) {
  std::vector<pid_t> pids{1};
  ParsePidList("12 345 6 ", pids);
  EXPECT_EQ(pids, (std::vector<pid_t>{1, 12, 345, 6}));
  pids.clear();
  ParsePidList("", pids);
  ParsePidList("  \n", pids);
  EXPECT_TRUE(pids.empty());
}

TEST(AppendChildrenFromFiles, AsksEveryThreadOfAMultiThreadedParent) {
  FakeProc proc(/*children_files=*/true);
  FakeProcess parent = Fake(10, 1);
  parent.children_by_tid = {{10, {11}}, {15, {12, 13}}, {16, {}}};
  proc.Write(parent);
  std::vector<pid_t> children;
  ASSERT_TRUE(AppendChildrenFromFiles(proc.root(), 10, 3, children).ok());
  std::sort(children.begin(), children.end());
  EXPECT_EQ(children, (std::vector<pid_t>{11, 12, 13}));
}

TEST(AppendChildrenFromFiles, AGoneProcessIsNotFound) {
  FakeProc proc(true);
  std::vector<pid_t> children;
  Status status = AppendChildrenFromFiles(proc.root(), 99, 1, children);
  EXPECT_EQ(status.code(), Code::kNotFound) << status.ToString();
  status = AppendChildrenFromFiles(proc.root(), 99, 4, children);
  EXPECT_EQ(status.code(), Code::kNotFound) << status.ToString();
}

TEST(ScanProcesses, GroupsEveryProcessUnderItsParent) {
  FakeProc proc(/*children_files=*/false);
  proc.Write(Fake(1, 0));
  proc.Write(Fake(20, 1));
  FakeProcess tricky = Fake(21, 20);
  tricky.comm = "a b) c";
  proc.Write(tricky);
  proc.Write(Fake(22, 20));
  Result<ProcSnapshot> snapshot = ScanProcesses(proc.root());
  ASSERT_TRUE(snapshot.ok()) << snapshot.status().ToString();
  EXPECT_EQ(snapshot->stats.size(), 4u);
  EXPECT_EQ(snapshot->stats.at(21).comm, "a b) c");
  std::vector<pid_t> of20 = snapshot->children.at(20);
  std::sort(of20.begin(), of20.end());
  EXPECT_EQ(of20, (std::vector<pid_t>{21, 22}));
  EXPECT_EQ(snapshot->children.at(1), std::vector<pid_t>{20});
}

TEST(ChildrenFiles, ListTheRealChildrenOfThisProcessWhenTheKernelHasThem) {
  if (!ChildrenFileSupported(kProcRoot)) GTEST_SKIP() << "kernel without CONFIG_PROC_CHILDREN";
  TestChild first = TestChild::Exec({"/bin/sleep", "60"});
  TestChild second = TestChild::Exec({"/bin/sleep", "60"});
  std::vector<pid_t> children;
  Result<ProcStat> self = ReadProcStat(::getpid());
  ASSERT_TRUE(self.ok());
  ASSERT_TRUE(AppendChildrenFromFiles(kProcRoot, ::getpid(), self->num_threads, children).ok());
  EXPECT_NE(std::find(children.begin(), children.end(), first.pid()), children.end());
  EXPECT_NE(std::find(children.begin(), children.end(), second.pid()), children.end());
}

TEST(ScanProcesses, FindsTheRealChildrenOfThisProcess) {
  TestChild child = TestChild::Exec({"/bin/sleep", "60"});
  Result<ProcSnapshot> snapshot = ScanProcesses(kProcRoot);
  ASSERT_TRUE(snapshot.ok()) << snapshot.status().ToString();
  const std::vector<pid_t>& mine = snapshot->children[::getpid()];
  EXPECT_NE(std::find(mine.begin(), mine.end(), child.pid()), mine.end());
  EXPECT_EQ(snapshot->stats.at(child.pid()).ppid, ::getpid());
}

}  // namespace
}  // namespace tend

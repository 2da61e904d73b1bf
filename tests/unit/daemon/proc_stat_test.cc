#include "daemon/os/proc_stat.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/unit/daemon/proc_test_child.h"
#include "tests/unit/daemon/proc_test_fake.h"

namespace tend {
namespace {

using proctest::TestChild;
using test::TempDir;
using test::WaitFor;

// Field `n` (1-based, proc(5)) of /proc/<pid>/stat, read independently of the code under test.
std::string StatFieldOf(pid_t pid, int n) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(in, line);
  std::istringstream rest(line.substr(line.rfind(')') + 2));
  std::string field;
  for (int i = 3; i <= n; ++i)
    rest >> field;
  return field;
}

uint64_t StatmResidentPagesOf(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/statm");
  uint64_t size = 0, resident = 0;
  in >> size >> resident;
  return resident;
}

constexpr char kTail[] =
    " 0 0 0 4194560 1529 62082 0 12 7 3 47 29 20 0 1 0 256608 5124096 884 "
    "18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n";

TEST(ParseProcStat, ReadsTheFieldsTheSamplerUses) {
  Result<ProcStat> stat = ParseProcStat(std::string("3307 (bash) S 3305 3307") + kTail);
  ASSERT_TRUE(stat.ok()) << stat.status().ToString();
  EXPECT_EQ(stat->pid, 3307);
  EXPECT_EQ(stat->comm, "bash");
  EXPECT_EQ(stat->state, 'S');
  EXPECT_EQ(stat->ppid, 3305);
  EXPECT_EQ(stat->pgrp, 3307);
  EXPECT_EQ(stat->utime_ticks, 7u);
  EXPECT_EQ(stat->stime_ticks, 3u);
  EXPECT_EQ(stat->num_threads, 1);
  EXPECT_EQ(stat->start_time_ticks, 256608u);
  EXPECT_EQ(stat->vsize, 5124096u);
}

TEST(ParseProcStat, CommWithSpacesAndParenthesesEndsAtTheLastParenthesis) {
  Result<ProcStat> stat = ParseProcStat(std::string("42 (a) S 1 2 (x) ) R 7 42") + kTail);
  ASSERT_TRUE(stat.ok()) << stat.status().ToString();
  EXPECT_EQ(stat->comm, "a) S 1 2 (x) ");
  EXPECT_EQ(stat->state, 'R');
  EXPECT_EQ(stat->ppid, 7);
  EXPECT_EQ(stat->start_time_ticks, 256608u);
}

TEST(ParseProcStat, RejectsTruncatedAndGarbledLines) {
  EXPECT_FALSE(ParseProcStat("").ok());
  EXPECT_FALSE(ParseProcStat("12 (sh) S 1 12 12 0").ok());
  EXPECT_FALSE(ParseProcStat("12 sh S 1 12").ok());
  EXPECT_FALSE(ParseProcStat(std::string("x (sh) S 1 12") + kTail).ok());
  EXPECT_FALSE(ParseProcStat(std::string("12 (sh) S one 12") + kTail).ok());
}

TEST(ParseStatm, ResidentIsTheSecondField) {
  Result<uint64_t> pages = ParseStatmResidentPages("1251 956 724 193 0 270 0\n");
  ASSERT_TRUE(pages.ok());
  EXPECT_EQ(*pages, 956u);
  EXPECT_FALSE(ParseStatmResidentPages("1251\n").ok());
  EXPECT_FALSE(ParseStatmResidentPages("1251 x 3\n").ok());
}

TEST(ReadProcStat, DescribesThisTestProcessAsProcSaysIt) {
  Result<ProcStat> stat = ReadProcStat(::getpid());
  ASSERT_TRUE(stat.ok()) << stat.status().ToString();
  EXPECT_EQ(stat->pid, ::getpid());
  EXPECT_EQ(stat->ppid, ::getppid());
  EXPECT_EQ(stat->pgrp, ::getpgrp());
  EXPECT_EQ(stat->state, 'R');
  EXPECT_GT(stat->rss_bytes, 0u);
  EXPECT_EQ(std::to_string(stat->start_time_ticks), StatFieldOf(::getpid(), 22));
}

TEST(ReadProcStat, ParsesAnExecutableNamedWithSpaceAndParenthesis) {
  TempDir dir;
  std::filesystem::path tricky = dir / "a b) c";
  std::filesystem::copy_file("/bin/sleep", tricky);
  TestChild child = TestChild::Exec({tricky.string(), "60"});
  Result<ProcStat> stat = Status::NotFound("not read yet");
  ASSERT_TRUE(WaitFor([&] {
    stat = ReadProcStat(child.pid());
    return stat.ok() && stat->comm == "a b) c" && stat->state == 'S';
  })) << (stat.ok() ? stat->comm + " " + stat->state : stat.status().ToString());
  EXPECT_EQ(stat->pid, child.pid());
  EXPECT_EQ(stat->ppid, ::getpid());
  EXPECT_EQ(stat->pgrp, child.pid());
  EXPECT_EQ(stat->num_threads, 1);
  EXPECT_EQ(stat->rss_bytes, StatmResidentPagesOf(child.pid()) * PageSizeBytes());
  EXPECT_GT(stat->rss_bytes, 0u);
}

TEST(ReadProcStat, ADeadProcessIsNotFound) {
  TestChild child = TestChild::Fork([] {});
  pid_t pid = child.pid();
  child.Wait();
  Result<ProcStat> stat = ReadProcStat(pid);
  ASSERT_FALSE(stat.ok());
  EXPECT_EQ(stat.status().code(), Code::kNotFound) << stat.status().ToString();
  Result<uint64_t> start = ProcessStartTime(pid);
  ASSERT_FALSE(start.ok());
  EXPECT_EQ(start.status().code(), Code::kNotFound);
}

TEST(ProcessStartTime, IsStableForOneProcessAndMatchesProc) {
  TestChild child = TestChild::Exec({"/bin/sleep", "60"});
  Result<uint64_t> first = ProcessStartTime(child.pid());
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  // exec keeps the process, so its start time survives the exec.
  ASSERT_TRUE(WaitFor([&] {
    Result<ProcStat> stat = ReadProcStat(child.pid());
    return stat.ok() && stat->comm == "sleep";
  }));
  Result<uint64_t> second = ProcessStartTime(child.pid());
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(*first, *second);
  EXPECT_EQ(std::to_string(*second), StatFieldOf(child.pid(), 22));
  Result<uint64_t> mine = ProcessStartTime(::getpid());
  ASSERT_TRUE(mine.ok());
  EXPECT_LE(*mine, *first);  // this test process started before its child
}

TEST(ProcFileCache, RereadsFreshContentAndNoticesAnExit) {
  TestChild child = TestChild::Exec({"/bin/sh", "-c", "while :; do :; done"});
  ProcFileCache files(kProcRoot, 8);
  Result<ProcStat> first = ReadProcStatOnly(files, child.pid());
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(files.open_files(), 1u);
  Result<ProcStat> later = first;
  // Through the same open file, the busy child's CPU time keeps growing.
  ASSERT_TRUE(WaitFor([&] {
    later = ReadProcStatOnly(files, child.pid());
    return later.ok() &&
           later->utime_ticks + later->stime_ticks > first->utime_ticks + first->stime_ticks;
  }));
  EXPECT_EQ(files.open_files(), 1u);
  pid_t pid = child.pid();
  child.Kill();
  Result<ProcStat> gone = ReadProcStatOnly(files, pid);
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.status().code(), Code::kNotFound) << gone.status().ToString();
  EXPECT_EQ(files.open_files(), 0u);
}

TEST(ProcFileCache, SweepClosesFilesNotReadSinceTheLastSweep) {
  TestChild child = TestChild::Exec({"/bin/sleep", "60"});
  ProcFileCache files(kProcRoot, 8);
  std::string text;
  ASSERT_TRUE(files.Read(child.pid(), "stat", text).ok());
  ASSERT_TRUE(files.Read(::getpid(), "stat", text).ok());
  files.Sweep();
  EXPECT_EQ(files.open_files(), 2u);
  ASSERT_TRUE(files.Read(::getpid(), "statm", text).ok());
  files.Sweep();  // both stat files unread since the previous sweep
  EXPECT_EQ(files.open_files(), 1u);
  files.Sweep();
  EXPECT_EQ(files.open_files(), 0u);
}

}  // namespace
}  // namespace tend

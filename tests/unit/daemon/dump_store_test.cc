#include "daemon/persist/dump_store.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include "daemon/persist/atomic_file.h"
#include "tests/unit/daemon/atomic_file_test_support.h"

namespace tend {
namespace {

using test::ReadWholeFile;
using test::TempDir;
using testing::FileExists;
using testing::FileMode;
using testing::ListWithPrefix;
using testing::WriteFileForTest;

DumpedProcess MakeProcess(int pm_id, const std::string& name) {
  DumpedProcess p;
  p.pm_id = pm_id;
  p.spec.name = name;
  p.spec.script = "/srv/" + name + "/server.js";
  p.spec.cwd = "/srv/" + name;
  p.spec.env = {{"PATH", "/usr/bin"}, {"TOKEN", "s3cret"}};
  p.instance = 0;
  p.status = "online";
  p.restarts = 3;
  p.created_at_ms = 1700000000123;
  p.pid = 4242;
  p.pgid = 4242;
  p.start_time = 18446744073709551000ull;  // near uint64 max: must survive JSON
  return p;
}

Dump MakeDump(const std::string& tag, int processes) {
  Dump d;
  d.next_id = processes;
  d.saved_at_ms = 1700000000000;
  for (int i = 0; i < processes; ++i)
    d.processes.push_back(MakeProcess(i, tag + "-" + std::to_string(i)));
  return d;
}

void ExpectSameDump(const Dump& a, const Dump& b) {
  EXPECT_EQ(a.next_id, b.next_id);
  EXPECT_EQ(a.saved_at_ms, b.saved_at_ms);
  ASSERT_EQ(a.processes.size(), b.processes.size());
  for (size_t i = 0; i < a.processes.size(); ++i) {
    const DumpedProcess& x = a.processes[i];
    const DumpedProcess& y = b.processes[i];
    EXPECT_EQ(x.pm_id, y.pm_id);
    EXPECT_TRUE(x.spec == y.spec) << "spec of process " << i << " differs";
    EXPECT_EQ(x.instance, y.instance);
    EXPECT_EQ(x.status, y.status);
    EXPECT_EQ(x.restarts, y.restarts);
    EXPECT_EQ(x.created_at_ms, y.created_at_ms);
    EXPECT_EQ(x.pid, y.pid);
    EXPECT_EQ(x.pgid, y.pgid);
    EXPECT_EQ(x.start_time, y.start_time);
  }
}

TEST(DumpStoreTest, RoundTripKeepsNonUtf8BytesExactly) {
  TempDir dir;
  Dump d = MakeDump("api", 2);
  DumpedProcess& p = d.processes[1];
  p.spec.args = {"--name", std::string("caf\xe9", 4), std::string("nul\0byte", 8)};
  p.spec.env["LATIN1"] = std::string("\xff\xfe\x80", 3);
  p.spec.env[std::string("KEY\xc3", 4)] = "value of a non-UTF-8 name";
  p.spec.cwd = std::string("/tmp/\xe9t\xe9", 8);
  p.instance = 1;
  p.status = "stopped";
  p.pid = 0;
  p.pgid = 0;
  p.start_time = 0;

  const std::string path = dir.File("dump.json");
  ASSERT_TRUE(SaveDump(path, d).ok());
  auto loaded = LoadDump(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_FALSE(loaded->from_backup);
  EXPECT_TRUE(loaded->warnings.empty());
  EXPECT_EQ(loaded->dump.format_version, kDumpFormatVersion);
  ExpectSameDump(loaded->dump, d);
}

TEST(DumpStoreTest, DumpAndBackupAreReadableByTheOwnerOnly) {
  TempDir dir;
  const std::string path = dir.File("dump.json");
  ASSERT_TRUE(SaveDump(path, MakeDump("a", 1)).ok());
  ASSERT_TRUE(SaveDump(path, MakeDump("b", 1)).ok());
  EXPECT_EQ(FileMode(path), 0600u);
  EXPECT_EQ(FileMode(path + ".bak"), 0600u);
}

TEST(DumpStoreTest, SaveWritesTheSameDumpToTheBackup) {
  TempDir dir;
  const std::string path = dir.File("dump.json");
  ASSERT_TRUE(SaveDump(path, MakeDump("old", 1)).ok());
  ASSERT_TRUE(SaveDump(path, MakeDump("new", 2)).ok());
  auto bak = DumpFromJsonText(ReadWholeFile(path + ".bak"));
  ASSERT_TRUE(bak.ok()) << bak.status().ToString();
  ExpectSameDump(*bak, MakeDump("new", 2));
}

TEST(DumpStoreTest, SaveFillsSavedAtWhenZero) {
  TempDir dir;
  Dump d = MakeDump("a", 0);
  d.saved_at_ms = 0;
  ASSERT_TRUE(SaveDump(dir.File("dump.json"), d).ok());
  auto loaded = LoadDump(dir.File("dump.json"));
  ASSERT_TRUE(loaded.ok());
  EXPECT_GT(loaded->dump.saved_at_ms, 1600000000000);
}

TEST(DumpStoreTest, MissingDumpIsNotFound) {
  TempDir dir;
  auto loaded = LoadDump(dir.File("dump.json"));
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), Code::kNotFound);
}

// The case: three saves, the dump damaged; the backup once held the save
// before the last (two apps of three came back, silently).
TEST(DumpStoreTest, CorruptDumpFallsBackToABackupOfTheLastSaveAndIsKeptAside) {
  TempDir dir;
  const std::string path = dir.File("dump.json");
  ASSERT_TRUE(SaveDump(path, MakeDump("good", 2)).ok());
  ASSERT_TRUE(SaveDump(path, MakeDump("last", 3)).ok());
  const std::string garbage = "{\"format\":\"tend-dump\",\"format_version\":1,\"proc";
  WriteFileForTest(path, garbage);

  auto loaded = LoadDump(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_TRUE(loaded->from_backup);
  ExpectSameDump(loaded->dump, MakeDump("last", 3));
  ASSERT_EQ(loaded->warnings.size(), 2u);
  EXPECT_NE(loaded->warnings[0].find(path), std::string::npos) << loaded->warnings[0];
  // What comes back, and from when: said, not silent.
  EXPECT_NE(loaded->warnings[1].find("restoring 3 process(es) from " + path +
                                     ".bak, saved at 2023-11-14T22:13:20Z"),
            std::string::npos)
      << loaded->warnings[1];

  const auto aside = ListWithPrefix(dir.path(), "dump.json.corrupt-");
  ASSERT_EQ(aside.size(), 1u);
  EXPECT_NE(loaded->warnings[0].find(aside[0]), std::string::npos) << loaded->warnings[0];
  EXPECT_EQ(ReadWholeFile(dir.File(aside[0])), garbage);
  EXPECT_FALSE(FileExists(path));
  // The next save writes both files whole again.
  ASSERT_TRUE(SaveDump(path, MakeDump("after", 1)).ok());
  auto bak = DumpFromJsonText(ReadWholeFile(path + ".bak"));
  ASSERT_TRUE(bak.ok());
  ExpectSameDump(*bak, MakeDump("after", 1));
}

TEST(DumpStoreTest, RepeatedCorruptionsAreAllKept) {
  TempDir dir;
  const std::string path = dir.File("dump.json");
  ASSERT_TRUE(SaveDump(path, MakeDump("good", 1)).ok());
  ASSERT_TRUE(SaveDump(path, MakeDump("good", 1)).ok());
  for (const char* junk : {"first", "second", "third"}) {
    WriteFileForTest(path, junk);
    ASSERT_TRUE(LoadDump(path).ok());
  }
  EXPECT_EQ(ListWithPrefix(dir.path(), "dump.json.corrupt-").size(), 3u);
}

TEST(DumpStoreTest, BothCorruptIsAClearErrorNamingBothFiles) {
  TempDir dir;
  const std::string path = dir.File("dump.json");
  WriteFileForTest(path, "not json");
  WriteFileForTest(path + ".bak", "[]");
  auto loaded = LoadDump(path);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), Code::kInvalidArgument);
  const std::string& msg = loaded.status().message();
  EXPECT_NE(msg.find(path + " is unusable"), std::string::npos) << msg;
  EXPECT_NE(msg.find(path + ".bak is unusable"), std::string::npos) << msg;
  // Neither file is lost: both are kept aside with their content.
  const auto main_aside = ListWithPrefix(dir.path(), "dump.json.corrupt-");
  const auto bak_aside = ListWithPrefix(dir.path(), "dump.json.bak.corrupt-");
  ASSERT_EQ(main_aside.size(), 1u);
  ASSERT_EQ(bak_aside.size(), 1u);
  EXPECT_EQ(ReadWholeFile(dir.File(main_aside[0])), "not json");
  EXPECT_EQ(ReadWholeFile(dir.File(bak_aside[0])), "[]");
}

TEST(DumpStoreTest, CorruptWithoutBackupIsAnErrorNotNotFound) {
  TempDir dir;
  const std::string path = dir.File("dump.json");
  WriteFileForTest(path, "");
  auto loaded = LoadDump(path);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), Code::kInvalidArgument);
  EXPECT_NE(loaded.status().message().find(path), std::string::npos);
}

TEST(DumpStoreTest, MissingMainWithBackupLoadsTheBackupWithAWarning) {
  TempDir dir;
  const std::string path = dir.File("dump.json");
  ASSERT_TRUE(SaveDump(path, MakeDump("a", 1)).ok());
  ASSERT_TRUE(SaveDump(path, MakeDump("b", 1)).ok());
  ASSERT_EQ(::unlink(path.c_str()), 0);
  auto loaded = LoadDump(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_TRUE(loaded->from_backup);
  EXPECT_EQ(loaded->warnings.size(), 2u);
  ExpectSameDump(loaded->dump, MakeDump("b", 1));
}

// A FIFO as dump.json once hung the daemon's start forever (open waits for a writer).
TEST(DumpStoreTest, AFifoIsNeverReadAndIsKeptAsideWithoutBlocking) {
  TempDir dir;
  const std::string path = dir.File("dump.json");
  ASSERT_TRUE(SaveDump(path, MakeDump("a", 1)).ok());
  ASSERT_EQ(::unlink(path.c_str()), 0);
  ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
  auto loaded = LoadDump(path);  // returns at once: nothing writes into the FIFO
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_TRUE(loaded->from_backup);
  ExpectSameDump(loaded->dump, MakeDump("a", 1));
  EXPECT_NE(loaded->warnings[0].find(path + " is unusable (dump " + path + " is a FIFO"),
            std::string::npos)
      << loaded->warnings[0];
}

// Another user's dump is not damage to recover from: it is refused, used for
// nothing and left where it is, and the message says how to fix it.
TEST(DumpStoreTest, ADumpOthersMayWriteIsRefusedNamingTheFix) {
  TempDir dir;
  const std::string path = dir.File("dump.json");
  ASSERT_TRUE(SaveDump(path, MakeDump("a", 1)).ok());
  ASSERT_EQ(::chmod(path.c_str(), 0666), 0);
  auto loaded = LoadDump(path);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), Code::kPermissionDenied);
  EXPECT_NE(loaded.status().message().find("chmod go-w " + path), std::string::npos)
      << loaded.status().message();
  EXPECT_TRUE(FileExists(path));
  EXPECT_TRUE(ListWithPrefix(dir.path(), "dump.json.corrupt-").empty());
  // The backup is no way around it either.
  ASSERT_EQ(::chmod(path.c_str(), 0600), 0);
  ASSERT_EQ(::chmod((path + ".bak").c_str(), 0620), 0);
  ASSERT_EQ(::unlink(path.c_str()), 0);
  loaded = LoadDump(path);
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.status().message().find("chmod go-w " + path + ".bak"), std::string::npos)
      << loaded.status().message();
}

TEST(DumpStoreTest, ADumpOfAnotherUidIsRefused) {
  if (::geteuid() != 0) {
    GTEST_SKIP() << "needs root to give a file to another uid (CI runs as root)";
  }
  TempDir dir;
  const std::string path = dir.File("dump.json");
  ASSERT_TRUE(SaveDump(path, MakeDump("a", 1)).ok());
  ASSERT_EQ(::chown(path.c_str(), 65534, 65534), 0);
  auto loaded = LoadDump(path);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), Code::kPermissionDenied);
  EXPECT_NE(loaded.status().message().find(path + " belongs to uid 65534, not to uid 0"),
            std::string::npos)
      << loaded.status().message();
}

TEST(DumpStoreTest, UnsupportedVersionsAreRejectedWithTheReason) {
  std::string text = DumpToJsonText(MakeDump("a", 1));
  const std::string current = "\"format_version\": " + std::to_string(kDumpFormatVersion);
  const size_t at = text.find(current);
  ASSERT_NE(at, std::string::npos) << text;

  std::string newer = text;
  newer.replace(at, current.size(), "\"format_version\": 999");
  auto n = DumpFromJsonText(newer);
  ASSERT_FALSE(n.ok());
  EXPECT_NE(n.status().message().find("newer"), std::string::npos) << n.status().message();

  std::string older = text;
  older.replace(at, current.size(), "\"format_version\": 0");
  auto o = DumpFromJsonText(older);
  ASSERT_FALSE(o.ok());
  EXPECT_NE(o.status().message().find("oldest supported"), std::string::npos);
}

TEST(DumpStoreTest, ValidationNamesTheBadField) {
  Dump d = MakeDump("a", 2);
  d.processes[1].status = "dancing";
  auto r = DumpFromJsonText(DumpToJsonText(d));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("processes[1].status"), std::string::npos)
      << r.status().message();

  d = MakeDump("a", 2);
  d.processes[1].pm_id = 0;
  r = DumpFromJsonText(DumpToJsonText(d));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("appears twice"), std::string::npos);
}

TEST(DumpStoreTest, NextIdNeverReusesAnIdInTheDump) {
  Dump d = MakeDump("a", 3);
  d.next_id = 1;
  auto r = DumpFromJsonText(DumpToJsonText(d));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->next_id, 3);
}

TEST(DumpStoreTest, ClearDumpSavesAnEmptyDumpAndKeepsTheOldAside) {
  TempDir dir;
  const std::string path = dir.File("dump.json");
  ASSERT_TRUE(SaveDump(path, MakeDump("a", 2)).ok());
  ASSERT_TRUE(ClearDump(path).ok());
  auto loaded = LoadDump(path);
  ASSERT_TRUE(loaded.ok());
  EXPECT_TRUE(loaded->dump.processes.empty());
  EXPECT_FALSE(loaded->from_backup);
  const auto kept = ListWithPrefix(dir.path(), "dump.json.cleared-");
  ASSERT_EQ(kept.size(), 1u);
  auto old = DumpFromJsonText(ReadWholeFile(dir.File(kept[0])));
  ASSERT_TRUE(old.ok());
  ExpectSameDump(*old, MakeDump("a", 2));
  // With no dump yet, there is nothing to keep.
  TempDir empty;
  ASSERT_TRUE(ClearDump(empty.File("dump.json")).ok());
  EXPECT_TRUE(ListWithPrefix(empty.path(), "dump.json.cleared-").empty());
}

// Runs SaveDump in a child told to die at `point`; returns the child's exit code.
int SaveInChildCrashingAt(const std::string& path, const Dump& d, const std::string& point) {
  const pid_t child = ::fork();
  if (child < 0) return -1;
  if (child == 0) {
    ::setenv("TEND_TEST_CRASH_AT", point.c_str(), 1);
    const Status s = SaveDump(path, d);
    ::_exit(s.ok() ? 0 : 1);
  }
  int status = 0;
  if (::waitpid(child, &status, 0) != child || !WIFEXITED(status)) return -1;
  return WEXITSTATUS(status);
}

struct CrashCase {
  const char* point;
  bool new_version_visible;  // the rename happened before the crash
};

void PrintTo(const CrashCase& c, std::ostream* os) {
  *os << c.point;
}

class DumpCrashTest : public ::testing::TestWithParam<CrashCase> {};

TEST_P(DumpCrashTest, ACrashAtAnyPointLeavesTheOldOrTheNewDump) {
  TempDir dir;
  const std::string path = dir.File("dump.json");
  ASSERT_TRUE(SaveDump(path, MakeDump("older", 1)).ok());
  ASSERT_TRUE(SaveDump(path, MakeDump("old", 2)).ok());

  ASSERT_EQ(SaveInChildCrashingAt(path, MakeDump("new", 3), GetParam().point), 77);

  auto loaded = LoadDump(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_FALSE(loaded->from_backup);
  ExpectSameDump(loaded->dump,
                 GetParam().new_version_visible ? MakeDump("new", 3) : MakeDump("old", 2));
  // The next save works and cleans the dead writer's temp file.
  ASSERT_TRUE(SaveDump(path, MakeDump("next", 1)).ok());
  EXPECT_TRUE(ListWithPrefix(dir.path(), "dump.json.tmp-").empty());
  EXPECT_TRUE(ListWithPrefix(dir.path(), "dump.json.bak.tmp-").empty());
  loaded = LoadDump(path);
  ASSERT_TRUE(loaded.ok());
  ExpectSameDump(loaded->dump, MakeDump("next", 1));
}

TEST_P(DumpCrashTest, ACrashDuringTheFirstSaveLeavesNothingOrTheNewDump) {
  TempDir dir;
  const std::string path = dir.File("dump.json");
  ASSERT_EQ(SaveInChildCrashingAt(path, MakeDump("new", 1), GetParam().point), 77);
  auto loaded = LoadDump(path);
  if (GetParam().new_version_visible) {
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    ExpectSameDump(loaded->dump, MakeDump("new", 1));
  } else {
    ASSERT_FALSE(loaded.ok());
    EXPECT_EQ(loaded.status().code(), Code::kNotFound);
  }
}

std::string CrashCaseName(const ::testing::TestParamInfo<CrashCase>& param_info) {
  std::string name = param_info.param.point + 5;  // drop "dump:"
  for (char& c : name)
    if (c == '-') c = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Points, DumpCrashTest,
                         ::testing::Values(CrashCase{"dump:after-temp-write", false},
                                           CrashCase{"dump:after-fsync", false},
                                           CrashCase{"dump:after-bak-temp-write", false},
                                           CrashCase{"dump:after-bak-fsync", false},
                                           CrashCase{"dump:after-rename", true},
                                           CrashCase{"dump:after-bak", true}),
                         CrashCaseName);

}  // namespace
}  // namespace tend

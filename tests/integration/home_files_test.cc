// Hostile or damaged files in the home, seen from outside: a FIFO where the dump
// should be, a damaged dump, a removed logs folder. The daemon never blocks on
// them, says what it did, and the user loses nothing a save had kept.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "tests/integration/app_steps.h"
#include "tests/integration/harness.h"

namespace tend::test {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A FIFO as dump.json once hung the daemon's start forever (and `tend kill`
// could not stop it): now the start is refused at once, naming the file.
TEST(HomeFiles, AFifoAsTheDumpIsRefusedAtOnceNamingIt) {
  TendHome home;
  ASSERT_TRUE(TendOk(home, {"ping"}));
  ASSERT_TRUE(TendOk(home, {"kill"}));
  const std::string dump = home.path() + "/home/dump.json";
  ::unlink(dump.c_str());
  ASSERT_EQ(::mkfifo(dump.c_str(), 0600), 0);
  auto r = RunProgram({TendBinary(), "ls"}, home.Env(), 20s);
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_TRUE(Has(r.err, "dump " + dump + " is a FIFO")) << r.err;
  r = RunProgram({TendBinary(), "kill"}, home.Env(), 20s);
  EXPECT_NE(r.exit_code, 124) << r.err;
  ASSERT_EQ(::unlink(dump.c_str()), 0);
  EXPECT_TRUE(TendOk(home, {"ls"}));
}

// Three saves, then dump.json damaged: the backup once held the save before the
// last, so two apps of three came back with exit 0 and no word of the third.
TEST(HomeFiles, ADamagedDumpLosesNothingTheLastSaveHadAndSaysWhatCameBack) {
  TendHome home;
  ASSERT_TRUE(TendOk(home, {"set", "autosave", "false"}));
  for (const char* name : {"a", "b", "c"}) {
    ASSERT_TRUE(TendOk(home, {"start", "/bin/sleep", "-n", name, "--", "300"}));
    ASSERT_TRUE(TendOk(home, {"save"}));
  }
  ASSERT_TRUE(TendOk(home, {"kill"}));
  const std::string dump = home.path() + "/home/dump.json";
  {
    std::ofstream out(dump, std::ios::trunc);
    out << "{\"format\":\"tend-dump\",";
  }
  auto r = home.Tend({"resurrect"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.err, "tend: warning: " + dump + " is unusable")) << r.err;
  const std::string restoring = "restoring 3 process(es) from " + dump + ".bak, saved at ";
  EXPECT_TRUE(Has(r.err, restoring)) << r.err;
  EXPECT_EQ(r.err.find(restoring), r.err.rfind(restoring)) << "said twice: " << r.err;
  auto list = home.List();
  ASSERT_EQ(list.size(), 3u) << list.dump();
  for (const auto& p : list)
    EXPECT_EQ(p["status"], "online") << p.dump();
}

// The logs folder removed (a cleanup script, a careless rm): reloadLogs makes it
// again and moves the files into it; a start makes it too. Before, reloadLogs said
// "reopened 2 log file(s)" with exit 0 while every reopen failed, and starts failed.
TEST(HomeFiles, ReloadLogsRecreatesTheLogsFolderAndAStartDoesToo) {
  TendHome home;
  const std::string script =
      home.WriteScript("tick.sh", "#!/bin/sh\nwhile :; do echo tick; sleep 0.1; done\n");
  ASSERT_TRUE(TendOk(home, {"start", script, "-n", "tick"}));
  ASSERT_TRUE(WaitForText(AppLog(home, "tick"), "tick"));
  const std::string logs = home.path() + "/home/logs";
  fs::remove_all(logs);
  auto r = home.Tend({"reloadLogs"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "reopened 2 log file(s)\n");
  EXPECT_TRUE(WaitForText(AppLog(home, "tick"), "tick")) << "the lines go to the new file";

  fs::remove_all(logs);
  ASSERT_TRUE(TendOk(home, {"start", script, "-n", "tock"}));
  EXPECT_TRUE(WaitForText(AppLog(home, "tock"), "tick"));
}

TEST(HomeFiles, ReloadLogsThatCannotReopenAFileExitsThreeNamingIt) {
  TendHome home;
  const std::string dir = home.ScratchDir() + "/mine";
  fs::create_directories(dir);
  const std::string script =
      home.WriteScript("tick.sh", "#!/bin/sh\nwhile :; do echo tick; sleep 0.1; done\n");
  ASSERT_TRUE(TendOk(home, {"start", script, "-n", "tick", "-o", dir + "/out.log"}));
  ASSERT_TRUE(WaitForText(dir + "/out.log", "tick"));
  fs::remove_all(dir);  // a folder of the user's: tend does not make it
  auto r = home.Tend({"reloadLogs"});
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_TRUE(Has(r.err, "tend: cannot open log file " + dir + "/out.log")) << r.err;
  EXPECT_TRUE(Has(r.out, "reopened 1 log file(s)")) << r.out;  // its error log, in the home
  EXPECT_EQ(home.Process(0)["status"], "online");
}

}  // namespace
}  // namespace tend::test

// Output through the daemon: files, tend logs, flush, reloadLogs.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "tests/integration/app_steps.h"
#include "tests/integration/harness.h"

namespace tend::test {
namespace {

TEST(Logs, StdoutAndStderrReachTheirFilesAndTendLogs) {
  TendHome home;
  const std::string script = home.WriteScript(
      "talk.sh",
      "#!/bin/sh\necho hello out\necho hello err >&2\nprintf 'partial'\nexec sleep 300\n");
  ASSERT_TRUE(TendOk(home, {"start", script, "-n", "talk"}));
  const std::string logs = home.path() + "/home/logs/";
  ASSERT_TRUE(WaitFor([&] { return ReadWholeFile(logs + "talk-out.log") == "hello out\n"; }))
      << ReadWholeFile(logs + "talk-out.log");
  ASSERT_TRUE(WaitFor([&] { return ReadWholeFile(logs + "talk-error.log") == "hello err\n"; }));
  auto r = home.Tend({"logs", "talk", "--nostream", "--raw"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("hello out\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("hello err\n"), std::string::npos) << r.out;
  r = home.Tend({"logs", "talk", "--nostream", "--err"});
  EXPECT_EQ(r.out, "0|talk       | hello err\n");
  // The partial line is written when the process ends, ended by a newline so
  // the next run's first line does not stick to it.
  ASSERT_TRUE(TendOk(home, {"stop", "talk"}));
  EXPECT_TRUE(WaitFor([&] {
    return ReadWholeFile(logs + "talk-out.log") == "hello out\npartial\n";
  })) << ReadWholeFile(logs + "talk-out.log");
}

TEST(Logs, FlushTruncatesAndReloadLogsReopensAfterARename) {
  TendHome home;
  // An app that prints a numbered line every 50 ms, so lines keep coming across the rename.
  const std::string script = home.WriteScript(
      "tick.sh", "#!/bin/sh\ni=0\nwhile true; do i=$((i+1)); echo line $i; sleep 0.05; done\n");
  ASSERT_TRUE(TendOk(home, {"start", script, "-n", "tick"}));
  const std::string out = AppLog(home, "tick");
  ASSERT_TRUE(WaitFor([&] { return ReadWholeFile(out).size() > 20; }));
  ASSERT_TRUE(TendOk(home, {"flush", "tick"}));
  EXPECT_LT(ReadWholeFile(out).size(), 40u);
  ASSERT_EQ(std::rename(out.c_str(), (out + ".1").c_str()), 0);
  ASSERT_TRUE(TendOk(home, {"reloadLogs"}));
  EXPECT_TRUE(WaitFor([&] { return ReadWholeFile(out).find("line ") != std::string::npos; }));
}

TEST(Logs, AnUnwritableLogPathIsAClearErrorAtStart) {
  TendHome home;
  const std::string file = home.ScratchDir() + "/regular";
  std::ofstream(file) << "x";
  auto r = home.Tend({"start", "/bin/sleep", "-o", file + "/out.log", "--", "300"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(file + "/out.log"), std::string::npos) << r.err;
  EXPECT_TRUE(home.List().empty());
}

}  // namespace
}  // namespace tend::test

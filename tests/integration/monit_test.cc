// `tend monit` as a user sees it, in a real terminal (tmux, 80x24): the host and the
// processes, a filter, the log pane with lines from before it opened, a restart from the
// keyboard, and q leaving the terminal to the shell. Without a terminal: one snapshot.
#include <gtest/gtest.h>
#include <signal.h>

#include <string>

#include "tests/integration/app_steps.h"
#include "tests/integration/harness.h"
#include "tests/integration/tmux_pane.h"

namespace tend::test {
namespace {

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class MonitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(TendOk(home_, {"start", "/bin/sleep", "--name", "nap", "--", "600"}));
    // 30 lines, all written before monit opens, then quiet.
    const std::string talker = home_.WriteScript(
        "talker.sh", "#!/bin/sh\nfor i in $(seq 1 30); do echo early $i; done\nexec sleep 600\n");
    ASSERT_TRUE(TendOk(home_, {"start", talker, "--name", "talker"}));
    ASSERT_TRUE(WaitFor([&] {
      return Has(ReadWholeFile(home_.path() + "/home/logs/talker-out.log"), "early 30\n");
    }));
  }
  std::string Monit(const std::string& args = "") const { return TendBinary() + " monit " + args; }
  TendHome home_;
};

TEST_F(MonitTest, ShowsFiltersScrollsRestartsAndQuits) {
  TmuxPane pane(home_.path(), 80, 24, Monit(), home_.Env());
  ASSERT_TRUE(pane.started());
  std::string screen;
  ASSERT_TRUE(pane.WaitForText("talker", &screen)) << screen;
  EXPECT_TRUE(Has(screen, "nap")) << screen;
  EXPECT_TRUE(Has(screen, "load ")) << screen;
  EXPECT_TRUE(Has(screen, "mem [")) << screen;

  pane.Keys({"/"});
  pane.Keys({"talk"}, /*literal=*/true);
  pane.Keys({"Enter"});
  ASSERT_TRUE(pane.WaitForText("filter: talk", &screen)) << screen;
  EXPECT_FALSE(Has(screen, " nap ")) << screen;
  // The only process left is selected: its log pane holds what it wrote before monit opened.
  ASSERT_TRUE(pane.WaitForText("early 30", &screen)) << screen;
  EXPECT_FALSE(Has(screen, "early 5\n")) << screen;
  pane.Keys({"PPage", "PPage", "PPage", "PPage"});
  ASSERT_TRUE(pane.WaitForText("early 5\n", &screen)) << screen;
  EXPECT_TRUE(Has(screen, "paused")) << screen;

  pane.Keys({"r"});
  ASSERT_TRUE(pane.WaitForText("restart talker (id 1)? y/n", &screen)) << screen;
  pane.Keys({"y"});
  ASSERT_TRUE(pane.WaitForText("done: restart talker (id 1)", &screen)) << screen;
  EXPECT_TRUE(WaitFor([&] { return home_.Process(1).value("restarts", 0) == 1; }));

  pane.Keys({"q"});
  ASSERT_TRUE(pane.WaitForText("exited 0", &screen)) << screen;
  EXPECT_FALSE(Has(screen, "logs of")) << "the screen was not given back: " << screen;
}

// The daemon killed under it: monit says so, keeps its screen, and a second later is back
// on the next daemon (started as any command starts one), which took the apps over.
TEST_F(MonitTest, SaysWhenTheDaemonIsLostAndComesBackToTheNext) {
  TmuxPane pane(home_.path(), 80, 24, Monit(), home_.Env());
  ASSERT_TRUE(pane.started());
  std::string screen;
  ASSERT_TRUE(pane.WaitForText("talker", &screen)) << screen;
  const pid_t first = home_.DaemonPid();
  ASSERT_EQ(::kill(first, SIGKILL), 0);
  ASSERT_TRUE(pane.WaitForText("lost the daemon", &screen)) << screen;
  EXPECT_TRUE(Has(screen, "talker")) << "the last screen stays: " << screen;
  EXPECT_TRUE(WaitFor([&] { return home_.DaemonPid() > 0 && home_.DaemonPid() != first; }));
  ASSERT_TRUE(WaitFor([&] { return !Has(pane.Capture(), "lost the daemon"); })) << pane.Capture();
  EXPECT_TRUE(pane.WaitForText("talker", &screen)) << screen;
  pane.Keys({"q"});
  EXPECT_TRUE(pane.WaitForText("exited 0", &screen)) << screen;
}

TEST_F(MonitTest, ReadOnlyRefusesActionsAndNoColorMeansNoColour) {
  TmuxPane pane(home_.path(), 80, 24, Monit("--readonly"), home_.Env());  // Env has NO_COLOR=1
  ASSERT_TRUE(pane.started());
  std::string screen;
  ASSERT_TRUE(pane.WaitForText("read-only", &screen)) << screen;
  pane.Keys({"s"});
  ASSERT_TRUE(pane.WaitForText("read-only: no actions", &screen)) << screen;
  EXPECT_EQ(home_.Process(0).value("status", ""), "online");
  const std::string coloured = pane.Capture(/*escapes=*/true);
  EXPECT_FALSE(Has(coloured, "\x1b[32m") || Has(coloured, "\x1b[31m")) << coloured;
  pane.Keys({"Escape"});
  EXPECT_TRUE(pane.WaitForText("exited 0", &screen)) << screen;
}

TEST_F(MonitTest, WithoutATerminalPrintsOneSnapshot) {
  auto r = home_.Tend({"monit"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "load ")) << r.out;
  EXPECT_TRUE(Has(r.out, " nap ")) << r.out;
  EXPECT_TRUE(Has(r.out, " talker ")) << r.out;
  r = home_.Tend({"dashboard", "tal"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(Has(r.out, " nap ")) << r.out;
  EXPECT_TRUE(Has(r.out, " talker ")) << r.out;
}

// `tend ls --sort` and `--watch`, the table's other live habits.
TEST_F(MonitTest, LsSortsAndWatchRedrawsUntilCtrlC) {
  auto r = home_.Tend({"ls", "--sort", "name:desc"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_LT(r.out.find("talker"), r.out.find("nap")) << r.out;
  r = home_.Tend({"ls", "--sort", "colour"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Has(r.err, "--sort colour: no such field")) << r.err;

  TmuxPane pane(home_.path(), 80, 24, TendBinary() + " ls --watch 0.2 --sort name", home_.Env());
  ASSERT_TRUE(pane.started());
  std::string screen;
  ASSERT_TRUE(pane.WaitForText("talker", &screen)) << screen;
  EXPECT_LT(screen.find("nap"), screen.find("talker")) << screen;
  ASSERT_TRUE(TendOk(home_, {"stop", "nap"}));
  ASSERT_TRUE(pane.WaitForText("stopped", &screen)) << "the table is redrawn: " << screen;
  EXPECT_EQ(screen.find("talker"), screen.rfind("talker")) << "redrawn in place: " << screen;
  pane.Keys({"C-c"});
  EXPECT_TRUE(pane.WaitForText("exited 0", &screen)) << screen;
}

}  // namespace
}  // namespace tend::test

// start/stop/restart/delete through the real CLI against a real daemon.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "tests/integration/app_steps.h"
#include "tests/integration/harness.h"

namespace tend::test {
namespace {

TEST(Lifecycle, StartListStopRestartDeleteById) {
  TendHome home;
  ASSERT_TRUE(TendOk(home, {"start", "/bin/sleep", "--name", "nap", "--", "300"}));
  auto p = home.Process(0);
  ASSERT_EQ(p["status"], "online");
  const pid_t pid = p["pid"];
  ASSERT_GT(pid, 0);
  EXPECT_EQ(p["spec"]["args"], nlohmann::json({"300"}));

  ASSERT_TRUE(TendOk(home, {"stop", "0"}));
  EXPECT_TRUE(WaitFor([&] { return ProcessGone(pid); }));
  EXPECT_EQ(home.Process(0)["status"], "stopped");

  ASSERT_TRUE(TendOk(home, {"restart", "nap"}));
  p = home.Process(0);
  EXPECT_EQ(p["status"], "online");
  EXPECT_NE(p["pid"], pid);
  EXPECT_EQ(p["restarts"], 1);

  const pid_t pid2 = p["pid"];
  ASSERT_TRUE(TendOk(home, {"delete", "nap"}));
  EXPECT_TRUE(WaitFor([&] { return ProcessGone(pid2); }));
  EXPECT_TRUE(home.List().empty());
}

TEST(Lifecycle, TargetsByNamespaceRegexAndAll) {
  TendHome home;
  for (const char* name : {"api-1", "api-2", "worker"}) {
    const std::string ns = std::string(name).rfind("api", 0) == 0 ? "web" : "jobs";
    auto r = home.Tend({"start", "/bin/sleep", "-n", name, "--namespace", ns, "--", "300"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  auto r = home.Tend({"stop", "web"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto list = home.List();
  EXPECT_EQ(list[0]["status"], "stopped");
  EXPECT_EQ(list[1]["status"], "stopped");
  EXPECT_EQ(list[2]["status"], "online");

  r = home.Tend({"restart", "/^api-/"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  list = home.List();
  EXPECT_EQ(list[0]["status"], "online");
  EXPECT_EQ(list[1]["status"], "online");

  r = home.Tend({"stop", "0", "worker"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  list = home.List();
  EXPECT_EQ(list[0]["status"], "stopped");
  EXPECT_EQ(list[1]["status"], "online");
  EXPECT_EQ(list[2]["status"], "stopped");

  r = home.Tend({"delete", "all"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(home.List().empty());
}

TEST(Lifecycle, UnknownTargetIsAClearErrorWithExitCode1) {
  TendHome home;
  ASSERT_TRUE(TendOk(home, {"start", "/bin/sleep", "--", "300"}));
  auto r = home.Tend({"stop", "nothere"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("nothere"), std::string::npos) << r.err;
  r = home.Tend({"restart", "42"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("42"), std::string::npos) << r.err;
}

TEST(Lifecycle, MissingScriptIsAClearErrorAndStartsNothing) {
  TendHome home;
  auto r = home.Tend({"start", "./no-such-script.js"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no-such-script.js"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("not found"), std::string::npos) << r.err;
}

TEST(Lifecycle, NotExecutableIsReportedAtStartNotAsACrashLoop) {
  TendHome home;
  const std::string path = home.WriteScript("plain.bin", "not a program\n");
  ::chmod(path.c_str(), 0644);
  auto r = home.Tend({"start", path, "--interpreter", "none"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("permission denied"), std::string::npos) << r.err;
  EXPECT_TRUE(home.List().empty());
}

TEST(Lifecycle, BadCwdIsReportedAtStart) {
  TendHome home;
  auto r = home.Tend({"start", "/bin/sleep", "--cwd", "/nonexistent/dir", "--", "1"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("/nonexistent/dir"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("does not exist"), std::string::npos) << r.err;
}

TEST(Lifecycle, StartSameScriptAgainIsRefusedUnlessForced) {
  TendHome home;
  ASSERT_TRUE(TendOk(home, {"start", "/bin/sleep", "--", "300"}));
  auto r = home.Tend({"start", "/bin/sleep", "--", "300"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("already running"), std::string::npos) << r.err;
  r = home.Tend({"start", "/bin/sleep", "-f", "--", "300"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(home.List().size(), 2u);
}

TEST(Lifecycle, StartByNameRestartsTheExistingApp) {
  TendHome home;
  ASSERT_TRUE(TendOk(home, {"start", "/bin/sleep", "-n", "nap", "--", "300"}));
  ASSERT_TRUE(TendOk(home, {"stop", "nap"}));
  ASSERT_TRUE(TendOk(home, {"start", "nap"}));
  EXPECT_EQ(home.Process(0)["status"], "online");
  EXPECT_EQ(home.List().size(), 1u);
}

TEST(Lifecycle, DescribeAndJlistSayWhyItRestarted) {
  TendHome home;
  const std::string marker = home.ScratchDir() + "/ran-once";
  // The first run exits with code 4; the restarted one stays up.
  const std::string script =
      home.WriteScript("once.sh", "#!/bin/sh\n[ -e " + marker + " ] && exec sleep 300\ntouch " +
                                      marker + "\nexit 4\n");
  ASSERT_TRUE(TendOk(home, {"start", script, "-n", "once"}));
  ASSERT_TRUE(WaitFor([&] {
    auto p = home.Process(0);
    return p["restarts"] == 1 && p["status"] == "online";
  }));
  ASSERT_TRUE(TendOk(home, {"restart", "once"}));
  auto describe = home.Tend({"describe", "once"});
  ASSERT_EQ(describe.exit_code, 0) << describe.err;
  EXPECT_NE(describe.out.find("crash: code 4 after "), std::string::npos) << describe.out;
  EXPECT_NE(describe.out.find("  manual\n"), std::string::npos) << describe.out;
  auto jlist = nlohmann::json::parse(home.Tend({"jlist"}).out);
  const auto& reasons = jlist[0]["pm2_env"]["tend"]["restart_reasons"];
  ASSERT_EQ(reasons.size(), 2u) << reasons;
  EXPECT_EQ(reasons[0]["cause"], "crash");
  EXPECT_EQ(reasons[1]["cause"], "manual");
  EXPECT_EQ(jlist[0]["pm2_env"]["restart_time"], 2);
  EXPECT_TRUE(DaemonLogHas(home, "restart (crash: code 4 after "));
}

// max_memory_restart: a child that holds 300 MB under a 200M limit is restarted within a
// few samples (one a second), gracefully, with the reason; one under its limit is left alone.
TEST(Lifecycle, MaxMemoryRestartRestartsAProcessPastItsLimit) {
  TendHome home;
  const std::string hog =
      home.WriteScript("hog.py",
                       "#!/usr/bin/env python3\nimport time\nblock = b'x' * (300 * 1024 * 1024)\n"
                       "time.sleep(300)\n");
  ASSERT_TRUE(TendOk(home, {"start", hog, "-n", "hog", "--max-memory-restart", "200M"}));
  ASSERT_TRUE(TendOk(
      home, {"start", "/bin/sleep", "-n", "calm", "--max-memory-restart", "200M", "--", "300"}));
  ASSERT_TRUE(WaitFor([&] { return home.Process(0)["restarts"].get<int>() >= 1; }))
      << home.Process(0).dump();
  ASSERT_TRUE(TendOk(home, {"stop", "hog"}));
  const auto reasons = home.Process(0)["restart_reasons"];
  ASSERT_FALSE(reasons.empty());
  EXPECT_EQ(reasons[0]["cause"], "memory");
  EXPECT_NE(reasons[0]["detail"].get<std::string>().find("passed the limit of 200.0 MiB"),
            std::string::npos)
      << reasons;
  auto describe = home.Tend({"describe", "hog"});
  EXPECT_NE(describe.out.find("  memory: "), std::string::npos) << describe.out;
  EXPECT_TRUE(DaemonLogHas(home, "passed the limit of 200.0 MiB; restarting it"));
  EXPECT_EQ(home.Process(1)["restarts"], 0);
  EXPECT_EQ(home.Process(1)["status"], "online");
}

TEST(Lifecycle, ArgumentsAfterDoubleDashReachTheProgramUnchanged) {
  TendHome home;
  const std::string out = home.ScratchDir() + "/args.txt";
  const std::string script = home.WriteScript(
      "args.sh", "#!/bin/sh\nfor a in \"$@\"; do printf '[%s]\\n' \"$a\"; done > " + out +
                     "\nexec sleep 300\n");
  ASSERT_TRUE(TendOk(home, {"start", script, "--", "--name", "x y", "-f", "\xff\xfe"}));
  ASSERT_TRUE(WaitForNonEmpty(out));
  EXPECT_EQ(ReadWholeFile(out), "[--name]\n[x y]\n[-f]\n[\xff\xfe]\n");
  EXPECT_EQ(home.Process(0)["name"], "args");
}

}  // namespace
}  // namespace tend::test

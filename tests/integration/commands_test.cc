// The per-process verbs through the real CLI: sendSignal, env, pid, reset,
// describe, restart --update-env, and the environment a child gets.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "tests/integration/app_steps.h"
#include "tests/integration/harness.h"

namespace tend::test {
namespace {

using std::chrono::seconds;

std::map<std::string, std::string> EnvFile(const std::string& path) {
  std::map<std::string, std::string> env;
  for (const auto& line : ReadFileLines(path)) {
    const auto eq = line.find('=');
    if (eq != std::string::npos) env[line.substr(0, eq)] = line.substr(eq + 1);
  }
  return env;
}

TEST(Commands, SendSignalReachesTheProcess) {
  TendHome home;
  const std::string got = home.ScratchDir() + "/got";
  const std::string ready = home.ScratchDir() + "/ready";
  // The app idles in short sleeps (part of the app, not a wait): sh runs a trap only
  // between commands, so a long sleep would hold the USR2 back.
  const std::string script =
      home.WriteScript("usr2.sh", "#!/bin/sh\ntrap 'echo usr2 >> " + got + "' USR2\necho x > " +
                                      ready + "\nwhile :; do sleep 0.1; done\n");
  ASSERT_TRUE(TendOk(home, {"start", script, "-n", "sig"}));
  ASSERT_TRUE(WaitForNonEmpty(ready));
  const pid_t pid = home.Process(0)["pid"];
  auto r = home.Tend({"sendSignal", "SIGUSR2", "sig"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(WaitFor([&] { return ReadWholeFile(got) == "usr2\n"; })) << ReadWholeFile(got);
  // A number works too, and the process survives its trapped signal.
  r = home.Tend({"sendSignal", "12", "0"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(WaitFor([&] { return ReadWholeFile(got) == "usr2\nusr2\n"; })) << ReadWholeFile(got);
  EXPECT_EQ(home.Process(0)["pid"], pid);
  EXPECT_EQ(home.Process(0)["status"], "online");
  r = home.Tend({"sendSignal", "SIGNOPE", "sig"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("SIGNOPE"), std::string::npos) << r.err;
}

TEST(Commands, ChildEnvironmentHasTendVariablesAndTheCapturedOnes) {
  TendHome home;
  const std::string out = home.ScratchDir() + "/env";
  const std::string script =
      home.WriteScript("env.sh", "#!/bin/sh\nenv > " + out + ".tmp && mv " + out + ".tmp " + out +
                                     "\nexec sleep 300\n");
  auto r = home.Tend({"start", script, "-n", "envy"}, {{"CAPTURED_VAR", "hello world"}});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_TRUE(WaitForNonEmpty(out));
  auto env = EnvFile(out);
  EXPECT_EQ(env["pm_id"], "0");
  EXPECT_EQ(env["name"], "envy");
  EXPECT_EQ(env["TEND_HOME"], home.path() + "/home");
  EXPECT_EQ(env["NODE_APP_INSTANCE"], "0");
  EXPECT_EQ(env["CAPTURED_VAR"], "hello world");

  // `tend env` shows what the process was given.
  r = home.Tend({"env", "0"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("CAPTURED_VAR=hello world\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("pm_id=0\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("name=envy\n"), std::string::npos) << r.out;
  r = home.Tend({"env", "7"});
  EXPECT_NE(r.exit_code, 0);
}

TEST(Commands, RestartKeepsTheEnvUnlessUpdateEnv) {
  TendHome home;
  const std::string out = home.ScratchDir() + "/foo";
  const std::string script =
      home.WriteScript("foo.sh", "#!/bin/sh\necho \"$FOO\" >> " + out + "\nexec sleep 300\n");
  ASSERT_TRUE(TendOk(home, {"start", script, "-n", "foo"}, {{"FOO", "one"}}));
  ASSERT_TRUE(WaitFor([&] { return ReadFileLines(out).size() == 1; }));
  ASSERT_TRUE(TendOk(home, {"restart", "foo"}, {{"FOO", "two"}}));
  ASSERT_TRUE(WaitFor([&] { return ReadFileLines(out).size() == 2; }));
  EXPECT_EQ(ReadFileLines(out)[1], "one");
  ASSERT_TRUE(TendOk(home, {"restart", "foo", "--update-env"}, {{"FOO", "two"}}));
  ASSERT_TRUE(WaitFor([&] { return ReadFileLines(out).size() == 3; }));
  EXPECT_EQ(ReadFileLines(out)[2], "two");
  // The new value sticks for later plain restarts.
  ASSERT_TRUE(TendOk(home, {"restart", "foo"}, {{"FOO", "three"}}));
  ASSERT_TRUE(WaitFor([&] { return ReadFileLines(out).size() == 4; }));
  EXPECT_EQ(ReadFileLines(out)[3], "two");
}

TEST(Commands, PidPrintsThePidsOfAnApp) {
  TendHome home;
  ASSERT_TRUE(TendOk(home, {"start", "/bin/sleep", "-n", "a", "--", "300"}));
  ASSERT_TRUE(TendOk(home, {"start", "/bin/sleep", "-n", "b", "--", "300"}));
  const int pid_a = home.Process(0)["pid"];
  const int pid_b = home.Process(1)["pid"];
  auto r = home.Tend({"pid", "b"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, std::to_string(pid_b) + "\n");
  r = home.Tend({"pid"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, std::to_string(pid_a) + "\n" + std::to_string(pid_b) + "\n");
  ASSERT_TRUE(TendOk(home, {"stop", "a"}));
  r = home.Tend({"pid", "a"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
}

TEST(Commands, ResetZeroesRestarts) {
  TendHome home;
  ASSERT_TRUE(TendOk(home, {"start", "/bin/sleep", "-n", "nap", "--", "300"}));
  ASSERT_TRUE(TendOk(home, {"restart", "nap"}));
  ASSERT_TRUE(TendOk(home, {"restart", "nap"}));
  ASSERT_EQ(home.Process(0)["restarts"], 2);
  const pid_t pid = home.Process(0)["pid"];
  ASSERT_TRUE(TendOk(home, {"reset", "nap"}));
  auto p = home.Process(0);
  EXPECT_EQ(p["restarts"], 0);
  EXPECT_EQ(p["pid"], pid) << "reset must not restart anything";
  EXPECT_EQ(p["status"], "online");
}

TEST(Commands, DescribeShowsTheLastExitCodeAfterACrash) {
  TendHome home;
  const std::string marker = home.ScratchDir() + "/crashed";
  const std::string script = home.WriteScript(
      "crash-once.sh", "#!/bin/sh\nif [ -e " + marker + " ]; then exec sleep 300; fi\ntouch " +
                           marker + "\nexit 3\n");
  ASSERT_TRUE(TendOk(home, {"start", script, "-n", "once"}));
  ASSERT_TRUE(WaitFor([&] {
    auto p = home.Process(0);
    return p["restarts"] == 1 && p["status"] == "online";
  }));
  auto r = home.Tend({"describe", "once"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("last exit code"), std::string::npos) << r.out;
  const auto row = r.out.substr(r.out.find("last exit code"));
  EXPECT_NE(row.substr(0, row.find('\n')).find(" 3"), std::string::npos) << row;
  r = home.Tend({"describe", "once", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_TRUE(j.is_array()) << r.out;
  EXPECT_EQ(j[0]["exit_code"], 3);
  EXPECT_EQ(j[0]["restarts"], 1);
}

}  // namespace
}  // namespace tend::test

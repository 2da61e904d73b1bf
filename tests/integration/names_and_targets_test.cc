// Hostile names and /regex/ targets through a real daemon (issue 11): a pattern that
// backtracks answers at once and the daemon lives; names no command could target, or
// that carry control characters, are refused with the reason, from the CLI and from a
// client that talks to the socket directly.
#include <gtest/gtest.h>

#include <string>

#include "config/app_spec.h"
#include "config/app_spec_json.h"
#include "ipc/client.h"
#include "tests/integration/app_steps.h"
#include "tests/integration/harness.h"

namespace tend::test {
namespace {

class NamesAndTargets : public ::testing::Test {
 protected:
  // `tend args...`, which must end within 20 s (scaled): a daemon stuck in a regex fails it.
  CmdResult Prompt(const std::vector<std::string>& args) {
    std::vector<std::string> argv{TendBinary()};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunProgram(argv, home_.Env(), std::chrono::seconds(20));
  }
  void ExpectDaemonLives(pid_t daemon) {
    auto r = home_.Tend({"ping", "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(nlohmann::json::parse(r.out, nullptr, false).value("pid", 0), daemon);
  }
  // `tend start /bin/sleep --name <name> -- 1000` is refused, saying `why` on stderr.
  void ExpectNameRefused(const std::string& name, const std::string& why) {
    auto r = home_.Tend({"start", "/bin/sleep", "--name", name, "--", "1000"});
    EXPECT_EQ(r.exit_code, 1) << r.out;
    EXPECT_NE(r.err.find(why), std::string::npos) << r.err;
  }
  TendHome home_;
};

TEST_F(NamesAndTargets, BacktrackingRegexTargetsAnswerAtOnceAndTheDaemonLives) {
  // The longest name allowed, all 'a' but the last byte: std::regex took 13 s for
  // `(a+)+$` on 29 bytes and twice as long for every byte more.
  const std::string name = std::string(127, 'a') + "-";
  ASSERT_TRUE(TendOk(home_, {"start", "/bin/sleep", "--name", name, "--", "1000"}));
  ASSERT_TRUE(WaitForStatus(home_, 0, "online"));
  const pid_t daemon = home_.DaemonPid();
  auto r = Prompt({"describe", "/(a+)+$/"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("no process name matches /(a+)+$/"), std::string::npos) << r.err;
  r = Prompt({"describe", "/(a|b)*c/"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  r = Prompt({"describe", "/^(a|b)*-$/"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  ExpectDaemonLives(daemon);
  ASSERT_TRUE(TendOk(home_, {"stop", "/^a+-$/"}));
  EXPECT_TRUE(WaitForStatus(home_, 0, "stopped"));
}

TEST_F(NamesAndTargets, AnInvalidRegexNamesThePatternAndTheReason) {
  ASSERT_TRUE(TendOk(home_, {"start", "/bin/sleep", "--name", "worker-1", "--", "1000"}));
  auto r = Prompt({"stop", "/^worker-(/"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "tend: invalid regular expression /^worker-(/: missing ): ^worker-(\n");
  r = Prompt({"stop", "/(?<=x)worker/"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("invalid regular expression /(?<=x)worker/: "), std::string::npos) << r.err;
  EXPECT_EQ(home_.Process(0).value("status", ""), "online");
}

TEST_F(NamesAndTargets, NamesNoCommandCouldTargetAreRefusedByTheCli) {
  ExpectNameRefused("0", "app name '0' is all digits");
  ExpectNameRefused("12", "app name '12' is all digits");
  ExpectNameRefused("all", "app name 'all' is reserved");
  ExpectNameRefused(std::string(129, 'n'), "is too long: at most 128 bytes");
  ExpectNameRefused("a\nb", "app name 'a\\x0Ab' contains a control character");
  ExpectNameRefused("a\rb", "app name 'a\\x0Db' contains a control character");
  ExpectNameRefused("red\x1b[31m", "app name 'red\\x1B[31m' contains a control character");
  // The default name, a script's basename, obeys the same rules.
  const std::string script = home_.WriteScript("7", "#!/bin/sh\nsleep 1000\n");
  auto r = home_.Tend({"start", script});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("app name '7' is all digits"), std::string::npos) << r.err;
  EXPECT_TRUE(home_.List().empty());
}

TEST_F(NamesAndTargets, NamesInAnEcosystemFileAreRefusedWithTheFileAndLine) {
  const std::string file = home_.WriteFile(
      "ecosystem.json", "{\"apps\": [\n  {\"name\": \"12\", \"script\": \"/bin/sleep\"}\n]}\n");
  auto r = home_.Tend({"start", file});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find(file + ":2: apps[0].name: app name '12' is all digits"), std::string::npos)
      << r.err;
  const std::string yaml =
      home_.WriteFile("ecosystem.yaml", "apps:\n  - script: /bin/sleep\n    name: \"a\\eb\"\n");
  r = home_.Tend({"config", yaml});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find(yaml + ":3: apps[0].name: app name 'a\\x1Bb' contains a control"),
            std::string::npos)
      << r.err;
}

// A client that skips the CLI's checks: the daemon refuses the same names itself.
TEST_F(NamesAndTargets, TheDaemonRefusesBadNamesFromAClientOfItsOwn) {
  ASSERT_TRUE(TendOk(home_, {"ping"}));
  const pid_t daemon = home_.DaemonPid();
  auto client = ipc::Client::Connect(home_.path() + "/home/tend.sock");
  ASSERT_TRUE(client.ok()) << client.status().message();
  for (const std::string& name : {std::string("0"), std::string("all"), std::string(20000, 'a'),
                                  std::string("x\x1b]0;t\x07")}) {
    AppSpec spec;
    spec.name = name;
    spec.script = "/bin/sleep";
    spec.args = {"1000"};
    spec.interpreter = "none";
    auto r = client->Call("start", {{"apps", nlohmann::json::array({AppSpecToJson(spec)})}},
                          std::chrono::seconds(10));
    ASSERT_FALSE(r.ok()) << "accepted " << name.substr(0, 40);
    EXPECT_EQ(r.status().code(), Code::kInvalidArgument) << r.status().message();
    EXPECT_EQ(r.status().message().rfind("app name '", 0), 0u) << r.status().message();
    EXPECT_LT(r.status().message().size(), 200u) << "the name is cut in the message";
  }
  EXPECT_TRUE(home_.List().empty());
  ExpectDaemonLives(daemon);
}

}  // namespace
}  // namespace tend::test

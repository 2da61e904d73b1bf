// What a user sees of the CLI itself: unknown verbs, versions, and output
// that stays plain and parseable when it goes to a pipe.
#include <gtest/gtest.h>

#include <string>

#include "config/pm2_jlist.h"
#include "tests/integration/app_steps.h"
#include "tests/integration/harness.h"

namespace tend::test {
namespace {

TEST(CliSurface, UnknownVerbExitsTwoAndSuggestsCloseOnes) {
  TendHome home;
  auto r = home.Tend({"bogus"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("bogus"), std::string::npos) << r.err;
  r = home.Tend({"stpo"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("stop"), std::string::npos) << r.err;
  // Two swapped pairs: 2 by the optimal string alignment distance, 4 by Levenshtein's.
  r = home.Tend({"erstatr"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("restart"), std::string::npos) << r.err;
  EXPECT_EQ(home.DaemonPid(), 0) << "an unknown verb must not start a daemon";
}

TEST(CliSurface, VersionPrintsTheCliAndTheDaemon) {
  TendHome home;
  auto r = home.Tend({"--version"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find(std::string("tend ") + TEND_VERSION), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("tendd not running"), std::string::npos) << r.out;
  ASSERT_TRUE(TendOk(home, {"ping"}));
  r = home.Tend({"--version"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find(std::string("tend ") + TEND_VERSION + "\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(std::string("tendd ") + TEND_VERSION + " (pid " +
                       std::to_string(home.DaemonPid()) + ")"),
            std::string::npos)
      << r.out;
}

TEST(CliSurface, ListThroughAPipeIsPlain) {
  TendHome home;
  ASSERT_TRUE(TendOk(home, {"start", "/bin/sleep", "-n", "nap", "--", "300"}));
  // No NO_COLOR this time: a pipe alone must be enough.
  auto r = home.Tend({"ls"}, {{"NO_COLOR", ""}, {"TERM", "xterm-256color"}});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("nap"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("online"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos) << r.out;
  // Box-drawing characters are U+2500..U+257F: E2 94 xx / E2 95 xx in UTF-8.
  EXPECT_EQ(r.out.find("\xe2\x94"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("\xe2\x95"), std::string::npos) << r.out;
}

TEST(CliSurface, JlistHasPm2sShape) {
  TendHome home;
  ASSERT_TRUE(TendOk(home, {"start", "/bin/sleep", "-n", "nap", "--", "300"}));
  auto r = home.Tend({"jlist"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_TRUE(j.is_array()) << r.out;
  ASSERT_EQ(j.size(), 1u);
  const auto& p = j[0];
  EXPECT_EQ(p["pm_id"], 0);
  EXPECT_EQ(p["name"], "nap");
  EXPECT_EQ(p["pid"], home.Process(0)["pid"]);
  ASSERT_TRUE(p["pm2_env"].is_object()) << p.dump();
  EXPECT_EQ(p["pm2_env"]["status"], "online");
  EXPECT_EQ(p["pm2_env"]["restart_time"], 0);
  EXPECT_TRUE(p["pm2_env"]["pm_uptime"].is_number()) << p.dump();
  ASSERT_TRUE(p["monit"].is_object()) << p.dump();
  EXPECT_TRUE(p["monit"]["cpu"].is_number()) << p.dump();
  EXPECT_TRUE(p["monit"]["memory"].is_number()) << p.dump();
  // prettylist is the same data, indented.
  r = home.Tend({"prettylist"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto pretty = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_TRUE(pretty.is_array()) << r.out;
  EXPECT_EQ(pretty[0]["pm2_env"]["status"], "online");
  EXPECT_EQ(pretty[0]["pid"], p["pid"]);
  EXPECT_NE(r.out.find("\n  "), std::string::npos) << r.out;
}

// jlist as the daemon keeps it, against the same list written whole from `ls --json`
// (config/pm2_jlist.h); cpu and memory are sampled anew between the two, so they are left out.
void ExpectJlistIsTheListWrittenWhole(TendHome& home) {
  auto jlist = home.Tend({"jlist"});
  auto full = home.Tend({"ls", "--json"});
  ASSERT_EQ(jlist.exit_code, 0) << jlist.err;
  ASSERT_EQ(full.exit_code, 0) << full.err;
  auto cached = nlohmann::json::parse(jlist.out);
  auto whole = nlohmann::json::parse(pm2::ListText(nlohmann::json::parse(full.out)));
  for (auto* list : {&cached, &whole}) {
    for (auto& p : *list)
      p.erase("monit");
  }
  EXPECT_EQ(cached, whole);
}

TEST(CliSurface, JlistFollowsEverySpecChangeAndTheRunState) {
  TendHome home;
  ASSERT_TRUE(TendOk(home, {"start", "/bin/sleep", "-n", "nap", "--", "300"}, {{"FOO", "one"}}));
  ExpectJlistIsTheListWrittenWhole(home);
  auto first = nlohmann::json::parse(home.Tend({"jlist"}).out);
  EXPECT_EQ(first[0]["pm2_env"]["env"]["FOO"], "one");

  ASSERT_TRUE(TendOk(home, {"restart", "nap", "--update-env"}, {{"FOO", "two"}}));
  ExpectJlistIsTheListWrittenWhole(home);
  auto second = nlohmann::json::parse(home.Tend({"jlist"}).out);
  EXPECT_EQ(second[0]["pm2_env"]["env"]["FOO"], "two");
  EXPECT_EQ(second[0]["pm2_env"]["FOO"], "two");
  EXPECT_EQ(second[0]["pm2_env"]["restart_time"], 1);
  EXPECT_NE(second[0]["pid"], first[0]["pid"]);

  ASSERT_TRUE(TendOk(home, {"stop", "nap"}));
  ExpectJlistIsTheListWrittenWhole(home);
  EXPECT_EQ(nlohmann::json::parse(home.Tend({"jlist"}).out)[0]["pm2_env"]["status"], "stopped");

  // A deleted app's entry goes; a new app under the same name is listed with its own spec.
  ASSERT_TRUE(TendOk(home, {"delete", "nap"}));
  ASSERT_TRUE(TendOk(home, {"start", "/bin/sleep", "-n", "nap", "--", "301"}));
  ExpectJlistIsTheListWrittenWhole(home);
  auto third = nlohmann::json::parse(home.Tend({"jlist"}).out);
  ASSERT_EQ(third.size(), 1u);
  EXPECT_EQ(third[0]["pm2_env"]["args"], nlohmann::json::array({"301"}));
}

}  // namespace
}  // namespace tend::test

namespace tend::test {
namespace {

TEST(ListBrief, TheTableAsksForABriefListAndJsonForEverything) {
  TendHome home;
  ASSERT_TRUE(TendOk(home, {"start", "/bin/sleep", "-n", "nap", "--", "300"}));
  // The socket speaks for itself: a brief list has no spec, a full one does.
  auto brief =
      RunProgram({"/bin/sh", "-c",
                  "printf '{\"v\":1,\"id\":1,\"cmd\":\"list\",\"args\":{\"brief\":true}}\\n' | "
                  "socat -t5 - UNIX-CONNECT:" +
                      home.path() + "/home/tend.sock"});
  ASSERT_EQ(brief.exit_code, 0) << brief.err;
  auto j = nlohmann::json::parse(brief.out, nullptr, false);
  ASSERT_TRUE(j.is_object()) << brief.out;
  const auto& p = j["result"][0];
  EXPECT_EQ(p["name"], "nap");
  EXPECT_EQ(p["status"], "online");
  EXPECT_FALSE(p.contains("spec"));
  EXPECT_FALSE(p.contains("log_stats"));
  EXPECT_TRUE(home.List()[0].contains("spec")) << "ls --json keeps everything";
  auto table = home.Tend({"ls"});
  EXPECT_NE(table.out.find("nap"), std::string::npos) << table.out;
}

// The CLI asks start, stop and the other actions for brief answers when it
// prints a table afterwards; --json gets the full objects.
TEST(ListBrief, ActionsAnswerBriefWhenAsked) {
  TendHome home;
  auto ask = [&home](const std::string& request) {
    auto r = RunProgram({"/bin/sh", "-c",
                         "printf '%s\\n' '" + request +
                             "' | socat -t5 - UNIX-CONNECT:" + home.path() + "/home/tend.sock"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return nlohmann::json::parse(r.out, nullptr, false);
  };
  ASSERT_TRUE(TendOk(home, {"ping"}));
  auto started = ask(
      R"({"v":1,"id":1,"cmd":"start","args":{"brief":true,"apps":[{"name":"b","script":"/bin/sleep","args":["300"]}]}})");
  ASSERT_TRUE(started.is_object() && started["ok"] == true) << started.dump();
  EXPECT_EQ(started["result"][0]["name"], "b");
  EXPECT_FALSE(started["result"][0].contains("spec"));
  auto stopped = ask(R"({"v":1,"id":2,"cmd":"stop","args":{"brief":true,"targets":["b"]}})");
  ASSERT_TRUE(stopped.is_object() && stopped["ok"] == true) << stopped.dump();
  EXPECT_EQ(stopped["result"][0]["status"], "stopped");
  EXPECT_FALSE(stopped["result"][0].contains("spec"));
  auto full = home.Tend({"start", "/bin/sleep", "-n", "full", "--json", "--", "300"});
  ASSERT_EQ(full.exit_code, 0) << full.err;
  auto j = nlohmann::json::parse(full.out, nullptr, false);
  ASSERT_TRUE(j.is_array() && !j.empty()) << full.out;
  EXPECT_TRUE(j[0].contains("spec")) << "start --json keeps everything";
}

}  // namespace
}  // namespace tend::test

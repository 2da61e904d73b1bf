#include "config/pm2_jlist.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "tests/unit/cli/sample_processes.h"

namespace tend::pm2 {
namespace {

using nlohmann::json;
using tend::cli::testing::SampleProcess;

// Fails the test when an object of `text` holds a key twice.
void ExpectNoKeyTwice(const std::string& text) {
  std::vector<std::set<std::string>> open;
  const json parsed_whole = json::parse(text, [&](int, json::parse_event_t event, json& parsed) {
    if (event == json::parse_event_t::object_start) open.emplace_back();
    if (event == json::parse_event_t::object_end) open.pop_back();
    if (event == json::parse_event_t::key) {
      EXPECT_TRUE(open.back().insert(parsed.get<std::string>()).second)
          << "key written twice: " << parsed;
    }
    return true;
  });
  EXPECT_TRUE(parsed_whole.is_object());
}

json ToPm2Jlist(const json& processes) {
  return json::parse(ListText(processes));
}

TEST(ToPm2Jlist, HasPm2sShapeAndTypes) {
  const json list = ToPm2Jlist(json::array({SampleProcess(7, "api")}));
  ASSERT_TRUE(list.is_array());
  ASSERT_EQ(list.size(), 1u);
  const json& p = list[0];
  EXPECT_EQ(p["pid"], 4007);
  EXPECT_EQ(p["name"], "api");
  EXPECT_EQ(p["pm_id"], 7);
  EXPECT_EQ(p["monit"]["memory"], 36175872);
  EXPECT_DOUBLE_EQ(p["monit"]["cpu"].get<double>(), 12.5);

  const json& env = p["pm2_env"];
  EXPECT_EQ(env["name"], "api");
  EXPECT_EQ(env["namespace"], "default");
  EXPECT_EQ(env["status"], "online");
  EXPECT_EQ(env["pm_id"], 7);
  EXPECT_EQ(env["pm_uptime"], int64_t{1764150000000} + 3600 * 1000);
  EXPECT_EQ(env["created_at"], int64_t{1764150000000});
  EXPECT_EQ(env["restart_time"], 3);
  EXPECT_EQ(env["unstable_restarts"], 1);
  EXPECT_EQ(env["exec_mode"], "fork_mode");
  EXPECT_EQ(env["instances"], 1);
  EXPECT_EQ(env["pm_exec_path"], "/srv/api/server.js");
  EXPECT_EQ(env["pm_cwd"], "/srv/api");
  EXPECT_EQ(env["exec_interpreter"], "node");
  EXPECT_EQ(env["args"], json::array({"--port", "8080"}));
  EXPECT_EQ(env["node_args"], json::array({"--max-old-space-size=512"}));
  EXPECT_EQ(env["pm_out_log_path"], "/home/deploy/.tend/logs/api-out.log");
  EXPECT_EQ(env["pm_err_log_path"], "/home/deploy/.tend/logs/api-error.log");
  EXPECT_EQ(env["pm_pid_path"], "/home/deploy/.tend/pids/api-7.pid");
  EXPECT_TRUE(env["exit_code"].is_null());
  EXPECT_EQ(env["autorestart"], true);
  EXPECT_EQ(env["max_restarts"], 16);
  EXPECT_EQ(env["min_uptime"], 1000);
  EXPECT_EQ(env["kill_timeout"], 1600);
  EXPECT_EQ(env["restart_delay"], 0);
  EXPECT_EQ(env["NODE_APP_INSTANCE"], 0);
  EXPECT_TRUE(env["versioning"].is_null());
  EXPECT_EQ(env["username"], "deploy");
  EXPECT_TRUE(env["axm_options"].is_object());
  EXPECT_TRUE(env["axm_actions"].is_array());
  EXPECT_EQ(env["env"]["NODE_ENV"], "production");
  EXPECT_EQ(env["NODE_ENV"], "production") << "PM2 also lifts env vars into pm2_env";
}

TEST(ToPm2Jlist, EnvironmentNeverOverridesPm2Keys) {
  json p = SampleProcess(0, "api");
  p["spec"]["env"]["status"] = "hijacked";
  const json env = ToPm2Jlist(json::array({p}))[0]["pm2_env"];
  EXPECT_EQ(env["status"], "online");
  EXPECT_EQ(env["env"]["status"], "hijacked");
}

TEST(ToPm2Jlist, StoppedProcessAndMissingInterpreter) {
  json p = SampleProcess(1, "worker", "stopped");
  p["exit_code"] = 2;
  p["spec"]["interpreter"] = "";
  const json j = ToPm2Jlist(json::array({p}))[0];
  EXPECT_EQ(j["pid"], 0);
  EXPECT_EQ(j["pm2_env"]["exit_code"], 2);
  EXPECT_EQ(j["pm2_env"]["exec_interpreter"], "none");
}

TEST(ToPm2Jlist, NonUtf8BytesBecomeEscapedStrings) {
  json p = SampleProcess(0, "api");
  p["spec"]["env"]["BLOB"] = {{"$bytes", "/w=="}};              // 0xFF
  p["spec"]["args"] = json::array({json{{"$bytes", "Yf8="}}});  // "a\xFF"
  const json env = ToPm2Jlist(json::array({p}))[0]["pm2_env"];
  EXPECT_EQ(env["env"]["BLOB"], "\\xFF");
  EXPECT_EQ(env["args"][0], "a\\xFF");
}

TEST(ToPm2Jlist, ToleratesMalformedProcesses) {
  json bad = SampleProcess(0, "api");
  bad["spec"] = {{"env", {{"K", {{"$bytes", 1}}}}}, {"args", 3}};
  bad["pid"] = "1234";
  const json list = ToPm2Jlist(json::array({bad, nullptr, 7}));
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0]["pid"], 0);
  EXPECT_EQ(list[0]["pm2_env"]["args"], json::array());
  EXPECT_EQ(list[0]["pm2_env"]["env"], json::object());
  EXPECT_EQ(list[1]["pm2_env"]["status"], "");
}

TEST(ToPm2Jlist, TendsRestartReasonsGoUnderItsOwnKey) {
  json p = SampleProcess(0, "api");
  p["restart_reasons"] = json::array({{{"cause", "crash"}, {"detail", "code 1"}, {"at", 5}}});
  p["spec"]["env"]["tend"] = "an env var of that name is not lifted";
  const json env = ToPm2Jlist(json::array({p}))[0]["pm2_env"];
  EXPECT_EQ(env["tend"]["restart_reasons"], p["restart_reasons"]);
  EXPECT_EQ(ToPm2Jlist(json::array({SampleProcess(1, "b")}))[0]["pm2_env"]["tend"],
            (json{{"restart_reasons", json::array()}}));
}

// A daemon older than {"format":"pm2"} ignores it and answers tend's shape: the CLI still
// prints PM2's. Its own daemon's text goes through untouched.
TEST(ToPm2Jlist, AnAnswerInTendsShapeIsWrittenInPm2s) {
  const json tend_list = json::array({SampleProcess(0, "api"), SampleProcess(1, "web")});
  const std::string pm2_text = ListText(tend_list);
  EXPECT_EQ(ListTextFromAnswer(tend_list.dump()), pm2_text);
  EXPECT_EQ(ListTextFromAnswer(pm2_text), pm2_text);
  EXPECT_EQ(ListTextFromAnswer("[]"), "[]");
  EXPECT_EQ(ListTextFromAnswer("not json"), "not json");
}

TEST(ToPm2Jlist, NonArrayIsEmpty) {
  EXPECT_EQ(ListText(json::object()), "[]");
  EXPECT_EQ(ListText(json::array()), "[]");
}

// The daemon keeps StableMembers per spec and writes the rest from a brief object: the
// entry must be the same as one written whole.
TEST(ToPm2Jlist, CachedStableMembersAroundABriefProcessAreTheWholeEntry) {
  const json full = SampleProcess(3, "api");
  json brief = json::object();
  for (const char* key :
       {"pm_id", "name", "pid", "status", "restarts", "unstable_restarts", "started_at",
        "exit_code", "exit_signal", "cpu", "memory", "user", "restart_reasons"}) {
    if (full.contains(key)) brief[key] = full[key];
  }
  const std::string cached = StableMembers(full);
  EXPECT_EQ(json::parse(EntryText(brief, cached)), ToPm2Jlist(json::array({full}))[0]);
  // Every key appears once in its object: parsing would silently keep only the last.
  ExpectNoKeyTwice(EntryText(brief, cached));
}

}  // namespace
}  // namespace tend::pm2

// The dump under failure: a daemon that dies at each step of a save, a corrupt
// dump.json, cleardump, and autosave turned off.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "tests/integration/app_steps.h"
#include "tests/integration/harness.h"

namespace tend::test {
namespace {

namespace fs = std::filesystem;

// Names of the processes a dump holds, in order; empty when it is not a dump.
std::vector<std::string> NamesInDump(const std::string& text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  std::vector<std::string> names;
  if (!j.is_object() || !j.contains("processes")) return names;
  for (const auto& p : j["processes"])
    names.push_back(p["spec"]["name"]);
  return names;
}

std::vector<std::string> NamesInList(const nlohmann::json& list) {
  std::vector<std::string> names;
  for (const auto& p : list)
    names.push_back(p["name"]);
  return names;
}

std::vector<std::string> CorruptFilesIn(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().filename().string().rfind("dump.json.corrupt-", 0) == 0) out.push_back(e.path());
  }
  return out;
}

using Names = std::vector<std::string>;

class CrashDuringSave : public ::testing::TestWithParam<std::string> {};

TEST_P(CrashDuringSave, DumpIsOldOrNewAndEveryAppRunsExactlyOnce) {
  TendHome home;
  const std::string dump = home.path() + "/home/dump.json";
  const std::string old_marker = home.ScratchDir() + "/old-starts";
  const std::string new_marker = home.ScratchDir() + "/new-starts";
  const std::string old_app =
      home.WriteScript("old.sh", "#!/bin/sh\necho $$ >> " + old_marker + "\nexec sleep 300\n");
  const std::string new_app =
      home.WriteScript("new.sh", "#!/bin/sh\necho $$ >> " + new_marker + "\nexec sleep 300\n");

  // The old dump: "old" online, saved by a healthy daemon, which then exits.
  ASSERT_TRUE(TendOk(home, {"start", old_app, "-n", "old"}));
  ASSERT_TRUE(TendOk(home, {"save"}));
  ASSERT_TRUE(TendOk(home, {"kill"}));
  const std::string old_dump = ReadWholeFile(dump);
  ASSERT_EQ(NamesInDump(old_dump), Names{"old"});

  // A daemon that dies at the crash point of its first save.
  auto env = home.Env();
  env["TEND_TEST_CRASH_AT"] = GetParam();
  auto r = RunProgram({TenddBinary()}, env);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const pid_t crashing = home.DaemonPid();
  home.Tend({"start", new_app, "-n", "new"});  // its answer may or may not arrive
  ASSERT_TRUE(WaitFor([&] { return ProcessGone(crashing); })) << "no crash at " << GetParam();
  ASSERT_TRUE(WaitFor([&] { return PidsIn(new_marker).size() == 1; }));
  const pid_t orphan = PidsIn(new_marker)[0];
  home.Track(orphan);
  ASSERT_FALSE(ProcessGone(orphan)) << "the app should outlive its daemon";

  // Never a partial dump: the old one before the rename, the new one after. The
  // dump is renamed first, its backup (a copy of the same save) after it.
  const std::string after_crash = ReadWholeFile(dump);
  const bool renamed = GetParam() == "dump:after-rename" || GetParam() == "dump:after-bak";
  if (renamed) {
    // The crashed daemon's list: it did not resurrect "old".
    EXPECT_EQ(NamesInDump(after_crash), Names{"new"}) << after_crash;
    // Even the first save of a new process names its pid, so it can be stopped.
    auto j = nlohmann::json::parse(after_crash, nullptr, false);
    EXPECT_EQ(j["processes"][0]["pid"], orphan) << after_crash;
  } else {
    EXPECT_EQ(after_crash, old_dump);
  }

  r = home.Tend({"resurrect"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // The live state (run/state.json, written beside the dump) may have landed before the
  // crash: then the next daemon adopted "new" as it ran, and its autosave of that list
  // (the crashed daemon's) is the dump resurrect reads; else it stopped the orphan.
  const bool adopted = r.err.find("recovered from a crash") != std::string::npos;
  auto list = home.List();
  Names names = NamesInList(list);
  std::sort(names.begin(), names.end());
  const Names expected_names = renamed || adopted ? Names{"new"} : Names{"old"};
  EXPECT_EQ(names, expected_names) << r.err;
  if (adopted) {
    EXPECT_FALSE(ProcessGone(orphan)) << "an adopted app was stopped";
  } else {
    EXPECT_TRUE(WaitFor([&] { return ProcessGone(orphan); }))
        << "the app the crashed daemon started is still running: it would run twice";
  }
  for (const auto& p : list)
    EXPECT_EQ(p["status"], "online") << p["name"];
  // Each app has exactly one live process: the one the list shows.
  for (const auto& [marker, name] : {std::pair{old_marker, "old"}, std::pair{new_marker, "new"}}) {
    const bool listed = std::find(names.begin(), names.end(), name) != names.end();
    // "online" means spawned: a restored script may not have written its pid yet.
    const size_t starts = !listed ? 0 : std::string(name) == "new" && adopted ? 0 : 1;
    const size_t expected = listed ? 1 : 0;
    EXPECT_TRUE(WaitFor([&, m = marker] { return PidsIn(m).size() >= 1 + starts; })) << name;
    int live = 0;
    for (pid_t pid : PidsIn(marker)) {
      home.Track(pid);
      if (!ProcessGone(pid)) ++live;
    }
    EXPECT_EQ(live, static_cast<int>(expected)) << name;
  }
  // The interrupted writer's temp files are cleaned up by the next save.
  ASSERT_TRUE(TendOk(home, {"save"}));
  for (const auto& e : fs::directory_iterator(home.path() + "/home")) {
    EXPECT_EQ(e.path().filename().string().find(".tmp-"), std::string::npos) << e.path();
  }
}

// "dump:after-temp-write" -> "after_temp_write", as test names allow.
std::string CrashPointTestName(const ::testing::TestParamInfo<std::string>& param) {
  std::string name = param.param.substr(param.param.find(':') + 1);
  for (char& c : name)
    if (c == '-') c = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(EveryCrashPoint, CrashDuringSave,
                         ::testing::Values("dump:after-temp-write", "dump:after-fsync",
                                           "dump:after-bak-temp-write", "dump:after-bak-fsync",
                                           "dump:after-rename", "dump:after-bak"),
                         CrashPointTestName);

// The live state (run/state.json) under the same failure: a daemon that dies at each step
// of writing it, during a `start` whose answer waits for it. The next daemon finds the new
// state (after the rename) and adopts the app, or no state and stops the orphan: never a
// partial state, never two copies, never an app the CLI was told about and then lost.
class CrashDuringStateWrite : public ::testing::TestWithParam<std::string> {};

TEST_P(CrashDuringStateWrite, TheNextDaemonAdoptsTheAppOrStopsItNeverBoth) {
  TendHome home;
  const std::string marker = home.ScratchDir() + "/starts";
  const std::string app =
      home.WriteScript("app.sh", "#!/bin/sh\necho $$ >> " + marker + "\nexec sleep 300\n");
  auto env = home.Env();
  env["TEND_TEST_CRASH_AT"] = GetParam();
  auto r = RunProgram({TenddBinary()}, env);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const pid_t crashing = home.DaemonPid();
  r = home.Tend({"start", app, "-n", "new"});
  EXPECT_NE(r.exit_code, 0) << "the answer of a start waits for the state on disk";
  ASSERT_TRUE(WaitFor([&] { return ProcessGone(crashing); })) << "no crash at " << GetParam();
  ASSERT_TRUE(WaitFor([&] { return PidsIn(marker).size() == 1; }));
  const pid_t orphan = PidsIn(marker)[0];
  home.Track(orphan);

  const bool renamed = GetParam() == "state:after-rename" || GetParam() == "state:after-bak";
  r = home.Tend({"ls"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto list = home.List();
  if (renamed) {
    EXPECT_NE(r.err.find("1 process(es) adopted running"), std::string::npos) << r.err;
    ASSERT_EQ(NamesInList(list), Names{"new"});
    EXPECT_EQ(list[0]["pid"], orphan);
    EXPECT_FALSE(ProcessGone(orphan)) << "an adopted app was stopped";
  } else {
    EXPECT_EQ(r.err.find("recovered"), std::string::npos) << "no state on disk: no crash known";
    EXPECT_TRUE(list.empty()) << list.dump();
    EXPECT_TRUE(WaitFor([&] { return ProcessGone(orphan); })) << "the orphan would run unlisted";
  }
  EXPECT_EQ(PidsIn(marker).size(), 1u) << "started twice";
  // The next write cleans up what the interrupted one left (the live daemon's own writes
  // may be in flight).
  ASSERT_TRUE(TendOk(home, {"start", app, "-n", "after"}));
  const std::string crashed_temp = ".tmp-" + std::to_string(crashing);
  for (const auto& e : fs::directory_iterator(home.path() + "/home/run")) {
    EXPECT_EQ(e.path().filename().string().find(crashed_temp), std::string::npos) << e.path();
  }
}

INSTANTIATE_TEST_SUITE_P(EveryStateCrashPoint, CrashDuringStateWrite,
                         ::testing::Values("state:after-temp-write", "state:after-fsync",
                                           "state:after-bak-temp-write", "state:after-bak-fsync",
                                           "state:after-rename", "state:after-bak"),
                         CrashPointTestName);

// A home with app.sh, a plain sleep, to start under any name; `dump` is its dump file.
class DumpRecovery : public ::testing::Test {
 protected:
  void SetUp() override { home.WriteScript("app.sh", "#!/bin/sh\nexec sleep 300\n"); }

  TendHome home;
  const std::string dump = home.path() + "/home/dump.json";
};

// The backup is a copy of the last save, not the one before it: a corrupt dump
// loses nothing that was saved, and the resurrect says where the list came from.
TEST_F(DumpRecovery, CorruptDumpLoadsTheBackupAndIsKeptAsideIntact) {
  ASSERT_TRUE(TendOk(home, {"set", "autosave", "false"}));
  ASSERT_TRUE(TendOk(home, {"start", "app.sh", "-n", "a"}));
  ASSERT_TRUE(TendOk(home, {"save"}));
  ASSERT_TRUE(TendOk(home, {"start", "app.sh", "-n", "b"}));
  ASSERT_TRUE(TendOk(home, {"save"}));  // dump and .bak: a, b
  ASSERT_TRUE(TendOk(home, {"kill"}));
  EXPECT_EQ(NamesInDump(ReadWholeFile(dump + ".bak")), (Names{"a", "b"}));
  const std::string garbage = "{\"format\": \"tend-dump\", \"format_version\": 1, \"proc";
  std::ofstream(dump, std::ios::trunc) << garbage;

  auto r = home.Tend({"resurrect"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("tend: warning: " + dump + " is unusable"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("loading " + dump + ".bak"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("restoring 2 process(es) from " + dump + ".bak, saved at "),
            std::string::npos)
      << r.err;
  EXPECT_EQ(NamesInList(home.List()), (Names{"a", "b"}));
  const auto aside = CorruptFilesIn(home.path() + "/home");
  ASSERT_EQ(aside.size(), 1u);
  EXPECT_NE(r.err.find("kept as " + aside[0]), std::string::npos) << r.err;
  EXPECT_EQ(ReadWholeFile(aside[0]), garbage);
}

TEST_F(DumpRecovery, CorruptDumpWithoutBackupFailsNamingWhereItWasKept) {
  ASSERT_TRUE(TendOk(home, {"start", "app.sh", "-n", "a"}));
  ASSERT_TRUE(TendOk(home, {"kill"}));
  fs::remove(dump + ".bak");
  std::ofstream(dump, std::ios::trunc) << "not json";
  auto r = home.Tend({"resurrect"});
  EXPECT_EQ(r.exit_code, 1);
  const auto aside = CorruptFilesIn(home.path() + "/home");
  ASSERT_EQ(aside.size(), 1u);
  EXPECT_NE(r.err.find(dump + " is unusable"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("kept as " + aside[0]), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("no dump to resurrect"), std::string::npos) << r.err;
  EXPECT_TRUE(home.List().empty());
}

TEST_F(DumpRecovery, KillLeavesTheDumpAsItWas) {
  ASSERT_TRUE(TendOk(home, {"start", "app.sh", "-n", "a"}));
  ASSERT_TRUE(TendOk(home, {"save"}));
  const std::string before = ReadWholeFile(dump);
  ASSERT_TRUE(TendOk(home, {"kill"}));
  EXPECT_EQ(ReadWholeFile(dump), before) << "stopping apps on kill is not a change to save";
  EXPECT_NE(before.find("\"status\": \"online\""), std::string::npos) << before;
}

TEST_F(DumpRecovery, CleardumpThenResurrectRestoresNothing) {
  ASSERT_TRUE(TendOk(home, {"start", "app.sh", "-n", "a"}));
  ASSERT_TRUE(TendOk(home, {"save"}));
  struct stat st {};
  ASSERT_EQ(::stat(dump.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);
  ASSERT_TRUE(TendOk(home, {"cleardump"}));
  ASSERT_EQ(::stat(dump.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);
  EXPECT_TRUE(NamesInDump(ReadWholeFile(dump)).empty());
  ASSERT_TRUE(TendOk(home, {"kill"}));
  ASSERT_TRUE(TendOk(home, {"resurrect"}));
  EXPECT_TRUE(home.List().empty());
}

TEST_F(DumpRecovery, WithAutosaveOffOnlySaveWritesTheDump) {
  ASSERT_TRUE(TendOk(home, {"set", "autosave", "false"}));
  ASSERT_TRUE(TendOk(home, {"start", "app.sh", "-n", "a"}));
  // kill waits for any save in flight, so after it the dump is final.
  ASSERT_TRUE(TendOk(home, {"kill"}));
  EXPECT_FALSE(fs::exists(dump));
  auto r = home.Tend({"resurrect"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no dump to resurrect"), std::string::npos) << r.err;

  ASSERT_EQ(home.Tend({"get", "autosave"}).out, "false\n") << "the setting must persist";
  ASSERT_TRUE(TendOk(home, {"start", "app.sh", "-n", "a"}));
  ASSERT_TRUE(TendOk(home, {"save"}));
  ASSERT_TRUE(TendOk(home, {"start", "app.sh", "-n", "b"}));
  ASSERT_TRUE(TendOk(home, {"stop", "a"}));
  ASSERT_TRUE(TendOk(home, {"kill"}));
  EXPECT_EQ(NamesInDump(ReadWholeFile(dump)), Names{"a"});
  r = home.Tend({"resurrect"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto list = home.List();
  ASSERT_EQ(NamesInList(list), Names{"a"});
  EXPECT_EQ(list[0]["status"], "online") << "saved while online, so resurrected online";
}

}  // namespace
}  // namespace tend::test

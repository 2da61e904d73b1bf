#include "tests/integration/app_steps.h"

#include <fstream>

namespace tend::test {

::testing::AssertionResult TendOk(TendHome& home, const std::vector<std::string>& args,
                                  const std::map<std::string, std::string>& extra_env) {
  const CmdResult r = home.Tend(args, extra_env);
  if (r.exit_code == 0) return ::testing::AssertionSuccess();
  std::string command = "tend";
  for (const auto& arg : args)
    command += " " + arg;
  return ::testing::AssertionFailure() << command << " exited " << r.exit_code << ": " << r.err;
}

::testing::AssertionResult WaitForStatus(TendHome& home, int id, const std::string& status,
                                         std::chrono::milliseconds timeout) {
  if (WaitFor([&] { return home.Process(id)["status"] == status; }, timeout)) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure()
         << "process " << id << " never became " << status << ": " << home.Process(id).dump();
}

::testing::AssertionResult WaitForText(const std::string& path, const std::string& text,
                                       std::chrono::milliseconds timeout) {
  if (WaitFor([&] { return ReadWholeFile(path).find(text) != std::string::npos; }, timeout)) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << "no \"" << text << "\" in " << path << ":\n"
                                       << ReadWholeFile(path);
}

::testing::AssertionResult WaitForNonEmpty(const std::string& path,
                                           std::chrono::milliseconds timeout) {
  if (WaitFor([&] { return !ReadWholeFile(path).empty(); }, timeout)) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << path << " stayed empty or missing";
}

void StartIgnoringSigint(TendHome& home, const std::string& name, int kill_timeout_ms, pid_t* pid) {
  const std::string ready = home.ScratchDir() + "/" + name + ".ready";
  const std::string script =
      home.WriteScript(name + ".sh", "#!/bin/sh\ntrap '' INT\necho x > " + ready + "\nsleep 300\n");
  ASSERT_TRUE(TendOk(
      home, {"start", script, "-n", name, "--kill-timeout", std::to_string(kill_timeout_ms)}));
  ASSERT_TRUE(WaitForNonEmpty(ready));
  *pid = home.Process(0)["pid"];
  home.Track(*pid);
}

std::string AppLog(const TendHome& home, const std::string& app, const std::string& stream,
                   int instance) {
  std::string name = app + "-" + stream;
  if (instance >= 0) name += "-" + std::to_string(instance);
  return home.path() + "/home/logs/" + name + ".log";
}

std::string DaemonLog(const TendHome& home) {
  return ReadWholeFile(home.path() + "/home/tendd.log");
}

::testing::AssertionResult DaemonLogHas(const TendHome& home, const std::string& text) {
  const std::string log = DaemonLog(home);
  auto result = log.find(text) != std::string::npos ? ::testing::AssertionSuccess()
                                                    : ::testing::AssertionFailure();
  return result << "tendd.log, looking for \"" << text << "\":\n" << log;
}

long VmRssKb(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string key;
  long value = 0;
  while (in >> key) {
    if (key == "VmRSS:") return (in >> value) ? value : 0;
    in.ignore(1 << 12, '\n');
  }
  return 0;
}

std::set<pid_t> OnlinePids(TendHome& home) {
  std::set<pid_t> pids;
  for (const auto& p : home.List()) {
    if (p["status"] == "online") pids.insert(p["pid"].get<pid_t>());
  }
  return pids;
}

void ExpectReloadFailsKeeping(TendHome& home, const std::string& app, const std::string& error,
                              const std::set<pid_t>& before) {
  const CmdResult r = home.Tend({"reload", app});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find(error), std::string::npos) << r.err;
  EXPECT_EQ(OnlinePids(home), before);
}

std::vector<pid_t> PidsIn(const std::string& marker) {
  std::ifstream in(marker);
  std::vector<pid_t> pids;
  for (pid_t p; in >> p;)
    pids.push_back(p);
  return pids;
}

}  // namespace tend::test

// Starting the daemon: CLIs racing to start it get one daemon; a home that
// cannot hold a socket is a clear error; another uid is refused.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/integration/app_steps.h"
#include "tests/integration/harness.h"

namespace tend::test {
namespace {

namespace fs = std::filesystem;

// Pids of live tendd processes whose environment has TEND_HOME=<home>.
std::vector<pid_t> DaemonsServing(const std::string& home) {
  std::vector<pid_t> out;
  const std::string needle = "TEND_HOME=" + home;
  for (const auto& entry : fs::directory_iterator("/proc")) {
    const std::string name = entry.path().filename();
    if (name.empty() || !std::isdigit(static_cast<unsigned char>(name[0]))) continue;
    const pid_t pid = std::atoi(name.c_str());
    if (ReadWholeFile("/proc/" + name + "/comm") != "tendd\n" || ProcessGone(pid)) continue;
    const std::string environ = ReadWholeFile("/proc/" + name + "/environ");
    size_t start = 0;
    while (start < environ.size()) {
      const size_t end = environ.find('\0', start);
      if (environ.compare(start, (end == std::string::npos ? environ.size() : end) - start,
                          needle) == 0) {
        out.push_back(pid);
        break;
      }
      if (end == std::string::npos) break;
      start = end + 1;
    }
  }
  return out;
}

TEST(DaemonStart, RacingClisStartExactlyOneDaemon) {
  TendHome home;
  constexpr int kClients = 4;
  std::vector<CmdResult> results(kClients);
  std::vector<std::thread> threads;
  for (int i = 0; i < kClients; ++i) {
    threads.emplace_back([&, i] {
      std::vector<std::string> argv{TendBinary(), "ping", "--json"};
      results[i] = RunProgram(argv, home.Env());
    });
  }
  for (auto& t : threads)
    t.join();
  std::set<int> pids;
  for (const auto& r : results) {
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto j = nlohmann::json::parse(r.out, nullptr, false);
    ASSERT_TRUE(j.is_object()) << r.out;
    pids.insert(j.value("pid", 0));
  }
  ASSERT_EQ(pids.size(), 1u) << "the CLIs talked to different daemons";
  const pid_t daemon = *pids.begin();
  EXPECT_EQ(daemon, home.DaemonPid());
  EXPECT_EQ(DaemonsServing(home.path() + "/home"), std::vector<pid_t>{daemon});
}

TEST(DaemonStart, ACrashedDaemonIsReplacedOnDemand) {
  TendHome home;
  ASSERT_TRUE(TendOk(home, {"start", "/bin/sleep", "-n", "nap", "--", "300"}));
  const pid_t app = home.Process(0)["pid"];
  home.Track(app);
  const pid_t daemon = home.DaemonPid();
  ASSERT_EQ(::kill(daemon, SIGKILL), 0);
  ASSERT_TRUE(WaitFor([&] { return ProcessGone(daemon); }));
  // The socket file is left behind, with nobody listening on it.
  ASSERT_TRUE(fs::exists(home.path() + "/home/tend.sock"));
  auto r = home.Tend({"ping", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const pid_t fresh = nlohmann::json::parse(r.out, nullptr, false).value("pid", 0);
  EXPECT_NE(fresh, daemon);
  EXPECT_EQ(fresh, home.DaemonPid());
  EXPECT_EQ(DaemonsServing(home.path() + "/home"), std::vector<pid_t>{fresh});
}

TEST(DaemonStart, TooLongSocketPathIsAClearError) {
  TendHome home;
  std::string long_home = home.path() + "/";
  long_home.append(120 - long_home.size(), 'h');
  ASSERT_EQ(long_home.size(), 120u);
  auto r = home.Tend({"ping"}, {{"TEND_HOME", long_home}});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("130 bytes"), std::string::npos) << r.err;  // + "/tend.sock"
  EXPECT_NE(r.err.find("TEND_HOME"), std::string::npos) << r.err;
  EXPECT_TRUE(DaemonsServing(long_home).empty());
}

TEST(DaemonStart, HomeUnderARegularFileIsAClearError) {
  TendHome home;
  const std::string file = home.ScratchDir() + "/plain";
  std::ofstream(file) << "x";
  const std::string bad_home = file + "/home";
  auto r = home.Tend({"ping"}, {{"TEND_HOME", bad_home}});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_EQ(r.err.rfind("tend: ", 0), 0u) << r.err;
  EXPECT_NE(r.err.find(file), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("ot a directory"), std::string::npos) << r.err;
  EXPECT_TRUE(DaemonsServing(bad_home).empty());
}

TEST(DaemonStart, AnotherUidIsRefused) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to run a client as another uid";
  TendHome home;
  auto r = home.Tend({"ping", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const pid_t daemon = home.DaemonPid();
  // Let uid 65534 reach the socket and run a copy of the CLI.
  const std::string bin_dir = home.path() + "/bin";
  fs::create_directories(bin_dir);
  fs::copy_file(TendBinary(), bin_dir + "/tend");
  ASSERT_EQ(::chmod(bin_dir.c_str(), 0755), 0);
  ASSERT_EQ(::chmod((bin_dir + "/tend").c_str(), 0755), 0);
  ASSERT_EQ(::chmod(home.path().c_str(), 0711), 0);
  ASSERT_EQ(::chmod((home.path() + "/home").c_str(), 0711), 0);
  ASSERT_EQ(::chmod((home.path() + "/home/tend.sock").c_str(), 0666), 0);
  auto env = home.Env();
  env["ASAN_OPTIONS"] = "detect_leaks=0";
  env["HOME"] = "/nonexistent";
  r = RunProgram({"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                  bin_dir + "/tend", "ping"},
                 env);
  EXPECT_NE(r.exit_code, 0) << r.out;
  EXPECT_NE(r.err.find("uid 65534"), std::string::npos) << r.err;
  // The daemon is unharmed and still ours.
  r = home.Tend({"ping", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out, nullptr, false).value("pid", 0), daemon);
}

}  // namespace
}  // namespace tend::test

// The log pipeline when things go wrong or are unusual: a `tend logs` client
// that stops reading, a full disk, /dev/null as the log, a stream-only reader.
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>

#include "ipc/client.h"
#include "tests/integration/app_steps.h"
#include "tests/integration/harness.h"
#include "tests/integration/log_pipeline_support.h"

namespace tend::test {
namespace {

using namespace std::chrono_literals;

// 100-byte numbered lines: bursts of 500 lines every 10 ms until `argv[1]`
// lines are out, then one line per 100 ms forever.
constexpr const char* kBurstThenTrickle = R"(#!/usr/bin/env python3
import sys, time
burst = int(sys.argv[1])
i = 0
while True:
    for _ in range(500 if i < burst else 1):
        sys.stdout.write(f"L {i:09d} " + "x" * 87 + "\n")
        i += 1
    sys.stdout.flush()
    time.sleep(0.01 if i < burst else 0.1)
)";

// A log's counters from `describe --json`; null when absent.
nlohmann::json LogStats(TendHome& home, const std::string& name, const std::string& stream) {
  auto r = home.Tend({"describe", name, "--json"});
  const auto j = nlohmann::json::parse(r.out, nullptr, false);
  if (!j.is_array() || j.empty() || !j[0].contains("log_stats")) return nullptr;
  return j[0]["log_stats"].value(stream, nlohmann::json());
}

uint64_t FileSize(const std::string& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  return ec ? 0 : size;
}

TEST(LogPipelineFaults, AReaderThatNeverReadsBlocksNeitherTheAppNorTheDaemon) {
  TendHome home;
  const std::string script = home.WriteScript("burst.py", kBurstThenTrickle);
  ASSERT_EQ(home.Tend({"start", script, "-n", "loud", "--interpreter", "none", "--", "1000000000"})
                .exit_code,
            0);
  auto client = ipc::Client::Connect(home.path() + "/home/tend.sock");
  ASSERT_TRUE(client.ok()) << client.status().message();
  ASSERT_TRUE(client->Send("logs", {{"lines", 0}, {"follow", true}}).ok());
  // Far more than the daemon queues for a reader (4 MiB) plus the socket's buffers.
  const std::string out = AppLog(home, "loud");
  for (uint64_t target = 4u << 20; target <= (16u << 20); target += 4u << 20) {
    ASSERT_TRUE(WaitFor([&] { return FileSize(out) > target; }, 30s))
        << "the app stalled at " << FileSize(out) << " bytes";
    auto r = home.Tend({"ls", "--json"});
    ASSERT_EQ(r.exit_code, 0) << "the daemon stopped answering: " << r.err;
  }
  EXPECT_EQ(home.Process(0)["status"], "online");
  // Once it reads again it is told how many lines it missed.
  bool told = false;
  const auto deadline = std::chrono::steady_clock::now() + Scaled(30s);
  while (!told && std::chrono::steady_clock::now() < deadline) {
    auto frame = client->Read(Scaled(5s));
    ASSERT_TRUE(frame.ok()) << frame.status().message();
    told = frame->body.is_object() && frame->body.value("skipped", 0) > 0;
  }
  EXPECT_TRUE(told) << "no skip marker";
  ASSERT_TRUE(TendOk(home, {"stop", "loud"}));
}

// A small tmpfs, unmounted (lazily: tendd may still hold a file) at the end.
class SmallDisk {
 public:
  explicit SmallDisk(const std::string& dir) : dir_(dir) {
    std::filesystem::create_directories(dir);
    if (::mount("tmpfs", dir.c_str(), "tmpfs", 0, "size=4m") == 0) {
      mounted_ = true;
    } else {
      error_ = std::strerror(errno);
    }
  }
  ~SmallDisk() {
    if (mounted_) ::umount2(dir_.c_str(), MNT_DETACH);
  }
  SmallDisk(const SmallDisk&) = delete;
  SmallDisk& operator=(const SmallDisk&) = delete;
  bool mounted() const { return mounted_; }
  const std::string& error() const { return error_; }

 private:
  std::string dir_;
  bool mounted_ = false;
  std::string error_;
};

TEST(LogPipelineFaults, AFullDiskDropsLinesKeepsEveryoneAliveAndRecovers) {
  TendHome home;
  const std::string dir = home.ScratchDir() + "/disk";
  SmallDisk disk(dir);
  if (!disk.mounted()) GTEST_SKIP() << "cannot mount a tmpfs here (" << disk.error() << ")";
  const std::string filler = dir + "/filler";
  std::ofstream(filler) << std::string(3584 * 1024, 'f');  // leaves ~512K for the log
  const std::string script = home.WriteScript("burst.py", kBurstThenTrickle);
  const std::string out = dir + "/out.log";
  ASSERT_EQ(
      home.Tend({"start", script, "-n", "full", "--interpreter", "none", "-o", out, "--", "30000"})
          .exit_code,
      0);
  const pid_t app = home.Process(0)["pid"].get<pid_t>();
  nlohmann::json stats;
  ASSERT_TRUE(WaitFor(
      [&] {
        stats = LogStats(home, "full", "out");
        return stats.is_object() && stats.value("bytes_dropped", 0) > 0;
      },
      30s))
      << stats.dump();
  EXPECT_NE(stats.value("last_error", "").find("no space left"), std::string::npos) << stats;
  EXPECT_TRUE(stats.value("failing", false));
  const auto p = home.Process(0);
  EXPECT_EQ(p["status"], "online");
  EXPECT_EQ(p["pid"].get<pid_t>(), app);
  const std::string tendd_log = home.path() + "/home/tendd.log";
  EXPECT_NE(ReadWholeFile(tendd_log).find("log file " + out + ": write failed"), std::string::npos);
  EXPECT_TRUE(WaitFor([&] {
    return ReadWholeFile(tendd_log).find(out + ": still failing") != std::string::npos;
  })) << "the drops are not in tendd.log";
  // Space comes back: what was held is written and new lines follow.
  ASSERT_EQ(::unlink(filler.c_str()), 0);
  EXPECT_TRUE(WaitFor(
      [&] { return ReadWholeFile(tendd_log).find(out + ": writable again") != std::string::npos; },
      30s));
  stats = LogStats(home, "full", "out");
  EXPECT_FALSE(stats.value("failing", true)) << stats;
  const uint64_t size = FileSize(out);
  EXPECT_TRUE(WaitFor([&] { return FileSize(out) > size; }, 30s)) << "no line after recovery";
  ASSERT_TRUE(TendOk(home, {"stop", "full"}));
  // Lines were dropped whole: every line in the file is complete, in order.
  const std::regex whole(R"(L \d{9} x{87})");
  long last = -1;
  for (const auto& line : SplitLines(ReadWholeFile(out))) {
    ASSERT_TRUE(std::regex_match(line, whole)) << "cut line: " << line;
    const long n = std::stol(line.substr(2, 9));
    ASSERT_GT(n, last);
    last = n;
  }
}

TEST(LogPipelineFaults, DevNullAsTheOutputFileDiscardsButTendLogsStillShows) {
  TendHome home;
  const std::string script =
      home.WriteScript("void.sh", "#!/bin/sh\necho into the void\nexec sleep 300\n");
  ASSERT_TRUE(TendOk(home, {"start", script, "-n", "void", "-o", "/dev/null"}));
  EXPECT_TRUE(WaitFor([&] {
    return home.Tend({"logs", "void", "--nostream", "--raw"}).out.find("into the void") !=
           std::string::npos;
  }));
  struct stat st;
  ASSERT_EQ(::stat("/dev/null", &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode)) << "/dev/null was replaced";
  EXPECT_EQ(home.Process(0)["status"], "online");
}

TEST(LogPipelineFaults, LinesZeroStreamsOnlyNewLines) {
  TendHome home;
  const std::string trigger = home.ScratchDir() + "/go";
  // The app polls for the trigger file, then prints a line every 50 ms: its pace, not a wait.
  const std::string script = home.WriteScript(
      "later.sh", "#!/bin/sh\necho old line\nwhile [ ! -e " + trigger +
                      " ]; do sleep 0.05; done\nwhile true; do echo new line; sleep 0.05; done\n");
  ASSERT_TRUE(TendOk(home, {"start", script, "-n", "later"}));
  ASSERT_TRUE(WaitForText(AppLog(home, "later"), "old line"));
  BackgroundProgram stream({TendBinary(), "logs", "later", "--lines", "0", "--raw"}, home.Env());
  std::ofstream(trigger) << "";
  EXPECT_TRUE(WaitFor([&] { return stream.Output().find("new line") != std::string::npos; }))
      << stream.Output();
  EXPECT_EQ(stream.Output().find("old line"), std::string::npos) << stream.Output();
}

}  // namespace
}  // namespace tend::test

// The `monitor` stream as `tend monit` reads it: a snapshot with the host and each process's
// history, then a sample each tick and each state change as it happens.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "tests/integration/app_steps.h"
#include "tests/integration/harness.h"
#include "tests/integration/raw_peer.h"

namespace tend::test {
namespace {

// The daemon ticks every 200 ms: set before it starts, as the setting is read then.
void FastTicks(TendHome& home) {
  ASSERT_TRUE(TendOk(home, {"set", "metrics_interval_ms", "200"}));
  ASSERT_TRUE(TendOk(home, {"kill"}));
}

// The next event of the stream of request `id` with key `key` (others skipped), or null.
nlohmann::json NextEvent(RawPeer& peer, int64_t id, const std::string& key) {
  for (int i = 0; i < 200; ++i) {
    const std::string line = peer.ReadLine();
    if (line.empty()) return nullptr;
    auto frame = nlohmann::json::parse(line, nullptr, false);
    if (!frame.is_object() || frame.value("id", int64_t{-1}) != id) continue;
    if (frame.contains("event") && frame["event"].contains(key)) return frame["event"][key];
  }
  return nullptr;
}

const nlohmann::json* ProcessNamed(const nlohmann::json& processes, const std::string& name) {
  for (const auto& p : processes) {
    if (p.value("name", "") == name) return &p;
  }
  return nullptr;
}

TEST(Monitor, StreamsASnapshotThenSamplesAndStateChanges) {
  TendHome home;
  FastTicks(home);
  ASSERT_TRUE(TendOk(home, {"start", "/bin/sleep", "--name", "nap", "--", "600"}));
  RawPeer peer(home.path() + "/home/tend.sock");
  ASSERT_TRUE(peer.connected());
  ASSERT_TRUE(peer.Send("{\"v\":1,\"id\":9,\"cmd\":\"monitor\"}\n"));

  nlohmann::json snapshot = NextEvent(peer, 9, "snapshot");
  ASSERT_TRUE(snapshot.is_object()) << "no snapshot";
  EXPECT_EQ(snapshot.value("interval_ms", 0), 200);
  EXPECT_EQ(snapshot["host"]["cores"].size(), static_cast<size_t>(::sysconf(_SC_NPROCESSORS_ONLN)));
  EXPECT_GT(snapshot["host"].value("mem_total", uint64_t{0}), 0u);
  const nlohmann::json* nap = ProcessNamed(snapshot["processes"], "nap");
  ASSERT_NE(nap, nullptr) << snapshot.dump();
  EXPECT_TRUE((*nap)["history"]["cpu"].is_array()) << nap->dump();

  nlohmann::json sample = NextEvent(peer, 9, "sample");
  ASSERT_TRUE(sample.is_object()) << "no sample";
  nap = ProcessNamed(sample["processes"], "nap");
  ASSERT_NE(nap, nullptr) << sample.dump();
  EXPECT_GT(nap->value("memory", uint64_t{0}), 0u) << nap->dump();
  EXPECT_EQ(nap->value("status", ""), "online");

  ASSERT_TRUE(TendOk(home, {"restart", "nap"}));
  nlohmann::json change = NextEvent(peer, 9, "state");
  ASSERT_TRUE(change.is_object()) << "no state event";
  EXPECT_EQ(change.value("name", ""), "nap");
  EXPECT_EQ(change.value("from", ""), "online");
  // A later sample shows the restart.
  bool restarted = false;
  for (int i = 0; i < 20 && !restarted; ++i) {
    sample = NextEvent(peer, 9, "sample");
    ASSERT_TRUE(sample.is_object());
    nap = ProcessNamed(sample["processes"], "nap");
    restarted =
        nap != nullptr && nap->value("restarts", 0) == 1 && nap->value("status", "") == "online";
  }
  EXPECT_TRUE(restarted);

  // A second subscriber's snapshot now holds the samples taken meanwhile.
  RawPeer second(home.path() + "/home/tend.sock");
  ASSERT_TRUE(second.Send("{\"v\":1,\"id\":1,\"cmd\":\"monitor\"}\n"));
  snapshot = NextEvent(second, 1, "snapshot");
  ASSERT_TRUE(snapshot.is_object());
  nap = ProcessNamed(snapshot["processes"], "nap");
  ASSERT_NE(nap, nullptr);
  EXPECT_GE((*nap)["history"]["memory"].size(), 2u) << nap->dump();
}

TEST(Monitor, DescribeShowsThePeakMemoryAndAverageCpuOfTheRun) {
  TendHome home;
  FastTicks(home);
  ASSERT_TRUE(TendOk(home, {"start", "/bin/sleep", "--name", "nap", "--", "600"}));
  ASSERT_TRUE(WaitFor([&] {
    const nlohmann::json p = home.Process(0);
    return p.is_object() && p.value("peak_memory", uint64_t{0}) > 0;
  }));
  auto r = home.Tend({"describe", "nap"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("peak memory (this run)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("average cpu (this run)"), std::string::npos) << r.out;
}

// A subscriber that stops reading is not queued for: past 1 MiB unsent the daemon skips
// samples and says how many once the reader is back; the daemon does not grow for it.
TEST(Monitor, ASubscriberThatStopsReadingSkipsSamplesAndTheDaemonStaysSmall) {
  TendHome home;
  ASSERT_TRUE(TendOk(home, {"set", "metrics_interval_ms", "100"}));
  ASSERT_TRUE(TendOk(home, {"kill"}));
  nlohmann::json apps = nlohmann::json::array();
  for (int i = 0; i < 200; ++i)
    apps.push_back(
        {{"name", "s" + std::to_string(i)}, {"script", "/bin/sleep"}, {"args", {"600"}}});
  const std::string eco = home.WriteFile("eco.json", nlohmann::json{{"apps", apps}}.dump());
  // Under ASan the allocator's quarantine keeps freed memory for a while: kept small for
  // this daemon, its RSS measures what it holds, as in a release build.
  auto started = home.Tend(
      {"start", eco}, {{"ASAN_OPTIONS", home.Env()["ASAN_OPTIONS"] + ":quarantine_size_mb=1"}});
  ASSERT_EQ(started.exit_code, 0) << started.err;
  const pid_t daemon = home.DaemonPid();
  const long rss_before = VmRssKb(daemon);
  RawPeer peer(home.path() + "/home/tend.sock");
  ASSERT_TRUE(peer.Send("{\"v\":1,\"id\":2,\"cmd\":\"monitor\"}\n"));
  // 200 brief processes a sample, ten samples a second: about 1 MB/s the peer leaves unread.
  long rss_peak = rss_before;
  for (int i = 0; i < 60; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    rss_peak = std::max(rss_peak, VmRssKb(daemon));
  }
  EXPECT_TRUE(TendOk(home, {"ls"})) << "others are served meanwhile";
  uint64_t skipped = 0;
  for (int i = 0; i < 2000 && skipped == 0; ++i) {
    auto frame = nlohmann::json::parse(peer.ReadLine(), nullptr, false);
    ASSERT_TRUE(frame.is_object()) << "the stream ended";
    if (frame.contains("event")) skipped = frame["event"].value("skipped", uint64_t{0});
  }
  EXPECT_GT(skipped, 0u) << "no sample was skipped for a reader that stopped";
  EXPECT_LT(rss_peak - rss_before, 16 * 1024)
      << "RSS grew from " << rss_before << " kB to " << rss_peak << " kB";
}

// A busy loop is one core busy: jlist (PM2's shape, monit.cpu) says so from the samples.
TEST(Monitor, ABusyLoopShowsAsACoreInJlist) {
  TendHome home;
  FastTicks(home);
  ASSERT_TRUE(
      TendOk(home, {"start", "/bin/sh", "--name", "spin", "--", "-c", "while :; do :; done"}));
  double best = 0;
  EXPECT_TRUE(WaitFor(
      [&] {
        auto r = home.Tend({"jlist"});
        auto list = nlohmann::json::parse(r.out, nullptr, false);
        if (list.is_array() && !list.empty())
          best = std::max(best, list[0]["monit"].value("cpu", 0.0));
        return best >= 80;
      },
      std::chrono::seconds(15), std::chrono::milliseconds(250)))
      << "the best sample was " << best << " %";
}

}  // namespace
}  // namespace tend::test

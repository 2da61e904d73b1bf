// A client that sends requests and never reads its answers: the daemon stops
// running its requests once its answers pile up, drops it past the bound, keeps
// its memory, and answers everyone else meanwhile (docs/protocol.md#flow-control).
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <string>
#include <thread>

#include "tests/integration/app_steps.h"
#include "tests/integration/harness.h"
#include "tests/integration/raw_peer.h"

namespace tend::test {
namespace {

// Writes `request` over and over without reading, until the daemon closes the
// connection (true) or `deadline` passes (false). Counts the bytes sent.
bool FloodUntilDropped(RawPeer& peer, const std::string& request,
                       std::chrono::steady_clock::time_point deadline, std::atomic<size_t>* sent) {
  std::string batch;
  while (batch.size() < 64 * 1024)
    batch += request;
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd pfd{peer.fd(), POLLOUT, 0};
    if (::poll(&pfd, 1, 100) <= 0) continue;  // the daemon reads nothing for now
    if ((pfd.revents & (POLLERR | POLLHUP)) != 0) return true;
    const ssize_t n = ::send(peer.fd(), batch.data(), batch.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0 && (errno == EPIPE || errno == ECONNRESET)) return true;
    if (n > 0) *sent += static_cast<size_t>(n);
  }
  return false;
}

TEST(SocketFlood, APeerThatNeverReadsIsDroppedAndOthersAreServed) {
  TendHome home;
  for (int i = 0; i < 5; ++i) {
    auto r = home.Tend({"start", "/bin/sleep", "--name", "nap" + std::to_string(i), "--", "600"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  const pid_t daemon = home.DaemonPid();
  ASSERT_GT(daemon, 0);
  const long rss_before = VmRssKb(daemon);
  ASSERT_GT(rss_before, 0);

  RawPeer flooder(home.path() + "/home/tend.sock");
  ASSERT_TRUE(flooder.connected());
  std::atomic<size_t> sent{0};
  std::atomic<bool> dropped{false};
  std::atomic<bool> flooding{true};
  std::thread flood([&] {
    dropped = FloodUntilDropped(flooder, "{\"v\":1,\"id\":1,\"cmd\":\"list\"}\n",
                                std::chrono::steady_clock::now() + Scaled(std::chrono::seconds(30)),
                                &sent);
    flooding = false;
  });
  // Another client, while the flood runs.
  auto ls_during = home.Tend({"ls"});
  EXPECT_EQ(ls_during.exit_code, 0) << ls_during.err;
  long rss_peak = rss_before;
  while (flooding) {  // sampled while the flood lasts, and once after
    rss_peak = std::max(rss_peak, VmRssKb(daemon));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  flood.join();
  rss_peak = std::max(rss_peak, VmRssKb(daemon));

  EXPECT_TRUE(dropped) << "still connected after sending " << sent << " bytes of requests";
  // Before the bound the daemon grew by the answers it queued (~75 MB/s); now by
  // at most its bounds (answers paused at 1 MiB, 4 MiB of waiting requests).
  EXPECT_LT(rss_peak - rss_before, 48 * 1024)
      << "RSS grew from " << rss_before << " kB to " << rss_peak << " kB";
  auto ls = home.Tend({"ls"});
  EXPECT_EQ(ls.exit_code, 0) << ls.err;
  EXPECT_NE(ls.out.find("nap4"), std::string::npos) << ls.out;
  EXPECT_TRUE(DaemonLogHas(home, "dropping client"));
  EXPECT_FALSE(ProcessGone(daemon));
}

}  // namespace
}  // namespace tend::test

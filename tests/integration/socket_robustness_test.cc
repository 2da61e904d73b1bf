// A bad peer on the socket is answered and dropped; the daemon lives on and
// keeps serving everyone else.
#include <gtest/gtest.h>

#include <string>

#include "tests/integration/app_steps.h"
#include "tests/integration/harness.h"
#include "tests/integration/raw_peer.h"

namespace tend::test {
namespace {

nlohmann::json ParseFrame(const std::string& line) {
  auto j = nlohmann::json::parse(line, nullptr, false);
  EXPECT_TRUE(j.is_object()) << "not a frame: " << line;
  return j.is_object() ? j : nlohmann::json::object();
}

void ExpectProtocolError(const nlohmann::json& frame, int64_t id) {
  EXPECT_EQ(frame.value("ok", true), false) << frame.dump();
  EXPECT_EQ(frame.value("id", int64_t{-1}), id) << frame.dump();
  EXPECT_EQ(frame["error"].value("code", ""), "protocol") << frame.dump();
}

class SocketRobustness : public ::testing::Test {
 protected:
  void SetUp() override {
    auto r = home_.Tend({"ping"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    daemon_ = home_.DaemonPid();
    ASSERT_GT(daemon_, 0);
  }
  std::string SocketPath() const { return home_.path() + "/home/tend.sock"; }
  void ExpectStillServing() {
    auto r = home_.Tend({"ping", "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(nlohmann::json::parse(r.out, nullptr, false).value("pid", 0), daemon_);
    EXPECT_FALSE(ProcessGone(daemon_));
  }
  TendHome home_;
  pid_t daemon_ = 0;
};

TEST_F(SocketRobustness, GarbageAndTruncatedJsonAreAnsweredAndTheConnectionLives) {
  RawPeer peer(SocketPath());
  ASSERT_TRUE(peer.connected());
  ASSERT_TRUE(peer.Send("garbage\n"));
  ExpectProtocolError(ParseFrame(peer.ReadLine()), 0);
  ASSERT_TRUE(peer.Send("{\"v\":1,\"id\":5,\"cmd\":\"pi\n"));
  ExpectProtocolError(ParseFrame(peer.ReadLine()), 0);
  // A frame with an id but a wrong version is answered under that id.
  ASSERT_TRUE(peer.Send("{\"v\":99,\"id\":6,\"cmd\":\"ping\"}\n"));
  ExpectProtocolError(ParseFrame(peer.ReadLine()), 6);
  ASSERT_TRUE(peer.Send("{\"v\":1,\"id\":8,\"cmd\":\"no-such-command\"}\n"));
  auto unknown = ParseFrame(peer.ReadLine());
  EXPECT_EQ(unknown.value("id", 0), 8);
  EXPECT_EQ(unknown.value("ok", true), false);
  // The same connection still works for a good request.
  ASSERT_TRUE(peer.Send("{\"v\":1,\"id\":7,\"cmd\":\"ping\"}\n"));
  auto pong = ParseFrame(peer.ReadLine());
  EXPECT_EQ(pong.value("id", 0), 7);
  EXPECT_EQ(pong.value("ok", false), true) << pong.dump();
  ExpectStillServing();
}

// An argument the verb does not have (a newer CLI's option) is refused, naming it: the
// daemon used to ignore it, and so did something other than what was asked.
TEST_F(SocketRobustness, AnArgumentTheVerbLacksIsRefusedNamingIt) {
  RawPeer peer(SocketPath());
  ASSERT_TRUE(peer.connected());
  ASSERT_TRUE(
      peer.Send("{\"v\":1,\"id\":3,\"cmd\":\"list\",\"args\":{\"brief\":true,"
                "\"sort\":\"cpu\"}}\n"));
  auto refused = ParseFrame(peer.ReadLine());
  EXPECT_EQ(refused.value("id", 0), 3);
  EXPECT_EQ(refused.value("ok", true), false);
  EXPECT_EQ(refused["error"].value("code", ""), "invalid_argument") << refused.dump();
  EXPECT_EQ(
      refused["error"].value("message", "").rfind("'list' has no argument 'sort' in tendd ", 0), 0u)
      << refused.dump();
  ASSERT_TRUE(peer.Send("{\"v\":1,\"id\":4,\"cmd\":\"list\",\"args\":{\"brief\":true}}\n"));
  EXPECT_EQ(ParseFrame(peer.ReadLine()).value("ok", false), true);
  ExpectStillServing();
}

TEST_F(SocketRobustness, OversizedLineIsRefusedAndTheConnectionClosed) {
  RawPeer peer(SocketPath());
  ASSERT_TRUE(peer.connected());
  // 5 MiB without a newline: past the 4 MiB limit. The daemon may close before
  // taking every byte, so a failed send is fine; the answer is what counts.
  (void)peer.Send(std::string(5u << 20, 'a'));
  auto frame = ParseFrame(peer.ReadLine());
  ExpectProtocolError(frame, 0);
  EXPECT_NE(frame["error"].value("message", "").find("limit"), std::string::npos) << frame.dump();
  EXPECT_TRUE(peer.SeesEof());
  ExpectStillServing();
}

TEST_F(SocketRobustness, HalfARequestThenCloseHarmsNothing) {
  for (int i = 0; i < 5; ++i) {
    RawPeer peer(SocketPath());
    ASSERT_TRUE(peer.connected());
    ASSERT_TRUE(peer.Send("{\"v\":1,\"id\":1,\"cmd\":\"li"));
    peer.Close();
  }
  // A complete request whose asker leaves before the answer.
  {
    RawPeer peer(SocketPath());
    ASSERT_TRUE(peer.Send("{\"v\":1,\"id\":1,\"cmd\":\"list\"}\n"));
  }
  ExpectStillServing();
}

TEST_F(SocketRobustness, AnAskerThatLeavesDuringASlowStopHarmsNothing) {
  pid_t pid = 0;
  ASSERT_NO_FATAL_FAILURE(StartIgnoringSigint(home_, "stubborn", 400, &pid));
  {
    RawPeer peer(SocketPath());
    ASSERT_TRUE(peer.Send(R"({"v":1,"id":1,"cmd":"stop","args":{"targets":["stubborn"]}})"
                          "\n"));
  }  // gone long before the answer, which comes after kill_timeout
  EXPECT_TRUE(WaitForStatus(home_, 0, "stopped"));
  EXPECT_TRUE(ProcessGone(pid));
  ExpectStillServing();
}

TEST_F(SocketRobustness, AStalledClientDoesNotBlockOthers) {
  RawPeer stalled(SocketPath());
  ASSERT_TRUE(stalled.connected());
  ASSERT_TRUE(stalled.Send("{\"v\":1,\"id\":1,\"cmd\":\"li"));
  RawPeer silent(SocketPath());  // connected, never says anything
  ASSERT_TRUE(silent.connected());
  const auto t0 = std::chrono::steady_clock::now();
  auto r = home_.Tend({"ls"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(10));
  ExpectStillServing();
  // The stalled one finishes its request late and still gets its answer.
  ASSERT_TRUE(stalled.Send("st\"}\n"));
  auto frame = ParseFrame(stalled.ReadLine());
  EXPECT_EQ(frame.value("id", 0), 1);
  EXPECT_EQ(frame.value("ok", false), true) << frame.dump();
}

}  // namespace
}  // namespace tend::test

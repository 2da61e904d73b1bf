#include "daemon/cluster/node_channel.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>
#include <uv.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string>

namespace tend {
namespace {

// The child's side of a NodeChannel: what the preload writes and reads on fd 4.
class NodeChannelTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(uv_loop_init(&loop_), 0); }
  void TearDown() override {
    channel_.reset();
    uv_run(&loop_, UV_RUN_DEFAULT);
    EXPECT_EQ(uv_loop_close(&loop_), 0);
  }

  // Opens a channel whose listen requests get `answer`, sends one, returns the reply.
  nlohmann::json ListenReply(Status answer) {
    NodeChannel::Callbacks callbacks;
    callbacks.listen_fd = [answer](const std::string&) -> Result<int> { return answer; };
    auto channel = NodeChannel::Open(&loop_, std::move(callbacks));
    EXPECT_TRUE(channel.ok()) << channel.status().ToString();
    if (!channel.ok()) return nullptr;
    channel_ = std::move(channel).value();
    const std::string request = R"({"cmd":"NODE_TEND_LISTEN","seq":7,"address":{"port":3000}})"
                                "\n";
    EXPECT_EQ(::write(channel_->child_fd(), request.data(), request.size()),
              static_cast<ssize_t>(request.size()));
    return nlohmann::json::parse(ReadLine(), nullptr, false);
  }

  std::string ReadLine() {
    std::string got;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (got.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
      uv_run(&loop_, UV_RUN_NOWAIT);
      char buf[4096];
      const ssize_t n = ::recv(channel_->child_fd(), buf, sizeof buf, MSG_DONTWAIT);
      if (n > 0) got.append(buf, static_cast<size_t>(n));
    }
    return got.substr(0, got.find('\n'));
  }

  uv_loop_t loop_{};
  std::unique_ptr<NodeChannel> channel_;
};

TEST_F(NodeChannelTest, AListenConflictIsNodesEaddrinuse) {
  auto reply = ListenReply(Status::FromErrno("listen on 3000", EADDRINUSE));
  EXPECT_EQ(reply["cmd"], "NODE_TEND_LISTEN_REPLY") << reply.dump();
  EXPECT_EQ(reply["seq"], 7);
  EXPECT_EQ(reply["code"], "EADDRINUSE");
  EXPECT_EQ(reply["error"], std::string("listen on 3000: ") + std::strerror(EADDRINUSE));
}

// The code comes from the errno, so every OS refusal keeps its own name.
TEST_F(NodeChannelTest, AnyOsErrorKeepsItsName) {
  EXPECT_EQ(ListenReply(Status::FromErrno("socket", EMFILE))["code"], "EMFILE");
}

// A message that merely reads like an OS error is not one.
TEST_F(NodeChannelTest, AnErrorWithoutAnErrnoIsElisten) {
  auto reply =
      ListenReply(Status::InvalidArgument(std::string("listen 'x': ") + std::strerror(EADDRINUSE)));
  EXPECT_EQ(reply["code"], "ELISTEN") << reply.dump();
}

}  // namespace
}  // namespace tend

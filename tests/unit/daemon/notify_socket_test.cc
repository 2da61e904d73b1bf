#include "daemon/cluster/notify_socket.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>

#include "tests/support/temp_dir.h"

namespace tend {
namespace {

void Send(const std::string& path, const std::string& text) {
  const int fd = ::socket(AF_UNIX, SOCK_DGRAM, 0);
  sockaddr_un a{};
  a.sun_family = AF_UNIX;
  std::strncpy(a.sun_path, path.c_str(), sizeof a.sun_path - 1);
  ::sendto(fd, text.data(), text.size(), 0, reinterpret_cast<sockaddr*>(&a), sizeof a);
  ::close(fd);
}

class NotifySocketTest : public ::testing::Test {
 protected:
  void SetUp() override { uv_loop_init(&loop_); }
  void TearDown() override {
    uv_run(&loop_, UV_RUN_DEFAULT);  // lets closed handles go
    EXPECT_EQ(uv_loop_close(&loop_), 0);
  }
  // Runs the loop until nothing is pending right now (datagrams already queued are read).
  void Turn() {
    for (int i = 0; i < 5; ++i)
      uv_run(&loop_, UV_RUN_NOWAIT);
  }
  uv_loop_t loop_{};
  test::TempDir dir_{"tend-ns"};
};

TEST_F(NotifySocketTest, ReportsReadyAndIgnoresOtherMessages) {
  int ready = 0;
  const std::string path = dir_ / "n.sock";
  {
    auto s = NotifySocket::Open(&loop_, path, [&] { ++ready; });
    ASSERT_TRUE(s.ok()) << s.status().message();
    Send(path, "STATUS=warming up");
    Turn();
    EXPECT_EQ(ready, 0);
    Send(path, "STATUS=up\nREADY=1\nMAINPID=1");
    Turn();
    EXPECT_EQ(ready, 1);
  }
  struct stat st {};
  EXPECT_NE(::lstat(path.c_str(), &st), 0) << "socket file left behind";
}

TEST_F(NotifySocketTest, MayBeDestroyedFromItsOwnCallback) {
  const std::string path = dir_ / "n.sock";
  std::unique_ptr<NotifySocket> socket;
  auto s = NotifySocket::Open(&loop_, path, [&] { socket.reset(); });
  ASSERT_TRUE(s.ok());
  socket = std::move(s).value();
  Send(path, "READY=1");
  Turn();
  EXPECT_EQ(socket, nullptr);
}

}  // namespace
}  // namespace tend

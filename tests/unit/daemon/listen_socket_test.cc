#include "daemon/cluster/listen_socket.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include "tests/support/temp_dir.h"

namespace tend {
namespace {

int LocalPort(int fd) {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len);
  if (ss.ss_family == AF_INET6) return ntohs(reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port);
  return ntohs(reinterpret_cast<sockaddr_in*>(&ss)->sin_port);
}

int FreePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  const int port = LocalPort(fd);
  ::close(fd);
  return port;
}

bool ConnectV4(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<uint16_t>(port));
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}

TEST(ListenSocket, APortIsDualStackAndReachableOverIpv4) {
  const int port = FreePort();
  auto s = ListenSocket::Bind(std::to_string(port));
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(LocalPort((*s)->fd()), port);
  EXPECT_TRUE(ConnectV4(port));
  // The daemon's copy must not leak into children it did not mean to give it to.
  EXPECT_NE(::fcntl((*s)->fd(), F_GETFD) & FD_CLOEXEC, 0);
}

TEST(ListenSocket, HostPortBindsThatAddressOnly) {
  const int port = FreePort();
  auto s = ListenSocket::Bind("127.0.0.1:" + std::to_string(port));
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_TRUE(ConnectV4(port));
  auto again = ListenSocket::Bind(std::to_string(port));
  EXPECT_FALSE(again.ok()) << "the same port twice must fail";
  // The cause stays in the error: the node channel answers Node's EADDRINUSE from it.
  EXPECT_EQ(again.status().os_error(), EADDRINUSE) << again.status().ToString();
}

TEST(ListenSocket, UnixPathReplacesAStaleSocketAndIsRemovedOnClose) {
  const test::TempDir dir("tend-ls");
  const std::string path = dir / "app.sock";
  {
    auto first = ListenSocket::Bind(path);
    ASSERT_TRUE(first.ok());
  }
  struct stat st {};
  EXPECT_NE(::lstat(path.c_str(), &st), 0) << "closed socket file left behind";
  {
    auto first = ListenSocket::Bind(path);
    ASSERT_TRUE(first.ok());
    auto second = ListenSocket::Bind(path);  // replaces the file, as after a daemon crash
    EXPECT_TRUE(second.ok()) << second.status().message();
  }
  std::ofstream(path) << "data";
  auto blocked = ListenSocket::Bind(path);
  EXPECT_FALSE(blocked.ok());
  EXPECT_NE(blocked.status().message().find("not a socket"), std::string::npos);
}

TEST(ListenSocket, BadAddressesAreNamed) {
  for (const char* bad : {"", "0", "70000", "web", "host:port", "127.0.0.1:0"}) {
    auto s = ListenSocket::Bind(bad);
    EXPECT_FALSE(s.ok()) << bad;
  }
}

TEST(ListenRegistry, OneSocketPerAppUntilTheAppIsGone) {
  ListenRegistry registry;
  const int port = FreePort();
  auto a = registry.Acquire("web", std::to_string(port));
  ASSERT_TRUE(a.ok()) << a.status().message();
  auto again = registry.Acquire("web", std::to_string(port));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*a, *again);
  registry.ReleaseAllBut({"web"});
  EXPECT_TRUE(ConnectV4(port));
  registry.ReleaseAllBut({});
  EXPECT_EQ(registry.size(), 0u);
  EXPECT_FALSE(ConnectV4(port));
}

TEST(ListenRegistry, RequestedAddressesShareTheAppsOwnAndAreCapped) {
  ListenRegistry registry;
  const int port = FreePort();
  auto own = registry.Acquire("web", std::to_string(port));
  ASSERT_TRUE(own.ok()) << own.status().message();
  auto same = registry.AcquireRequested("web", std::to_string(port));
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(*own, *same) << "a Node server on the app's own address gets the same socket";
  size_t held = 0;
  Status refused;
  for (int i = 0; i < 40 && refused.ok(); ++i) {
    auto fd = registry.AcquireRequested("web", "127.0.0.1:" + std::to_string(FreePort()));
    if (fd.ok()) {
      ++held;
    } else {
      refused = fd.status();
    }
  }
  EXPECT_EQ(held, ListenRegistry::kMaxRequestedPerApp);
  EXPECT_NE(refused.message().find("the limit"), std::string::npos) << refused.message();
  EXPECT_TRUE(registry.AcquireRequested("api", "127.0.0.1:" + std::to_string(FreePort())).ok())
      << "the limit is per app";
  registry.ReleaseAllBut({});
  EXPECT_EQ(registry.size(), 0u);
}

}  // namespace
}  // namespace tend

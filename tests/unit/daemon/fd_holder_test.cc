// The fd holder with the real tend-fdholder: what one client keeps, a later one takes
// back (the same pipe, not a copy of its bytes), and what nobody needs any more it lets go.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <thread>

#include "daemon/holder/fd_holder_client.h"
#include "daemon/holder/fd_passing.h"
#include "tests/support/temp_dir.h"
#include "tests/support/wait_for.h"

namespace tend {
namespace {

const std::string kHolder = std::string(TEND_BIN_DIR) + "/daemon/tend-fdholder";

bool Gone(pid_t pid) {
  return pid > 0 && ::kill(pid, 0) != 0;
}

class FdHolderTest : public ::testing::Test {
 protected:
  void TearDown() override {
    if (pid_ > 0 && !Gone(pid_)) ::kill(pid_, SIGKILL);
  }
  std::string Socket() const { return dir_.path() + "/fdholder.sock"; }
  // A client connected to the holder (started by the first one).
  std::unique_ptr<FdHolderClient> Connect() {
    auto client = std::make_unique<FdHolderClient>();
    Status s = client->Connect(Socket(), kHolder);
    EXPECT_TRUE(s.ok()) << s.message();
    if (client->started()) pid_ = client->holder_pid();
    return client;
  }

  test::TempDir dir_{"fdholder"};
  pid_t pid_ = 0;
};

TEST_F(FdHolderTest, ASecondClientTakesBackThePipeTheFirstKept) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  {
    auto first = Connect();
    ASSERT_TRUE(first->started());
    first->Keep(OutputKey(3, 0, 4242), {fds[0], fds[0]});
    ::close(fds[0]);  // only the holder has a read end now: a write must not fail
  }                   // the first "daemon" is gone
  ASSERT_EQ(::write(fds[1], "kept\n", 5), 5);
  auto second = Connect();
  EXPECT_FALSE(second->started());
  EXPECT_EQ(second->holder_pid(), pid_);
  auto held = second->List();
  ASSERT_TRUE(held.ok()) << held.status().message();
  ASSERT_EQ(held->size(), 1u);
  EXPECT_EQ((*held)[0].key, "out/3/0/4242");
  ASSERT_EQ((*held)[0].fds.size(), 2u);
  char buf[16] = {};
  EXPECT_EQ(::read((*held)[0].fds[0], buf, sizeof buf), 5);
  EXPECT_STREQ(buf, "kept\n");
  for (int fd : (*held)[0].fds)
    ::close(fd);
  ::close(fds[1]);
  second->Quit();
  EXPECT_TRUE(test::WaitFor([&] { return Gone(pid_); })) << "the holder outlived quit";
}

TEST_F(FdHolderTest, ReleaseForgetsAndListStaysWhole) {
  int a[2], b[2];
  ASSERT_EQ(::pipe(a), 0);
  ASSERT_EQ(::pipe(b), 0);
  auto client = Connect();
  client->Keep("out/1/0/10", {a[0], a[0]});
  client->Keep("out/2/0/20", {b[0], b[0]});
  client->Keep("out/1/0/10", {a[0], a[0]});  // again: replaces, does not add
  client->Release("out/2/0/20");
  auto held = client->List();
  ASSERT_TRUE(held.ok());
  ASSERT_EQ(held->size(), 1u);
  EXPECT_EQ((*held)[0].key, "out/1/0/10");
  for (auto& h : *held)
    for (int fd : h.fds)
      ::close(fd);
  for (int fd : {a[0], a[1], b[0], b[1]})
    ::close(fd);
  client->Quit();
}

TEST_F(FdHolderTest, WithNoClientItLetsGoOfDeadEmptyPipesThenExits) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  {
    auto client = Connect();
    client->Keep("out/1/0/10", {fds[0], fds[0]});
  }
  ::close(fds[0]);
  ::close(fds[1]);  // every writer gone, nothing in the pipe: nothing to keep
  EXPECT_TRUE(test::WaitFor([&] { return Gone(pid_); })) << "the holder kept a dead pipe";
}

TEST_F(FdHolderTest, APipeWithBytesInItIsKeptForTheNextDaemon) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  {
    auto client = Connect();
    client->Keep("out/1/0/10", {fds[0], fds[0]});
  }
  ASSERT_EQ(::write(fds[1], "last words\n", 11), 11);
  ::close(fds[0]);
  ::close(fds[1]);
  // The holder looks at hung-up pipes each second; give it two looks.
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  EXPECT_FALSE(Gone(pid_));
  auto next = Connect();
  auto held = next->List();
  ASSERT_TRUE(held.ok());
  ASSERT_EQ(held->size(), 1u);
  char buf[32] = {};
  EXPECT_EQ(::read((*held)[0].fds[0], buf, sizeof buf), 11);
  for (int fd : (*held)[0].fds)
    ::close(fd);
  next->Quit();
}

TEST(FdPassing, AMessageTooLongIsRefusedBeforeSending) {
  int pair[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_SEQPACKET, 0, pair), 0);
  EXPECT_FALSE(SendFdMessage(pair[0], std::string(kMaxFdMessageText + 1, 'k')).ok());
  EXPECT_FALSE(SendFdMessage(pair[0], "keep x", std::vector<int>(kMaxFds + 1, pair[0])).ok());
  ASSERT_TRUE(SendFdMessage(pair[0], "keep x", {pair[0]}).ok());
  auto got = ReceiveFdMessage(pair[1]);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->text, "keep x");
  ASSERT_EQ(got->fds.size(), 1u);
  CloseFds(*got);
  ::close(pair[0]);
  auto end = ReceiveFdMessage(pair[1]);
  EXPECT_EQ(end.status().code(), Code::kNotFound);
  ::close(pair[1]);
}

TEST(OutputKeys, ParseWhatTheyWriteAndNothingElse) {
  int id = 0, instance = 0, pid = 0;
  EXPECT_TRUE(ParseOutputKey(OutputKey(7, 2, 999), &id, &instance, &pid));
  EXPECT_EQ(id, 7);
  EXPECT_EQ(instance, 2);
  EXPECT_EQ(pid, 999);
  for (const char* bad : {"out/1/2", "out/1/2/3x", "listen/1/2/3", "out/-1/0/5", "out/1/0/0", ""})
    EXPECT_FALSE(ParseOutputKey(bad, &id, &instance, &pid)) << bad;
}

}  // namespace
}  // namespace tend

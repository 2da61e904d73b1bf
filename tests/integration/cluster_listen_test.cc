// `listen` sockets held by the daemon (fd 3, LISTEN_FDS/LISTEN_PID/LISTEN_FDNAMES)
// and readiness over NOTIFY_SOCKET, with a real socket-activated server.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <set>
#include <thread>

#include "tests/integration/app_steps.h"
#include "tests/integration/cluster_test_support.h"
#include "tests/integration/harness.h"

namespace tend::test {
namespace {

std::string Pid(const std::string& answer) {
  return answer.substr(0, answer.find(' '));
}

// Connects over and over until stopped; counts answers and failures.
class ClientLoop {
 public:
  explicit ClientLoop(int port)
      : thread_([this, port] {
          while (!stop_) {
            int err = 0;
            if (AskServer(port, &err)) {
              ++answered_;
            } else {
              ++failed_;
              last_errno_ = err;
            }
          }
        }) {}
  ~ClientLoop() { Stop(); }
  void Stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  int answered() const { return answered_; }
  int failed() const { return failed_; }
  int last_errno() const { return last_errno_; }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<int> answered_{0};
  std::atomic<int> failed_{0};
  std::atomic<int> last_errno_{0};
  std::thread thread_;
};

// Starts two instances of the fixture server sharing `port`, and waits until it answers.
void StartTwoOnPort(TendHome& home, int port) {
  ASSERT_TRUE(TendOk(home, {"start", TEND_LISTEN_SERVER, "-n", "srv", "-i", "2", "--listen",
                            std::to_string(port)}));
  ASSERT_TRUE(WaitFor([&] { return AskServer(port).has_value(); }));
}

TEST(ClusterListen, EveryInstanceServesTheSharedSocket) {
  TendHome home;
  const int port = FreePort();
  ASSERT_NO_FATAL_FAILURE(StartTwoOnPort(home, port));
  std::set<std::string> instances;
  std::set<std::string> pids;
  int answered = 0;
  for (int i = 0; i < 200; ++i) {
    auto answer = AskServer(port);
    if (!answer) continue;
    ++answered;
    pids.insert(Pid(*answer));
    instances.insert(answer->substr(answer->find(' ') + 1));
  }
  EXPECT_EQ(answered, 200);
  EXPECT_EQ(instances, (std::set<std::string>{"0", "1"}));
  EXPECT_EQ(pids.size(), 2u);
  for (const auto& p : home.List()) {
    EXPECT_EQ(p["status"], "online");
    EXPECT_EQ(p["restarts"], 0) << "an instance failed its socket activation checks";
  }
}

TEST(ClusterListen, RestartRefusesNoConnectionAndDeleteClosesTheSocket) {
  TendHome home;
  const int port = FreePort();
  ASSERT_NO_FATAL_FAILURE(StartTwoOnPort(home, port));
  {
    ClientLoop clients(port);
    for (int i = 0; i < 3; ++i) {
      ASSERT_TRUE(TendOk(home, {"restart", "srv"}));
    }
    const int before = clients.answered();
    ASSERT_TRUE(WaitFor([&] { return clients.answered() > before + 10; }));
    clients.Stop();
    EXPECT_EQ(clients.failed(), 0) << "last errno " << clients.last_errno();
  }
  ASSERT_TRUE(TendOk(home, {"delete", "srv"}));
  int err = 0;
  EXPECT_FALSE(AskServer(port, &err).has_value());
  EXPECT_EQ(err, ECONNREFUSED);
}

TEST(ClusterListen, AUnixSocketPathIsServedAndRemovedOnDelete) {
  TendHome home;
  const std::string path = home.ScratchDir() + "/srv.sock";
  ASSERT_TRUE(
      TendOk(home, {"start", TEND_LISTEN_SERVER, "-n", "srv", "-i", "2", "--listen", path}));
  ASSERT_TRUE(WaitFor([&] { return AskUnixServer(path).has_value(); }));
  ASSERT_TRUE(TendOk(home, {"delete", "srv"}));
  EXPECT_NE(::access(path.c_str(), F_OK), 0) << "socket file left behind";
}

TEST(ClusterListen, AnAddressInUseIsAStartError) {
  TendHome home;
  const int port = FreePort();
  auto r = home.Tend({"start", TEND_LISTEN_SERVER, "-n", "a", "--listen", std::to_string(port)});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = home.Tend({"start", TEND_LISTEN_SERVER, "-n", "b", "--listen", std::to_string(port)});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("in use"), std::string::npos) << r.err;
}

// Starts the fixture server with --wait-ready on a free port: `start` answers with it online.
void StartReadyServer(TendHome& home, const std::string& listen_timeout_ms,
                      const std::map<std::string, std::string>& env) {
  ASSERT_TRUE(
      TendOk(home,
             {"start", TEND_LISTEN_SERVER, "-n", "srv", "--listen", std::to_string(FreePort()),
              "--wait-ready", "--listen-timeout", listen_timeout_ms},
             env));
  EXPECT_EQ(home.Process(0)["status"], "online");
}

TEST(ClusterReadiness, StartAnswersOnceTheAppIsReady) {
  TendHome home;
  // READY=1 comes 1.5 s after spawn: `start` waited for it, as `pm2 start` does.
  ASSERT_NO_FATAL_FAILURE(StartReadyServer(home, "30000", {{"READY_DELAY_MS", "1500"}}));
  EXPECT_TRUE(DaemonLogHas(home, "launching -> online (ready)"));
}

TEST(ClusterReadiness, ListenTimeoutBringsItOnlineWithoutReady) {
  TendHome home;
  ASSERT_NO_FATAL_FAILURE(StartReadyServer(home, "2500", {{"NO_READY", "1"}}));
  EXPECT_TRUE(DaemonLogHas(home, "not ready within listen_timeout"));
}

}  // namespace
}  // namespace tend::test

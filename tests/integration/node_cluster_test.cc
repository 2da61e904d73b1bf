// Node apps in cluster mode, unmodified: tend's preload makes server.listen() adopt the
// daemon's socket, reports listening, drains on stop; process.send('ready') and
// shutdown_with_message over the IPC channel. Real node, real HTTP, real sockets.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <set>
#include <thread>

#include "tests/integration/app_steps.h"
#include "tests/integration/cluster_test_support.h"
#include "tests/integration/harness.h"
#include "tests/integration/http_client.h"

namespace tend::test {
namespace {

// What a PM2 user writes: no knowledge of tend. /slow logs that it arrived and answers
// after 400 ms.
std::string HttpApp(const std::string& listen_args) {
  return "const http = require('http');\n"
         "const server = http.createServer((req, res) => {\n"
         "  const answer = () => res.end(`${process.pid} ${process.env.NODE_APP_INSTANCE}\\n`);\n"
         "  if (req.url !== '/slow') return answer();\n"
         "  console.log('slow request');\n"
         "  setTimeout(answer, 400);\n"
         "});\n"
         "server.on('error', (e) => { console.error('listen error', e.code); process.exit(3); });\n"
         "server.listen(" +
         listen_args + ", () => console.log('listening on', server.address().port));\n";
}

// Both instances of `web` said they listen (HttpApp logs it once its server listens).
bool BothListening(TendHome& home) {
  for (int id : {0, 1}) {
    const std::string out = ReadWholeFile(AppLog(home, "web", "out", id));
    if (out.find("listening on") == std::string::npos) return false;
  }
  return true;
}

// Starts `script` with -i 2 in cluster mode and waits until both listen.
void StartTwo(TendHome& home, const std::string& script, std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"start", script, "-n", "web", "-i", "2"};
  args.insert(args.end(), extra.begin(), extra.end());
  auto r = home.Tend(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_TRUE(WaitFor([&] { return OnlinePids(home).size() == 2 && BothListening(home); },
                      std::chrono::seconds(20)))
      << home.List().dump();
}

// The pids that answered `connections` new connections.
std::set<std::string> Answerers(int port, int connections) {
  std::set<std::string> seen;
  for (int i = 0; i < connections; ++i) {
    auto r = HttpGet(port);
    if (r) seen.insert(r->body);
  }
  return seen;
}

TEST(NodeCluster, AnUnmodifiedAppOnPortIsServedByEveryInstance) {
  TendHome home;
  const int port = FreePort();
  const std::string app = home.WriteScript("app.js", HttpApp("process.env.PORT || 3000"));
  const std::string eco = home.WriteScript("eco.json", R"({"apps": [{"name": "web", "script": ")" +
                                                           app + R"(", "instances": 2, "port": )" +
                                                           std::to_string(port) + "}]}");
  ASSERT_TRUE(TendOk(home, {"start", eco}));
  ASSERT_TRUE(WaitFor([&] { return OnlinePids(home).size() == 2 && BothListening(home); },
                      std::chrono::seconds(20)));
  const auto seen = Answerers(port, 200);
  std::set<std::string> instances;
  for (const auto& body : seen)
    instances.insert(body.substr(body.find(' ') + 1));
  EXPECT_EQ(instances, (std::set<std::string>{"0\n", "1\n"})) << "every instance serves";
  EXPECT_EQ(seen.size(), 2u);
}

TEST(NodeCluster, AHardCodedPortAndHostIsAdoptedFromTheDaemon) {
  TendHome home;
  const int port = FreePort();
  StartTwo(home, home.WriteScript("app.js", HttpApp(std::to_string(port) + ", '127.0.0.1'")));
  EXPECT_EQ(Answerers(port, 200).size(), 2u) << "both instances serve the one port";
  EXPECT_TRUE(DaemonLogHas(home, "asks for 127.0.0.1:" + std::to_string(port)));
}

TEST(NodeCluster, ReloadUnderLoadLosesNoRequestKeepAliveIncluded) {
  TendHome home;
  const int port = FreePort();
  StartTwo(home, home.WriteScript("app.js", HttpApp(std::to_string(port))));
  const auto before = OnlinePids(home);
  std::atomic<bool> stop{false};
  std::atomic<int> answered{0};
  std::atomic<int> failed{0};
  auto count = [&](bool ok) { ok ? ++answered : ++failed; };
  std::thread fresh([&] {
    while (!stop)
      count(HttpGet(port).has_value());
  });
  std::thread kept([&] {
    KeepAliveClient client(port);
    while (!stop)
      count(client.Get().has_value());
  });
  for (int i = 0; i < 2; ++i) {
    auto r = home.Tend({"reload", "web"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
  }
  const int seen = answered;
  WaitFor([&] { return answered > seen + 50; });
  stop = true;
  fresh.join();
  kept.join();
  EXPECT_EQ(failed, 0);
  EXPECT_GT(answered, 100);
  const auto after = OnlinePids(home);
  EXPECT_EQ(after.size(), 2u);
  for (pid_t pid : before)
    EXPECT_EQ(after.count(pid), 0u) << "not replaced: " << pid;
}

// Without a SIGINT handler of its own (the preload ends the process) and with the usual
// `server.close(() => process.exit(0))` one (the preload makes that close graceful).
class NodeDrain : public ::testing::TestWithParam<bool> {};

TEST_P(NodeDrain, StopDrainsAKeepAliveConnectionAndAnswersInFlightWithClose) {
  TendHome home;
  const int port = FreePort();
  std::string app = HttpApp(std::to_string(port));
  if (GetParam()) app += "process.on('SIGINT', () => server.close(() => process.exit(0)));\n";
  StartTwo(home, home.WriteScript("app.js", app), {"--kill-timeout", "20000"});
  KeepAliveClient idle(port);
  ASSERT_TRUE(idle.Get().has_value());
  std::optional<HttpResponse> slow;
  std::thread in_flight([&] {
    KeepAliveClient client(port);
    slow = client.Get("/slow");
  });
  // Not ASSERT: the thread must be joined. A miss still fails the test.
  EXPECT_TRUE(WaitFor([&] {
    return ReadWholeFile(AppLog(home, "web", "out", 0)).find("slow request") != std::string::npos ||
           ReadWholeFile(AppLog(home, "web", "out", 1)).find("slow request") != std::string::npos;
  })) << "/slow never reached a server";
  auto r = home.Tend({"stop", "web"});
  in_flight.join();
  EXPECT_EQ(r.exit_code, 0) << r.err;
  ASSERT_TRUE(slow.has_value()) << "the request in flight was cut";
  EXPECT_EQ(slow->status, 200);
  EXPECT_TRUE(slow->closes) << "a draining server answers with Connection: close";
  EXPECT_TRUE(idle.ClosedByServerWithin(2000)) << "the idle keep-alive connection stays open";
  EXPECT_FALSE(DaemonLogHas(home, "sending SIGKILL")) << "drain did not end by itself";
}

INSTANTIATE_TEST_SUITE_P(OwnHandler, NodeDrain, ::testing::Bool(), [](const auto& param_info) {
  return param_info.param ? "AppCloses" : "NoHandler";
});

TEST(NodeCluster, AKeepAliveConnectionIsRecycledAfterItsRequests) {
  TendHome home;
  const int port = FreePort();
  StartTwo(home, home.WriteScript("app.js", HttpApp(std::to_string(port))));
  // Started with TEND_KEEPALIVE_REQUESTS unset: the default, 1000 requests per connection.
  KeepAliveClient client(port);
  int closes = 0;
  for (int i = 0; i < 1000; ++i) {
    auto r = client.Get();
    ASSERT_TRUE(r.has_value()) << "request " << i;
    closes += r->closes ? 1 : 0;
  }
  EXPECT_EQ(closes, 1) << "the 1000th answer says Connection: close";
  EXPECT_TRUE(client.Get().has_value()) << "the client reconnects";
  EXPECT_EQ(client.connections(), 2);
}

TEST(NodeCluster, AnAddressInUseReachesTheAppAsEaddrinuse) {
  TendHome home;
  const int blocker = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(blocker, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  ASSERT_EQ(::listen(blocker, 1), 0);
  socklen_t len = sizeof a;
  ::getsockname(blocker, reinterpret_cast<sockaddr*>(&a), &len);
  const int port = ntohs(a.sin_port);
  const std::string app =
      home.WriteScript("app.js", HttpApp(std::to_string(port) + ", '127.0.0.1'"));
  ASSERT_TRUE(TendOk(home, {"start", app, "-n", "web", "-i", "2", "--no-autorestart"}));
  EXPECT_TRUE(WaitForText(AppLog(home, "web", "error", 0), "listen error EADDRINUSE"));
  ::close(blocker);
}

TEST(NodeIpc, ProcessSendReadyWithWaitReady) {
  TendHome home;
  const std::string app = home.WriteScript(
      "ready.js", "setTimeout(() => process.send('ready'), 1000);\nsetInterval(() => {}, 1000);\n");
  ASSERT_TRUE(TendOk(home, {"start", app, "-n", "r", "--wait-ready", "--listen-timeout", "30000"}));
  // `start` answered after process.send('ready'), not at the 30 s timeout.
  EXPECT_EQ(home.Process(0)["status"], "online");
  EXPECT_TRUE(DaemonLogHas(home, "launching -> online (ready)"));
}

TEST(NodeIpc, AListenRequestLeavesTheAppsMessageListenerKeepingItAlive) {
  TendHome home;
  const int port = FreePort();
  // After its server closes, only its 'message' listener keeps it alive (Node refs the
  // channel for it); the unref'd interval shows it is.
  const std::string app =
      home.WriteScript("m.js",
                       "process.on('message', () => {});\n"
                       "const s = require('http').createServer((q, r) => r.end('x'));\n"
                       "s.listen(" +
                           std::to_string(port) +
                           ", '127.0.0.1', () => s.close(() => {\n"
                           "  console.log('closed');\n"
                           "  setInterval(() => console.log('alive'), 50).unref();\n"
                           "}));\n");
  ASSERT_TRUE(TendOk(home, {"start", app, "-n", "m", "-i", "1"}));
  const std::string out = AppLog(home, "m");
  auto alive_lines = [&] {
    int n = 0;
    for (const auto& line : ReadFileLines(out))
      n += line == "alive" ? 1 : 0;
    return n;
  };
  EXPECT_TRUE(WaitFor([&] { return alive_lines() >= 5; })) << ReadWholeFile(out);
  EXPECT_EQ(home.Process(0)["restarts"], 0) << "it exited once its listen was answered";
}

TEST(NodeIpc, ShutdownWithMessageStopsWithoutASignal) {
  TendHome home;
  const std::string marker = home.ScratchDir() + "/got";
  const std::string app =
      home.WriteScript("shut.js",
                       "process.on('SIGINT', () => {});  // a signal would be ignored\n"
                       "process.on('message', (m) => {\n"
                       "  require('fs').writeFileSync('" +
                           marker +
                           "', String(m));\n"
                           "  process.exit(0);\n"
                           "});\n"
                           "setInterval(() => {}, 1000);\n"
                           "console.log('handlers set');\n");
  ASSERT_TRUE(TendOk(
      home, {"start", app, "-n", "s", "--shutdown-with-message", "--kill-timeout", "20000"}));
  ASSERT_TRUE(WaitForStatus(home, 0, "online"));
  ASSERT_TRUE(WaitForText(AppLog(home, "s"), "handlers set"));
  auto r = home.Tend({"stop", "s"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(ReadWholeFile(marker), "shutdown");
  EXPECT_EQ(home.Process(0)["status"], "stopped");
  EXPECT_FALSE(DaemonLogHas(home, "sending SIGKILL"));
}

TEST(NodeCluster, ReloadFailOnTimeoutKeepsTheOldInstancesWhenTheNewOnesNeverListen) {
  TendHome home;
  const int port = FreePort();
  const std::string mute = home.ScratchDir() + "/mute";
  const std::string app = home.WriteScript("app.js", "if (require('fs').existsSync('" + mute +
                                                         "')) setInterval(() => {}, 1000);\n"
                                                         "else {\n" +
                                                         HttpApp(std::to_string(port)) + "}\n");
  StartTwo(home, app, {"--listen-timeout", "500", "--reload-fail-on-timeout"});
  const auto before = OnlinePids(home);
  std::ofstream(mute) << "x";
  ExpectReloadFailsKeeping(home, "web", "did not listen within listen_timeout", before);
  EXPECT_EQ(Answerers(port, 20).size() >= 1, true);
}

}  // namespace
}  // namespace tend::test

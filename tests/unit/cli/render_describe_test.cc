#include "cli/render_describe.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "cli/render_text.h"
#include "tests/unit/cli/sample_processes.h"

namespace tend::cli {
namespace {

using nlohmann::json;
using testing::kNowMs;
using testing::SampleProcess;

// Runs a test in UTC, restoring TZ afterwards.
class UtcZone {
 public:
  UtcZone() {
    if (const char* tz = std::getenv("TZ")) old_ = tz;
    setenv("TZ", "UTC", 1);
    tzset();
  }
  ~UtcZone() {
    if (old_) {
      setenv("TZ", old_->c_str(), 1);
    } else {
      unsetenv("TZ");
    }
    tzset();
  }
  UtcZone(const UtcZone&) = delete;
  UtcZone& operator=(const UtcZone&) = delete;

 private:
  std::optional<std::string> old_;
};

// The value printed after `key` on a plain-mode line "key   value".
std::string ValueOf(const std::string& text, const std::string& key) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(key + "  ", 0) != 0) continue;
    const size_t start = line.find_first_not_of(' ', key.size());
    return start == std::string::npos ? "" : line.substr(start);
  }
  return "<missing " + key + ">";
}

const TerminalInfo kPipe{false, kUnlimitedColumns, false};

TEST(RenderDescribe, ListsEveryFact) {
  UtcZone utc;
  const std::string out = RenderDescribe(SampleProcess(0, "api"), kPipe, kNowMs);
  EXPECT_EQ(out.rfind("Describing process with id 0 - name api\n", 0), 0u);
  for (const char* key : {"status",
                          "name",
                          "namespace",
                          "restarts",
                          "unstable restarts",
                          "uptime",
                          "script path",
                          "script args",
                          "interpreter",
                          "interpreter args",
                          "exec cwd",
                          "exec mode",
                          "pid",
                          "pgid",
                          "created at",
                          "started at",
                          "last exit code",
                          "last exit signal",
                          "out log path",
                          "error log path",
                          "pid path",
                          "autorestart",
                          "max restarts",
                          "min uptime",
                          "restart delay",
                          "exp backoff restart delay",
                          "kill timeout",
                          "kill signal",
                          "stop exit codes",
                          "treekill"}) {
    EXPECT_EQ(ValueOf(out, key).rfind("<missing", 0), std::string::npos) << key;
  }
  EXPECT_EQ(ValueOf(out, "status"), "online");
  EXPECT_EQ(ValueOf(out, "uptime"), "2h");
  EXPECT_EQ(ValueOf(out, "script path"), "/srv/api/server.js");
  EXPECT_EQ(ValueOf(out, "script args"), "--port 8080");
  EXPECT_EQ(ValueOf(out, "created at"), "2025-11-26T09:40:00+00:00");
  EXPECT_EQ(ValueOf(out, "last exit code"), "N/A");
  EXPECT_EQ(ValueOf(out, "min uptime"), "1000ms");
  EXPECT_EQ(ValueOf(out, "stop exit codes"), "0, 3");
  EXPECT_EQ(ValueOf(out, "exp backoff restart delay"), "off");
  EXPECT_EQ(out.find('\x1b'), std::string::npos);
  EXPECT_EQ(out.find("│"), std::string::npos);
}

TEST(RenderDescribe, ShowsEnvironmentKeysButNeverValues) {
  const std::string out = RenderDescribe(SampleProcess(0, "api"), kPipe, kNowMs);
  const size_t section = out.find("Environment keys");
  ASSERT_NE(section, std::string::npos);
  const size_t api = out.find("API_TOKEN", section), node = out.find("NODE_ENV", section),
               path = out.find("PATH", node);
  EXPECT_TRUE(api < node && node < path) << "keys are sorted";
  EXPECT_NE(path, std::string::npos);
  EXPECT_EQ(out.find("s3cr3t-value"), std::string::npos);
  EXPECT_EQ(out.find("production"), std::string::npos);
}

TEST(RenderDescribe, EscapesBytesThatAreNotPrintable) {
  json p = SampleProcess(0, "api");
  p["spec"]["script"] = {{"$bytes", "L3Nydi9h/y5qcw=="}};  // "/srv/a\xFF.js"
  p["spec"]["args"] = json::array({"two words", "line\nbreak"});
  const std::string out = RenderDescribe(p, kPipe, kNowMs);
  EXPECT_EQ(ValueOf(out, "script path"), "/srv/a\\xFF.js");
  EXPECT_EQ(ValueOf(out, "script args"), "'two words' line\\x0Abreak");
}

TEST(RenderDescribe, TerminalGetsABoxAndAColouredStatus) {
  const std::string out =
      RenderDescribe(SampleProcess(3, "api", "errored"), {true, 200, true}, kNowMs);
  EXPECT_NE(out.find("┌"), std::string::npos);
  EXPECT_NE(out.find("\x1b[31merrored\x1b[0m"), std::string::npos);
  EXPECT_NE(out.find(" Describing process with id 3 - name api "), std::string::npos);
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);)
    EXPECT_LE(DisplayWidth(line), 200) << line;
}

TEST(RenderDescribe, NarrowTerminalDropsTheBoxButKeepsEveryValue) {
  json p = SampleProcess(0, "api");
  const std::string long_cwd = "/srv/" + std::string(100, 'd');
  p["spec"]["cwd"] = long_cwd;
  const std::string out = RenderDescribe(p, {true, 60, false}, kNowMs);
  EXPECT_EQ(out.find("┌"), std::string::npos);
  EXPECT_NE(out.find(long_cwd), std::string::npos);
}

TEST(RenderDescribe, ShowsLogFileStatsAndTheLastError) {
  json p = SampleProcess(0, "api");
  p["log_stats"] = {{"out", {{"bytes_written", 1258291}, {"bytes_dropped", 0}, {"last_error", ""}}},
                    {"err",
                     {{"bytes_written", 512},
                      {"bytes_dropped", 2048},
                      {"last_error", "write /l/err.log: No space left on device"}}}};
  const std::string out = RenderDescribe(p, kPipe, kNowMs);
  EXPECT_EQ(ValueOf(out, "out log stats"), "1.2mb written, 0b dropped");
  EXPECT_EQ(ValueOf(out, "error log stats"),
            "512b written, 2.0kb dropped, last error: write /l/err.log: No space left on device");
  p["log_stats"]["out"] = nullptr;  // not open: the process is stopped
  EXPECT_EQ(ValueOf(RenderDescribe(p, kPipe, kNowMs), "out log stats"), "N/A");
}

TEST(RenderDescribe, ShowsTheLastRestartsWithTheirCause) {
  UtcZone utc;
  json p = SampleProcess(0, "api");
  const std::string none = RenderDescribe(p, kPipe, kNowMs);
  EXPECT_NE(none.find("Last restarts\n  (none)\n"), std::string::npos) << none;
  p["restart_reasons"] = json::array({
      {{"cause", "crash"}, {"detail", "code 1 after 120 ms"}, {"at", int64_t{1764150000000}}},
      {{"cause", "manual"}, {"detail", ""}, {"at", int64_t{1764150060000}}},
  });
  const std::string out = RenderDescribe(p, kPipe, kNowMs);
  EXPECT_NE(out.find("Last restarts\n"
                     "  2025-11-26T09:40:00+00:00  crash: code 1 after 120 ms\n"
                     "  2025-11-26T09:41:00+00:00  manual\n"),
            std::string::npos)
      << out;
}

TEST(RenderDescribe, ToleratesAnEmptyObject) {
  const std::string out = RenderDescribe(json::object(), kPipe, kNowMs);
  EXPECT_EQ(ValueOf(out, "script path"), "N/A");
  EXPECT_NE(out.find("(none)"), std::string::npos);
}

TEST(RenderDescribe, ToleratesAMalformedSpec) {
  json p = SampleProcess(0, "api");
  p["spec"] = {{"env", 5},
               {"args", "not a list"},
               {"script", {{"$bytes", "%%%"}}},
               {"stop_exit_codes", "x"},
               {"min_uptime", "soon"}};
  const std::string out = RenderDescribe(p, kPipe, kNowMs);
  EXPECT_EQ(ValueOf(out, "script path"), "N/A");
  EXPECT_EQ(ValueOf(out, "script args"), "N/A");
  EXPECT_EQ(ValueOf(out, "stop exit codes"), "none");
  EXPECT_EQ(ValueOf(out, "min uptime"), "1000ms");
  EXPECT_EQ(RenderEnv(p), "");
}

TEST(RenderEnv, PrintsSortedKeyValueLines) {
  json p = SampleProcess(0, "api");
  p["spec"]["env"]["MULTI"] = "a\nb";
  EXPECT_EQ(RenderEnv(p),
            "API_TOKEN=s3cr3t-value\nMULTI=a\\x0Ab\nNODE_ENV=production\nPATH=/usr/bin\n");
}

TEST(RenderEnv, ReadsTheNonUtf8PairForm) {
  json p = SampleProcess(0, "api");
  p["spec"]["env"] = json::array({json::array({json{{"$bytes", "S/8="}}, "v"})});  // "K\xFF"
  EXPECT_EQ(RenderEnv(p), "K\\xFF=v\n");
}

}  // namespace
}  // namespace tend::cli

// The log pipeline through the real daemon and CLI: floods, exact bytes, line
// formats, merged instances, rotation under load (docs/logs.md).
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>

#include "tests/integration/app_steps.h"
#include "tests/integration/harness.h"
#include "tests/integration/log_pipeline_support.h"

namespace tend::test {
namespace {

using namespace std::chrono_literals;

// Writes `count` numbered lines to stdout and every tenth number to stderr,
// as fast as Python's buffered streams go, then exits.
constexpr const char* kFloodScript = R"(#!/usr/bin/env python3
import sys
tag, n = sys.argv[1], int(sys.argv[2])
out, err = sys.stdout.write, sys.stderr.write
for i in range(n):
    out(f"{tag} out {i:07d} the quick brown fox jumps over the lazy dog\n")
    if i % 10 == 0:
        err(f"{tag} err {i:07d}\n")
)";

std::string ExpectedFlood(const std::string& tag, int count, bool err) {
  std::string text;
  char line[128];
  for (int i = 0; i < count; ++i) {
    if (!err) {
      std::snprintf(line, sizeof line, "%s out %07d the quick brown fox jumps over the lazy dog\n",
                    tag.c_str(), i);
      text += line;
    } else if (i % 10 == 0) {
      std::snprintf(line, sizeof line, "%s err %07d\n", tag.c_str(), i);
      text += line;
    }
  }
  return text;
}

std::string Logs(const TendHome& home) {
  return home.path() + "/home/logs/";
}

// Starts a one-shot app, waits until `path` holds `expected` (or the deadline).
void ExpectFileBecomes(const std::string& path, const std::string& expected,
                       std::chrono::milliseconds deadline = 60s) {
  const bool same =
      WaitFor([&] { return ReadWholeFile(path).size() >= expected.size(); }, deadline);
  const std::string actual = ReadWholeFile(path);
  EXPECT_TRUE(same && actual == expected) << path << ": " << FirstDifference(actual, expected);
}

TEST(LogPipeline, FourFloodingProcessesKeepEveryLineOnceAndInOrder) {
  TendHome home;
  const std::string script = home.WriteScript("flood.py", kFloodScript);
  constexpr int kLines = 50000;
  for (int i = 0; i < 4; ++i) {
    const std::string name = "f" + std::to_string(i);
    auto r = home.Tend({"start", script, "-n", name, "--interpreter", "none", "--no-autorestart",
                        "--", name, std::to_string(kLines)});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  for (int i = 0; i < 4; ++i) {
    const std::string name = "f" + std::to_string(i);
    ExpectFileBecomes(Logs(home) + name + "-out.log", ExpectedFlood(name, kLines, false));
    ExpectFileBecomes(Logs(home) + name + "-error.log", ExpectedFlood(name, kLines, true));
  }
}

// `cat` of a file the test wrote: the log must hold exactly those bytes (plus
// the newline that ends a partial last line when the stream closes).
void ExpectCatPassesThrough(const std::string& name, const std::string& content) {
  TendHome home;
  const std::string input = home.ScratchDir() + "/" + name + ".bin";
  std::ofstream(input, std::ios::binary) << content;
  ASSERT_TRUE(TendOk(home, {"start", "/bin/cat", "-n", name, "--no-autorestart", "--", input}));
  ExpectFileBecomes(Logs(home) + name + "-out.log",
                    content.back() == '\n' ? content : content + "\n");
}

TEST(LogPipeline, APartialLineAndAOneMebibyteLineArriveByteExact) {
  std::string content = "head\n";
  uint32_t x = 12345;
  for (int i = 0; i < (1 << 20); ++i) {
    x = x * 1103515245u + 12345u;
    content += static_cast<char>('!' + (x >> 16) % 90);
  }
  content += "\nmiddle\ntail without a newline";
  ExpectCatPassesThrough("long", content);
}

TEST(LogPipeline, BinaryOutputReachesTheFileUntouched) {
  std::string content;
  for (int i = 0; i < 64 * 256; ++i)
    content += static_cast<char>(i % 256);  // NUL, \r, invalid UTF-8 (0x80-0xFF), ...
  content += "\xC3\x28\xFF\xFE\r\n";
  ExpectCatPassesThrough("binary", content);
}

std::string FirstLineOf(const std::string& path) {
  std::string line;
  WaitFor([&] { return ReadWholeFile(path).find('\n') != std::string::npos; });
  const std::string text = ReadWholeFile(path);
  return text.substr(0, text.find('\n'));
}

TEST(LogPipeline, TimePrefixIsIsoByDefaultOrTheGivenFormat) {
  TendHome home;
  const std::string script = home.WriteScript("say.sh", "#!/bin/sh\necho stamped\n");
  ASSERT_TRUE(TendOk(home, {"start", script, "-n", "iso", "--time", "--no-autorestart"}));
  ASSERT_EQ(home.Tend({"start", script, "-n", "fmt", "--no-autorestart", "--log-date-format",
                       "YYYY-MM-DD HH:mm:ss"})
                .exit_code,
            0);
  const std::string iso = FirstLineOf(Logs(home) + "iso-out.log");
  EXPECT_TRUE(std::regex_match(
      iso, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d: stamped)")))
      << iso;
  const std::string custom = FirstLineOf(Logs(home) + "fmt-out.log");
  EXPECT_TRUE(std::regex_match(custom, std::regex(R"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d: stamped)")))
      << custom;
}

TEST(LogPipeline, JsonLinesCarryMessageTimestampTypeIdAndName) {
  TendHome home;
  const std::string script =
      home.WriteScript("both.sh", "#!/bin/sh\necho 'hello \"json\"'\necho oops >&2\n");
  ASSERT_EQ(
      home.Tend({"start", script, "-n", "j", "--log-type", "json", "--no-autorestart"}).exit_code,
      0);
  const auto check = [](const std::string& line, const std::string& message,
                        const std::string& type) {
    const auto j = nlohmann::json::parse(line, nullptr, false);
    ASSERT_TRUE(j.is_object()) << line;
    EXPECT_EQ(j.value("message", ""), message);
    EXPECT_EQ(j.value("type", ""), type);
    EXPECT_EQ(j.value("process_id", -1), 0);
    EXPECT_EQ(j.value("app_name", ""), "j");
    EXPECT_TRUE(std::regex_match(j.value("timestamp", ""),
                                 std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")))
        << line;
  };
  check(FirstLineOf(Logs(home) + "j-out.log"), "hello \"json\"", "out");
  check(FirstLineOf(Logs(home) + "j-error.log"), "oops", "err");
}

TEST(LogPipeline, MergeLogsWritesOneFileForAllInstances) {
  TendHome home;
  const std::string script =
      home.WriteScript("inst.sh", "#!/bin/sh\necho \"instance $TEND_INSTANCE\"\nexec sleep 300\n");
  ASSERT_TRUE(TendOk(home, {"start", script, "-n", "m", "-i", "2", "--merge-logs"}));
  const std::string merged = Logs(home) + "m-out.log";
  EXPECT_TRUE(WaitFor([&] {
    const std::string text = ReadWholeFile(merged);
    return text.find("instance 0\n") != std::string::npos &&
           text.find("instance 1\n") != std::string::npos;
  })) << ReadWholeFile(merged);
  struct stat st;
  EXPECT_NE(::stat((Logs(home) + "m-out-0.log").c_str(), &st), 0);
  EXPECT_NE(::stat((Logs(home) + "m-out-1.log").c_str(), &st), 0);
}

// Floods one app with rotation on; the generations together must be the flood.
void ExpectRotationKeepsEveryLine(TendHome& home, const std::vector<std::string>& flags,
                                  bool compressed) {
  const std::string script = home.WriteScript("flood.py", kFloodScript);
  constexpr int kLines = 40000;  // ~2.4 MB: about 24 rotations at 100K
  std::vector<std::string> args = {"start",           script, "-n", "rot", "--interpreter", "none",
                                   "--no-autorestart"};
  args.insert(args.end(), flags.begin(), flags.end());
  args.insert(args.end(), {"--", "rot", std::to_string(kLines)});
  auto r = home.Tend(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string out = Logs(home) + "rot-out.log";
  const std::string expected = ExpectedFlood("rot", kLines, false);
  int rotated = 0;
  const bool complete = WaitFor(
      [&] {
        return (!compressed || !CompressionPending(out)) &&
               ReadWithRotations(out, &rotated).size() >= expected.size();
      },
      90s);
  const std::string actual = ReadWithRotations(out, &rotated);
  EXPECT_TRUE(complete && actual == expected) << FirstDifference(actual, expected);
  EXPECT_GE(rotated, 10);
}

TEST(LogPipeline, RotationUnderAFloodLosesAndRepeatsNothing) {
  TendHome home;
  ExpectRotationKeepsEveryLine(home,
                               {"--log-max-size", "100K", "--log-retain", "100", "--log-compress"},
                               /*compressed=*/true);
}

TEST(LogPipeline, TheDaemonsLogMaxSizeSettingAppliesToAppsStartedAfterIt) {
  TendHome home;
  ASSERT_TRUE(TendOk(home, {"set", "log_max_size", "100K"}));
  ASSERT_TRUE(TendOk(home, {"set", "log_retain", "100"}));
  ExpectRotationKeepsEveryLine(home, {}, /*compressed=*/false);
  // Each generation stops at the last whole line that fits.
  for (const auto& entry : std::filesystem::directory_iterator(Logs(home))) {
    if (entry.path().filename().string().rfind("rot-out__", 0) != 0) continue;
    EXPECT_LE(entry.file_size(), 100u * 1024) << entry.path();
    EXPECT_GT(entry.file_size(), 100u * 1024 - 200) << entry.path();
  }
}

TEST(LogPipeline, StartTakesTheRotationFlags) {
  TendHome home;
  auto r = home.Tend({"start", "/bin/sleep", "--log-max-size", "10M", "--log-retain", "3",
                      "--log-compress", "--log-rotate-interval", "daily", "--dry-run"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto apps = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_TRUE(apps.is_array() && apps.size() == 1) << r.out;
  EXPECT_EQ(apps[0].value("log_max_size", 0), 10 * 1024 * 1024);
  EXPECT_EQ(apps[0].value("log_retain", 0), 3);
  EXPECT_EQ(apps[0].value("log_compress", false), true);
  EXPECT_EQ(apps[0].value("log_rotate_interval", ""), "daily");
  r = home.Tend({"start", "/bin/sleep", "--log-max-size", "10Q", "--dry-run"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("--log-max-size"), std::string::npos) << r.err;
  r = home.Tend({"start", "/bin/sleep", "--log-rotate-interval", "weekly", "--dry-run"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("--log-rotate-interval"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace tend::test

#include "daemon/logs/log_process_output.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "daemon/logs/log_file_registry.h"
#include "daemon/logs/log_ring.h"
#include "tests/unit/daemon/log_test_env.h"

namespace tend {
namespace {

using logtest::ShellChild;
using logtest::SplitLines;
using logtest::TestLoop;
using logtest::WriteFile;
using test::ReadWholeFile;
using test::TempDir;

class ProcessOutputTest : public ::testing::Test {
 protected:
  LogOptions Options(const std::string& name) {
    LogOptions options;
    options.out_path = dir_ / (name + "-out.log");
    options.err_path = dir_ / (name + "-error.log");
    options.app_name = name;
    return options;
  }
  std::unique_ptr<ProcessOutput> Make(const LogOptions& options) {
    auto output = ProcessOutput::Create(loop_.get(), registry_, options);
    EXPECT_TRUE(output.ok()) << output.status().ToString();
    return output.ok() ? std::move(output.value()) : nullptr;
  }
  // Spawns `script` on the output's pipes and starts reading.
  std::unique_ptr<ShellChild> Spawn(ProcessOutput& output, const std::string& script) {
    auto child = std::make_unique<ShellChild>(loop_.get(), script, output.child_stdout_fd(),
                                              output.child_stderr_fd());
    output.StartReading();
    return child;
  }
  void WaitDrainedAndWritten(std::vector<ProcessOutput*> outputs) {
    for (ProcessOutput* output : outputs) {
      bool drained = false;
      output->OnDrained([&drained] { drained = true; });
      ASSERT_TRUE(loop_.RunUntil([&drained] { return drained; }));
    }
    bool idle = false;
    registry_.WhenAllIdle([&idle] { idle = true; });
    ASSERT_TRUE(loop_.RunUntil([&idle] { return idle; }));
  }
  void CloseAll(std::vector<ProcessOutput*> outputs) {
    int open = static_cast<int>(outputs.size());
    for (ProcessOutput* output : outputs)
      output->Close([&open] { --open; });
    ASSERT_TRUE(loop_.RunUntil([&open] { return open == 0; }));
  }

  TestLoop loop_;
  LogFileRegistry registry_{loop_.get()};
  TempDir dir_;
};

// The numbers after `prefix` in `lines`, in order of appearance.
// Runs `f` on each line the output hands to its sink.
void EachLine(ProcessOutput& output, std::function<void(const LogLineRef&)> f) {
  output.SetLineSink([f = std::move(f)](const std::vector<LogLineRun>& runs) {
    for (const LogLineRun& run : runs)
      ForEachLine(run, f);
  });
}

std::vector<int> NumbersAfter(const std::vector<std::string>& lines, const std::string& prefix) {
  std::vector<int> numbers;
  for (const std::string& line : lines) {
    if (line.compare(0, prefix.size(), prefix) == 0)
      numbers.push_back(std::stoi(line.substr(prefix.size())));
  }
  return numbers;
}

std::vector<int> Range(int n) {
  std::vector<int> numbers;
  for (int i = 1; i <= n; ++i)
    numbers.push_back(i);
  return numbers;
}

TEST_F(ProcessOutputTest, FourChildrenFloodTheirFilesAndOneSharedFile) {
  constexpr int kLines = 20000;
  std::vector<std::unique_ptr<ProcessOutput>> outputs;
  std::vector<std::unique_ptr<ShellChild>> children;
  std::vector<size_t> lines_seen(4, 0);
  for (int c = 0; c < 4; ++c) {
    LogOptions options = Options("app" + std::to_string(c));
    options.combined_path = dir_ / "all.log";
    options.process_id = c;
    outputs.push_back(Make(options));
    ASSERT_NE(outputs.back(), nullptr);
    EachLine(*outputs.back(), [&lines_seen, c](const LogLineRef& line) {
      EXPECT_EQ(line.process_id, c);
      ++lines_seen[static_cast<size_t>(c)];
    });
    const std::string tag = "c" + std::to_string(c);
    children.push_back(Spawn(*outputs.back(), "seq 1 " + std::to_string(kLines) + " | sed 's/^/" +
                                                  tag + " out /' & seq 1 " +
                                                  std::to_string(kLines) + " | sed 's/^/" + tag +
                                                  " err /' >&2; wait"));
  }
  std::vector<ProcessOutput*> raw;
  for (auto& output : outputs)
    raw.push_back(output.get());
  WaitDrainedAndWritten(raw);

  const auto all = SplitLines(ReadWholeFile(dir_ / "all.log"));
  EXPECT_EQ(all.size(), 8u * kLines);
  for (const std::string& line : all) {  // no line was cut by another writer
    ASSERT_TRUE(line.size() > 7 && line[0] == 'c' && line[2] == ' ' &&
                (line.compare(3, 4, "out ") == 0 || line.compare(3, 4, "err ") == 0))
        << "mangled line: " << line;
  }
  for (int c = 0; c < 4; ++c) {
    const std::string tag = "c" + std::to_string(c);
    const auto out = SplitLines(ReadWholeFile(dir_ / ("app" + std::to_string(c) + "-out.log")));
    const auto err = SplitLines(ReadWholeFile(dir_ / ("app" + std::to_string(c) + "-error.log")));
    EXPECT_EQ(NumbersAfter(out, tag + " out "), Range(kLines)) << tag;
    EXPECT_EQ(out.size(), static_cast<size_t>(kLines));
    EXPECT_EQ(NumbersAfter(err, tag + " err "), Range(kLines)) << tag;
    EXPECT_EQ(NumbersAfter(all, tag + " out "), Range(kLines)) << tag;
    EXPECT_EQ(NumbersAfter(all, tag + " err "), Range(kLines)) << tag;
    EXPECT_EQ(lines_seen[static_cast<size_t>(c)], 2u * kLines) << tag;
  }
  CloseAll(raw);
}

TEST_F(ProcessOutputTest, MegabyteOfBinaryArrivesByteForByte) {
  std::string input(1024 * 1024 + 123, '\0');
  for (size_t i = 0; i < input.size(); ++i)
    input[i] = static_cast<char>((i * 131 + i / 7) % 256);
  input.replace(5000, 2, "\r\n");
  input.back() = 'z';  // no final newline: the daemon terminates the line at EOF
  WriteFile(dir_ / "input.bin", input);
  auto output = Make(Options("bin"));
  auto child = Spawn(*output, "cat '" + (dir_ / "input.bin") + "'");
  WaitDrainedAndWritten({output.get()});
  const std::string written = ReadWholeFile(dir_ / "bin-out.log");
  EXPECT_EQ(written.size(), input.size() + 1);
  EXPECT_TRUE(written == input + "\n") << "bytes differ";
  CloseAll({output.get()});
}

// Lines longer than the splitter's cap still reach a shared file whole.
TEST_F(ProcessOutputTest, LongLinesStayWholeInASharedFile) {
  std::vector<std::unique_ptr<ProcessOutput>> outputs;
  std::vector<std::unique_ptr<ShellChild>> children;
  for (const char* letter : {"a", "b", "c"}) {
    LogOptions options = Options(letter);
    options.out_path = dir_ / "merged-out.log";  // merge_logs
    outputs.push_back(Make(options));
    ASSERT_NE(outputs.back(), nullptr);
    children.push_back(
        Spawn(*outputs.back(),
              std::string("for i in 1 2 3 4 5 6 7 8; do head -c 300000 /dev/zero | tr '\\0' ") +
                  letter + "; echo; echo short; done"));
  }
  WaitDrainedAndWritten({outputs[0].get(), outputs[1].get(), outputs[2].get()});
  const auto lines = SplitLines(ReadWholeFile(dir_ / "merged-out.log"));
  ASSERT_EQ(lines.size(), 3u * 8 * 2);
  size_t long_lines = 0;
  for (const std::string& line : lines) {
    if (line == "short") continue;
    ++long_lines;
    ASSERT_EQ(line.size(), 300000u);
    ASSERT_EQ(line.find_first_not_of(line[0]), std::string::npos) << "lines interleaved";
  }
  EXPECT_EQ(long_lines, 24u);
  CloseAll({outputs[0].get(), outputs[1].get(), outputs[2].get()});
}

// A long line's pieces wait for its end before they reach the file (so a
// shared file gets them contiguous), but the lines before it do not wait.
TEST_F(ProcessOutputTest, LinesBeforeAnUnfinishedLongLineReachTheFile) {
  auto output = Make(Options("pending"));
  size_t capped_pieces = 0;
  EachLine(*output, [&capped_pieces](const LogLineRef& line) {
    capped_pieces += line.end == LineEnd::kCapped ? 1 : 0;
  });
  const std::string go = dir_ / "go";
  // The child keeps its long line unfinished until the test creates `go`: it polls for
  // the file itself, the test waits on what it sees, never on a sleep.
  auto child = Spawn(*output,
                     "printf 'one\\ntwo\\n'; head -c 100000 /dev/zero | tr '\\0' z; "
                     "while [ ! -e " +
                         go + " ]; do sleep 0.05; done");
  ASSERT_TRUE(loop_.RunUntil([&] { return capped_pieces == 1; }));
  bool idle = false;
  registry_.WhenAllIdle([&idle] { idle = true; });
  ASSERT_TRUE(loop_.RunUntil([&idle] { return idle; }));
  EXPECT_EQ(ReadWholeFile(dir_ / "pending-out.log"), "one\ntwo\n");
  WriteFile(go, "");
  WaitDrainedAndWritten({output.get()});  // the line ends at end of stream, whole
  EXPECT_EQ(ReadWholeFile(dir_ / "pending-out.log"),
            "one\ntwo\n" + std::string(100000, 'z') + "\n");
  CloseAll({output.get()});
}

TEST_F(ProcessOutputTest, BackpressureKeepsTheBufferBoundedAndLosesNothing) {
  constexpr int kLines = 300000;  // ~33 MB
  auto output = Make(Options("flood"));
  constexpr size_t kHigh = 256 * 1024;
  output->out_file()->SetWatermarks(kHigh, 64 * 1024);
  auto child =
      Spawn(*output, "seq 1 " + std::to_string(kLines) +
                         " | sed 's/$/ xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
                         "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx/'");
  size_t max_seen = 0;
  bool drained = false;
  output->OnDrained([&drained] { drained = true; });
  ASSERT_TRUE(loop_.RunUntil(
      [&] {
        max_seen = std::max<size_t>(max_seen, output->out_file()->stats().pending_bytes);
        return drained;
      },
      60000));
  WaitDrainedAndWritten({output.get()});
  const LogFileStats stats = output->out_file()->stats();
  EXPECT_GT(stats.congestions, 0u);  // the flood did outrun the disk
  // Once over the watermark, the rest of the chunk being read is still taken,
  // plus the partial line held from the previous chunk (one line here).
  constexpr size_t kLineBytes = 120;
  EXPECT_LE(stats.max_pending_bytes, kHigh + ProcessOutput::kReadChunk + kLineBytes);
  EXPECT_LE(max_seen, kHigh + ProcessOutput::kReadChunk + kLineBytes);
  const auto lines = SplitLines(ReadWholeFile(dir_ / "flood-out.log"));
  ASSERT_EQ(lines.size(), static_cast<size_t>(kLines));
  for (int i = 0; i < kLines; ++i) {
    ASSERT_EQ(std::stoi(lines[static_cast<size_t>(i)]), i + 1);
  }
  CloseAll({output.get()});
}

TEST_F(ProcessOutputTest, RotationUnderAFloodLosesAndDuplicatesNothing) {
  constexpr int kLines = 100000;
  LogOptions options = Options("rot");
  options.max_size = 128 * 1024;
  auto output = Make(options);
  auto child = Spawn(*output, "seq 1 " + std::to_string(kLines));
  WaitDrainedAndWritten({output.get()});
  std::vector<std::string> all;
  const auto rotated = ListRotated(dir_ / "rot-out.log");
  EXPECT_GE(rotated.size(), 4u);
  for (const auto& name : rotated) {
    for (auto& line : SplitLines(ReadWholeFile(name)))
      all.push_back(std::move(line));
  }
  for (auto& line : SplitLines(ReadWholeFile(dir_ / "rot-out.log")))
    all.push_back(std::move(line));
  EXPECT_EQ(NumbersAfter(all, ""), Range(kLines));
  EXPECT_EQ(output->out_file()->stats().rotations, rotated.size());
  CloseAll({output.get()});
}

// A read of 64 KiB of empty lines is 64 Ki lines: the sink gets them all, in
// order, the lines of a read together in one run, for raw and formatted files.
// Sanitized builds push fewer lines (still several full reads): under TSan with a
// busy core, 200,000 took 72 s.
TEST_F(ProcessOutputTest, ManyShortLinesReachTheSinkAsRunsOfARead) {
  const size_t kLines = test::SlowdownFactor() > 2 ? 3 * 65536 / 2 : 200000;
  for (const bool json : {false, true}) {
    LogOptions options = Options(json ? "short-json" : "short");
    options.json = json;
    auto output = Make(options);
    size_t lines = 0;
    size_t longest_run = 0;
    size_t largest_batch = 0;
    bool all_empty = true;
    output->SetLineSink([&](const std::vector<LogLineRun>& runs) {
      largest_batch = std::max(largest_batch, runs.size());
      for (const LogLineRun& run : runs) {
        size_t in_run = 0;
        ForEachLine(run, [&](const LogLineRef& line) {
          ++in_run;
          all_empty = all_empty && line.text.empty() && line.end == LineEnd::kNewline;
        });
        lines += in_run;
        longest_run = std::max(longest_run, in_run);
      }
    });
    auto child =
        Spawn(*output, "head -c " + std::to_string(kLines) + " /dev/zero | tr '\\0' '\\n'");
    WaitDrainedAndWritten({output.get()});
    EXPECT_EQ(lines, kLines) << json;
    EXPECT_TRUE(all_empty);
    EXPECT_GT(longest_run, 1u) << json;  // lines of one read do go together
    EXPECT_LE(largest_batch, ProcessOutput::kMaxBatch);
    if (!json) {
      EXPECT_EQ(ReadWholeFile(dir_ / "short-out.log"), std::string(kLines, '\n'));
    }
    CloseAll({output.get()});
  }
}

TEST_F(ProcessOutputTest, DrainedOnlyWhenGrandchildrenClosedTheirCopies) {
  auto output = Make(Options("tree"));
  LogRing ring;
  EachLine(*output, [&ring](const LogLineRef& line) { ring.Push(line); });
  // The grandchild outlives the shell by a second, so the exit comes first even on a busy box.
  auto child = Spawn(*output, "(sleep 1; echo late) & echo early");
  bool drained = false;
  bool child_exited_first = false;
  output->OnDrained([&] {
    drained = true;
    child_exited_first = child->exited();
  });
  ASSERT_TRUE(loop_.RunUntil([&] { return drained; }));
  EXPECT_TRUE(child_exited_first);
  const auto lines = ring.Last(10);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].text, "early");
  EXPECT_EQ(lines[1].text, "late");
  CloseAll({output.get()});
}

TEST_F(ProcessOutputTest, JsonFormatLinesAndCloseFlushesAPartialLine) {
  LogOptions options = Options("api");
  options.json = true;
  options.process_id = 7;
  auto output = Make(options);
  std::vector<LogLine> seen;
  EachLine(*output, [&seen](const LogLineRef& line) { seen.push_back(LogLine::Copy(line)); });
  auto child =
      Spawn(*output, "printf 'to out\\n'; printf 'bad \\377 byte\\npartial' >&2; exec sleep 30");
  ASSERT_TRUE(loop_.RunUntil([&] { return seen.size() == 2; }));
  CloseAll({output.get()});  // the partial line is emitted, as is
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[2].text, "partial");
  EXPECT_EQ(seen[2].end, LineEnd::kEof);
  EXPECT_EQ(seen[0].stream, LogStream::kOut);
  EXPECT_EQ(seen[0].process_id, 7);

  bool idle = false;
  registry_.WhenAllIdle([&idle] { idle = true; });
  ASSERT_TRUE(loop_.RunUntil([&idle] { return idle; }));
  const auto err = SplitLines(ReadWholeFile(dir_ / "api-error.log"));
  ASSERT_EQ(err.size(), 2u);
  const auto first = nlohmann::json::parse(err[0]);
  EXPECT_EQ(first["message"], "bad \xEF\xBF\xBD byte");
  EXPECT_EQ(first["type"], "err");
  EXPECT_EQ(first["process_id"], 7);
  EXPECT_EQ(first["app_name"], "api");
  EXPECT_EQ(nlohmann::json::parse(err[1])["message"], "partial");
  const auto out = nlohmann::json::parse(ReadWholeFile(dir_ / "api-out.log"));
  EXPECT_EQ(out["message"], "to out");
  EXPECT_EQ(out["type"], "out");
}

TEST_F(ProcessOutputTest, ReconfigureSwitchesFilesAndFormat) {
  auto output = Make(Options("first"));
  std::vector<int> ids;
  EachLine(*output, [&ids](const LogLineRef& line) { ids.push_back(line.process_id); });
  LogOptions bad = Options("second");
  bad.out_path = dir_ / "missing-dir/out.log";
  EXPECT_FALSE(output->Reconfigure(bad).ok());
  LogOptions second = Options("second");
  second.date_format = "[at]";
  second.process_id = 4;
  ASSERT_TRUE(output->Reconfigure(second).ok());
  auto child = Spawn(*output, "echo hi; echo oops >&2");
  WaitDrainedAndWritten({output.get()});
  EXPECT_EQ(ReadWholeFile(dir_ / "second-out.log"), "at: hi\n");
  EXPECT_EQ(ReadWholeFile(dir_ / "second-error.log"), "at: oops\n");
  EXPECT_EQ(ReadWholeFile(dir_ / "first-out.log"), "");
  EXPECT_EQ(ids, (std::vector<int>{4, 4}));
  CloseAll({output.get()});
}

TEST_F(ProcessOutputTest, OpenErrorNamesThePath) {
  WriteFile(dir_ / "file", "");
  LogOptions options = Options("bad");
  options.err_path = dir_ / "file/err.log";
  auto output = ProcessOutput::Create(loop_.get(), registry_, options);
  ASSERT_FALSE(output.ok());
  EXPECT_NE(output.status().message().find(options.err_path), std::string::npos);
}

}  // namespace
}  // namespace tend

#include "daemon/logs/log_ring.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <string>

#include "daemon/logs/log_subscribers.h"

namespace tend {
namespace {

LogLine Line(const std::string& text) {
  LogLine line;
  line.text = text;
  return line;
}

TEST(LogRingTest, KeepsTheLastLinesWithinLineAndByteBounds) {
  LogRing ring(3, 1000);
  for (int i = 0; i < 10; ++i)
    ring.Push(Line("line" + std::to_string(i)).ref());
  ASSERT_EQ(ring.size(), 3u);
  const auto last = ring.Last(2);
  ASSERT_EQ(last.size(), 2u);
  EXPECT_EQ(last[0].text, "line8");
  EXPECT_EQ(last[1].text, "line9");
  EXPECT_EQ(ring.Last(50).size(), 3u);

  LogRing small(100, 10);
  small.Push(Line("12345").ref());
  small.Push(Line("67890").ref());
  small.Push(Line("abc").ref());  // 13 bytes: the oldest goes
  EXPECT_EQ(small.size(), 2u);
  EXPECT_EQ(small.bytes(), 8u);
  small.Push(Line(std::string(50, 'x')).ref());  // alone over the bound: still kept
  EXPECT_EQ(small.size(), 1u);
  EXPECT_EQ(small.Last(1)[0].text.size(), 50u);
}

// Runs go whole: the oldest stays while the others hold fewer than max_lines.
TEST(LogRingTest, RunsAreEvictedWholeOnceTheRestHoldTheLines) {
  LogRing ring(4, 1000);
  ring.Push(LogLineRun{LogStream::kOut, "a\nb\nc", LineEnd::kNewline, false, 1, 0});
  ring.Push(LogLineRun{LogStream::kOut, "d\ne", LineEnd::kNewline, false, 2, 0});
  EXPECT_EQ(ring.size(), 5u);  // without a-c, only 2 lines would be left
  ring.Push(LogLineRun{LogStream::kOut, "f\ng", LineEnd::kNewline, false, 3, 0});
  EXPECT_EQ(ring.size(), 4u);  // d-g hold the 4 lines: a-c go
  const auto last = ring.Last(10);
  ASSERT_EQ(last.size(), 4u);
  EXPECT_EQ(last[0].text, "d");
  EXPECT_EQ(last[3].text, "g");
}

// A run is split into its lines only when they are asked for, each with the
// facts of its place in the run.
TEST(LogRingTest, RunsGiveBackTheirLinesWithTheirEnds) {
  LogRing ring;
  ring.Push(Line("before").ref());
  ring.Push(LogLineRun{LogStream::kErr, "a\n\nc", LineEnd::kCapped, true, 42, 7});
  const auto all = ring.Last(10);
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[0].text, "before");
  EXPECT_EQ(all[1].text, "a");
  EXPECT_TRUE(all[1].continuation);
  EXPECT_EQ(all[1].end, LineEnd::kNewline);
  EXPECT_EQ(all[2].text, "");
  EXPECT_FALSE(all[2].continuation);
  EXPECT_EQ(all[3].text, "c");
  EXPECT_EQ(all[3].end, LineEnd::kCapped);
  for (size_t i = 1; i < 4; ++i) {
    EXPECT_EQ(all[i].stream, LogStream::kErr);
    EXPECT_EQ(all[i].timestamp_ms, 42);
    EXPECT_EQ(all[i].process_id, 7);
  }
  const auto two = ring.Last(2);
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[0].text, "");
  EXPECT_EQ(two[1].text, "c");
  EXPECT_EQ(ring.size(), 4u);
  EXPECT_EQ(ring.bytes(), 6u + 4u);
}

TEST(LogRingTest, EmptyAndClearedRingsAnswerAndTakeLinesAgain) {
  LogRing ring(3, 1000);
  EXPECT_EQ(ring.size(), 0u);
  EXPECT_TRUE(ring.Last(10).empty());
  ring.Push(Line("a").ref());
  ring.Push(Line("b").ref());
  ring.Clear();
  EXPECT_EQ(ring.size(), 0u);
  EXPECT_EQ(ring.bytes(), 0u);
  EXPECT_TRUE(ring.Last(10).empty());
  ring.Push(Line("c").ref());
  ASSERT_EQ(ring.Last(10).size(), 1u);
  EXPECT_EQ(ring.Last(10)[0].text, "c");
  EXPECT_EQ(ring.bytes(), 1u);
}

// A long run of pushes (single lines and runs of several, of varied sizes,
// streams and times) against a plain deque model: the ring wraps, grows and
// compacts its arena many times over.
TEST(LogRingTest, ManyWrapsAndCompactionsKeepExactlyTheNewestRuns) {
  constexpr size_t kMaxLines = 50;
  constexpr size_t kMaxBytes = 2000;
  LogRing ring(kMaxLines, kMaxBytes);
  std::deque<std::vector<LogLine>> model;  // runs
  std::deque<size_t> model_sizes;
  size_t model_bytes = 0;
  size_t model_lines = 0;
  for (int i = 0; i < 20000; ++i) {
    std::vector<LogLine> run;
    std::string text;
    const int lines = i % 4 == 0 ? 1 + i % 5 : 1;
    for (int k = 0; k < lines; ++k) {
      LogLine line = Line(std::to_string(i) + "." + std::to_string(k) +
                          std::string(static_cast<size_t>((i + k) * 7919 % 97), 'x'));
      line.stream = i % 3 == 0 ? LogStream::kErr : LogStream::kOut;
      line.end = k + 1 < lines || i % 5 != 0 ? LineEnd::kNewline : LineEnd::kCapped;
      line.continuation = k == 0 && i % 7 == 0;
      line.timestamp_ms = 1000 + i;
      line.process_id = i % 4;
      text += (k > 0 ? "\n" : "") + line.text;
      run.push_back(line);
    }
    ring.Push(LogLineRun{run[0].stream, text, run.back().end, run[0].continuation,
                         run[0].timestamp_ms, run[0].process_id});
    model.push_back(run);
    model_sizes.push_back(text.size());
    model_bytes += text.size();
    model_lines += run.size();
    while (model.size() > 1 &&
           (model_bytes > kMaxBytes || model_lines - model.front().size() >= kMaxLines)) {
      model_bytes -= model_sizes.front();
      model_lines -= model.front().size();
      model.pop_front();
      model_sizes.pop_front();
    }
    ASSERT_EQ(ring.size(), model_lines) << "after push " << i;
    ASSERT_EQ(ring.bytes(), model_bytes) << "after push " << i;
    if (i % 997 != 0) continue;
    std::vector<LogLine> flat;
    for (const auto& r : model)
      flat.insert(flat.end(), r.begin(), r.end());
    for (const size_t want : {size_t{1}, size_t{7}, flat.size(), flat.size() + 5}) {
      const auto held = ring.Last(want);
      ASSERT_EQ(held.size(), std::min(want, flat.size()));
      const size_t offset = flat.size() - held.size();
      for (size_t k = 0; k < held.size(); ++k) {
        const LogLine& expected = flat[offset + k];
        EXPECT_EQ(held[k].text, expected.text);
        EXPECT_EQ(held[k].stream, expected.stream);
        EXPECT_EQ(held[k].end, expected.end);
        EXPECT_EQ(held[k].continuation, expected.continuation);
        EXPECT_EQ(held[k].timestamp_ms, expected.timestamp_ms);
        EXPECT_EQ(held[k].process_id, expected.process_id);
      }
    }
  }
}

TEST(LogSubscribersTest, UnsubscribeDuringDispatchIsSafe) {
  LogSubscribers subscribers;
  std::vector<std::string> seen;
  SubscriptionId second = 0;
  const SubscriptionId first = subscribers.Subscribe([&](const LogLineRef& line) {
    seen.push_back("first:" + std::string(line.text));
    subscribers.Unsubscribe(second);  // another one, mid-dispatch
  });
  second = subscribers.Subscribe(
      [&](const LogLineRef& line) { seen.push_back("second:" + std::string(line.text)); });
  SubscriptionId self = 0;
  self = subscribers.Subscribe([&](const LogLineRef& line) {
    seen.push_back("self:" + std::string(line.text));
    subscribers.Unsubscribe(self);  // itself, while running
    subscribers.Subscribe(
        [&](const LogLineRef& l) { seen.push_back("late:" + std::string(l.text)); });
  });
  subscribers.Dispatch(Line("a").ref());
  subscribers.Dispatch(Line("b").ref());
  subscribers.Unsubscribe(first);
  subscribers.Dispatch(Line("c").ref());
  EXPECT_EQ(seen, (std::vector<std::string>{"first:a", "self:a", "first:b", "late:b", "late:c"}));
  EXPECT_EQ(subscribers.size(), 1u);
}

}  // namespace
}  // namespace tend

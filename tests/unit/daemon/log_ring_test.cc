#include "daemon/log_ring.h"

#include <gtest/gtest.h>

#include <deque>
#include <string>

#include "daemon/log_subscribers.h"

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

// A long run of lines of varied sizes, streams and times against a plain
// deque model: the ring wraps, grows and compacts its arena many times over.
TEST(LogRingTest, ManyWrapsAndCompactionsKeepExactlyTheNewestLines) {
  constexpr size_t kMaxLines = 50;
  constexpr size_t kMaxBytes = 2000;
  LogRing ring(kMaxLines, kMaxBytes);
  std::deque<LogLine> model;
  size_t model_bytes = 0;
  for (int i = 0; i < 20000; ++i) {
    LogLine line = Line(std::to_string(i) + std::string(static_cast<size_t>(i * 7919 % 97), 'x'));
    line.stream = i % 3 == 0 ? LogStream::kErr : LogStream::kOut;
    line.end = i % 5 == 0 ? LineEnd::kCapped : LineEnd::kNewline;
    line.continuation = i % 7 == 0;
    line.timestamp_ms = 1000 + i;
    line.process_id = i % 4;
    ring.Push(line.ref());
    model_bytes += line.text.size();
    model.push_back(line);
    while (model.size() > 1 && (model.size() > kMaxLines || model_bytes > kMaxBytes)) {
      model_bytes -= model.front().text.size();
      model.pop_front();
    }
    ASSERT_EQ(ring.size(), model.size()) << "after line " << i;
    ASSERT_EQ(ring.bytes(), model_bytes) << "after line " << i;
    if (i % 997 != 0) continue;
    const auto held = ring.Last(kMaxLines);
    ASSERT_EQ(held.size(), model.size());
    for (size_t k = 0; k < held.size(); ++k) {
      EXPECT_EQ(held[k].text, model[k].text);
      EXPECT_EQ(held[k].stream, model[k].stream);
      EXPECT_EQ(held[k].end, model[k].end);
      EXPECT_EQ(held[k].continuation, model[k].continuation);
      EXPECT_EQ(held[k].timestamp_ms, model[k].timestamp_ms);
      EXPECT_EQ(held[k].process_id, model[k].process_id);
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

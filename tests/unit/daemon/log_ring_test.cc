#include "daemon/log_ring.h"

#include <gtest/gtest.h>

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
    ring.Push(Line("line" + std::to_string(i)));
  ASSERT_EQ(ring.size(), 3u);
  const auto last = ring.Last(2);
  ASSERT_EQ(last.size(), 2u);
  EXPECT_EQ(last[0].text, "line8");
  EXPECT_EQ(last[1].text, "line9");
  EXPECT_EQ(ring.Last(50).size(), 3u);

  LogRing small(100, 10);
  small.Push(Line("12345"));
  small.Push(Line("67890"));
  small.Push(Line("abc"));  // 13 bytes: the oldest goes
  EXPECT_EQ(small.size(), 2u);
  EXPECT_EQ(small.bytes(), 8u);
  small.Push(Line(std::string(50, 'x')));  // alone over the bound: still kept
  EXPECT_EQ(small.size(), 1u);
  EXPECT_EQ(small.Last(1)[0].text.size(), 50u);
}

TEST(LogRingTest, EmptyAndClearedRingsAnswerAndTakeLinesAgain) {
  LogRing ring(3, 1000);
  EXPECT_EQ(ring.size(), 0u);
  EXPECT_TRUE(ring.Last(10).empty());
  ring.Push(Line("a"));
  ring.Push(Line("b"));
  ring.Clear();
  EXPECT_EQ(ring.size(), 0u);
  EXPECT_EQ(ring.bytes(), 0u);
  EXPECT_TRUE(ring.Last(10).empty());
  ring.Push(Line("c"));
  ASSERT_EQ(ring.Last(10).size(), 1u);
  EXPECT_EQ(ring.Last(10)[0].text, "c");
  EXPECT_EQ(ring.bytes(), 1u);
}

TEST(LogSubscribersTest, UnsubscribeDuringDispatchIsSafe) {
  LogSubscribers subscribers;
  std::vector<std::string> seen;
  SubscriptionId second = 0;
  const SubscriptionId first = subscribers.Subscribe([&](const LogLine& line) {
    seen.push_back("first:" + line.text);
    subscribers.Unsubscribe(second);  // another one, mid-dispatch
  });
  second =
      subscribers.Subscribe([&](const LogLine& line) { seen.push_back("second:" + line.text); });
  SubscriptionId self = 0;
  self = subscribers.Subscribe([&](const LogLine& line) {
    seen.push_back("self:" + line.text);
    subscribers.Unsubscribe(self);  // itself, while running
    subscribers.Subscribe([&](const LogLine& l) { seen.push_back("late:" + l.text); });
  });
  subscribers.Dispatch(Line("a"));
  subscribers.Dispatch(Line("b"));
  subscribers.Unsubscribe(first);
  subscribers.Dispatch(Line("c"));
  EXPECT_EQ(seen, (std::vector<std::string>{"first:a", "self:a", "first:b", "late:b", "late:c"}));
  EXPECT_EQ(subscribers.size(), 1u);
}

}  // namespace
}  // namespace tend

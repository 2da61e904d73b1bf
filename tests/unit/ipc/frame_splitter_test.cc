// FrameSplitter: a byte stream cut anywhere yields the same lines, and a line
// past the cap marks the stream as untrustworthy.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ipc/protocol.h"

namespace tend::ipc {
namespace {

std::vector<std::string> Drain(FrameSplitter& s) {
  std::vector<std::string> out;
  std::string line;
  while (s.Next(&line))
    out.push_back(line);
  return out;
}

TEST(FrameSplitter, SeveralFramesInOneFeed) {
  FrameSplitter s;
  s.Feed("one\ntwo\nthree\npart");
  EXPECT_EQ(Drain(s), (std::vector<std::string>{"one", "two", "three"}));
  EXPECT_EQ(s.buffered(), 4u);
  s.Feed("ial\n");
  EXPECT_EQ(Drain(s), (std::vector<std::string>{"partial"}));
  EXPECT_EQ(s.buffered(), 0u);
  EXPECT_FALSE(s.overflow());
}

TEST(FrameSplitter, AFrameSplitAtEveryByteBoundary) {
  const std::string stream =
      "{\"v\":1,\"id\":1,\"cmd\":\"ping\"}\n{\"v\":1,\"id\":2,\"cmd\":\"ls\"}\n";
  for (size_t cut = 0; cut <= stream.size(); ++cut) {
    FrameSplitter s;
    std::vector<std::string> lines;
    s.Feed(std::string_view(stream).substr(0, cut));
    for (auto& l : Drain(s))
      lines.push_back(l);
    s.Feed(std::string_view(stream).substr(cut));
    for (auto& l : Drain(s))
      lines.push_back(l);
    EXPECT_EQ(lines, (std::vector<std::string>{R"({"v":1,"id":1,"cmd":"ping"})",
                                               R"({"v":1,"id":2,"cmd":"ls"})"}))
        << "cut at " << cut;
    EXPECT_EQ(s.buffered(), 0u);
  }
}

TEST(FrameSplitter, OneByteAtATime) {
  const std::string stream = "abc\n\ndef\n";
  FrameSplitter s;
  std::vector<std::string> lines;
  for (char c : stream) {
    s.Feed(std::string_view(&c, 1));
    for (auto& l : Drain(s))
      lines.push_back(l);
  }
  EXPECT_EQ(lines, (std::vector<std::string>{"abc", "", "def"}));
}

TEST(FrameSplitter, CrlfEndsALineToo) {
  FrameSplitter s;
  s.Feed("ping\r\nls\r");
  s.Feed("\n");
  EXPECT_EQ(Drain(s), (std::vector<std::string>{"ping", "ls"}));
}

TEST(FrameSplitter, OverflowWithoutNewline) {
  FrameSplitter s(16);
  s.Feed("0123456789");
  EXPECT_FALSE(s.overflow());
  EXPECT_TRUE(Drain(s).empty());
  s.Feed("0123456");  // 17 bytes, no newline yet
  EXPECT_TRUE(s.overflow());
  EXPECT_TRUE(Drain(s).empty());
  // Once overflowed, nothing more comes out even if a newline arrives.
  s.Feed("\nok\n");
  EXPECT_TRUE(Drain(s).empty());
  EXPECT_TRUE(s.overflow());
}

TEST(FrameSplitter, OverflowWithALongCompleteLine) {
  FrameSplitter s(16);
  s.Feed("short\n" + std::string(17, 'x') + "\nafter\n");
  std::string line;
  ASSERT_TRUE(s.Next(&line));
  EXPECT_EQ(line, "short");
  EXPECT_FALSE(s.Next(&line));
  EXPECT_TRUE(s.overflow());
}

TEST(FrameSplitter, ALineExactlyAtTheCapPasses) {
  FrameSplitter s(16);
  s.Feed(std::string(16, 'y') + "\n");
  EXPECT_EQ(Drain(s), (std::vector<std::string>{std::string(16, 'y')}));
  EXPECT_FALSE(s.overflow());
}

TEST(FrameSplitter, DefaultCapIsTheProtocolLimit) {
  FrameSplitter s;
  const std::string chunk(1 << 20, 'z');
  for (size_t fed = 0; fed < kMaxFrameBytes; fed += chunk.size())
    s.Feed(chunk);
  EXPECT_FALSE(s.overflow());
  s.Feed("z");
  EXPECT_TRUE(s.overflow());
}

TEST(FrameSplitter, ALongLivedStreamDoesNotKeepOldBytes) {
  FrameSplitter s(1024);
  const std::string line(100, 'a');
  for (int i = 0; i < 5000; ++i) {
    s.Feed(line + "\n" + line.substr(0, 10));
    std::string got;
    ASSERT_TRUE(s.Next(&got)) << i;
    s.Feed(line.substr(10) + "\n");
    ASSERT_TRUE(s.Next(&got)) << i;
    ASSERT_EQ(got, line);
    ASSERT_FALSE(s.overflow()) << i;
  }
  EXPECT_EQ(s.buffered(), 0u);
}

// The splitter remembers how far it searched for '\n'; that mark must survive the
// compaction that drops consumed bytes, or a line would end in the wrong place.
TEST(FrameSplitter, ALineFedInPiecesAcrossACompactionEndsAtItsNewline) {
  FrameSplitter s(1 << 20);
  const std::string first(70 * 1024, 'a');  // past the 64 KB compaction threshold
  s.Feed(first + "\n" + "bb");
  std::string got;
  ASSERT_TRUE(s.Next(&got));
  EXPECT_EQ(got.size(), first.size());
  EXPECT_FALSE(s.Next(&got));  // "bb" is not a line yet
  std::string second = "bb";
  for (int i = 0; i < 50; ++i) {
    const std::string piece(1000, static_cast<char>('c' + i % 20));
    s.Feed(piece);
    second += piece;
    ASSERT_FALSE(s.Next(&got)) << i;
  }
  s.Feed("\nlast\n");
  ASSERT_TRUE(s.Next(&got));
  EXPECT_EQ(got, second);
  ASSERT_TRUE(s.Next(&got));
  EXPECT_EQ(got, "last");
  EXPECT_EQ(s.buffered(), 0u);
}

}  // namespace
}  // namespace tend::ipc

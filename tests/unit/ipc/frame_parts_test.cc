// Long frames as part frames: cut by the sender, joined by the reader, each line
// within the limit; malformed or oversized runs are refused.
#include "ipc/frame_parts.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "ipc/protocol.h"
#include "tests/support/text_lines.h"

namespace tend::ipc {
namespace {

using nlohmann::json;

using test::SplitLines;

// Joins every line of `text` as a reader would; the joined frame, or the error.
Result<std::string> JoinAll(const std::string& text, size_t max_bytes = kMaxJoinedAnswerBytes) {
  PartJoiner joiner(max_bytes);
  for (const auto& line : SplitLines(text)) {
    EXPECT_TRUE(StartsLikePart(line));
    std::string frame;
    auto done = joiner.Add(json::parse(line), &frame);
    if (!done.ok()) return done.status();
    if (*done) return frame;
  }
  return Status::Protocol("no last part");
}

// A list of `n` processes, each with a `bytes`-long environment value (UTF-8, 2 bytes a char).
json BigList(int n, size_t bytes) {
  json list = json::array();
  std::string value;
  while (value.size() < bytes)
    value += "é\"\\";  // multi-byte and escaped characters at every cut
  for (int i = 0; i < n; ++i)
    list.push_back({{"pm_id", i}, {"spec", {{"env", {{"BIG", value}}}}}});
  return list;
}

TEST(FrameParts, ASmallFrameIsSentAsItIs) {
  const std::string frame = EncodeResult(3, json{{"pong", true}});
  EXPECT_EQ(SplitLines(frame).size(), 1u);
  EXPECT_FALSE(StartsLikePart(frame));
  EXPECT_TRUE(ParseResponse(frame).ok());
}

TEST(FrameParts, ALongAnswerIsCutIntoLinesWithinTheLimitAndJoinsBack) {
  const json list = BigList(60, 100 * 1000);
  const std::string text = EncodeResult(7, list);
  const auto lines = SplitLines(text);
  ASSERT_GT(lines.size(), 3u);
  for (const auto& line : lines) {
    EXPECT_LE(line.size(), kMaxFrameBytes);
    auto j = json::parse(line, nullptr, false);  // each part is valid JSON (and UTF-8)
    ASSERT_TRUE(PartJoiner::IsPart(j));
    EXPECT_EQ(j.value("id", 0), 7);
  }
  auto joined = JoinAll(text);
  ASSERT_TRUE(joined.ok()) << joined.status().ToString();
  auto r = ParseResponse(*joined, kMaxJoinedAnswerBytes);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->id, 7);
  EXPECT_EQ(r->body, list);
  EXPECT_EQ(ResultText(*joined, 7).value_or(""), list.dump());
}

TEST(FrameParts, ALongRequestJoinsBackIntoTheRequest) {
  Request req;
  req.id = 9;
  req.cmd = "start";
  req.args = {{"apps", BigList(500, 10 * 1000)}};
  auto joined = JoinAll(EncodeRequest(req), kMaxJoinedRequestBytes);
  ASSERT_TRUE(joined.ok()) << joined.status().ToString();
  EXPECT_FALSE(ParseRequest(*joined).ok()) << "one line past the limit is still refused";
  auto back = ParseRequest(*joined, kMaxJoinedRequestBytes);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->cmd, "start");
  EXPECT_EQ(back->args, req.args);
}

TEST(FrameParts, AJoinedFramePastTheBoundIsRefused) {
  auto joined = JoinAll(EncodeResult(1, BigList(60, 100 * 1000)), 2u << 20);
  ASSERT_FALSE(joined.ok());
  EXPECT_EQ(joined.status().code(), Code::kProtocol);
  EXPECT_NE(joined.status().message().find("limit"), std::string::npos);
}

TEST(FrameParts, PartsOfTwoFramesInterleavedAreRefused) {
  PartJoiner joiner(1u << 20);
  std::string frame;
  ASSERT_TRUE(joiner.Add({{"id", 1}, {"more", true}, {"part", "{\"id\":1,"}}, &frame).ok());
  EXPECT_EQ(joiner.id(), 1);
  auto other = joiner.Add({{"id", 2}, {"more", false}, {"part", "x"}}, &frame);
  ASSERT_FALSE(other.ok());
  EXPECT_NE(other.status().message().find("frame 1"), std::string::npos);
  EXPECT_EQ(joiner.id(), 0) << "the joiner starts afresh";
}

TEST(FrameParts, AMalformedPartIsRefused) {
  PartJoiner joiner(1u << 20);
  std::string frame;
  EXPECT_FALSE(joiner.Add({{"id", 1}, {"part", "x"}}, &frame).ok());  // no "more"
  EXPECT_FALSE(joiner.Add({{"id", "1"}, {"more", false}, {"part", "x"}}, &frame).ok());
  EXPECT_FALSE(joiner.Add({{"id", 1}, {"more", false}, {"part", 5}}, &frame).ok());
  EXPECT_FALSE(StartsLikePart("{\"id\":1,\"ok\":true,\"result\":{}}"));
  EXPECT_TRUE(StartsLikePart("{\"id\":-4,\"more\":false,\"part\":\"\"}"));
}

}  // namespace
}  // namespace tend::ipc

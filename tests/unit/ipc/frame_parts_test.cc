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
    auto done = PartJoiner::IsItemsPart(line) ? joiner.AddItems(line, &frame)
                                              : joiner.Add(json::parse(line), &frame);
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
    // A list's elements travel whole, as JSON values, nothing escaped a second time.
    ASSERT_TRUE(PartJoiner::IsItemsPart(line)) << line.substr(0, 80);
    ASSERT_TRUE(j.is_object() && j["items"].is_array()) << line.substr(0, 80);
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

TEST(FrameParts, ItemPartsHoldTheElementsInOrderAboutAMebibyteALine) {
  const json list = BigList(300, 20 * 1000);  // about 6 MB of elements
  std::vector<std::string> elements;
  for (const auto& e : list)
    elements.push_back(e.dump());
  const std::string text = SplitLongArrayResult(4, elements);
  const auto lines = SplitLines(text);
  json seen = json::array();
  for (size_t i = 0; i < lines.size(); ++i) {
    const json j = json::parse(lines[i]);
    EXPECT_EQ(j["more"], i + 1 < lines.size());
    EXPECT_LE(lines[i].size(), kPartBytes + 64 * 1024);
    for (const auto& e : j["items"])
      seen.push_back(e);
  }
  EXPECT_GE(lines.size(), 5u);
  EXPECT_EQ(seen, list);
  auto joined = JoinAll(text);
  ASSERT_TRUE(joined.ok()) << joined.status().ToString();
  EXPECT_EQ(*joined, "{\"id\":4,\"ok\":true,\"result\":" + list.dump() + "}");
}

TEST(FrameParts, AnElementPastTheLimitSendsTheListAsStringParts) {
  const json list = BigList(2, 5 * 1000 * 1000);
  const std::string text = EncodeResult(5, list);
  const auto lines = SplitLines(text);
  ASSERT_GT(lines.size(), 1u);
  for (const auto& line : lines) {
    EXPECT_LE(line.size(), kMaxFrameBytes);
    EXPECT_FALSE(PartJoiner::IsItemsPart(line));
  }
  auto joined = JoinAll(text);
  ASSERT_TRUE(joined.ok()) << joined.status().ToString();
  EXPECT_EQ(ParseResponse(*joined, kMaxJoinedAnswerBytes)->body, list);
}

TEST(FrameParts, AShortOrEmptyListIsOneFrame) {
  EXPECT_EQ(SplitLongArrayResult(2, {}), "{\"id\":2,\"ok\":true,\"result\":[]}\n");
  EXPECT_EQ(SplitLongArrayResult(2, {"1", "{}"}), "{\"id\":2,\"ok\":true,\"result\":[1,{}]}\n");
}

TEST(FrameParts, ItemAndStringPartsOfOneFrameAreNotMixed) {
  std::string frame;
  PartJoiner a(1u << 20);
  ASSERT_TRUE(a.AddItems("{\"id\":1,\"more\":true,\"items\":[1]}", &frame).ok());
  EXPECT_FALSE(a.Add({{"id", 1}, {"more", false}, {"part", "x"}}, &frame).ok());
  PartJoiner b(1u << 20);
  ASSERT_TRUE(b.Add({{"id", 1}, {"more", true}, {"part", "{\"id\":1,"}}, &frame).ok());
  EXPECT_FALSE(b.AddItems("{\"id\":1,\"more\":false,\"items\":[2]}", &frame).ok());
}

TEST(FrameParts, AMalformedItemPartIsRefused) {
  PartJoiner joiner(1u << 20);
  std::string frame;
  const std::string cut = "{\"id\":1,\"more\":true,\"items\":[1,2";
  EXPECT_TRUE(PartJoiner::IsItemsPart(cut));
  EXPECT_FALSE(joiner.AddItems(cut, &frame).ok());
  EXPECT_FALSE(PartJoiner::IsItemsPart("{\"id\":1,\"more\":maybe,\"items\":[]}"));
  EXPECT_FALSE(PartJoiner::IsItemsPart("{\"id\":x,\"more\":true,\"items\":[]}"));
  // Two parts, the second empty: the joined list holds the first's items only.
  ASSERT_TRUE(joiner.AddItems("{\"id\":3,\"more\":true,\"items\":[1,2]}", &frame).ok());
  auto done = joiner.AddItems("{\"id\":3,\"more\":false,\"items\":[]}", &frame);
  ASSERT_TRUE(done.ok() && *done);
  EXPECT_EQ(frame, "{\"id\":3,\"ok\":true,\"result\":[1,2]}");
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

// Byte strings on the wire: anything that is not UTF-8 (arguments, paths, env)
// must survive a trip through a frame byte for byte.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "config/byte_string_json.h"
#include "ipc/protocol.h"

namespace tend {
namespace {

using nlohmann::json;

// Through a real request frame: encode, parse, decode.
std::string ThroughAFrame(const json& value) {
  ipc::Request req;
  req.id = 1;
  req.cmd = "x";
  req.args = {{"value", value}};
  std::string frame = ipc::EncodeRequest(req);
  frame.pop_back();
  auto parsed = ipc::ParseRequest(frame);
  EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
  auto back = BytesFromJson(parsed.ok() ? parsed->args["value"] : json(), "value");
  EXPECT_TRUE(back.ok()) << back.status().ToString();
  return back.ok() ? *back : std::string("<error>");
}

TEST(ByteStrings, InvalidUtf8RoundTripsAsBytes) {
  const std::vector<std::string> samples = {
      std::string("\xff\xfe"),
      std::string("caf\xe9"),           // Latin-1
      std::string("\xc3"),              // truncated sequence
      std::string("\xed\xa0\x80"),      // a surrogate
      std::string("\xc0\xaf"),          // overlong '/'
      std::string("a\0b\xff", 4),       // NUL inside
      std::string("\xf4\x90\x80\x80"),  // past U+10FFFF
  };
  for (const auto& s : samples) {
    const json j = BytesToJson(s);
    ASSERT_TRUE(j.is_object()) << j.dump(-1, ' ', false, json::error_handler_t::replace);
    ASSERT_TRUE(j.contains("$bytes"));
    EXPECT_EQ(ThroughAFrame(j), s);
  }
}

TEST(ByteStrings, ValidUtf8StaysAPlainString) {
  for (const std::string s : {"", "plain", "caf\xc3\xa9", "\xe2\x82\xac 5", "\xf0\x9f\x98\x80",
                              "{\"$bytes\":\"AA==\"}"}) {
    const json j = BytesToJson(s);
    ASSERT_TRUE(j.is_string()) << s;
    EXPECT_EQ(j.get<std::string>(), s);
    EXPECT_EQ(ThroughAFrame(j), s);
  }
}

TEST(ByteStrings, ListsAndMapsRoundTrip) {
  const std::vector<std::string> list = {"ok", "\xff", ""};
  auto l = BytesListFromJson(json::parse(SafeDump(BytesListToJson(list))), "args");
  ASSERT_TRUE(l.ok()) << l.status().ToString();
  EXPECT_EQ(*l, list);

  const std::map<std::string, std::string> env = {{"A", "1"}, {"B", "\xfe\xff"}};
  auto m = BytesMapFromJson(json::parse(SafeDump(BytesMapToJson(env))), "env");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(*m, env);

  const std::map<std::string, std::string> odd_keys = {{"\xff", "v"}, {"K", "\x80"}};
  auto k = BytesMapFromJson(json::parse(SafeDump(BytesMapToJson(odd_keys))), "env");
  ASSERT_TRUE(k.ok()) << k.status().ToString();
  EXPECT_EQ(*k, odd_keys);
}

TEST(ByteStrings, MalformedBytesObjectsAreNamedErrors) {
  for (const char* text : {R"({"$bytes":"!!!!"})", R"({"$bytes":"abc"})", R"({"$bytes":1})",
                           R"({"$bytes":"AA==","x":1})", "3", "null"}) {
    auto r = BytesFromJson(json::parse(text), "script");
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_NE(r.status().message().find("script"), std::string::npos) << r.status().message();
  }
}

TEST(ByteStrings, SafeDumpNeverThrowsOnInvalidUtf8) {
  json j = {{"k", std::string("\xff\xfe")}, {std::string("\x80key"), {std::string("\xc3")}}};
  std::string out;
  ASSERT_NO_THROW(out = SafeDump(j));
  EXPECT_TRUE(IsValidUtf8(out));
  ASSERT_NO_THROW(out = SafeDump(j, 2));
  EXPECT_TRUE(IsValidUtf8(out));
  // And the replaced text still parses.
  EXPECT_FALSE(json::parse(out, nullptr, false).is_discarded());
}

TEST(ByteStrings, Base64MatchesTheStandardAlphabet) {
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("foo"), "Zm9v");
  EXPECT_EQ(Base64Encode("\xff\xfe\xfd"), "//79");
  auto d = Base64Decode("Zm9vYg==");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(*d, "foob");
  EXPECT_FALSE(Base64Decode("Zg=a").ok());
  EXPECT_FALSE(Base64Decode("Z===").ok());
}

}  // namespace
}  // namespace tend

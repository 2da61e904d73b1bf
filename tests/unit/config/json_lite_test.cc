#include "config/ecosystem/json_lite.h"

#include <gtest/gtest.h>

namespace tend::ecosystem {
namespace {

TEST(JsonLite, AcceptsWhatPm2AcceptsWithLines) {
  const char* text =
      "// header\n"
      "{\n"
      "  /* block\n"
      "     comment */ apps: [\n"
      "    { 'name': 'a', \"n\": +0x10, f: -1.5e1, t: true, z: null, },\n"
      "  ],\n"
      "}\n";
  auto doc = ParseJsonLite(text, "x.json");
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  const ConfigValue* apps = doc->Find("apps");
  ASSERT_NE(apps, nullptr);
  EXPECT_EQ(apps->line, 4);
  ASSERT_EQ(apps->items.size(), 1u);
  const ConfigValue& app = apps->items[0];
  EXPECT_EQ(app.line, 5);
  EXPECT_EQ(app.Find("name")->text, "a");
  EXPECT_EQ(app.Find("n")->number, 16);
  EXPECT_TRUE(app.Find("n")->is_integer());
  EXPECT_EQ(app.Find("f")->number, -15);
  EXPECT_TRUE(app.Find("t")->boolean);
  EXPECT_TRUE(app.Find("z")->is_null());
}

TEST(JsonLite, DecodesEscapes) {
  auto doc = ParseJsonLite(R"({"s": "a\"b\\c\n\u00e9\ud83d\ude00", "q": 'it\'s'})", "x.json");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->Find("s")->text, "a\"b\\c\n\xC3\xA9\xF0\x9F\x98\x80");
  EXPECT_EQ(doc->Find("q")->text, "it's");
}

TEST(JsonLite, KeepsDuplicateKeysLastWins) {
  auto doc = ParseJsonLite("{\n\"a\": 1,\n\"a\": 2\n}", "x.json");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->Find("a")->number, 2);
  auto dups = FindDuplicateKeys(*doc, "");
  ASSERT_EQ(dups.size(), 1u);
  EXPECT_EQ(dups[0].first, 3);
  EXPECT_EQ(dups[0].second, "a");
}

TEST(JsonLite, ErrorsNameTheLine) {
  const std::pair<const char*, const char*> cases[] = {
      {"{\n  \"a\": 1\n  \"b\": 2\n}", "x.json:3: expected ',' or '}' after a value, found '\"'"},
      {"[1,\n2,,]", "x.json:2: expected a value, found ','"},
      {"{\"a\": \"open\n\"}", "x.json:1: unterminated string (a newline inside quotes)"},
      {"{\"a\": yes}", "x.json:1: unexpected word 'yes' (strings need quotes)"},
      {"{\"a\": 1} 2", "x.json:1: unexpected '2' after the end of the document"},
      {"{\"a\": 1.2.3}", "x.json:1: malformed number '1.2.3'"},
      {"{\n\n", "x.json:3: expected a key, found end of file"},
  };
  for (const auto& [text, message] : cases) {
    auto doc = ParseJsonLite(text, "x.json");
    ASSERT_FALSE(doc.ok()) << text;
    EXPECT_EQ(doc.status().message(), message) << text;
  }
}

TEST(JsonLite, RefusesAbsurdNesting) {
  const std::string deep(1000, '[');
  auto doc = ParseJsonLite(deep, "x.json");
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().message(), "x.json:1: nesting deeper than 200 levels");
}

}  // namespace
}  // namespace tend::ecosystem

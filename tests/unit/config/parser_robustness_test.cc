// Every prefix of every valid fixture goes through the JSON and YAML readers:
// each either parses or fails with a message naming the file, and nothing
// crashes or reads out of bounds (the sanitizer build checks that).

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "config/ecosystem/ecosystem.h"
#include "config/ecosystem/json_lite.h"
#include "config/ecosystem/yaml_reader.h"
#include "tests/support/text_lines.h"
#include "tests/unit/config/ecosystem_fixture.h"

namespace tend::ecosystem {
namespace {

TEST(ParserRobustness, EveryPrefixParsesOrFailsCleanly) {
  int checked = 0;
  for (const char* sub : {"ecosystem/valid", "ecosystem/invalid", "ecosystem-real"}) {
    for (const auto& entry : std::filesystem::directory_iterator(testing::FixtureDir(sub))) {
      const std::string name = entry.path().filename().string();
      const bool json = name.size() > 5 && name.substr(name.size() - 5) == ".json";
      const bool yaml = name.find(".y") != std::string::npos;
      if (!json && !yaml) continue;
      const std::string text = test::ReadWholeFile(entry.path().string());
      for (size_t n = 0; n <= text.size(); ++n) {
        auto r = json ? ParseJsonLite(text.substr(0, n), "f") : ParseYaml(text.substr(0, n), "f");
        if (!r.ok()) {
          EXPECT_EQ(r.status().message().rfind("f", 0), 0u) << name << " @" << n;
        }
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 10000);
}

// Seen while profiling the ecosystem fuzz targets: "did you mean" measured the distance of
// every unknown key to every option name, in time quadratic in the key: `tend config` of a
// file with a 2 MB key took 29 s (a 16 MB file, minutes). EditDistanceAtMost now answers
// at once when the lengths differ by more than the bound. No clock here (speed lives in
// bench/ and in the fuzz stage's 5 s limit per input): the file must load, warn about the
// key without a suggestion, and keep its app.
TEST(ParserRobustness, AHugeUnknownKeyIsReadWithoutASuggestion) {
  const std::string key(2 << 20, 'k');
  const std::string text =
      "{\"apps\":[{\"script\":\"a.js\",\"" + key + "\":1}],\"" + key + "x\":1}";
  auto doc = ParseJsonLite(text, "big.json");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EcosystemOptions options;
  options.context.cwd = "/";
  auto eco = EcosystemFromDocument(*doc, "big.json", "/big.json", options);
  ASSERT_TRUE(eco.ok()) << eco.status().ToString().substr(0, 200);
  EXPECT_EQ(eco->apps.size(), 1u);
  ASSERT_FALSE(eco->warnings.empty());
  for (const auto& w : eco->warnings)
    EXPECT_EQ(w.find("did you mean"), std::string::npos) << w.substr(0, 200);
}

}  // namespace
}  // namespace tend::ecosystem

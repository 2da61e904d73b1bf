// Every prefix of every valid fixture goes through the JSON and YAML readers:
// each either parses or fails with a message naming the file, and nothing
// crashes or reads out of bounds (the sanitizer build checks that).

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "config/ecosystem/json_lite.h"
#include "config/ecosystem/yaml_reader.h"
#include "tests/unit/config/ecosystem_fixture.h"

namespace tend::ecosystem {
namespace {

std::string ReadAll(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

TEST(ParserRobustness, EveryPrefixParsesOrFailsCleanly) {
  int checked = 0;
  for (const char* sub : {"ecosystem/valid", "ecosystem/invalid", "ecosystem-real"}) {
    for (const auto& entry : std::filesystem::directory_iterator(testing::FixtureDir(sub))) {
      const std::string name = entry.path().filename().string();
      const bool json = name.size() > 5 && name.substr(name.size() - 5) == ".json";
      const bool yaml = name.find(".y") != std::string::npos;
      if (!json && !yaml) continue;
      const std::string text = ReadAll(entry.path());
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

}  // namespace
}  // namespace tend::ecosystem

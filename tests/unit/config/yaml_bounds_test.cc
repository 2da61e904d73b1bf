// YAML documents that would never finish being walked: a cycle of aliases, a "billion
// laughs", deep nesting. Each is refused before yaml-cpp builds its tree, with the line.
#include "config/ecosystem/yaml_bounds.h"

#include <gtest/gtest.h>

#include <string>

#include "config/ecosystem/yaml_reader.h"

namespace tend::ecosystem {
namespace {

// The 534-byte file of issue 11: ten aliases of the level above, nine levels deep.
std::string BillionLaughs() {
  std::string doc =
      "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
  for (char c = 'b'; c <= 'i'; ++c) {
    const char prev = static_cast<char>(c - 1);
    doc += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 9; ++i)
      doc += std::string(i ? "," : "") + "*" + prev;
    doc += "]\n";
  }
  return doc;
}

TEST(YamlBounds, AnAliasInsideItsOwnAnchorIsACycle) {
  EXPECT_EQ(ParseYaml("x: &x [*x]\n", "c.yaml").status().message(),
            "c.yaml:1: an alias refers to a node that contains it");
  EXPECT_EQ(ParseYaml("apps:\n  - &app\n    name: a\n    env:\n      self: *app\n", "c.yaml")
                .status()
                .message(),
            "c.yaml:5: an alias refers to a node that contains it");
}

TEST(YamlBounds, ABillionLaughsIsRefusedAtTheAliasThatPassesTheBound) {
  const std::string doc = BillionLaughs();
  const Status s = CheckYamlBounds(doc, "lol.yaml");
  EXPECT_EQ(s.code(), Code::kInvalidArgument);
  EXPECT_NE(s.message().find("aliases expand to more than 200000 values"), std::string::npos)
      << s.message();
  EXPECT_EQ(s.message().rfind("lol.yaml:", 0), 0u) << s.message();
  EXPECT_FALSE(ParseYaml(doc, "lol.yaml").ok());
}

TEST(YamlBounds, NestingIsBoundedAliasesIncluded) {
  const std::string deep = std::string(201, '[') + std::string(201, ']') + "\n";
  EXPECT_EQ(CheckYamlBounds(deep, "d.yaml").message(), "d.yaml:1: nesting deeper than 200 levels");
  const std::string ok = std::string(200, '[') + std::string(200, ']') + "\n";
  EXPECT_TRUE(CheckYamlBounds(ok, "d.yaml").ok());
  // 150 levels under an anchor, used 100 levels down: 250 once expanded.
  const std::string anchored = "a: &a " + std::string(150, '[') + std::string(150, ']') +
                               "\nb: " + std::string(100, '[') + "*a" + std::string(100, ']') +
                               "\n";
  EXPECT_EQ(CheckYamlBounds(anchored, "d.yaml").message(),
            "d.yaml:2: nesting deeper than 200 levels");
}

TEST(YamlBounds, OrdinaryAliasesAndMergesPass) {
  std::string doc = "defaults: &d {env: {A: 1, B: 2}, max_restarts: 3}\napps:\n";
  for (int i = 0; i < 1000; ++i)
    doc += "  - {<<: *d, name: app" + std::to_string(i) + ", script: s.sh}\n";
  EXPECT_TRUE(CheckYamlBounds(doc, "ok.yaml").ok());
  auto parsed = ParseYaml(doc, "ok.yaml");
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_EQ(parsed->Find("apps")->items.at(999).Find("max_restarts")->number, 3);
}

TEST(YamlBounds, SyntaxErrorsReadAsBefore) {
  EXPECT_EQ(CheckYamlBounds("apps:\n  - name: a\n    script: [b\n", "s.yaml").message(),
            "s.yaml:4: end of sequence flow not found");
  EXPECT_EQ(CheckYamlBounds("a: *nowhere\n", "s.yaml").code(), Code::kInvalidArgument);
}

// std::regex typed plain scalars and recursed once per character: a value of 100,000
// digits overflowed the CLI's stack.
TEST(YamlBounds, AHugePlainScalarIsTypedWithoutRecursion) {
  auto parsed = ParseYaml("n: " + std::string(200000, '7') + "\n", "big.yaml");
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_TRUE(parsed->Find("n")->is_number());
}

}  // namespace
}  // namespace tend::ecosystem

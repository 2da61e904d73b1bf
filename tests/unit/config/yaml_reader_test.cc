#include "config/ecosystem/yaml_reader.h"

#include <gtest/gtest.h>

namespace tend::ecosystem {
namespace {

TEST(YamlReader, TypesPlainScalarsLikeJsYaml) {
  auto doc = ParseYaml(
      "a: 12\nb: '12'\nc: true\nd: \"true\"\ne: ~\nf: 1.5\ng: yes\nh: -1\ni: 0x1F\nj: 5s\n", "y");
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  EXPECT_TRUE(doc->Find("a")->is_number());
  EXPECT_EQ(doc->Find("a")->text, "12");
  EXPECT_TRUE(doc->Find("b")->is_string());
  EXPECT_TRUE(doc->Find("c")->is_bool());
  EXPECT_TRUE(doc->Find("d")->is_string());
  EXPECT_TRUE(doc->Find("e")->is_null());
  EXPECT_EQ(doc->Find("f")->number, 1.5);
  EXPECT_TRUE(doc->Find("g")->is_string());  // YAML 1.2: "yes" is a string
  EXPECT_EQ(doc->Find("h")->number, -1);
  EXPECT_EQ(doc->Find("i")->number, 31);
  EXPECT_TRUE(doc->Find("j")->is_string());
}

TEST(YamlReader, LinesAreOneBased) {
  auto doc = ParseYaml("# c\napps:\n  - name: a\n    script: b\n", "y");
  ASSERT_TRUE(doc.ok());
  const ConfigValue& app = doc->Find("apps")->items.at(0);
  EXPECT_EQ(app.Find("name")->line, 3);
  EXPECT_EQ(app.Find("script")->line, 4);
}

TEST(YamlReader, DuplicateKeysAreErrors) {
  auto doc = ParseYaml("apps:\n  - env:\n      A: 1\n      A: 2\n", "e.yaml");
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().message(), "e.yaml:4: apps[0].env.A: duplicate key");
}

TEST(YamlReader, MergeKeys) {
  auto doc = ParseYaml("base: &b {x: 1, y: 2}\nobj:\n  <<: *b\n  y: 3\n", "y");
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  const ConfigValue* obj = doc->Find("obj");
  EXPECT_EQ(obj->Find("x")->number, 1);
  EXPECT_EQ(obj->Find("y")->number, 3);
}

TEST(YamlReader, SyntaxErrorsNameTheLine) {
  auto doc = ParseYaml("apps:\n  - name: a\n    script: [b\n", "s.yaml");
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().message(), "s.yaml:4: end of sequence flow not found");
}

}  // namespace
}  // namespace tend::ecosystem

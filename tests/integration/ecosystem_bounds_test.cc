// Hostile ecosystem files through the real CLI (issue 11): each ends at once with an
// error that names the file and line, where `tend config` crashed or ate 4 GB.
#include <gtest/gtest.h>

#include <string>

#include "tests/integration/harness.h"

namespace tend::test {
namespace {

// `tend config <file> --no-resolve`, which must end within 20 s (scaled).
CmdResult Config(TendHome& home, const std::string& file) {
  return RunProgram({TendBinary(), "config", file, "--no-resolve"}, home.Env(),
                    std::chrono::seconds(20), home.ScratchDir());
}

TEST(EcosystemBounds, ACycleOfAliasesIsAnErrorNotACrash) {
  TendHome home;
  home.WriteFile("cycle.yaml", "x: &x [*x]\n");
  auto r = Config(home, "cycle.yaml");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_EQ(r.err, "tend: cycle.yaml:1: an alias refers to a node that contains it\n");
}

TEST(EcosystemBounds, ABillionLaughsIsRefusedAtOnce) {
  TendHome home;
  std::string doc = "apps:\n  - name: a\n    script: a.sh\nlol0: &l0 lol\n";
  for (int level = 1; level <= 9; ++level) {
    doc += "lol" + std::to_string(level) + ": &l" + std::to_string(level) + " [";
    for (int i = 0; i < 10; ++i)
      doc += std::string(i ? "," : "") + "*l" + std::to_string(level - 1);
    doc += "]\n";
  }
  home.WriteFile("lol.yaml", doc);
  auto r = Config(home, "lol.yaml");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.err.find("tend: lol.yaml:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("aliases expand to more than 200000 values"), std::string::npos) << r.err;
}

TEST(EcosystemBounds, DeepNestingAndHugeScalarsEndCleanly) {
  TendHome home;
  home.WriteFile("deep.yaml", "apps: " + std::string(5000, '[') + std::string(5000, ']') + "\n");
  auto r = Config(home, "deep.yaml");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_EQ(r.err, "tend: deep.yaml:1: nesting deeper than 200 levels\n");
  // A value of 300,000 digits: std::regex typed it and overflowed the CLI's stack.
  home.WriteFile("big.yaml", "apps:\n  - name: a\n    script: a.sh\n    instances: " +
                                 std::string(300000, '9') + "\n");
  r = Config(home, "big.yaml");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.err.find("big.yaml:4"), std::string::npos) << r.err.substr(0, 300);
}

}  // namespace
}  // namespace tend::test

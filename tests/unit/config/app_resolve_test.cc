#include "config/app_resolve.h"

#include <gtest/gtest.h>

#include "config/ecosystem/ecosystem.h"
#include "tests/support/temp_dir.h"

namespace tend {
namespace {

using test::TempDir;

// A folder with an app and a fake PATH holding stand-in interpreters.
class ResolveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    bin_ = dir_.path() + "/bin";
    for (const char* tool : {"node", "python3", "bash", "npm"}) {
      dir_.Write(std::string("bin/") + tool, "#!/bin/sh\n", true);
    }
    dir_.Write("app/server.js", "");
    dir_.Write("app/job.py", "");
    dir_.Write("app/run.sh", "", true);
    dir_.Write("app/tool", "", true);
    ctx_.cwd = dir_.path();
    ctx_.path_env = bin_;
    ctx_.env = {{"HOME", "/home/u"}};
  }

  TempDir dir_;
  std::string bin_;
  ResolveContext ctx_;
};

TEST_F(ResolveTest, JavaScriptGetsNodeFromPath) {
  AppSpec spec;
  spec.script = "server.js";
  spec.cwd = "app";
  ASSERT_TRUE(ResolveAppSpec(spec, ctx_).ok());
  EXPECT_EQ(spec.cwd, dir_.path() + "/app");
  EXPECT_EQ(spec.script, dir_.path() + "/app/server.js");
  EXPECT_EQ(spec.interpreter, bin_ + "/node");
  EXPECT_EQ(spec.name, "server");
  EXPECT_EQ(spec.env, ctx_.env);
}

TEST_F(ResolveTest, PythonIsUnbuffered) {
  AppSpec spec;
  spec.script = "./job.py";
  spec.cwd = dir_.path() + "/app";
  ASSERT_TRUE(ResolveAppSpec(spec, ctx_).ok());
  EXPECT_EQ(spec.interpreter, bin_ + "/python3");
  EXPECT_EQ(spec.env.at("PYTHONUNBUFFERED"), "1");
  EXPECT_EQ(spec.env.at("HOME"), "/home/u");
}

TEST_F(ResolveTest, ShellScriptsAndExecutables) {
  AppSpec sh;
  sh.script = "run.sh";
  sh.cwd = "app";
  ASSERT_TRUE(ResolveAppSpec(sh, ctx_).ok());
  EXPECT_EQ(sh.interpreter, bin_ + "/bash");

  AppSpec exe;
  exe.script = "tool";
  exe.cwd = "app";
  ASSERT_TRUE(ResolveAppSpec(exe, ctx_).ok());
  EXPECT_EQ(exe.interpreter, "none");
  EXPECT_EQ(exe.script, dir_.path() + "/app/tool");
}

TEST_F(ResolveTest, ScriptFallsBackToPath) {
  AppSpec spec;
  spec.script = "npm";
  spec.name = "web";
  spec.args = {"start"};
  ASSERT_TRUE(ResolveAppSpec(spec, ctx_).ok());
  EXPECT_EQ(spec.script, bin_ + "/npm");
  EXPECT_EQ(spec.cwd, dir_.path());
}

TEST_F(ResolveTest, MissingScriptIsNamed) {
  AppSpec spec;
  spec.script = "nowhere";
  spec.cwd = "app";
  Status s = ResolveAppSpec(spec, ctx_);
  EXPECT_EQ(s.message(), "script 'nowhere' not found in " + dir_.path() + "/app nor in PATH");
  AppSpec rel;
  rel.script = "./lib/missing.js";
  s = ResolveAppSpec(rel, ctx_);
  EXPECT_EQ(s.message(),
            "script './lib/missing.js' not found (looked for " + dir_.path() + "/lib/missing.js)");
}

TEST_F(ResolveTest, MissingInterpreterIsNamed) {
  ResolveContext no_node = ctx_;
  no_node.path_env = dir_.path() + "/empty";
  AppSpec spec;
  spec.script = "app/server.js";
  Status s = ResolveAppSpec(spec, no_node);
  EXPECT_EQ(s.code(), Code::kNotFound);
  EXPECT_EQ(s.message(), "interpreter 'node' not found in PATH");
}

TEST_F(ResolveTest, UnsafeNameIsRefused) {
  AppSpec spec;
  spec.script = "app/server.js";
  spec.name = "a/b";
  EXPECT_EQ(ResolveAppSpec(spec, ctx_).message(),
            "app name 'a/b' must not contain '/', '..' or NUL");
}

TEST(AbsolutePath, CleansDotsLexically) {
  EXPECT_EQ(AbsolutePath("/a/b", "../c/./d"), "/a/c/d");
  EXPECT_EQ(AbsolutePath("/a", "/x/../y"), "/y");
  EXPECT_EQ(AbsolutePath("/", ".."), "/");
}

TEST(InterpreterForScript, ChoosesLikePm2) {
  EXPECT_EQ(InterpreterForScript("a.js"), "node");
  EXPECT_EQ(InterpreterForScript("a.mjs"), "node");
  EXPECT_EQ(InterpreterForScript("a.cjs"), "node");
  EXPECT_EQ(InterpreterForScript("x/a.py"), "python3");
  EXPECT_EQ(InterpreterForScript("a.sh"), "bash");
  EXPECT_EQ(InterpreterForScript("a.ts"), "ts-node");
  EXPECT_EQ(InterpreterForScript("bin/www"), "none");
  EXPECT_EQ(InterpreterForScript(".hidden"), "none");
}

}  // namespace
}  // namespace tend

namespace tend {
namespace {

// What the CLI does at start: load the file, then resolve each app against the disk.
TEST(LoadThenResolve, CommandStringAppRunsBashFromPath) {
  test::TempDir dir;
  const std::string bin = dir.path() + "/bin";
  dir.Write("bin/bash", "#!/bin/sh\n", true);
  dir.Write("ecosystem.config.js",
            "module.exports = { apps: [{ name: 'api', script: 'node server.js' }] };\n");
  EcosystemOptions options;
  options.context = CurrentResolveContext();
  options.context.cwd = dir.path();
  auto eco = LoadEcosystem("ecosystem.config.js", options);
  ASSERT_TRUE(eco.ok()) << eco.status().message();
  AppSpec spec = eco->apps.at(0);
  ResolveContext ctx = options.context;
  ctx.path_env = bin;
  ASSERT_TRUE(ResolveAppSpec(spec, ctx).ok());
  EXPECT_EQ(spec.script, bin + "/bash");
  EXPECT_EQ(spec.args, (std::vector<std::string>{"-c", "node server.js"}));
  EXPECT_EQ(spec.interpreter, "none");
  EXPECT_EQ(spec.cwd, dir.path());
}

TEST(LoadThenResolve, MissingScriptIsFoundAtStartNotAtLoad) {
  test::TempDir dir;
  dir.Write("ecosystem.yaml", "apps:\n  - script: app/main.py\n");
  EcosystemOptions options;
  options.context = CurrentResolveContext();
  options.context.cwd = dir.path();
  auto eco = LoadEcosystem("ecosystem.yaml", options);
  ASSERT_TRUE(eco.ok()) << eco.status().message();
  AppSpec spec = eco->apps.at(0);
  EXPECT_EQ(spec.name, "main");
  EXPECT_EQ(ResolveAppSpec(spec, options.context).message(),
            "script 'app/main.py' not found (looked for " + dir.path() + "/app/main.py)");
}

}  // namespace
}  // namespace tend

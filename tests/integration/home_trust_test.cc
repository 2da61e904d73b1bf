// Nobody else gets in (docs/security.md): a home or a file the daemon reads that
// another user owns or may write is refused, with the path and the fix. CI runs as
// root, which ignores modes, so the other user is uid 65534 through setpriv; the
// cases that need root say so when skipped.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "tests/integration/app_steps.h"
#include "tests/integration/harness.h"

namespace tend::test {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr uid_t kNobody = 65534;

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// `tend args...` as uid/gid 65534 with no groups.
CmdResult TendAsNobody(TendHome& home, const std::vector<std::string>& args) {
  std::vector<std::string> argv{"/usr/bin/setpriv", "--reuid=65534", "--regid=65534",
                                "--clear-groups", TendBinary()};
  argv.insert(argv.end(), args.begin(), args.end());
  auto env = home.Env();
  env["ASAN_OPTIONS"] = "detect_leaks=0";  // its report folder is root's
  env["HOME"] = "/nonexistent";
  return RunProgram(argv, env, 20s);
}

#define REQUIRE_ROOT() \
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to act as another uid (CI is root)"

TEST(HomeTrust, AHomeOthersOrItsGroupMayWriteIsRefusedNamingTheFix) {
  TendHome home;
  ASSERT_TRUE(TendOk(home, {"ping"}));
  ASSERT_TRUE(TendOk(home, {"kill"}));
  const std::string root = home.path() + "/home";
  for (mode_t mode : {0777, 0770, 0702}) {
    ASSERT_EQ(::chmod(root.c_str(), mode), 0);
    auto r = home.Tend({"ls"});
    EXPECT_NE(r.exit_code, 0) << std::oct << mode;
    EXPECT_TRUE(Has(r.err, "home " + root + " is writable by its group or others")) << r.err;
    EXPECT_TRUE(Has(r.err, "run 'chmod go-w " + root + "'")) << r.err;
    // tendd run by hand refuses it too.
    auto d = RunProgram({TenddBinary()}, home.Env(), 20s);
    EXPECT_NE(d.exit_code, 0);
    EXPECT_TRUE(Has(d.err, "chmod go-w " + root)) << d.err;
  }
  ASSERT_EQ(::chmod(root.c_str(), 0700), 0);
  EXPECT_TRUE(TendOk(home, {"ls"}));
  // With a daemon running the CLI checks too: the socket of such a home may be another
  // user's, listening for our environment.
  ASSERT_EQ(::chmod(root.c_str(), 0777), 0);
  auto r = home.Tend({"ls"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_TRUE(Has(r.err, "run 'chmod go-w " + root + "'")) << r.err;
  ASSERT_EQ(::chmod(root.c_str(), 0700), 0);
}

// Another user replaced dump.json and root's `tend resurrect` ran that user's
// command as root. Now the daemon does not start on it, and nothing of it runs.
TEST(HomeTrust, ADumpOfAnotherUserIsRefusedAndNothingOfItRuns) {
  REQUIRE_ROOT();
  TendHome home;
  const std::string marker = home.ScratchDir() + "/ran";
  const std::string script =
      home.WriteScript("evil.sh", "#!/bin/sh\ntouch " + marker + "\nexec sleep 300\n");
  ASSERT_TRUE(TendOk(home, {"start", script, "-n", "evil"}));
  ASSERT_TRUE(WaitForNonEmpty(home.path() + "/home/dump.json"));
  ASSERT_TRUE(TendOk(home, {"save"}));
  ASSERT_TRUE(TendOk(home, {"kill"}));
  fs::remove(marker);
  const std::string dump = home.path() + "/home/dump.json";
  ASSERT_EQ(::chown(dump.c_str(), kNobody, kNobody), 0);
  auto r = home.Tend({"resurrect"});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_TRUE(Has(r.err, "dump " + dump + " belongs to uid 65534, not to uid 0")) << r.err;
  EXPECT_FALSE(fs::exists(marker)) << "the other user's command ran";
  // As the owner would: writable by others is refused the same way.
  ASSERT_EQ(::chown(dump.c_str(), 0, 0), 0);
  ASSERT_EQ(::chmod(dump.c_str(), 0666), 0);
  r = home.Tend({"resurrect"});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_TRUE(Has(r.err, "run 'chmod go-w " + dump + "'")) << r.err;
  EXPECT_FALSE(fs::exists(marker));
  ASSERT_EQ(::chmod(dump.c_str(), 0600), 0);
  r = home.Tend({"resurrect"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(WaitFor([&] { return fs::exists(marker); })) << "its owner's own dump runs";
}

TEST(HomeTrust, SettingsOthersMayWriteAreRefused) {
  TendHome home;
  ASSERT_TRUE(TendOk(home, {"set", "autosave", "false"}));
  ASSERT_TRUE(TendOk(home, {"kill"}));
  const std::string settings = home.path() + "/home/settings.json";
  ASSERT_EQ(::chmod(settings.c_str(), 0622), 0);
  auto r = home.Tend({"ls"});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_TRUE(Has(r.err, "settings file " + settings + " is writable by its group or others"))
      << r.err;
}

// A home made by root is not another user's to use, whatever its mode.
TEST(HomeTrust, AHomeOfAnotherUidIsRefused) {
  REQUIRE_ROOT();
  TendHome home;
  ASSERT_TRUE(TendOk(home, {"ping"}));
  ASSERT_TRUE(TendOk(home, {"kill"}));
  ASSERT_EQ(::chmod(home.path().c_str(), 0711), 0);  // so that uid 65534 reaches the home
  const std::string root = home.path() + "/home";
  auto r = TendAsNobody(home, {"ls"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(Has(r.err, "home " + root + " belongs to uid 0, not to uid 65534")) << r.err;
  // And the reverse: root does not take a home uid 65534 made for itself.
  const std::string theirs = home.path() + "/theirs";
  ASSERT_EQ(::mkdir(theirs.c_str(), 0700), 0);
  ASSERT_EQ(::chown(theirs.c_str(), kNobody, kNobody), 0);
  auto env = home.Env();
  env["TEND_HOME"] = theirs;
  r = RunProgram({TendBinary(), "ls"}, env, 20s);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_TRUE(Has(r.err, "home " + theirs + " belongs to uid 65534, not to uid 0")) << r.err;
  EXPECT_FALSE(fs::exists(theirs + "/tend.sock"));
}

}  // namespace
}  // namespace tend::test

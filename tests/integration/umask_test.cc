// Apps get the umask of the user who started them (PM2's behaviour), not the
// daemon's private 0077, unless the `umask` option or `--umask` says otherwise.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "tests/integration/app_steps.h"
#include "tests/integration/harness.h"
#include "tests/support/scoped_umask.h"

namespace tend::test {
namespace {

class Umask : public ::testing::Test {
 protected:
  // A script that creates <scratch>/<name> (mode 0666 before the umask), then waits.
  std::string Creator() {
    return home.WriteScript("create.sh",
                            "#!/bin/sh\n: > \"" + home.ScratchDir() + "/$1\"\nexec sleep 300\n");
  }
  // The permission bits of the file the app made, once it exists; 0 if it never does.
  mode_t ModeOfMade(const std::string& name) {
    const std::string path = home.ScratchDir() + "/" + name;
    if (!WaitFor([&] { return std::filesystem::exists(path); })) return 0;
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 ? (st.st_mode & 0777) : 0;
  }
  TendHome home;
};

TEST_F(Umask, AnAppTakesTheUmaskOfTheShellThatStartedIt) {
  ASSERT_TRUE(TendOk(home, {"ping"}));  // the daemon runs with its own 0077
  {
    ScopedUmask mine(027);
    ASSERT_TRUE(TendOk(home, {"start", Creator(), "-n", "a", "--", "a.txt"}));
  }
  EXPECT_EQ(ModeOfMade("a.txt"), 0640u);
  // A restart keeps it: it is part of the app.
  std::filesystem::remove(home.ScratchDir() + "/a.txt");
  ASSERT_TRUE(TendOk(home, {"restart", "a"}));
  EXPECT_EQ(ModeOfMade("a.txt"), 0640u);
}

TEST_F(Umask, TheFlagAndTheEcosystemKeySetIt) {
  ASSERT_TRUE(TendOk(home, {"start", Creator(), "-n", "flag", "--umask", "002", "--", "f.txt"}));
  EXPECT_EQ(ModeOfMade("f.txt"), 0664u);
  const std::string file =
      home.WriteFile("eco.json", "{\"apps\": [{\"name\": \"eco\", \"script\": \"" + Creator() +
                                     "\", \"args\": [\"e.txt\"], \"umask\": \"0077\"}]}\n");
  ASSERT_TRUE(TendOk(home, {"start", file}));
  EXPECT_EQ(ModeOfMade("e.txt"), 0600u);
}

TEST_F(Umask, AMaskThatIsNotAnOctalStringIsRefused) {
  auto r = home.Tend({"start", Creator(), "-n", "bad", "--umask", "999"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("--umask: umask '999' is not an octal mask"), std::string::npos) << r.err;
  // In a file a number is ambiguous (022 is 22 in JSON): it must be written as a string.
  const std::string file = home.WriteFile(
      "eco.json", "{\"apps\": [{\"name\": \"n\", \"script\": \"/bin/sleep\", \"umask\": 22}]}\n");
  r = home.Tend({"start", file});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("umask"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("\"022\""), std::string::npos) << r.err;
}

}  // namespace
}  // namespace tend::test

#include "daemon/os/proc_user.h"

#include <gtest/gtest.h>
#include <pwd.h>
#include <unistd.h>

#include "tests/unit/daemon/proc_test_child.h"

namespace tend {
namespace {

TEST(UserNameOf, NamesTheUidAsThePasswdDatabaseDoes) {
  const passwd* entry = ::getpwuid(::getuid());
  ASSERT_NE(entry, nullptr);
  EXPECT_EQ(UserNameOf(::getuid()), entry->pw_name);
  EXPECT_EQ(UserNameOf(0), "root");
}

TEST(UserNameOf, AUidWithoutAnEntryIsItsNumber) {
  EXPECT_EQ(UserNameOf(4012345678u), "4012345678");
}

TEST(ProcessUserName, IsTheUserRunningTheProcess) {
  Result<std::string> name = ProcessUserName(::getpid());
  ASSERT_TRUE(name.ok()) << name.status().ToString();
  EXPECT_EQ(*name, UserNameOf(::geteuid()));
}

TEST(ProcessUserName, ADeadProcessIsNotFound) {
  proctest::TestChild child = proctest::TestChild::Fork([] {});
  pid_t pid = child.pid();
  child.Wait();
  Result<std::string> name = ProcessUserName(pid);
  ASSERT_FALSE(name.ok());
  EXPECT_EQ(name.status().code(), Code::kNotFound);
}

}  // namespace
}  // namespace tend

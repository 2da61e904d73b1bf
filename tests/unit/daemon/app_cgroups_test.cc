// What the daemon reads to find its cgroup, and what it names the home's folder.
#include "daemon/os/app_cgroups.h"

#include <gtest/gtest.h>

#include "daemon/os/child_marks.h"

namespace tend {
namespace {

TEST(AppCgroups, TheUnifiedPathIsTheZeroLineOfProcCgroup) {
  // A hybrid host (v1 controllers beside a cgroup2 tree), as Debian 12 in a VM may be.
  EXPECT_EQ(UnifiedCgroupPath("9:name=systemd:/\n4:memory:/x\n0::/user.slice/a.scope\n"),
            "/user.slice/a.scope");
  EXPECT_EQ(UnifiedCgroupPath("0::/\n"), "/");
  EXPECT_EQ(UnifiedCgroupPath("4:memory:/x\n"), "") << "v1 only: no cgroup2 path";
}

TEST(AppCgroups, TheMountPointIsTheCgroup2MountOfTheWholeTree) {
  const std::string hybrid =
      "35 24 0:30 / /sys/fs/cgroup ro,nosuid - tmpfs tmpfs ro,mode=755\n"
      "36 35 0:31 / /sys/fs/cgroup/unified rw,nosuid shared:10 - cgroup2 cgroup2 rw\n"
      "37 35 0:32 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n";
  EXPECT_EQ(Cgroup2MountPoint(hybrid), "/sys/fs/cgroup/unified");
  EXPECT_EQ(Cgroup2MountPoint("30 1 0:26 / /sys/fs/cgroup rw shared:4 - cgroup2 cgroup2 rw\n"),
            "/sys/fs/cgroup");
  // A bind mount of part of the tree is not where paths of /proc/self/cgroup start.
  EXPECT_EQ(Cgroup2MountPoint("40 1 0:26 /sub /mnt/cg rw - cgroup2 cgroup2 rw\n"), "");
  EXPECT_EQ(Cgroup2MountPoint("22 1 8:1 / / rw - ext4 /dev/sda1 rw\n"), "");
}

TEST(AppCgroups, EachHomeHasAStableFolderOfItsOwn) {
  const std::string a = HomeCgroupName("/root/.tend");
  EXPECT_EQ(a, HomeCgroupName("/root/.tend")) << "the next daemon must find the same folder";
  EXPECT_NE(a, HomeCgroupName("/root/.tend2"));
  ASSERT_EQ(a.size(), 5u + 16u);
  EXPECT_EQ(a.rfind("tend-", 0), 0u);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef", 5), std::string::npos) << a;
}

TEST(ChildMarks, AllThreeMarksOfThisHomeNameAChild) {
  using namespace std::string_literals;
  ChildMarks m;
  EXPECT_TRUE(ParseChildMarks("A=1\0TEND_HOME=/h\0pm_id=3\0TEND_INSTANCE=1"s, "/h", &m));
  EXPECT_EQ(m.pm_id, 3);
  EXPECT_EQ(m.instance, 1);
  EXPECT_FALSE(ParseChildMarks("TEND_HOME=/other\0pm_id=3\0TEND_INSTANCE=1"s, "/h", &m));
  EXPECT_FALSE(ParseChildMarks("TEND_HOME=/h\0pm_id=x\0TEND_INSTANCE=1"s, "/h", &m));
  EXPECT_FALSE(ParseChildMarks("TEND_HOME=/h\0TEND_INSTANCE=1"s, "/h", &m));
}

}  // namespace
}  // namespace tend

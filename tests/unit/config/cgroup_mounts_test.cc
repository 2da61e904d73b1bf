#include "config/cgroup_mounts.h"

#include <gtest/gtest.h>

#include "tests/support/temp_dir.h"

namespace tend {
namespace {

using test::TempDir;

// FindCgroupCpuMounts over a mountinfo file holding `mountinfo`.
CgroupCpuMounts MountsFrom(const std::string& mountinfo) {
  TempDir dir;
  return FindCgroupCpuMounts(dir.Write("mountinfo", mountinfo));
}

TEST(FindCgroupCpuMounts, HybridHostHasBothAndSkipsCpuacctAndCpuset) {
  const CgroupCpuMounts m = MountsFrom(
      "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
      "33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct\n"
      "34 31 0:31 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset\n"
      "32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime shared:9 - cgroup cgroup rw,cpu\n"
      "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n");
  EXPECT_EQ(m.v2.mount_point, "/sys/fs/cgroup/unified");
  EXPECT_EQ(m.v1_cpu.mount_point, "/sys/fs/cgroup/cpu");
  EXPECT_EQ(m.v1_cpu.root, "/");
}

TEST(FindCgroupCpuMounts, PureV2AndContainerSubtree) {
  const CgroupCpuMounts m = MountsFrom(
      "30 24 0:26 / /sys/fs/cgroup rw,nosuid shared:4 - cgroup2 cgroup2 rw,nsdelegate\n"
      "50 49 0:27 /docker/abc /sys/fs/cgroup/cpu,cpuacct ro - cgroup cgroup rw,cpu,cpuacct\n");
  EXPECT_EQ(m.v2.mount_point, "/sys/fs/cgroup");
  EXPECT_EQ(m.v1_cpu.mount_point, "/sys/fs/cgroup/cpu,cpuacct");
  EXPECT_EQ(m.v1_cpu.root, "/docker/abc");
}

TEST(FindCgroupCpuMounts, NoFileOrNoCgroupsIsEmpty) {
  EXPECT_EQ(FindCgroupCpuMounts("/nonexistent/mountinfo").v2.mount_point, "");
  const CgroupCpuMounts m = MountsFrom("22 1 8:1 / / rw - ext4 /dev/sda1 rw\nshort\n");
  EXPECT_EQ(m.v2.mount_point, "");
  EXPECT_EQ(m.v1_cpu.mount_point, "");
}

TEST(ReadOwnCgroups, TheZeroLineIsV2AndTheCpuHierarchyIsV1) {
  TempDir dir;
  const OwnCgroups own = ReadOwnCgroups(dir.Write(
      "cgroup", "9:name=systemd:/\n4:memory:/x\n1:cpu,cpuacct:/a\n0::/user.slice/s.scope\n"));
  EXPECT_EQ(own.v2, "/user.slice/s.scope");
  EXPECT_EQ(own.v1_cpu, "/a");
  EXPECT_EQ(ReadOwnCgroups(dir.Write("v1only", "4:memory:/x\n")).v2, "") << "no cgroup2 path";
}

TEST(CgroupDir, APathIsFoundUnderTheMountAndBelowASubtreesRoot) {
  EXPECT_EQ(CgroupDir({"/sys/fs/cgroup", "/"}, "/"), "/sys/fs/cgroup");
  EXPECT_EQ(CgroupDir({"/sys/fs/cgroup/unified", "/"}, "/a/b"), "/sys/fs/cgroup/unified/a/b");
  // A container that sees only its own subtree at the mount point.
  EXPECT_EQ(CgroupDir({"/sys/fs/cgroup", "/docker/abc"}, "/docker/abc/x"), "/sys/fs/cgroup/x");
  EXPECT_EQ(CgroupDir({"/sys/fs/cgroup", "/docker/abc"}, "/docker/abc"), "/sys/fs/cgroup");
  EXPECT_EQ(CgroupDir({"", "/"}, "/a"), "") << "no mount";
}

}  // namespace
}  // namespace tend

#include "config/cpu_count.h"

#include <gtest/gtest.h>

#include "tests/support/temp_dir.h"

namespace tend {
namespace {

using test::TempDir;

TEST(UsableCpuCount, IsAtLeastOne) {
  EXPECT_GE(UsableCpuCount(), 1);
}

TEST(UsableCpuCountFrom, QuotaRoundsUpAndCapsAffinity) {
  TempDir dir;
  const std::string proc = dir.Write("proc-cgroup", "0::/app.slice/web\n");
  dir.Write("cg/app.slice/web/cpu.max", "150000 100000\n");
  EXPECT_EQ(UsableCpuCountFrom(8, proc, dir.path() + "/cg"), 2);
  EXPECT_EQ(UsableCpuCountFrom(1, proc, dir.path() + "/cg"), 1);
}

TEST(UsableCpuCountFrom, TightestParentQuotaWins) {
  TempDir dir;
  const std::string proc = dir.Write("proc-cgroup", "0::/a/b\n");
  dir.Write("cg/a/b/cpu.max", "max 100000\n");
  dir.Write("cg/a/cpu.max", "300000 100000\n");
  dir.Write("cg/cpu.max", "max 100000\n");
  EXPECT_EQ(UsableCpuCountFrom(16, proc, dir.path() + "/cg"), 3);
}

TEST(UsableCpuCountFrom, NoCgroupV2OrNoLimitUsesAffinity) {
  TempDir dir;
  const std::string v1 = dir.Write("v1", "4:memory:/x\n1:cpu:/\n");
  EXPECT_EQ(UsableCpuCountFrom(6, v1, dir.path() + "/cg"), 6);
  const std::string v2 = dir.Write("v2", "0::/\n");
  dir.Write("cg/cpu.max", "max 100000\n");
  EXPECT_EQ(UsableCpuCountFrom(6, v2, dir.path() + "/cg"), 6);
}

TEST(UsableCpuCountFrom, TinyQuotaStillGivesOne) {
  TempDir dir;
  const std::string proc = dir.Write("proc-cgroup", "0::/small\n");
  dir.Write("cg/small/cpu.max", "10000 100000\n");
  EXPECT_EQ(UsableCpuCountFrom(4, proc, dir.path() + "/cg"), 1);
}

// A v1 cpu hierarchy at dir/v1 and a v2 one at dir/v2, both mounted at their top.
CgroupCpuMounts MountsIn(const TempDir& dir) {
  CgroupCpuMounts mounts;
  mounts.v2.mount_point = dir.path() + "/v2";
  mounts.v1_cpu.mount_point = dir.path() + "/v1";
  return mounts;
}

void WriteCfsQuota(const TempDir& dir, const std::string& cgroup_dir, const std::string& quota) {
  dir.Write(cgroup_dir + "/cpu.cfs_quota_us", quota + "\n");
  dir.Write(cgroup_dir + "/cpu.cfs_period_us", "100000\n");
}

TEST(UsableCpuCountFrom, V1CfsQuotaOfAHybridHostCaps) {
  TempDir dir;
  const std::string proc = dir.Write("proc-cgroup", "2:cpuacct:/\n1:cpu,cpuacct:/job\n0::/\n");
  WriteCfsQuota(dir, "v1/job", "100000");
  WriteCfsQuota(dir, "v1", "-1");
  EXPECT_EQ(UsableCpuCountFrom(4, proc, MountsIn(dir)), 1);
  WriteCfsQuota(dir, "v1/job", "-1");
  EXPECT_EQ(UsableCpuCountFrom(4, proc, MountsIn(dir)), 4);
}

TEST(UsableCpuCountFrom, BothHierarchiesTheTighterWins) {
  TempDir dir;
  const std::string proc = dir.Write("proc-cgroup", "1:cpu:/a\n0::/b\n");
  WriteCfsQuota(dir, "v1/a", "250000");
  dir.Write("v2/b/cpu.max", "200000 100000\n");
  EXPECT_EQ(UsableCpuCountFrom(8, proc, MountsIn(dir)), 2);
}

TEST(UsableCpuCountFrom, ASubtreeMountIsReadBelowItsRoot) {
  TempDir dir;
  // A container sees its own cgroup, /docker/abc, as the top of the mount.
  const std::string proc = dir.Write("proc-cgroup", "1:cpu:/docker/abc\n");
  WriteCfsQuota(dir, "v1", "300000");
  CgroupCpuMounts mounts = MountsIn(dir);
  mounts.v1_cpu.root = "/docker/abc";
  EXPECT_EQ(UsableCpuCountFrom(8, proc, mounts), 3);
}

TEST(ResolveInstances, FollowsPm2Spellings) {
  const int cpus = UsableCpuCount();
  EXPECT_EQ(*ResolveInstances("max"), cpus);
  EXPECT_EQ(*ResolveInstances("0"), cpus);
  EXPECT_EQ(*ResolveInstances("-1"), cpus > 1 ? cpus - 1 : 1);
  EXPECT_EQ(*ResolveInstances("3"), 3);
}

TEST(ResolveInstances, RefusesOtherValues) {
  for (const char* bad : {"many", "-2", "", "2.5", "max2"}) {
    auto r = ResolveInstances(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().message(), "\"" + std::string(bad) + "\" is not a number, \"max\" or -1");
  }
}

}  // namespace
}  // namespace tend

// `tend start -i max` inside a real cgroup with a CPU quota: one instance per
// CPU the quota allows, not per CPU of the machine. Needs root (or a delegated
// cgroup) and a hierarchy with the cpu controller; otherwise skipped, saying why.
#include <sched.h>

#include <algorithm>

#include "tests/integration/harness.h"
#include "tests/integration/quota_cgroup.h"

namespace tend::test {
namespace {

int AffinityCpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  return sched_getaffinity(0, sizeof(set), &set) == 0 ? CPU_COUNT(&set) : 1;
}

class CgroupQuota : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(cgroup_.error(), "");
    if (!cgroup_.unavailable().empty()) GTEST_SKIP() << cgroup_.unavailable();
    if (AffinityCpus() < 2) {
      GTEST_SKIP() << "needs 2 CPUs in the affinity mask to tell a quota apart; there are "
                   << AffinityCpus();
    }
  }

  // `tend start /bin/sleep -i max` with the CLI (and so the daemon it starts)
  // in the cgroup; the number of instances it made.
  size_t StartMaxInside(long quota_us) {
    EXPECT_EQ(cgroup_.SetQuota(quota_us, 100000), "");
    auto r = RunProgram(
        cgroup_.Wrap({TendBinary(), "start", "/bin/sleep", "-n", "nap", "-i", "max", "--", "300"}),
        home_.Env(), std::chrono::seconds(60), home_.ScratchDir());
    EXPECT_EQ(r.exit_code, 0) << r.err;
    const pid_t daemon = home_.DaemonPid();
    EXPECT_NE(ReadWholeFile("/proc/" + std::to_string(daemon) + "/cgroup")
                  .find(":" + cgroup_.path() + "\n"),
              std::string::npos)
        << "tendd " << daemon << " is not in " << cgroup_.path();
    auto list = home_.List();
    for (const auto& p : list) {
      EXPECT_EQ(p["status"], "online");
      home_.Track(p["pid"].get<pid_t>());
    }
    return list.size();
  }

  QuotaCgroup cgroup_;  // declared first: removed after the home has stopped the daemon
  TendHome home_;
};

TEST_F(CgroupQuota, OneCpuOfQuotaGivesOneInstance) {
  EXPECT_EQ(StartMaxInside(100000), 1u)
      << "quota 100000/100000 in " << cgroup_.dir() << ", " << AffinityCpus() << " CPUs";
}

TEST_F(CgroupQuota, TwoCpusOfQuotaGiveTwoInstances) {
  EXPECT_EQ(StartMaxInside(200000), static_cast<size_t>(std::min(2, AffinityCpus())))
      << "quota 200000/100000 in " << cgroup_.dir();
}

TEST_F(CgroupQuota, APartOfACpuRoundsUpToOne) {
  EXPECT_EQ(StartMaxInside(50000), 1u) << "quota 50000/100000 in " << cgroup_.dir();
}

}  // namespace
}  // namespace tend::test

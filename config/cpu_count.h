#pragma once
// How many CPUs this process may really use, and PM2's `instances` spelling
// ("max", 0, -1, N) turned into a count. Pure reads of /proc and /sys.

#include <string>

#include "config/cgroup_mounts.h"
#include "config/status.h"

namespace tend {

// min(CPUs in our affinity mask, ceil(quota / period)), where the quota is the
// smallest found walking from our cgroup up to the top, in the cgroup v2
// hierarchy (cpu.max) and in the v1 one holding `cpu` (cpu.cfs_quota_us), both
// found in /proc/self/mountinfo. Never less than 1.
int UsableCpuCount();

// Same, with /proc/self/cgroup and the mounts taken from elsewhere (tests).
int UsableCpuCountFrom(int affinity_cpus, const std::string& proc_self_cgroup,
                       const CgroupCpuMounts& mounts);
// Only a v2 hierarchy, mounted at `cgroup_root`.
int UsableCpuCountFrom(int affinity_cpus, const std::string& proc_self_cgroup,
                       const std::string& cgroup_root);

// "max" or 0 -> UsableCpuCount(); -1 -> that minus one (at least 1); N > 0 -> N.
// Numeric strings ("4") are accepted as PM2 does. Anything else is InvalidArgument
// with the message `"many" is not a number, "max" or -1`.
Result<int> ResolveInstances(const std::string& text_or_number);

}  // namespace tend

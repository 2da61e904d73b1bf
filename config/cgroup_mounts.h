#pragma once
// Where the cgroup hierarchies that can limit CPU are mounted, read from
// /proc/self/mountinfo: the v2 (unified) one and the v1 one carrying the `cpu`
// controller. A pure v2 host has only the first; a v1 or hybrid host (v1
// controllers beside an empty v2, as older systemd and many VMs) has the second.

#include <string>

namespace tend {

struct CgroupMount {
  // Where it is mounted ("/sys/fs/cgroup/cpu"); "" when there is no such hierarchy.
  std::string mount_point;
  // The cgroup path shown at mount_point: "/" unless a container bind-mounts a subtree.
  std::string root = "/";
};

struct CgroupCpuMounts {
  CgroupMount v2;
  CgroupMount v1_cpu;
};

// Parses a mountinfo file; the first mount of each kind wins. Missing file: both empty.
CgroupCpuMounts FindCgroupCpuMounts(const std::string& mountinfo_file);

}  // namespace tend

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

// A process's cgroup paths from its /proc/<pid>/cgroup file: the v2 one ("0::/a/b") and
// the v1 one of the hierarchy holding `cpu` ("4:cpu,cpuacct:/a/b"); "" when absent.
struct OwnCgroups {
  std::string v2;
  std::string v1_cpu;
};
OwnCgroups ReadOwnCgroups(const std::string& proc_pid_cgroup);

// The folder of cgroup `path` (absolute in its hierarchy) under `mount`, which may show
// only a subtree (a container's bind mount); "" when there is no mount.
std::string CgroupDir(const CgroupMount& mount, std::string path);

}  // namespace tend

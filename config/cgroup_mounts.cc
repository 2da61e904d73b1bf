#include "config/cgroup_mounts.h"

#include <fstream>
#include <sstream>
#include <vector>

namespace tend {
namespace {

bool HasOption(const std::string& comma_list, const std::string& option) {
  std::stringstream ss(comma_list);
  for (std::string item; std::getline(ss, item, ',');) {
    if (item == option) return true;
  }
  return false;
}

// One mountinfo line: "36 25 0:31 / /sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu".
// Fields before " - " are id, parent, dev, root, mount point, options, optional
// tags; after it come the fs type, the source and the super options.
void ReadMountLine(const std::string& line, CgroupCpuMounts& found) {
  std::istringstream in(line);
  std::vector<std::string> fields;
  for (std::string f; in >> f;)
    fields.push_back(f);
  size_t dash = 6;
  while (dash < fields.size() && fields[dash] != "-")
    ++dash;
  if (fields.size() < dash + 4) return;
  const std::string& type = fields[dash + 1];
  const CgroupMount mount{fields[4], fields[3]};
  if (type == "cgroup2" && found.v2.mount_point.empty()) found.v2 = mount;
  if (type == "cgroup" && found.v1_cpu.mount_point.empty() && HasOption(fields[dash + 3], "cpu")) {
    found.v1_cpu = mount;
  }
}

}  // namespace

OwnCgroups ReadOwnCgroups(const std::string& proc_pid_cgroup) {
  OwnCgroups own;
  std::ifstream in(proc_pid_cgroup);
  for (std::string line; std::getline(in, line);) {
    const size_t first = line.find(':');
    const size_t second = line.find(':', first + 1);
    if (first == std::string::npos || second == std::string::npos) continue;
    const std::string controllers = line.substr(first + 1, second - first - 1);
    const std::string path = line.substr(second + 1);
    if (line.rfind("0::", 0) == 0) own.v2 = path;
    if (HasOption(controllers, "cpu")) own.v1_cpu = path;
  }
  return own;
}

std::string CgroupDir(const CgroupMount& mount, std::string path) {
  if (mount.mount_point.empty() || path.empty()) return "";
  // Paths are absolute in the hierarchy; a mount of a subtree shows them below its root.
  if (mount.root != "/" && path.rfind(mount.root, 0) == 0) {
    path = path.size() == mount.root.size() ? "/" : path.substr(mount.root.size());
  }
  return mount.mount_point + (path == "/" ? "" : path);
}

CgroupCpuMounts FindCgroupCpuMounts(const std::string& mountinfo_file) {
  CgroupCpuMounts found;
  std::ifstream in(mountinfo_file);
  for (std::string line; std::getline(in, line);)
    ReadMountLine(line, found);
  return found;
}

}  // namespace tend

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

CgroupCpuMounts FindCgroupCpuMounts(const std::string& mountinfo_file) {
  CgroupCpuMounts found;
  std::ifstream in(mountinfo_file);
  for (std::string line; std::getline(in, line);)
    ReadMountLine(line, found);
  return found;
}

}  // namespace tend

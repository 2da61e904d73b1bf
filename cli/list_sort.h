#pragma once
// `tend ls --sort FIELD[:asc|desc]` (PM2's spelling): the order of the process table's
// rows. Fields: id, name, pid, cpu, memory (mem), restarts, uptime, status; ascending
// unless `:desc`. Ties keep the id order.

#include <nlohmann/json.hpp>
#include <string>

#include "config/status.h"

namespace tend::cli {

struct ListSort {
  std::string field = "id";
  bool descending = false;
};

// InvalidArgument naming the field and the ones there are.
Result<ListSort> ParseListSort(const std::string& text);
// Sorts an array of process objects in place.
void SortProcesses(nlohmann::json& processes, const ListSort& sort);

}  // namespace tend::cli

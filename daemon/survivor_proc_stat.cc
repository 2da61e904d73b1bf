#include "daemon/survivor_proc_stat.h"

#include <charconv>
#include <string>
#include <vector>

#include "daemon/atomic_file.h"

namespace tend {
namespace {

template <typename T>
bool ParseNumber(std::string_view text, T& out) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

std::vector<std::string_view> SplitSpaces(std::string_view text) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\n'))
      ++i;
    const size_t start = i;
    while (i < text.size() && text[i] != ' ' && text[i] != '\n')
      ++i;
    if (i > start) out.push_back(text.substr(start, i - start));
  }
  return out;
}

}  // namespace

Result<ProcStat> ParseProcStat(std::string_view text) {
  // comm is free text in parentheses: the fields start after the last ')'.
  const size_t open = text.find('(');
  const size_t close = text.rfind(')');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) {
    return Status::InvalidArgument("malformed /proc stat line");
  }
  ProcStat st;
  const std::vector<std::string_view> fields = SplitSpaces(text.substr(close + 1));
  // fields[0] is field 3 (state); field N is fields[N - 3].
  constexpr size_t kStartTimeIndex = 22 - 3;
  const std::vector<std::string_view> head = SplitSpaces(text.substr(0, open));
  if (head.size() != 1 || !ParseNumber(head[0], st.pid) || fields.size() <= kStartTimeIndex ||
      fields[0].size() != 1 || !ParseNumber(fields[1], st.ppid) ||
      !ParseNumber(fields[2], st.pgrp) || !ParseNumber(fields[kStartTimeIndex], st.start_time)) {
    return Status::InvalidArgument("malformed /proc stat line");
  }
  st.state = fields[0][0];
  return st;
}

Result<ProcStat> ReadProcStat(pid_t pid) {
  const std::string path = "/proc/" + std::to_string(pid) + "/stat";
  auto text = ReadWholeFile(path);
  if (!text.ok()) {
    // ESRCH from read() means the process vanished between open and read.
    return Status::NotFound("no process " + std::to_string(pid));
  }
  auto st = ParseProcStat(*text);
  if (!st.ok()) return Status::Io(path + ": " + st.status().message());
  return st;
}

}  // namespace tend

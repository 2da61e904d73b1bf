#include "config/umask_text.h"

#include <sys/stat.h>

#include <cstdio>

namespace tend {

Result<mode_t> ParseUmask(std::string_view text) {
  const std::string quoted = "'" + std::string(text) + "'";
  if (text.empty() || text.size() > 4 || text.find_first_not_of("01234567") != std::string::npos) {
    return Status::InvalidArgument("umask " + quoted +
                                   " is not an octal mask of 1 to 4 digits, such as \"022\"");
  }
  mode_t mask = 0;
  for (char c : text)
    mask = static_cast<mode_t>(mask * 8 + static_cast<mode_t>(c - '0'));
  if (mask > 0777) return Status::InvalidArgument("umask " + quoted + " is above 0777");
  return mask;
}

std::string UmaskText(mode_t mask) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mask & 0777));
  return buf;
}

mode_t CurrentUmask() {
  const mode_t mask = ::umask(077);
  ::umask(mask);
  return mask;
}

}  // namespace tend

#pragma once
// An app's umask as files, flags and the dump write it: an octal string ("022",
// "0027"), never a number, since YAML and JSON would read 022 as twenty-two or
// eighteen. Apps get the umask of the user who started them unless one is given.

#include <sys/types.h>

#include <string>
#include <string_view>

#include "config/status.h"

namespace tend {

// 1 to 4 octal digits, at most 0777. InvalidArgument naming the text otherwise.
Result<mode_t> ParseUmask(std::string_view text);

// Four digits: 18 -> "0022".
std::string UmaskText(mode_t mask);

// The calling process's umask, left as it was. Not thread safe (umask() is
// process-wide): for the CLI, which has one thread.
mode_t CurrentUmask();

}  // namespace tend

#pragma once
// The CLI's own environment and working directory, captured at `start` (PM2's
// semantics: an app keeps the environment of the shell that started it).

#include <map>
#include <string>

namespace tend::cli {

std::map<std::string, std::string> CurrentEnvironment();
std::string CurrentDirectory();

}  // namespace tend::cli

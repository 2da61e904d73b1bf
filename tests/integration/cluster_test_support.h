#pragma once
// Helpers of the cluster tests: a free TCP port, a client that asks the
// socket-activated fixture server who answered, and /proc/<pid>/environ.

#include <sys/types.h>

#include <map>
#include <optional>
#include <string>

namespace tend::test {

// A port nobody listens on right now (bound to 0, then released).
int FreePort();

// One connection to 127.0.0.1:port: the answer line ("<pid> <instance>"), or
// nullopt with `error` set to the errno of the failed connect/read (0: empty answer).
std::optional<std::string> AskServer(int port, int* error = nullptr);

// The same over a Unix stream socket at `path`.
std::optional<std::string> AskUnixServer(const std::string& path);

// The environment of a running process, from /proc.
std::map<std::string, std::string> ProcessEnviron(pid_t pid);

}  // namespace tend::test

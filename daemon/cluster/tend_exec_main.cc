// tend-exec PROGRAM [ARGS...]: the one step between spawn and the program that
// posix_spawn cannot do: LISTEN_PID must be the child's own pid, known only after
// the child exists. It sets LISTEN_PID=getpid() (when LISTEN_FDS is set) and execs PROGRAM
// in the same process, so the pid tendd supervises is the program's pid.
// Kept to libc calls: it runs once per spawn of an app with `listen`.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fputs("usage: tend-exec PROGRAM [ARGS...] (started by tendd)\n", stderr);
    return 2;
  }
  if (std::getenv("LISTEN_FDS") != nullptr) {
    char pid[32];
    std::snprintf(pid, sizeof pid, "%ld", static_cast<long>(::getpid()));
    ::setenv("LISTEN_PID", pid, 1);
  }
  ::execvp(argv[1], argv + 1);
  const int err = errno;
  std::fprintf(stderr, "tend-exec: cannot start %s: %s\n", argv[1], std::strerror(err));
  return err == ENOENT ? 127 : 126;
}

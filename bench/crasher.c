/* The respawn-gap probe for bench_core.py: appends "S <ns>" when it starts and "E <ns>" just
 * before it exits with status 1, both CLOCK_MONOTONIC (one clock for every process on the
 * host), each line in one O_APPEND write so concurrent runs never interleave a line.
 * The gap a supervisor adds is then the next S minus the previous E. An optional second
 * argument is how long (ms) it runs between S and E: tend respawns a process at the earliest
 * 1 s after its previous spawn (s6's floor), so a crasher that lives 1 s measures the
 * reaction, not the floor. Built static by the bench so the dynamic loader adds no noise to
 * the child's start. */
#include <fcntl.h>
#include <stdlib.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static void stamp(int fd, char tag) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  char line[64];
  int n = snprintf(line, sizeof line, "%c %lld\n", tag,
                   (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec);
  if (write(fd, line, (size_t)n) != n) _exit(2);
}

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  int fd = open(argv[1], O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return 2;
  stamp(fd, 'S');
  if (argc > 2) {
    const long ms = strtol(argv[2], NULL, 10);
    struct timespec pause = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&pause, NULL);
  }
  stamp(fd, 'E');
  _exit(1);
}

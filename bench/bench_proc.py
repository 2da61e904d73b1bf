"""Process and /proc helpers for bench_core.py: spawning and timing, waiting on a condition,
memory and CPU of a daemon from /proc, and a gdb look into a C/C++ daemon's malloc."""
import os
import shutil
import subprocess
import sys
import time

CLK_TCK = os.sysconf("SC_CLK_TCK")


def log(msg):
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def now_ns():
    return time.perf_counter_ns()


def run(argv, env, timeout=120, capture=True):
    """Runs argv to completion; returns (wall ns, CompletedProcess)."""
    t0 = now_ns()
    cp = subprocess.run(argv, env=env, timeout=timeout, stdin=subprocess.DEVNULL,
                        stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
                        stderr=subprocess.PIPE if capture else subprocess.DEVNULL, text=True)
    return now_ns() - t0, cp


def spawn_timed(argv, env):
    """Runs argv with stdio on /dev/null; returns (wall ms, CPU ms of the child, wait status).

    posix_spawn + wait4 rather than subprocess: less of the bench in the wall time, and the
    child's own user+sys time, which a busy machine disturbs far less than wall time."""
    actions = [(os.POSIX_SPAWN_OPEN, 0, "/dev/null", os.O_RDONLY, 0),
               (os.POSIX_SPAWN_OPEN, 1, "/dev/null", os.O_WRONLY, 0),
               (os.POSIX_SPAWN_OPEN, 2, "/dev/null", os.O_WRONLY, 0)]
    t0 = now_ns()
    pid = os.posix_spawn(argv[0], argv, env, file_actions=actions)
    _, status, usage = os.wait4(pid, 0)
    wall = (now_ns() - t0) / 1e6
    return wall, (usage.ru_utime + usage.ru_stime) * 1e3, status


def wait_until(what, predicate, timeout_s, pause_s=0.005):
    deadline = time.monotonic() + timeout_s
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout_s}s waiting for {what}")
        time.sleep(pause_s)


def pid_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie is dead for our purposes.
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def read_memory_kb(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "RssAnon", "RssFile", "RssShmem"):
                fields[key] = int(rest.split()[0])
    return fields


def read_smaps_rollup(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            return f.read()
    except OSError:
        return ""


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        parts = f.read().rsplit(")", 1)[1].split()
    return int(parts[11]) + int(parts[12])  # utime + stime


def sched_ns(pid):
    """(on-CPU ns, run-queue wait ns) of every thread of pid, from /proc/<pid>/task/*/schedstat.

    On-CPU time says what the daemon itself spent, whatever the load; the wait says how long it
    was runnable but not running, which is what a busy machine adds to its latencies."""
    cpu = wait = 0
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
                fields = f.read().split()
        except OSError:
            continue
        cpu += int(fields[0])
        wait += int(fields[1])
    return cpu, wait


def probe_heap(pid):
    """Attaches gdb to a C/C++ daemon: glibc's mallinfo2 (bytes in use vs held free), then
    malloc_trim(0) and the memory after it, so the table can tell live data from freed
    memory that malloc keeps. Returns {} when gdb is missing or fails. It changes the
    daemon (its free memory goes back to the kernel): run it last in a round."""
    if not shutil.which("gdb"):
        return {}
    cmd = ["gdb", "-p", str(pid), "-batch", "-nx", "-iex", "set debuginfod enabled off",
           "-ex", "p mallinfo2()", "-ex", "call (int)malloc_trim(0)"]
    try:
        out = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                             timeout=60).stdout
    except (OSError, subprocess.TimeoutExpired):
        return {}
    info = {}
    for field in ("arena", "uordblks", "fordblks", "hblkhd"):
        marker = f"{field} = "
        at = out.find(marker)
        if at >= 0:
            info[field] = int(out[at + len(marker):].split(",")[0].split("}")[0])
    if "uordblks" not in info:
        return {}
    info["after_trim"] = read_memory_kb(pid)
    return info

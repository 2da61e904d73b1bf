#!/usr/bin/env python3
"""Log throughput: a child writing 100-byte numbered lines as fast as it can.

For each case it measures:
  * the time from the start command until the log file holds every byte, and its ratio to the
    same writer with stdout redirected straight to a file (the floor);
  * the writer's own elapsed time (it reports it on stderr), which shows backpressure;
  * lines lost, duplicated or out of order (must be 0), by reading the file back;
  * the daemon's CPU time over the run, its VmRSS before, peak VmRSS during (polled) and VmHWM.
Cases: straight to a file; tend; tend --time; PM2 and PM2 --time when bench/.pm2 holds pm2
(bench/setup-pm2.sh installs it) or --pm2 PATH is given.

Python 3 standard library only. Each manager runs in a private home in a temp dir, is stopped
by its own `kill` and then by pid, and the temp dirs are removed.
"""
import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_DIR = os.path.dirname(BENCH_DIR)
LINE_BYTES = 100
CLK_TCK = os.sysconf("SC_CLK_TCK")

# 100-byte lines "<12-digit number> xxx...x\n", written in 64000-byte chunks with os.write.
WRITER = r'''#!/usr/bin/env python3
import os, sys, time
n = int(sys.argv[1])
pad = b" " + b"x" * 86 + b"\n"
t0 = time.monotonic()
i = 0
while i < n:
    k = min(640, n - i)
    os.write(1, b"".join(b"%012d" % j + pad for j in range(i, i + k)))
    i += k
sys.stderr.write("writer_elapsed %.6f\n" % (time.monotonic() - t0))
'''


# The same lines from C, for a writer that the page cache, not the interpreter, holds back
# (`--writer c`; compiled with the system's cc into the temp dir).
C_WRITER = r'''#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
int main(int argc, char** argv) {
  long n = argc > 1 ? atol(argv[1]) : 0;
  static char buf[64000];
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (long i = 0; i < n;) {
    char* p = buf;
    for (long k = 0; k < 640 && i < n; ++k, ++i, p += 100) {
      snprintf(p, 14, "%012ld ", i);
      memset(p + 13, 'x', 86);
      p[99] = '\n';
    }
    for (size_t off = 0, len = (size_t)(p - buf); off < len;) {
      ssize_t w = write(1, buf + off, len - off);
      if (w < 0) return 1;
      off += (size_t)w;
    }
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  fprintf(stderr, "writer_elapsed %.6f\n",
          (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
  return 0;
}
'''


def make_writer(kind, workdir):
    if kind == "c":
        source, script = os.path.join(workdir, "writer.c"), os.path.join(workdir, "writer")
        with open(source, "w") as f:
            f.write(C_WRITER)
        subprocess.run(["cc", "-O2", "-o", script, source], check=True)
        return script
    script = os.path.join(workdir, "writer.py")
    with open(script, "w") as f:
        f.write(WRITER)
    os.chmod(script, 0o755)
    return script


def log(msg):
    print(f"[bench_logs] {msg}", file=sys.stderr, flush=True)


def pid_alive(pid):
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except OSError:
        return False


def wait_until(what, fn, timeout, interval=0.01):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        v = fn()
        if v:
            return v
        time.sleep(interval)
    raise TimeoutError(f"timed out waiting for {what}")


def proc_status_kb(pid, key):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def cpu_seconds(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK_TCK
    except OSError:
        return 0.0


def file_size(path):
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


PAD = b" " + b"x" * 86 + b"\n"


def line_number(line):
    """The number of a 100-byte line, whatever prefix (--time) precedes it; None if mangled."""
    if len(line) < LINE_BYTES or not line.endswith(PAD):
        return None
    digits = line[-LINE_BYTES:-LINE_BYTES + 12]
    return int(digits) if digits.isdigit() else None


def count_lines_exact(path, n):
    """(lines lost, lines duplicated / out of order / mangled), reading the file back."""
    seen, bad, lost = -1, 0, 0
    with open(path, "rb") as f:
        for line in f:
            num = line_number(line)
            if num is None or num <= seen:
                bad += 1
                continue
            lost += num - seen - 1
            seen = num
    lost += n - 1 - seen
    return lost, bad


def holds_last_line(path, n):
    """True once the file ends with the writer's last line."""
    try:
        with open(path, "rb") as f:
            f.seek(max(0, os.stat(path).st_size - 2 * LINE_BYTES))
            tail = f.read()
    except OSError:
        return False
    return tail.endswith(b"%012d" % (n - 1) + PAD)


def writer_elapsed(err_path):
    try:
        with open(err_path, "rb") as f:
            for line in f.read().decode(errors="replace").splitlines():
                if "writer_elapsed" in line:
                    return float(line.rsplit(" ", 1)[1])
    except (OSError, ValueError):
        pass
    return float("nan")


class Manager:
    """A process manager in a private home: its CLI, its daemon's pid, its teardown."""

    def __init__(self, label, home_var, pid_file):
        self.label = label
        self.home = tempfile.mkdtemp(prefix=f"bench-logs-{label}-")
        self.env = dict(os.environ, **{home_var: self.home})
        self.pid_file = pid_file
        self.pid = None

    def cli(self, *args, check=True):
        cp = subprocess.run(self.argv(*args), env=self.env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, timeout=300)
        if check and cp.returncode != 0:
            raise RuntimeError(f"{self.label} {' '.join(args)}: {cp.stderr[-1500:]}")
        return cp

    def daemon_pid(self):
        try:
            with open(os.path.join(self.home, self.pid_file)) as f:
                pid = int(f.read().strip())
            return pid if pid_alive(pid) else None
        except (OSError, ValueError):
            return None

    def start_daemon(self):
        self.cli(*self.ping_args)
        self.pid = wait_until(f"{self.label} daemon", self.daemon_pid, 20)

    def shutdown(self):
        pid = self.pid or self.daemon_pid()
        try:
            self.cli("kill", check=False)
        except subprocess.TimeoutExpired:
            log(f"{self.label}: kill timed out")
        if pid:
            try:
                wait_until(f"{self.label} daemon exit", lambda: not pid_alive(pid), 15)
            except TimeoutError:
                os.kill(pid, signal.SIGKILL)
        shutil.rmtree(self.home, ignore_errors=True)


class Tend(Manager):
    ping_args = ("ping",)

    def __init__(self, tend, tendd):
        super().__init__("tend", "TEND_HOME", "tendd.pid")
        self.tend = tend
        self.env["TEND_DAEMON_BIN"] = tendd
        self.env["NO_COLOR"] = "1"

    def argv(self, *args):
        return [self.tend, *args]

    def start_writer(self, script, n, out, err, time_prefix):
        flags = ["--time"] if time_prefix else []
        self.cli("start", script, "-n", "w", "--interpreter", "none", "--no-autorestart",
                 "-o", out, "-e", err, *flags, "--", str(n))


class Pm2(Manager):
    ping_args = ("ping",)

    def __init__(self, pm2):
        super().__init__("pm2", "PM2_HOME", "pm2.pid")
        self.pm2 = pm2

    def argv(self, *args):
        return [self.pm2, *args]

    def start_writer(self, script, n, out, err, time_prefix):
        flags = ["--time"] if time_prefix else []
        self.cli("start", script, "--name", "w", "--interpreter", "none", "--no-autorestart",
                 "-o", out, "-e", err, *flags, "--", str(n))


def run_direct(workdir, script, n):
    out, err = os.path.join(workdir, "direct.out"), os.path.join(workdir, "direct.err")
    with open(out, "wb") as fo, open(err, "wb") as fe:
        t0 = time.monotonic()
        subprocess.run([script, str(n)], stdout=fo, stderr=fe, check=True)
        total = time.monotonic() - t0
    lost, bad = count_lines_exact(out, n)
    result = {"case": "straight to a file", "total_s": total, "writer_s": writer_elapsed(err),
              "lost": lost, "bad": bad, "bytes": file_size(out)}
    os.unlink(out)
    return result


def run_managed(mgr, workdir, script, n, time_prefix):
    try:
        return measure_managed(mgr, workdir, script, n, time_prefix)
    finally:
        mgr.shutdown()


def measure_managed(mgr, workdir, script, n, time_prefix):
    out = os.path.join(workdir, f"{mgr.label}.out")
    err = os.path.join(workdir, f"{mgr.label}.err")
    mgr.start_daemon()
    rss_idle = proc_status_kb(mgr.pid, "VmRSS")
    cpu0 = cpu_seconds(mgr.pid)
    t0 = time.monotonic()
    mgr.start_writer(script, n, out, err, time_prefix)
    peak_rss, last_size, last_change = rss_idle, -1, time.monotonic()
    # Done when the last line is in; given up when the writer is done and the file has not
    # grown for 10 s (a manager that lost the end).
    while not holds_last_line(out, n):
        peak_rss = max(peak_rss, proc_status_kb(mgr.pid, "VmRSS"))
        size = file_size(out)
        if size != last_size:
            last_size, last_change = size, time.monotonic()
        elif time.monotonic() - last_change > 10 and writer_elapsed(err) > 0:
            log(f"{mgr.label}: the file stopped at {size} bytes without the last line")
            break
        time.sleep(0.01)
    total = time.monotonic() - t0
    cpu = cpu_seconds(mgr.pid) - cpu0
    wait_until("the writer's elapsed time", lambda: writer_elapsed(err) > 0, 60)
    lost, bad = count_lines_exact(out, n)
    result = {"case": f"{mgr.label}{' --time' if time_prefix else ''}", "total_s": total,
              "writer_s": writer_elapsed(err), "lost": lost, "bad": bad,
              "bytes": file_size(out), "daemon_cpu_s": cpu, "rss_idle_kb": rss_idle,
              "rss_peak_kb": peak_rss, "hwm_kb": proc_status_kb(mgr.pid, "VmHWM")}
    for p in (out, err):
        if os.path.exists(p):
            os.unlink(p)
    return result


def median(values):
    values = sorted(values)
    mid = len(values) // 2
    return values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2


def summarize(rounds):
    """Per case: medians over the rounds; the ratio is the median of each round's ratio to that
    round's straight-to-file time (the machine's load changes between rounds, not within one)."""
    cases = {}
    for results in rounds:
        floor = results[0]["total_s"]
        for r in results:
            cases.setdefault(r["case"], []).append(dict(r, ratio=r["total_s"] / floor))
    return cases


def table(cases, rounds):
    rows = [f"| case ({rounds} rounds: median, min–max) | until file complete | ratio | "
            "writer's own time | lines missing | lines out of order or mangled | daemon CPU | "
            "daemon RSS idle → peak (VmHWM), max |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for case, runs in cases.items():
        def span(key, fmt):
            values = [r[key] for r in runs]
            return f"{fmt(median(values))} ({fmt(min(values))}–{fmt(max(values))})"
        mem, cpu = "—", "—"
        if "rss_idle_kb" in runs[0]:
            mem = (f"{max(r['rss_idle_kb'] for r in runs) / 1024:.1f} → "
                   f"{max(r['rss_peak_kb'] for r in runs) / 1024:.1f} MiB "
                   f"({max(r['hwm_kb'] for r in runs) / 1024:.1f})")
            cpu = span("daemon_cpu_s", lambda v: f"{v:.2f} s")
        rows.append(f"| {case} | {span('total_s', lambda v: f'{v:.2f} s')} | "
                    f"{span('ratio', lambda v: f'{v:.2f}x')} | "
                    f"{median([r['writer_s'] for r in runs]):.2f} s | "
                    f"{max(r['lost'] for r in runs)} | {max(r['bad'] for r in runs)} | {cpu} | "
                    f"{mem} |")
    return "\n".join(rows)


def run_round(args, tendd, workdir, script, n):
    results = [run_direct(workdir, script, n)]
    log(json.dumps(results[-1]))
    managers = [lambda: Tend(args.tend, tendd)]
    if os.access(args.pm2, os.X_OK):
        managers.append(lambda: Pm2(args.pm2))
    for make in managers:
        for time_prefix in (False, True):
            results.append(run_managed(make(), workdir, script, n, time_prefix))
            log(json.dumps(results[-1]))
    return results


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tend", default=os.path.join(REPO_DIR, "build-release/cli/tend"))
    ap.add_argument("--tendd", default=None, help="default: next to --tend, ../daemon/tendd")
    ap.add_argument("--pm2", default=os.path.join(BENCH_DIR, ".pm2/node_modules/.bin/pm2"))
    ap.add_argument("--mib", type=int, default=200, help="output per case (MiB)")
    ap.add_argument("--rounds", type=int, default=5,
                    help="every case once per round, in turn (default 5)")
    ap.add_argument("--writer", choices=("python", "c"), default="python",
                    help="the writer: Python (default) or C, compiled with cc")
    ap.add_argument("--json", help="also write the raw results here")
    args = ap.parse_args()
    tendd = args.tendd or os.path.join(os.path.dirname(os.path.dirname(args.tend)),
                                       "daemon/tendd")
    n = args.mib * 1024 * 1024 // LINE_BYTES
    workdir = tempfile.mkdtemp(prefix="bench-logs-")
    script = make_writer(args.writer, workdir)
    if not os.access(args.pm2, os.X_OK):
        log(f"no pm2 at {args.pm2} (bench/setup-pm2.sh installs it): PM2 skipped")
    rounds = []
    try:
        log(f"{n} lines of {LINE_BYTES} bytes ({args.mib} MiB) per case, {args.rounds} rounds, "
            f"{args.writer} writer")
        for _ in range(args.rounds):
            rounds.append(run_round(args, tendd, workdir, script, n))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(table(summarize(rounds), len(rounds)))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rounds, f, indent=1)
    ok = all(r["lost"] == 0 and r["bad"] == 0 for results in rounds for r in results)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

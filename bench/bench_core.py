#!/usr/bin/env python3
"""Whole-process benchmarks of tend's core targets, with PM2 side by side when installed.

Measures, for each manager in a private home (TEND_HOME / PM2_HOME in a temp dir):
  1. daemon memory idle (VmRSS, RssAnon from /proc/<daemon>/status);
  2. daemon memory with N `sleep 3600` processes online;
  3. list latency with N processes (wall time of the whole CLI process);
  4. crash-to-respawn gap (next start - previous exit of a program that exits at once);
  5. time from the first start command to `ls` showing N processes online.
Prints a markdown table (median over rounds) and writes raw numbers to bench/results/.
Python 3 standard library only. Every daemon it starts is stopped by pid; temp dirs removed.
"""
import argparse
import atexit
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_DIR = os.path.dirname(BENCH_DIR)
CLK_TCK = os.sysconf("SC_CLK_TCK")
LIVE_MANAGERS = []  # killed at exit, whatever happened


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


class Manager:
    """One process manager in a private home; subclasses know its CLI."""

    label = "?"

    def __init__(self):
        self.home = tempfile.mkdtemp(prefix=f"bench-{self.label}-")
        self.env = dict(os.environ)
        self.known_child_pids = set()
        self.pid = None
        LIVE_MANAGERS.append(self)

    def cli(self, *args, timeout=120, check=True, capture=True):
        ns, cp = run(self.argv(*args), self.env, timeout=timeout, capture=capture)
        if check and cp.returncode != 0:
            raise RuntimeError(f"{self.label} {' '.join(args)} failed ({cp.returncode}): "
                               f"{(cp.stderr or '')[-2000:]}{(cp.stdout or '')[-500:]}")
        return ns, cp

    def start_daemon(self):
        ns, _ = self.cli("ping")
        self.pid = wait_until(f"{self.label} pid file", self.read_pid, 10)
        return ns

    def read_pid(self):
        try:
            with open(os.path.join(self.home, self.pid_file)) as f:
                pid = int(f.read().strip())
            return pid if pid_alive(pid) else None
        except (OSError, ValueError):
            return None

    def statuses(self):
        """[(name, status, pid, restarts)] as the CLI reports them."""
        procs = self.parse_list(self.cli(*self.list_json_args)[1].stdout)
        for p in procs:
            if p[2]:
                self.known_child_pids.add(p[2])
        return procs

    def all_online(self, n):
        procs = self.statuses()
        return len(procs) == n and all(p[1] == "online" for p in procs)

    def shutdown(self):
        """Stops the daemon by its own command, then by pid if it is still there."""
        if self in LIVE_MANAGERS:
            LIVE_MANAGERS.remove(self)
        pid = self.pid or self.read_pid()
        if pid:
            try:
                self.cli("kill", timeout=60, check=False)
            except subprocess.TimeoutExpired:
                log(f"{self.label} kill timed out")
            try:
                wait_until(f"{self.label} daemon {pid} to exit", lambda: not pid_alive(pid), 15)
            except TimeoutError:
                log(f"{self.label} daemon {pid} still alive: SIGKILL")
                os.kill(pid, signal.SIGKILL)
        for child in self.known_child_pids:
            if pid_alive(child):
                try:
                    with open(f"/proc/{child}/cmdline", "rb") as f:
                        cmd = f.read()
                except OSError:
                    continue
                if b"sleep" in cmd or b"crasher" in cmd:
                    log(f"{self.label}: left-over child {child}: SIGKILL")
                    os.kill(child, signal.SIGKILL)
        shutil.rmtree(self.home, ignore_errors=True)


class Tend(Manager):
    label = "tend"
    pid_file = "tendd.pid"
    list_json_args = ("ls", "--json")

    def __init__(self, binaries):
        self.bin, tendd = binaries
        super().__init__()
        self.env["TEND_HOME"] = self.home
        self.env["TEND_DAEMON_BIN"] = tendd
        self.env["NO_COLOR"] = "1"

    def argv(self, *args):
        return [self.bin, *args]

    @staticmethod
    def parse_list(text):
        return [(p.get("name"), p.get("status"), p.get("pid") or 0, p.get("restarts", 0))
                for p in json.loads(text)]

    def start_one(self, name, script, args, flags=()):
        return self.cli("start", script, "-n", name, *flags, "--", *args)[0]

    def start_crasher(self, name, crasher, args, workdir):
        del workdir
        self.start_one(name, crasher, args, ("--min-uptime", "0", "--max-restarts", "100000"))

    def delete_all(self):
        self.cli("delete", "all")


class Pm2(Manager):
    label = "pm2"
    pid_file = "pm2.pid"
    list_json_args = ("jlist",)

    def __init__(self, pm2_bin):
        self.bin = pm2_bin
        super().__init__()
        self.env["PM2_HOME"] = self.home
        self.env.pop("PM2_PUBLIC_KEY", None)
        self.env.pop("PM2_SECRET_KEY", None)

    def argv(self, *args):
        return [self.bin, *args]

    @staticmethod
    def parse_list(text):
        # pm2 may print a banner or warnings before the JSON.
        start = text.find("[")
        procs = json.loads(text[start:]) if start >= 0 else []
        return [(p["name"], p["pm2_env"]["status"], p.get("pid") or 0,
                 p["pm2_env"].get("restart_time", 0)) for p in procs]

    def start_one(self, name, script, args, flags=()):
        return self.cli("start", script, "--name", name, *flags, "--", *args)[0]

    def start_crasher(self, name, crasher, args, workdir):
        # pm2's CLI has no --min-uptime: only an ecosystem file can set it.
        eco = os.path.join(workdir, f"{name}.pm2.json")
        with open(eco, "w") as f:
            json.dump({"apps": [{"name": name, "script": crasher, "args": args, "min_uptime": 0,
                                 "max_restarts": 100000, "autorestart": True}]}, f)
        self.cli("start", eco)

    def delete_all(self):
        self.cli("delete", "all")


def write_ecosystem(path, n):
    apps = [{"name": f"s{i}", "script": "/bin/sleep", "args": ["3600"]} for i in range(n)]
    with open(path, "w") as f:
        json.dump({"apps": apps}, f, indent=1)


def start_many(mgr, n, eco_path, mode):
    """Starts n sleeps; returns the mode used ("ecosystem" or "one by one")."""
    if mode in ("auto", "ecosystem"):
        _, cp = mgr.cli("start", eco_path, check=False)
        if cp.returncode == 0:
            return "ecosystem"
        if mode == "ecosystem":
            raise RuntimeError(f"{mgr.label} start {eco_path} failed: {cp.stderr[-1000:]}")
        log(f"{mgr.label}: `start {os.path.basename(eco_path)}` failed "
            f"({cp.stderr.strip()[-200:]}); falling back to one start per app")
        if mgr.statuses():
            mgr.delete_all()
    for i in range(n):
        mgr.start_one(f"s{i}", "/bin/sleep", ["3600"])
    return "one by one"


def time_list(mgr, argv, count):
    walls, cpus = [], []
    for _ in range(count):
        wall, cpu, status = spawn_timed(mgr.argv(*argv), mgr.env)
        if status != 0:
            raise RuntimeError(f"{mgr.label} {' '.join(argv)} failed ({status})")
        walls.append(wall)
        cpus.append(cpu)
    return walls, cpus


def respawn_gaps(mgr, crasher, workdir, restarts, round_no):
    stamp_file = os.path.join(workdir, f"{mgr.label}-stamps-{round_no}.txt")
    mgr.start_crasher(f"crash{round_no}", crasher, [stamp_file], workdir)

    def starts():
        try:
            with open(stamp_file) as f:
                return f.read().count("S ") > restarts
        except OSError:
            return False

    wait_until(f"{mgr.label} to restart the crasher {restarts} times", starts, 120, 0.05)
    mgr.cli("delete", f"crash{round_no}")
    with open(stamp_file) as f:
        lines = [line.split() for line in f if line.strip()]
    gaps, last_exit = [], None
    for tag, ns in lines:
        if tag == "E":
            last_exit = int(ns)
        elif tag == "S" and last_exit is not None:
            gaps.append((int(ns) - last_exit) / 1e6)
            last_exit = None
    return gaps[:restarts]


def one_round(mgr, args, eco_path, crasher, workdir, round_no, result):
    result.setdefault("daemon_start_ms", []).append(mgr.start_daemon() / 1e6)
    time.sleep(args.settle)
    idle = read_memory_kb(mgr.pid)
    result.setdefault("idle_rss_kb", []).append(idle["VmRSS"])
    result.setdefault("idle_anon_kb", []).append(idle["RssAnon"])

    n = args.procs
    t0 = now_ns()
    mode = start_many(mgr, n, eco_path, args.start_mode)
    t_cmd = now_ns() - t0
    wait_until(f"{n} {mgr.label} processes online", lambda: mgr.all_online(n), 120)
    t_online = now_ns() - t0
    result["start_mode"] = mode
    result.setdefault("start_cmd_ms", []).append(t_cmd / 1e6)
    result.setdefault("all_online_ms", []).append(t_online / 1e6)

    time.sleep(1.0)
    ticks0, t_cpu0 = cpu_ticks(mgr.pid), time.monotonic()
    time.sleep(max(args.settle, 2.0))
    cpu_pct = 100.0 * (cpu_ticks(mgr.pid) - ticks0) / CLK_TCK / (time.monotonic() - t_cpu0)
    full = read_memory_kb(mgr.pid)
    result.setdefault("busy_rss_kb", []).append(full["VmRSS"])
    result.setdefault("busy_anon_kb", []).append(full["RssAnon"])
    result.setdefault("busy_cpu_pct", []).append(cpu_pct)
    result["smaps_rollup_busy"] = read_smaps_rollup(mgr.pid)

    for key, argv in mgr.list_commands:
        before = sched_ns(mgr.pid)
        walls, cpus = time_list(mgr, argv, args.list_runs)
        after = sched_ns(mgr.pid)
        result.setdefault(key, []).extend(walls)
        result.setdefault(key.replace("_ms", "_cpu_ms"), []).extend(cpus)
        result.setdefault(key.replace("_ms", "_daemon_cpu_ms"), []).append(
            (after[0] - before[0]) / 1e6 / args.list_runs)
    after_ls = read_memory_kb(mgr.pid)
    result.setdefault("after_ls_rss_kb", []).append(after_ls["VmRSS"])
    result.setdefault("after_ls_anon_kb", []).append(after_ls["RssAnon"])

    if args.heap_probe and isinstance(mgr, Tend):
        heap = probe_heap(mgr.pid)
        if heap:
            result.setdefault("heap_in_use_kb", []).append(
                (heap["uordblks"] + heap.get("hblkhd", 0)) / 1024)
            result.setdefault("heap_free_held_kb", []).append(heap["fordblks"] / 1024)
            result.setdefault("trimmed_rss_kb", []).append(heap["after_trim"]["VmRSS"])
            result.setdefault("trimmed_anon_kb", []).append(heap["after_trim"]["RssAnon"])

    mgr.delete_all()
    if round_no < args.gap_rounds:
        before = sched_ns(mgr.pid)
        gaps = respawn_gaps(mgr, crasher, workdir, args.restarts, round_no)
        after = sched_ns(mgr.pid)
        result.setdefault("respawn_gap_ms", []).extend(gaps)
        # Includes the start and delete commands and the few restarts past the count.
        result.setdefault("respawn_daemon_cpu_ms", []).append(
            (after[0] - before[0]) / 1e6 / args.restarts)
        result.setdefault("respawn_daemon_wait_ms", []).append(
            (after[1] - before[1]) / 1e6 / args.restarts)


def bench_manager(make, args, eco_path, crasher, workdir):
    result = {}
    for r in range(args.rounds):
        mgr = make()
        log(f"{mgr.label}: round {r + 1}/{args.rounds} (home {mgr.home})")
        try:
            one_round(mgr, args, eco_path, crasher, workdir, r, result)
        finally:
            mgr.shutdown()
    return result


def build_tend():
    build_dir = os.path.join(REPO_DIR, "build-bench")
    log(f"building tend (Release) in {build_dir}")
    subprocess.run(["cmake", "-S", REPO_DIR, "-B", build_dir, "-G", "Ninja",
                    "-DCMAKE_BUILD_TYPE=Release", "-DTEND_TESTS=OFF"], check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run(["cmake", "--build", build_dir, "-j2"], check=True, stdout=subprocess.DEVNULL)
    return build_dir


def find_binaries(args):
    """(tend, tendd): from --tend-bin-dir/$TEND_BIN_DIR (flat, or a build dir), else a build."""
    bin_dir = args.tend_bin_dir or os.environ.get("TEND_BIN_DIR") or build_tend()
    for tend, tendd in (("tend", "tendd"), ("cli/tend", "daemon/tendd")):
        pair = tuple(os.path.abspath(os.path.join(bin_dir, p)) for p in (tend, tendd))
        if all(os.access(p, os.X_OK) for p in pair):
            return pair
    sys.exit(f"no tend and tendd in {bin_dir} (nor in its cli/ and daemon/)")


def build_crasher(workdir):
    out = os.path.join(workdir, "crasher")
    src = os.path.join(BENCH_DIR, "crasher.c")
    cc = os.environ.get("CC", "cc")
    if subprocess.run([cc, "-O2", "-static", "-o", out, src]).returncode != 0:
        log("static link failed; building the crasher dynamically")
        subprocess.run([cc, "-O2", "-o", out, src], check=True)
    return out


def floor_ms(runs=20):
    """Wall time of spawning /bin/true from here: the floor under every CLI latency."""
    return statistics.median(spawn_timed(["/bin/true"], os.environ)[0] for _ in range(runs))


ROWS = [
    # key, label, unit, target (in that unit) or None
    ("idle_rss_kb", "daemon VmRSS, idle", "MB", None),
    ("idle_anon_kb", "daemon RssAnon, idle", "MB", None),
    ("busy_rss_kb", "daemon VmRSS, {n} processes", "MB", 6),
    ("busy_anon_kb", "daemon RssAnon, {n} processes", "MB", 2),
    ("after_ls_rss_kb", "daemon VmRSS, {n} processes, after the list runs", "MB", None),
    ("after_ls_anon_kb", "daemon RssAnon, {n} processes, after the list runs", "MB", None),
    ("heap_in_use_kb", "malloc: in use after the list runs (mallinfo2, via gdb)", "MB", None),
    ("heap_free_held_kb", "malloc: freed but kept after the list runs", "MB", None),
    ("trimmed_rss_kb", "daemon VmRSS, {n} processes, after malloc_trim(0)", "MB", None),
    ("trimmed_anon_kb", "daemon RssAnon, {n} processes, after malloc_trim(0)", "MB", None),
    ("busy_cpu_pct", "daemon CPU, {n} processes, idle", "%", None),
    ("ls_ms", "list, {n} processes (`tend ls` / `pm2 ls`)", "ms", 5),
    ("jlist_ms", "JSON list, {n} processes (`tend ls --json` / `pm2 jlist`)", "ms", 5),
    ("ls_ms@p10", "list, {n} processes, 10th percentile (least disturbed)", "ms", None),
    ("ls_cpu_ms", "list: CPU time (user+sys) of the CLI process", "ms", None),
    ("jlist_cpu_ms", "JSON list: CPU time (user+sys) of the CLI process", "ms", None),
    ("ls_daemon_cpu_ms", "list: daemon CPU time per call", "ms", None),
    ("jlist_daemon_cpu_ms", "JSON list: daemon CPU time per call", "ms", None),
    ("respawn_gap_ms", "crash-to-respawn gap (median)", "ms", 2),
    ("respawn_gap_ms@p10", "crash-to-respawn gap (p10)", "ms", None),
    ("respawn_gap_ms@p90", "crash-to-respawn gap (p90)", "ms", None),
    ("respawn_daemon_cpu_ms", "respawn: daemon CPU time per restart", "ms", None),
    ("respawn_daemon_wait_ms", "respawn: daemon run-queue wait per restart", "ms", None),
    ("start_cmd_ms", "start {n} apps: start command(s) returned", "ms", None),
    ("all_online_ms", "start {n} apps: until the list shows all online", "ms", 200),
    ("daemon_start_ms", "cold `ping` (spawns the daemon)", "ms", None),
]


def summarize(samples, key):
    if "@p" in key:
        key, pct = key.split("@p")
        s = sorted(samples.get(key, []))
        return s[int(int(pct) / 100 * (len(s) - 1))] if s else None
    values = samples.get(key)
    if not values:
        return None
    med = statistics.median(values)
    return med / 1024.0 if key.endswith("_kb") else med


def fmt(v, unit):
    if v is None:
        return "n/a"
    if unit == "MB":
        return f"{v:.1f} MB"
    if unit == "%":
        return f"{v:.2f} %"
    return f"{v:.2f} ms" if v < 10 else f"{v:.0f} ms"


def table(results, n, pm2_version):
    tend, pm2 = results.get("tend", {}), results.get("pm2", {})
    head = f"| metric | target | tend | PM2 {pm2_version or '(not run)'} | PM2 / tend |"
    lines = [head, "|---|---|---|---|---|"]
    for key, label, unit, target in ROWS:
        a, b = summarize(tend, key), summarize(pm2, key)
        if a is None and b is None:
            continue
        ratio = f"{b / a:.1f}x" if a and b else "n/a"
        tgt = f"< {target} {unit}" if target is not None else ""
        met = ""
        if target is not None and a is not None:
            met = " ✓" if a < target else " ✗"
        lines.append(f"| {label.format(n=n)} | {tgt} | {fmt(a, unit)}{met} | {fmt(b, unit)} "
                     f"| {ratio} |")
    return "\n".join(lines)


def machine_line():
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    load = open("/proc/loadavg").read().split()[:3]
    return (f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {platform.system()} "
            f"{platform.release()}, {os.cpu_count()} CPUs ({cpu}), load average {' '.join(load)}")


def pm2_bin_and_version(args):
    if args.no_pm2:
        return None, None
    pm2 = args.pm2_bin or os.environ.get("PM2_BIN") or os.path.join(
        BENCH_DIR, ".pm2", "node_modules", ".bin", "pm2")
    if not os.access(pm2, os.X_OK):
        log(f"no pm2 at {pm2} (run bench/setup-pm2.sh): PM2 column skipped")
        return None, None
    pkg = os.path.join(os.path.dirname(os.path.realpath(pm2)), "..", "package.json")
    try:
        with open(pkg) as f:
            return pm2, json.load(f)["version"]
    except (OSError, ValueError, KeyError):
        return pm2, "?"


def parse_args():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--tend-bin-dir", help="dir with tend and tendd (default: $TEND_BIN_DIR, "
                   "else build Release into build-bench/)")
    p.add_argument("--pm2-bin", help="pm2 executable (default: $PM2_BIN, else bench/.pm2)")
    p.add_argument("--no-pm2", action="store_true", help="benchmark tend only")
    p.add_argument("--only-pm2", action="store_true", help="benchmark PM2 only")
    p.add_argument("--rounds", type=int, default=5, help="fresh daemons per manager (5)")
    p.add_argument("--procs", type=int, default=100, help="processes to start (100)")
    p.add_argument("--list-runs", type=int, default=20, help="list timings per round (20)")
    p.add_argument("--restarts", type=int, default=50, help="respawns timed per round (50)")
    p.add_argument("--gap-rounds", type=int, default=3, help="rounds that time respawns (3)")
    p.add_argument("--settle", type=float, default=1.0, help="seconds before idle memory")
    p.add_argument("--no-heap-probe", dest="heap_probe", action="store_false",
                   help="skip the gdb look into tendd's malloc (mallinfo2, malloc_trim)")
    p.add_argument("--nice", type=int, help="run at this niceness (e.g. -10 as root, so a "
                   "busy machine disturbs the numbers less; daemons inherit it)")
    p.add_argument("--start-mode", choices=("auto", "ecosystem", "each"), default="auto",
                   help="start the N apps with one ecosystem file, or one start per app")
    return p.parse_args()


def main():
    args = parse_args()
    if args.nice is not None:
        os.setpriority(os.PRIO_PROCESS, 0, args.nice)
    pm2_bin, pm2_version = pm2_bin_and_version(args)
    tend_bin = None if args.only_pm2 else find_binaries(args)
    workdir = tempfile.mkdtemp(prefix="bench-core-")
    atexit.register(shutil.rmtree, workdir, True)
    crasher = build_crasher(workdir)
    eco_path = os.path.join(workdir, "ecosystem.json")
    write_ecosystem(eco_path, args.procs)
    Tend.list_commands = (("ls_ms", ("ls",)), ("jlist_ms", ("ls", "--json")))
    Pm2.list_commands = (("ls_ms", ("ls",)), ("jlist_ms", ("jlist",)))

    results = {"machine": machine_line(), "floor_ms": floor_ms(), "args": vars(args),
               "niceness": os.getpriority(os.PRIO_PROCESS, 0), "tend_binaries": tend_bin}
    if tend_bin:
        results["tend"] = bench_manager(lambda: Tend(tend_bin), args, eco_path, crasher, workdir)
    if pm2_bin:
        results["pm2"] = bench_manager(lambda: Pm2(pm2_bin), args, eco_path, crasher, workdir)
    results["machine_after"] = machine_line()

    os.makedirs(os.path.join(BENCH_DIR, "results"), exist_ok=True)
    out = os.path.join(BENCH_DIR, "results", time.strftime("core-%Y%m%dT%H%M%SZ.json",
                                                           time.gmtime()))
    with open(out, "w") as f:
        json.dump(results, f, indent=1)

    print(f"Machine: {results['machine']} (at the end: load {results['machine_after'].split('load average ')[1]})")
    print(f"Niceness of the bench and the daemons it starts: {results['niceness']}.")
    print(f"Rounds: {args.rounds} fresh daemons per manager; list latency = median of "
          f"{args.list_runs * args.rounds} runs; respawn gap over "
          f"{args.restarts * min(args.gap_rounds, args.rounds)} restarts.")
    for label in ("tend", "pm2"):
        if label in results:
            print(f"{label}: {args.procs} apps started {results[label].get('start_mode')}")
    print(f"Spawning /bin/true from the bench costs {results['floor_ms']:.2f} ms "
          "(included in every list latency).\n")
    print(table(results, args.procs, pm2_version))
    log(f"raw numbers: {out}")


def kill_leftovers():
    for mgr in list(LIVE_MANAGERS):
        try:
            mgr.shutdown()
        except Exception as e:  # noqa: BLE001 - best effort at exit
            log(f"cleanup of {mgr.label} failed: {e}")


if __name__ == "__main__":
    atexit.register(kill_leftovers)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    main()

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

from bench_managers import LIVE_MANAGERS, Pm2, Tend
from bench_proc import (CLK_TCK, cpu_ticks, log, now_ns, probe_heap, read_memory_kb,
                        read_smaps_rollup, sched_ns, spawn_timed, wait_until)

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_DIR = os.path.dirname(BENCH_DIR)


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


# How long the crasher runs before it exits: past tend's 1 s floor between spawns, so the gap
# measured is the supervisor's reaction on both managers.
CRASHER_LIFE_MS = 1050


def respawn_gaps(mgr, crasher, workdir, restarts, round_no):
    stamp_file = os.path.join(workdir, f"{mgr.label}-stamps-{round_no}.txt")
    mgr.start_crasher(f"crash{round_no}", crasher, [stamp_file, str(CRASHER_LIFE_MS)], workdir)

    def starts():
        try:
            with open(stamp_file) as f:
                return f.read().count("S ") > restarts
        except OSError:
            return False

    deadline = 60 + restarts * (CRASHER_LIFE_MS / 1000 + 0.5)
    wait_until(f"{mgr.label} to restart the crasher {restarts} times", starts, deadline, 0.05)
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
    p.add_argument("--restarts", type=int, default=20, help="respawns timed per round (20)")
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

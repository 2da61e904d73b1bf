#!/usr/bin/env python3
"""Node cluster bench: a 2-instance Node HTTP app (bench/cluster_app.js) under tend and under
PM2's cluster mode in the same run, and a single plain `node` instance, loaded with wrk.

Phases per manager: keep-alive load (wrk -c32), new-connection load (wrk with
`Connection: close`), then 15 s of keep-alive load while `reload` runs twice. Reported:
requests/s, non-2xx responses and socket errors (must be 0 across the reloads), and the
spread of requests over the instances (busiest / least busy, from the app's own counters).
Usage: bench/bench_cluster.py [--tend-bin-dir DIR] [--no-pm2] [--seconds S]"""
import argparse
import atexit
import glob
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, BENCH_DIR)
from bench_core import find_binaries, machine_line, pm2_bin_and_version  # noqa: E402
from bench_managers import LIVE_MANAGERS, Pm2, Tend  # noqa: E402
from bench_proc import log, wait_until  # noqa: E402

APP = os.path.join(BENCH_DIR, "cluster_app.js")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answers(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            return b"200 OK" in s.recv(4096)
    except OSError:
        return False


def wrk(port, seconds, close=False):
    argv = ["wrk", "-t2", "-c32", f"-d{seconds}s", "--latency"]
    if close:
        argv += ["-H", "Connection: close"]
    out = subprocess.run(argv + [f"http://127.0.0.1:{port}/"], capture_output=True, text=True,
                         timeout=seconds + 60).stdout
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)",
                                            (re.search(r"Socket errors:.*", out) or [""])[0]))
    non2xx = int((re.search(r"Non-2xx or 3xx responses: (\d+)", out) or [0, 0])[1])
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])
    p99 = (re.search(r"99%\s+(\S+)", out) or [None, "?"])[1]
    return {"rps": rps, "socket_errors": errors, "non2xx": non2xx, "p99": p99}


def read_counts(count_dir):
    """{file: (requests, connections)} of every instance that wrote its counters."""
    counts = {}
    for path in glob.glob(os.path.join(count_dir, "*")):
        try:
            requests, connections = open(path).read().split()
            counts[path] = (int(requests), int(connections))
        except (OSError, ValueError):
            pass
    return counts


def fresh_counts(count_dir):
    shutil.rmtree(count_dir, ignore_errors=True)
    os.makedirs(count_dir)
    time.sleep(0.3)  # counters of the instances restart from their next write


def phases(port, count_dir, seconds, reload_cmd):
    out = {}
    for name, close in (("keepalive", False), ("new_conn", True)):
        # Each instance's counters are cumulative: take the difference over the phase.
        before = read_counts(count_dir)
        out[name] = wrk(port, seconds, close)
        time.sleep(0.3)
        after = read_counts(count_dir)
        for i, key in ((0, "requests"), (1, "connections")):
            diffs = [after[p][i] - before.get(p, (0, 0))[i] for p in after]
            diffs = sorted(d for d in diffs if d > 0)
            out[name][f"{key}_per_instance"] = diffs
            out[name][f"{key}_spread"] = diffs[-1] / diffs[0] if len(diffs) > 1 else None
    if reload_cmd:
        timer_result = {}

        def reloads():
            for delay in (seconds * 0.3, seconds * 0.4):
                time.sleep(delay)
                rc = reload_cmd()
                timer_result.setdefault("rc", []).append(rc)

        t = threading.Thread(target=reloads)
        t.start()
        out["reload"] = wrk(port, max(15, seconds))
        t.join()
        out["reload"]["reload_exit_codes"] = timer_result.get("rc")
    return out


def bench_manager(make, port, workdir, seconds):
    mgr = make()
    count_dir = os.path.join(workdir, f"counts-{mgr.label}")
    fresh_counts(count_dir)
    mgr.env.update({"PORT": str(port), "COUNT_DIR": count_dir})
    try:
        mgr.start_daemon()
        if mgr.label == "tend":
            mgr.cli("start", APP, "-n", "web", "-i", "2")
        else:
            mgr.cli("start", APP, "--name", "web", "-i", "2")
        wait_until("2 instances online", lambda: mgr.all_online(2), 30)
        wait_until("the app answers", lambda: answers(port), 30)
        return phases(port, count_dir, seconds,
                      lambda: mgr.cli("reload", "web", check=False)[1].returncode)
    finally:
        mgr.shutdown()


def bench_single(port, workdir, seconds):
    count_dir = os.path.join(workdir, "counts-single")
    fresh_counts(count_dir)
    env = dict(os.environ, PORT=str(port), COUNT_DIR=count_dir)
    proc = subprocess.Popen(["node", APP], env=env)
    try:
        wait_until("node answers", lambda: answers(port), 30)
        return phases(port, count_dir, seconds, None)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(10)


def table(results, pm2_version):
    cols = [("tend, 2 instances", "tend"), (f"PM2 {pm2_version} cluster, 2", "pm2"),
            ("node, 1 instance", "single")]
    cols = [(h, k) for h, k in cols if k in results]
    rows = ["| metric | " + " | ".join(h for h, _ in cols) + " |",
            "|---|" + "---|" * len(cols)]

    def row(label, phase, key, fmt):
        vals = []
        for _, k in cols:
            v = results[k].get(phase, {}).get(key)
            vals.append("n/a" if v is None else fmt(v))
        rows.append(f"| {label} | " + " | ".join(vals) + " |")

    row("keep-alive: requests/s", "keepalive", "rps", lambda v: f"{v:,.0f}")
    row("keep-alive: requests, busiest / least busy instance", "keepalive", "requests_spread",
        lambda v: f"{v:.2f}x")
    row("keep-alive: connections, busiest / least busy", "keepalive", "connections_spread",
        lambda v: f"{v:.2f}x")
    row("keep-alive: p99 latency", "keepalive", "p99", str)
    row("new connection per request: requests/s", "new_conn", "rps", lambda v: f"{v:,.0f}")
    row("new connections: requests, busiest / least busy", "new_conn", "requests_spread",
        lambda v: f"{v:.2f}x")
    row("new connections: p99 latency", "new_conn", "p99", str)
    row("during 2 reloads: requests/s", "reload", "rps", lambda v: f"{v:,.0f}")
    row("during 2 reloads: socket errors", "reload", "socket_errors", str)
    row("during 2 reloads: non-2xx responses", "reload", "non2xx", str)
    row("during 2 reloads: reload exit codes", "reload", "reload_exit_codes", str)
    return "\n".join(rows)


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--tend-bin-dir", help="dir with tend and tendd (default: $TEND_BIN_DIR)")
    p.add_argument("--pm2-bin", help="pm2 executable (default: $PM2_BIN, else bench/.pm2)")
    p.add_argument("--no-pm2", action="store_true", help="benchmark tend only")
    p.add_argument("--only-pm2", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--seconds", type=int, default=10, help="seconds per wrk phase (10)")
    args = p.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk not found (Debian: apt-get install wrk)")
    pm2_bin, pm2_version = pm2_bin_and_version(args)
    tend_bin = find_binaries(args)
    workdir = tempfile.mkdtemp(prefix="bench-cluster-")
    atexit.register(shutil.rmtree, workdir, True)
    results = {"machine": machine_line()}
    results["tend"] = bench_manager(lambda: Tend(tend_bin), free_port(), workdir, args.seconds)
    if pm2_bin:
        results["pm2"] = bench_manager(lambda: Pm2(pm2_bin), free_port(), workdir, args.seconds)
    results["single"] = bench_single(free_port(), workdir, args.seconds)
    results["machine_after"] = machine_line()
    os.makedirs(os.path.join(BENCH_DIR, "results"), exist_ok=True)
    out = os.path.join(BENCH_DIR, "results",
                       time.strftime("cluster-%Y%m%dT%H%M%SZ.json", time.gmtime()))
    with open(out, "w") as f:
        json.dump(results, f, indent=1)
    print(f"Machine: {results['machine']}; at the end: "
          f"{results['machine_after'].split('load average ')[1]}")
    print(f"wrk -t2 -c32, {args.seconds} s per phase; reload phase 15 s with 2 reloads.\n")
    print(table(results, pm2_version))
    log(f"raw numbers: {out}")


if __name__ == "__main__":
    atexit.register(lambda: [m.shutdown() for m in list(LIVE_MANAGERS)])
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    main()

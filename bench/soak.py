#!/usr/bin/env python3
"""Soak: random app crashes, reloads, restarts, stops, daemon kills and log floods against one
tend daemon for N minutes, then a consistency check. Not run by CI (bench/soak.sh).

Apps write numbered lines "<name> <pid> <n>", n from 1, one write(2) per line, at a steady
pace; one flooder writes bursts as fast as it can. After the run, once things are quiet:
  - every app is in the state the soak left it in (online, or stopped by `tend stop`);
  - each online app has exactly one live process, the listed pid, and no other process of
    the home runs (nothing runs twice, nothing is left over);
  - in each log, each run's (pid's) numbers are read in order: a number seen twice is a
    duplicate, a number skipped is a lost line. The lines a run wrote after its last one in
    the log cannot be known (a run killed mid-way) and are not counted.
Exit 0 when the states, the processes and the duplicates check out; lost lines are reported
(the goal is 0). Python 3 standard library only; the daemon and every child are stopped by
pid at the end and the temp home removed.
"""
import argparse
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

LOGGER = """#!/bin/sh
i=1
while :; do
  echo "$name $$ $i"
  i=$((i + 1))
  [ $((i % 20)) -eq 0 ] && sleep 0.01
done
"""

FLOODER = """#!/bin/sh
# bursts of 20000 lines as fast as sh writes them, then a pause
i=1
while :; do
  end=$((i + 20000))
  while [ $i -lt $end ]; do echo "$name $$ $i"; i=$((i + 1)); done
  sleep 2
done
"""

LINE = re.compile(r"(\S+) (\d+) (\d+)$")


class Soak:
    def __init__(self, bin_dir, apps, seed):
        self.home = tempfile.mkdtemp(prefix="tend-soak.")
        self.env = dict(os.environ, TEND_HOME=self.home + "/home", NO_COLOR="1",
                        TEND_DAEMON_BIN=os.path.join(bin_dir, "daemon", "tendd"))
        self.tend = os.path.join(bin_dir, "cli", "tend")
        self.rng = random.Random(seed)
        self.names = [f"log{i}" for i in range(apps)] + ["flood"]
        self.stopped = set()
        self.counts = {}

    def run(self, *args, check=False):
        r = subprocess.run([self.tend, *args], env=self.env, capture_output=True, text=True,
                           timeout=120)
        if check and r.returncode != 0:
            raise RuntimeError(f"tend {' '.join(args)}: exit {r.returncode}: {r.stderr}")
        return r

    def jlist(self):
        r = self.run("jlist")
        return json.loads(r.stdout) if r.returncode == 0 and r.stdout.strip() else []

    def daemon_pid(self):
        try:
            with open(self.home + "/home/tendd.pid") as f:
                return int(f.read().split()[0])
        except (OSError, ValueError, IndexError):
            return 0

    def start_apps(self):
        for name in self.names:
            path = os.path.join(self.home, name + ".sh")
            with open(path, "w") as f:
                f.write(FLOODER if name == "flood" else LOGGER)
            os.chmod(path, 0o755)
            self.run("start", path, "-n", name, check=True)

    def count(self, what):
        self.counts[what] = self.counts.get(what, 0) + 1

    def step(self):
        name = self.rng.choice(self.names)
        what = self.rng.choices(
            ["crash", "reload", "restart", "stop", "start", "kill-daemon", "flood"],
            weights=[30, 15, 15, 10, 10, 8, 12])[0]
        if what == "crash":
            for p in self.jlist():
                if p["name"] == name and p.get("pid"):
                    try:
                        os.kill(p["pid"], signal.SIGKILL)
                    except ProcessLookupError:
                        pass
        elif what in ("reload", "restart"):
            self.run(what, name)
            self.stopped.discard(name)
        elif what == "stop":
            if self.run("stop", name).returncode == 0:
                self.stopped.add(name)
        elif what == "start":
            if self.run("start", name).returncode == 0:
                self.stopped.discard(name)
        elif what == "kill-daemon":
            pid = self.daemon_pid()
            if pid > 0:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                time.sleep(0.05)
        elif what == "flood":
            self.run("restart", "flood")
            self.stopped.discard("flood")
        self.count(what)

    def settle(self):
        deadline = time.time() + 60
        while time.time() < deadline:
            procs = self.jlist()
            states = {p["name"]: p["pm2_env"]["status"] for p in procs}
            want = {n: ("stopped" if n in self.stopped else "online") for n in self.names}
            if states == want:
                return procs, []
            time.sleep(0.5)
        return procs, [f"states: got {states}, want {want}"]

    def home_processes(self):
        """Pids of live processes whose environment names this home."""
        mark = ("TEND_HOME=" + self.env["TEND_HOME"]).encode()
        found = []
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/environ", "rb") as f:
                    marks = f.read().split(b"\0")
                with open(f"/proc/{entry}/stat") as f:
                    state = f.read().rsplit(")", 1)[1].split()[0]
            except OSError:
                continue
            if mark in marks and b"pm_id=" in b"\0".join(marks) and state not in "ZX":
                found.append(int(entry))
        return found

    def check_processes(self, procs):
        problems = []
        listed = {p["pid"] for p in procs if p.get("pid")}
        # Each logger is one sh; its `sleep 0.01` children come and go: count group leaders.
        leaders = []
        for pid in self.home_processes():
            try:
                with open(f"/proc/{pid}/stat") as f:
                    pgrp = int(f.read().rsplit(")", 1)[1].split()[2])
            except OSError:
                continue
            if pgrp == pid:
                leaders.append(pid)
        if sorted(leaders) != sorted(listed):
            problems.append(f"processes: listed {sorted(listed)}, running {sorted(leaders)}")
        return problems

    def check_logs(self):
        totals = {"lines": 0, "lost": 0, "duplicates": 0, "runs": 0, "largest_gap": 0}
        for name in self.names:
            path = f"{self.home}/home/logs/{name}-out.log"
            last = {}
            try:
                f = open(path, errors="replace")
            except OSError:
                continue
            with f:
                for line in f:
                    m = LINE.search(line.rstrip("\n"))
                    if not m or m.group(1) != name:
                        continue
                    pid, n = int(m.group(2)), int(m.group(3))
                    totals["lines"] += 1
                    prev = last.get(pid, 0)
                    if n <= prev:
                        totals["duplicates"] += 1
                        continue
                    gap = n - prev - 1
                    totals["lost"] += gap
                    totals["largest_gap"] = max(totals["largest_gap"], gap)
                    last[pid] = n
            totals["runs"] += len(last)
        return totals

    def cleanup(self):
        self.run("kill")
        pid = self.daemon_pid()
        for p in self.home_processes() + ([pid] if pid > 0 else []):
            try:
                os.kill(p, signal.SIGKILL)
            except ProcessLookupError:
                pass
        holder = self.home + "/home/run/fdholder.pid"
        if os.path.exists(holder):
            try:
                os.kill(int(open(holder).read().split()[0]), signal.SIGKILL)
            except (ProcessLookupError, ValueError, IndexError):
                pass
        shutil.rmtree(self.home, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--bin", default="build/release", help="build dir with cli/ and daemon/")
    ap.add_argument("--minutes", type=float, default=5)
    ap.add_argument("--apps", type=int, default=4, help="line-writing apps (plus one flooder)")
    ap.add_argument("--seed", type=int, default=int(time.time()))
    args = ap.parse_args()
    soak = Soak(os.path.abspath(args.bin), args.apps, args.seed)
    print(f"soak: {args.minutes} min, {args.apps} apps + a flooder, seed {args.seed}, "
          f"home {soak.home}", flush=True)
    try:
        soak.start_apps()
        end = time.time() + args.minutes * 60
        while time.time() < end:
            soak.step()
            time.sleep(soak.rng.uniform(0.1, 0.6))
        procs, problems = soak.settle()
        time.sleep(1)  # the last lines of the last runs reach the files
        procs = soak.jlist()
        problems += soak.check_processes(procs)
        totals = soak.check_logs()
        if totals["duplicates"]:
            problems.append(f"{totals['duplicates']} duplicated line(s)")
        print("events: " + ", ".join(f"{k} {v}" for k, v in sorted(soak.counts.items())))
        print(f"lines: {totals['lines']} read in {totals['runs']} runs; lost {totals['lost']} "
              f"(largest gap {totals['largest_gap']}); duplicated {totals['duplicates']}")
        for p in problems:
            print("PROBLEM: " + p)
        print("soak: " + ("consistent" if not problems else "INCONSISTENT"))
        return 1 if problems else 0
    finally:
        soak.cleanup()


if __name__ == "__main__":
    sys.exit(main())

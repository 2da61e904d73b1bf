#!/usr/bin/env python3
"""What a dashboard costs (the monitoring issue's figures), whole processes, one run:

1. tendd's CPU with 500 idle apps over --seconds, without and then with `tend monit`
   attached (goal: under 1 % of one core).
2. `tend monit`'s own CPU and VmRSS with 100 apps, the selected one logging 10,000
   lines/s (goal: under 2 % of one core, under 10 MB), and `pm2 monit`'s beside it with
   --pm2 (the same apps under PM2).

Each dashboard runs in a private tmux server (its own socket, 120x40). Homes are private
temp dirs, removed at the end; every daemon is stopped with its own kill command.
Usage: bench/bench_monit.py --bin build/release [--seconds 60] [--pm2 PATH_TO_PM2]
"""
import argparse, json, os, shutil, subprocess, sys, tempfile, time

TICK = os.sysconf("SC_CLK_TCK")
LOGGER = ("import sys,time\n"
          "n=0\n"
          "while True:\n"
          "    t=time.monotonic()\n"
          "    sys.stdout.write(''.join('line %d\\n' % (n+i) for i in range(100))); sys.stdout.flush()\n"
          "    n+=100\n"
          "    time.sleep(max(0, 0.01-(time.monotonic()-t)))\n")


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0


def cpu_percent(pid, seconds):
    before, t0 = cpu_seconds(pid), time.monotonic()
    time.sleep(seconds)
    return 100 * (cpu_seconds(pid) - before) / (time.monotonic() - t0)


class Tmux:
    def __init__(self, tmp, command, env):
        self.sock = os.path.join(tmp, "tmux.sock")
        line = "env " + " ".join(f"{k}='{v}'" for k, v in env.items()) + " " + command
        subprocess.run(["tmux", "-S", self.sock, "new-session", "-d", "-x", "120", "-y", "40",
                        line + "; sleep 600"], check=True)
        time.sleep(3)
        pane = subprocess.run(["tmux", "-S", self.sock, "display", "-p", "#{pane_pid}"],
                              capture_output=True, text=True, check=True).stdout.strip()
        with open(f"/proc/{pane}/task/{pane}/children") as f:
            self.pid = int(f.read().split()[0])  # the dashboard, child of the pane's shell

    def close(self):
        subprocess.run(["tmux", "-S", self.sock, "kill-server"], capture_output=True)


def dashboard_cost(tmp, command, env, seconds):
    """CPU % and VmRSS (MB) of a dashboard left open for `seconds`."""
    monit = Tmux(tmp, command, env)
    try:
        return cpu_percent(monit.pid, seconds), rss_mb(monit.pid)
    finally:
        monit.close()


def eco(tmp, count, logger):
    apps = [{"name": f"a{i}", "script": "/bin/sleep", "args": ["600"]} for i in range(count)]
    if logger:
        path = os.path.join(tmp, "logger.py")
        with open(path, "w") as f:
            f.write(LOGGER)
        apps[0] = {"name": "chatty", "script": path, "interpreter": "python3"}
    path = os.path.join(tmp, "eco.json")
    with open(path, "w") as f:
        json.dump({"apps": apps}, f)
    return path


def tend_figures(args, tmp):
    home = os.path.join(tmp, "tend-home")
    env = {"TEND_HOME": home, "TEND_DAEMON_BIN": os.path.join(args.bin, "daemon/tendd")}
    tend = os.path.join(args.bin, "cli/tend")
    run = lambda *a: subprocess.run([tend, *a], env={**os.environ, **env}, check=True,
                                    capture_output=True)
    out = {}
    try:
        run("start", eco(tmp, 500, False))
        daemon = int(open(os.path.join(home, "tendd.pid")).read())
        time.sleep(5)
        out["daemon_500_idle"] = cpu_percent(daemon, args.seconds)
        monit = Tmux(tmp, f"{tend} monit", env)
        out["daemon_500_monit"] = cpu_percent(daemon, args.seconds)
        monit.close()
        run("delete", "all")
        run("start", eco(tmp, 100, True))
        time.sleep(3)
        out["monit_cpu"], out["monit_rss"] = dashboard_cost(tmp, f"{tend} monit", env,
                                                            args.seconds)
    finally:
        subprocess.run([tend, "kill"], env={**os.environ, **env}, capture_output=True)
    return out


def pm2_figures(args, tmp):
    env = {"PM2_HOME": os.path.join(tmp, "pm2-home")}
    run = lambda *a: subprocess.run([args.pm2, *a], env={**os.environ, **env}, check=True,
                                    capture_output=True)
    out = {}
    try:
        run("start", eco(tmp, 100, True))
        time.sleep(5)
        out["monit_cpu"], out["monit_rss"] = dashboard_cost(tmp, f"{args.pm2} monit", env,
                                                            args.seconds)
    finally:
        subprocess.run([args.pm2, "kill"], env={**os.environ, **env}, capture_output=True)
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--pm2")
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="tend-bench-monit-")
    try:
        tend = tend_figures(args, tmp)
        print(f"tendd, 500 idle apps: {tend['daemon_500_idle']:.2f} % of a core; "
              f"with tend monit attached: {tend['daemon_500_monit']:.2f} %")
        print(f"tend monit, 100 apps, one logging 10,000 lines/s: {tend['monit_cpu']:.2f} % of a "
              f"core, VmRSS {tend['monit_rss']:.1f} MB")
        if args.pm2:
            pm2 = pm2_figures(args, tmp)
            print(f"pm2 monit, the same apps: {pm2['monit_cpu']:.2f} % of a core, "
                  f"VmRSS {pm2['monit_rss']:.1f} MB")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

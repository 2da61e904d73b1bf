"""The two process managers under test, each in a private home: tend and PM2.

A Manager knows its CLI (start, list, delete, kill) and where its daemon writes its pid, and
guarantees that shutdown() leaves nothing behind: the daemon stopped by its own command and
then by pid, left-over children killed by pid, the home removed."""
import json
import os
import shutil
import signal
import subprocess
import tempfile

from bench_proc import log, pid_alive, run, wait_until

LIVE_MANAGERS = []  # shut down at exit, whatever happened


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
    # (result key, argv): the table and the JSON list, timed side by side with PM2's.
    list_commands = (("ls_ms", ("ls",)), ("jlist_ms", ("ls", "--json")))

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
    list_commands = (("ls_ms", ("ls",)), ("jlist_ms", ("jlist",)))

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

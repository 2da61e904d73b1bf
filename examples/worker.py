"""A background worker: does a unit of work every few seconds and logs it."""
import os
import signal
import sys
import time

running = True


def stop(signum, _frame):
    global running
    print(f"worker: got signal {signum}, finishing", flush=True)
    running = False


signal.signal(signal.SIGINT, stop)
signal.signal(signal.SIGTERM, stop)

jobs = 0
while running:
    jobs += 1
    print(f"worker {os.getpid()}: job {jobs} done", flush=True)
    time.sleep(2)
sys.exit(0)

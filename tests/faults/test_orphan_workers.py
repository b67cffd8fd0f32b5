"""A sweep's forked workers end with the sweep's process, even when it is killed by SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

SCRIPT = """
import multiprocessing, os, sys, time
from concurrent.futures import ProcessPoolExecutor
from allocator.sweep_points import die_with_parent

def sleeper(_: int) -> None:
    print(os.getpid(), flush=True)
    time.sleep(120)

context = multiprocessing.get_context("fork")
with ProcessPoolExecutor(1, mp_context=context, initializer=die_with_parent,
                         initargs=(os.getpid(),)) as pool:
    list(pool.map(sleeper, [0]))
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    state = Path(f"/proc/{pid}/stat")
    return not (state.exists() and state.read_text().split()[2] == "Z")


def test_a_worker_ends_when_the_sweep_s_process_is_killed() -> None:
    source = str(Path(__file__).resolve().parents[2] / "src")
    parent = subprocess.Popen([sys.executable, "-c", SCRIPT], stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONPATH": source})
    assert parent.stdout is not None
    worker = int(parent.stdout.readline())
    assert _alive(worker)
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 30.0  # a check each second; room for a busy machine
    while _alive(worker) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _alive(worker), f"worker {worker} outlived its sweep"

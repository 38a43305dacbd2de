"""A stop signal ends the refresh's children and its steps even where Python swallows the
interrupt its handler raises. Each case runs in a Python of its own: it installs signal
handlers and an after-fork hook that cannot be taken back."""

from __future__ import annotations

import subprocess
import sys
import textwrap

# the fault drill's failure, made certain: SIGTERM lands while Popen forks dbt, so the
# handler runs in logging's after-fork hook (which ignores what it raises) before the child
# is registered; the child was left running and the run went on to publish
SIGNAL_WHILE_FORKING = """
import os, signal, sys
from ecobench import processes
processes.on_stop_signals()
sent = []
def term_once():
    if not sent:
        sent.append(True)
        os.kill(os.getpid(), signal.SIGTERM)
os.register_at_fork(after_in_parent=term_once)
try:
    child = processes.start(["sleep", "30"])
except processes.Stopping as exc:
    print("refused:", exc)
else:
    print("started", child.pid)
    sys.exit(1)
print("running:", len(processes._running))
"""

STEP_AFTER_A_SWALLOWED_STOP = """
import signal
from ecobench import processes, runlog
processes.on_stop_signals()
try:
    signal.raise_signal(signal.SIGTERM)
except KeyboardInterrupt:
    pass  # swallowed, as Python does in a finaliser or a fork hook
run = runlog.Run(runlog.new_run_id(), "sources")
run.stage = "dbt_build"
try:
    run.enter("publish", __import__("pathlib").Path(__import__("tempfile").mkdtemp()))
except KeyboardInterrupt as exc:
    print("interrupted:", exc, "in", run.stage)
"""


def python(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_a_stop_that_lands_while_a_child_forks_kills_it_and_refuses_it():
    told = python(SIGNAL_WHILE_FORKING)
    assert "refused: stopped as it started: the refresh is being stopped (SIGTERM)" in told
    assert "running: 0" in told


def test_a_run_being_stopped_enters_no_further_step():
    assert python(STEP_AFTER_A_SWALLOWED_STOP) == "interrupted: SIGTERM in dbt_build\n"

"""Prefect's API for a refresh started from the command line.

A flow run needs Prefect's API. Given none (PREFECT_API_URL unset), Prefect starts a
temporary server (a uvicorn process) when the flow begins, after the flow's modules have
been imported; here the imports took 5.3 s (GX 3.7 s of them) and the server 4.4 s more,
one after the other, and its stop held the end of every run for another 1.8 s (README:
scale and speed). `ecobench refresh` therefore:

- uses the server of `ecobench serve` when one answers on 127.0.0.1:4200 (SERVE_PORT;
  its runs then show in that UI beside the scheduled ones);
- else starts the same temporary server itself (`start`) before the flow's modules are
  imported, so that the two overlap on the machine's two cores, waits for it
  (`TemporaryServer.ready`), and stops it at exit without waiting for it to wind down
  (the kernel ends it with us, processes.py).
"""

from __future__ import annotations

import atexit
import importlib.util
import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from ecobench import processes

SERVE_PORT = 4200  # where `ecobench serve` starts its Prefect server
WARM_PORT = SERVE_PORT + 1  # where it takes refreshes (serve/loop.py)
STARTUP_SECONDS = float(os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", 180))


def healthy(url: str, timeout: float = 2.0) -> bool:
    """Whether a Prefect API answers its health check at url (…/api)."""
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=timeout) as answer:
            return answer.status == 200
    except OSError:
        return False


@dataclass
class TemporaryServer:
    """Prefect's temporary API server this command started, at url."""

    url: str
    process: subprocess.Popen

    def ready(self) -> None:
        """Wait until it answers."""
        deadline = time.monotonic() + STARTUP_SECONDS
        while not healthy(self.url, timeout=1.0):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    f"Prefect's temporary API server did not answer at {self.url} "
                    + (
                        f"(it exited {self.process.returncode})"
                        if self.process.returncode is not None
                        else f"within {STARTUP_SECONDS:g} s "
                        "(PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS)"
                    )
                )
            time.sleep(0.05)


def start() -> TemporaryServer | None:
    """Set PREFECT_API_URL for this process's flow runs: the one named there already,
    `ecobench serve`'s, or a temporary server started now (returned: wait for it with
    `ready`). Call before Prefect is imported."""
    if os.environ.get("PREFECT_API_URL"):
        return None
    served = f"http://127.0.0.1:{SERVE_PORT}/api"
    if healthy(served, timeout=0.2):
        os.environ["PREFECT_API_URL"] = served
        return None
    port = free_port()
    prefect = Path(importlib.util.find_spec("prefect").origin).parent  # type: ignore[union-attr, arg-type]
    server = processes.start(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--app-dir",
            str(prefect.parent),
            "--factory",
            "prefect.server.api.server:create_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "error",
            "--lifespan",
            "on",
        ],
        # as Prefect starts its own temporary server: no UI, no scheduling services
        env={
            **os.environ,
            "PREFECT_UI_ENABLED": "0",
            "PREFECT__SERVER_EPHEMERAL": "1",
            "PREFECT__SERVER_FINAL": "1",
        },
    )
    # not among the children a stop kills (processes.stop_all): the flow tells the server
    # how the run was stopped. It ends with this process, and at exit, after Prefect's own
    # exit handlers (registered later: they send the last logs and events to it)
    processes.forget(server)
    atexit.register(server.terminate)
    url = f"http://127.0.0.1:{port}/api"
    os.environ["PREFECT_API_URL"] = url
    os.environ.setdefault("PREFECT_UI_URL", "")  # it serves no UI: no "View at" link to it
    return TemporaryServer(url, server)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]

"""The scheduled refresh: the deployments of the refresh flow (daily; weekly with every
dbt test on every row), served by `ecobench serve` (with a local Prefect server it starts
when none is configured) or, for a Prefect server and work pool, declared by prefect.yaml
with the same names, schedules and parameters."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from ecobench import config
from ecobench.prefect_api import SERVE_PORT, healthy
from flows.refresh import refresh

NAME = "ecobench-scheduled-refresh"
DEFAULT_CRON = config.REFRESH_CRON  # daily at 06:00, the province's time
FULL_CHECKS_NAME = "ecobench-weekly-full-checks"
FULL_CHECKS_CRON = config.FULL_CHECKS_CRON  # every test on every row, weekly
TIMEZONE = "Asia/Shanghai"


def parameters(
    sources: Path = config.SOURCES_DIR,
    submissions: Path = config.SUBMISSIONS_DIR,
    warehouse: Path = config.WAREHOUSE_PATH,
) -> dict:
    return {
        "sources_dir": str(sources),
        "warehouse_path": str(warehouse),
        "submissions_dir": str(submissions),
        # a scheduled run waits for a refresh someone started by hand
        "wait_seconds": 600.0,
    }


def deployment(cron: str = DEFAULT_CRON, full_checks: bool = False, **paths):
    """The refresh flow as a deployment with a cron schedule; with full_checks, the one
    whose build tests every row."""
    from prefect.schedules import Cron

    described = "Refresh the warehouse from the documents and district submissions"
    return refresh.to_deployment(
        name=FULL_CHECKS_NAME if full_checks else NAME,
        schedule=Cron(cron, timezone=TIMEZONE),
        parameters={**parameters(**paths), **({"full_checks": True} if full_checks else {})},
        description=f"{described}, every test on every row." if full_checks else f"{described}.",
        tags=["ecobench"],
    )


@contextmanager
def prefect_server(port: int = SERVE_PORT, timeout: float = 120.0):
    """A local `prefect server start` for the schedule (the ephemeral API server that
    flow runs start on demand does not schedule), unless PREFECT_API_URL names one."""
    if os.environ.get("PREFECT_API_URL"):
        yield os.environ["PREFECT_API_URL"]
        return
    url = f"http://127.0.0.1:{port}/api"
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "prefect"),
            "server",
            "start",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
    )
    try:
        deadline = time.monotonic() + timeout
        while not healthy(url):
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the Prefect server did not start on {url}")
            time.sleep(0.5)
        from prefect.settings import PREFECT_API_URL, temporary_settings

        os.environ["PREFECT_API_URL"] = url  # for the flow-run processes the runner starts
        with temporary_settings(updates={PREFECT_API_URL: url}):
            yield url
    finally:
        server.terminate()
        server.wait(timeout=30)

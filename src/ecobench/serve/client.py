"""`ecobench refresh --via-serve`: the refresh asked of a warm `ecobench serve` on this
machine (loop.py), which runs it and answers how it ended. The command imports neither
Prefect nor the flow: it posts the parameters and waits."""

from __future__ import annotations

import json
import urllib.request
from typing import Any


class NoServe(RuntimeError):
    """No `ecobench serve` answers on the port."""


def ready(port: int, timeout: float = 1.0) -> bool:
    """Whether a warm serve answers on port (it answers once dbt is warm)."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=timeout) as answer:
            return bool(json.loads(answer.read()).get("ready"))
    except (OSError, ValueError):
        return False


def refresh(parameters: dict[str, Any], port: int, timed: bool = False) -> dict[str, Any]:
    """Run the refresh flow with parameters in the serve on port; its answer: code, said,
    summary (and with timed, the stages' figures)."""
    if not ready(port):
        raise NoServe(f"no ecobench serve answers on 127.0.0.1:{port}: start one (ecobench serve)")
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/refresh",
        data=json.dumps({"parameters": parameters, "timed": timed}, default=str).encode(),
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request) as answer:  # as long as the refresh takes
            return json.loads(answer.read())
    except OSError as exc:
        raise NoServe(f"the serve on 127.0.0.1:{port} ended before it answered: {exc}") from exc

"""Tell operations how a refresh ended: a JSON POST to a webhook (a chat bot, an alerting
gateway) named by ECOBENCH_NOTIFY_URL, from the flow's state hooks. By default only runs
that need a look are sent (Failed, Crashed, or Completed as Quarantined);
ECOBENCH_NOTIFY_ON=all sends every run. A webhook that cannot be reached is logged and
never fails the refresh. A Prefect server's automations can act on the same states
(docs/reliability.md)."""

from __future__ import annotations

import json
import logging
import os
import urllib.request

TIMEOUT_SECONDS = 10


def on_state(flow, flow_run, state) -> None:
    """Prefect's on_completion / on_failure / on_crashed hook of the refresh flow."""
    url = os.environ.get("ECOBENCH_NOTIFY_URL")
    if not url or (state.name == "Completed" and os.environ.get("ECOBENCH_NOTIFY_ON") != "all"):
        return
    payload = {
        "flow": flow.name,
        "flow_run": flow_run.name,
        "flow_run_id": str(flow_run.id),
        "state": state.name,
        "state_type": state.type.value,
        "message": state.message,
        "parameters": {key: str(value) for key, value in (flow_run.parameters or {}).items()},
    }
    request = urllib.request.Request(
        url,
        data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            response.read()
    except OSError as exc:
        logging.getLogger(__name__).warning("notifying %s failed: %s", url, exc)

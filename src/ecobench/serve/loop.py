"""`ecobench serve`'s warm loop: every refresh runs in this process, one at a time.

- Scheduled runs: the deployments (flows/deployments.py) are registered with the Prefect
  server, whose scheduler creates their runs; the loop claims each run that is due
  (Scheduled → Pending, as Prefect's runner does) and runs the flow on it here
  (`run_flow`), not in a new process that would import everything again.
- Asked runs: `ecobench refresh --via-serve` posts its parameters to 127.0.0.1:4201
  (prefect_api.WARM_PORT; client.py); the loop runs the flow with them and answers with
  how it ended (outcome.py), as the command would have told it.

What stays warm between runs: the imports (the flow, GX, polars, DuckDB), dbt with its
parsed manifest (dbt_worker.py, warmed at start for the served warehouse) and Prefect's
API. A run is stopped with the serve itself (Ctrl-C, SIGTERM), as a refresh from the
command line is; Prefect's UI cannot cancel one (no runner process to kill).
"""

from __future__ import annotations

import json
import logging
import queue
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from ecobench import prefect_api, processes
from ecobench.outcome import Outcome, no_tracebacks_for_told_failures, outcome_of
from ecobench.runlog import EXIT_NOTHING
from ecobench.serve.dbt_worker import DbtWorker, install

POLL_SECONDS = 1.0  # how often the loop looks for a scheduled run that is due

log = logging.getLogger("ecobench.serve")


@dataclass
class Asked:
    """A refresh asked over the endpoint, and its answer once run (nothing published,
    until it says otherwise)."""

    parameters: dict[str, Any]
    timed: bool = False
    done: threading.Event = field(default_factory=threading.Event)
    answer: dict[str, Any] = field(
        default_factory=lambda: {
            "code": EXIT_NOTHING,
            "said": "[red]refresh failed, nothing published:[/red] the serve could not run it "
            "(its log says why)",
            "summary": None,
        }
    )


def serve(deployments: list, warehouse: Path, port: int = prefect_api.WARM_PORT) -> None:
    """Register the deployments, warm dbt for the warehouse, take asked refreshes on port,
    and run every refresh, scheduled or asked, in this process until interrupted."""
    import flows.refresh  # noqa: F401  the flow's imports, done once
    from ecobench.warehouse import Layout, dbt_env, dbt_flags

    asked: queue.Queue[Asked] = queue.Queue()
    warm = threading.Event()
    endpoint = _endpoint(port, asked, warm)  # a port taken is said before dbt is warmed
    threading.Thread(target=endpoint.serve_forever, daemon=True).start()
    no_tracebacks_for_told_failures()
    deployment_ids = [deployment.apply() for deployment in deployments]
    worker = DbtWorker()
    install(worker)
    layout = Layout(warehouse)
    with tempfile.TemporaryDirectory(prefix="ecobench-warm-") as scratch:
        build = Path(scratch) / layout.build.name
        worker.warm(dbt_flags(build), dbt_env(build, layout.landing))
    warm.set()
    try:
        while True:
            processes.between_runs()  # a run sets its own handlers (processes.py)
            try:
                request = asked.get(timeout=POLL_SECONDS)
            except queue.Empty:
                _unless_failing(run_due, deployment_ids)
                continue
            try:
                request.answer = _unless_failing(_run_asked, request) or request.answer
            finally:
                request.done.set()  # the asking command never waits on a loop that moved on
    finally:
        endpoint.shutdown()
        install(None)
        worker.close()
        _drain_prefect()


def _drain_prefect(timeout: float = 10.0) -> None:
    """Send the last runs' logs and events to Prefect's API while its server is still up:
    left to Prefect's exit, they were retried against a server already stopped (a serve
    stopped just after a run took over a minute to end)."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    APILogWorker.drain_all(timeout=timeout)
    EventsWorker.drain_all(timeout=timeout)


def _unless_failing(step, *arguments):
    """A step of the loop; one that fails (Prefect's API unreachable a moment, a run that
    could not start) is told and the loop goes on: the serve outlives it."""
    try:
        return step(*arguments)
    except Exception as exc:
        log.error("the serve could not %s: %s", step.__name__, exc)
        return None


def _run_asked(request: Asked) -> dict[str, Any]:
    from ecobench.bench_timing import summary_figures
    from flows.refresh import refresh, without_heartbeats

    with summary_figures(request.timed) as figures, without_heartbeats():
        state = refresh(**request.parameters, return_state=True)
    ended = outcome_of(state)
    return {"code": ended.code, "said": ended.said, "summary": ended.summary, **figures}


def run_due(deployment_ids: list) -> Outcome | None:
    """Claim the scheduled run that is due first, if any, and run it here."""
    from prefect import get_client
    from prefect.client.schemas.filters import (
        FlowRunFilter,
        FlowRunFilterDeploymentId,
        FlowRunFilterNextScheduledStartTime,
        FlowRunFilterState,
        FlowRunFilterStateType,
    )
    from prefect.client.schemas.objects import StateType
    from prefect.client.schemas.sorting import FlowRunSort
    from prefect.flow_engine import run_flow
    from prefect.states import Pending
    from prefect.utilities.engine import propose_state_sync

    from flows.refresh import refresh, without_heartbeats

    with get_client(sync_client=True) as client:
        due = client.read_flow_runs(
            flow_run_filter=FlowRunFilter(
                deployment_id=FlowRunFilterDeploymentId(any_=deployment_ids),
                state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.SCHEDULED])),
                next_scheduled_start_time=FlowRunFilterNextScheduledStartTime(
                    before_=datetime.now(UTC)  # type: ignore[arg-type]
                ),
            ),
            sort=FlowRunSort.NEXT_SCHEDULED_START_TIME_ASC,
            limit=1,
        )
        if not due or not propose_state_sync(client, Pending(), flow_run_id=due[0].id).is_pending():
            return None
        flow_run = client.read_flow_run(due[0].id)
    with without_heartbeats():
        state = run_flow(
            refresh,
            flow_run=flow_run,
            parameters=refresh.validate_parameters(flow_run.parameters),
            return_type="state",
        )
    return outcome_of(state)  # type: ignore[arg-type]


class PortTaken(RuntimeError):
    """Another program (another serve?) listens on the serve's port."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        """A command that went away before its answer (Ctrl-C, a health check's timeout)
        is no error of the serve's; another is logged in a line."""
        failure = sys.exc_info()[1]
        if not isinstance(failure, ConnectionError):
            log.error("could not answer %s: %s", client_address, failure)


def _endpoint(port: int, asked: queue.Queue[Asked], warm: threading.Event) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # the health check: ready once dbt is warm
            self._answer({"ready": warm.is_set()})

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            request = Asked(body["parameters"], bool(body.get("timed")))
            asked.put(request)
            request.done.wait()
            self._answer(request.answer)

        def _answer(self, answer: dict) -> None:
            data = json.dumps(answer, ensure_ascii=False, default=str).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args) -> None:  # the flow logs each run
            pass

    try:
        return _Server(("127.0.0.1", port), Handler)
    except OSError as exc:
        raise PortTaken(
            f"127.0.0.1:{port} is taken ({exc.strerror}): another ecobench serve? "
            "(--warm-port to choose another)"
        ) from None

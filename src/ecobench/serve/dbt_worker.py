"""dbt kept warm for `ecobench serve`: one process that has imported dbt and parsed the
project once, and runs each dbt command of a refresh with that manifest (`dbtRunner`
with a cached manifest) instead of a new `dbt` process that imports and parses again.

A dbt command in its own process costs ~4 s before its first model here; in the warm one,
~0.6 s (docs/performance.md). It stays a process of its own, as the cold path's dbt is:
killed with the refresh (processes.py), its memory not the server's, and its DuckDB file
closed when a command ends (dbt-duckdb keeps it open in the process otherwise: the worker
closes it, and ends itself should any handle on the build remain). The manifest is parsed
again when the project's files, the dbt vars or the paths in the environment change.

Parent side: `DbtWorker.run`, what `warehouse.run_dbt` calls while a worker is `installed`.
Child side: `main`, `python -m ecobench.serve.dbt_worker`: a JSON request a line on stdin,
a JSON answer a line on the descriptor stdout had (dbt's own log goes to /dev/null; the
answer carries its structured events, as `--log-format json` prints them).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from ecobench import processes

_installed: DbtWorker | None = None


class DbtWorker:
    """The warm dbt process (started on first use, again after it ended)."""

    def __init__(self) -> None:
        self._child: subprocess.Popen | None = None
        self._lock = threading.Lock()

    def run(
        self, command: list[str], flags: list[str], env: dict[str, str]
    ) -> subprocess.CompletedProcess:
        """`dbt <command> <flags>` with env set, as the cold path's CompletedProcess."""
        answer = self._ask({"command": command, "flags": flags, "env": env})
        return subprocess.CompletedProcess(
            ["dbt", *command], answer["returncode"], answer["stdout"], answer["stderr"]
        )

    def warm(self, flags: list[str], env: dict[str, str]) -> None:
        """Parse the project now, and build its smallest model (the first build of a
        process loads what builds need: 2 s here), before the first refresh needs them:
        flags and env of a scratch build whose file has the name of the builds to come
        (the database's name is in the manifest)."""
        command = ["build", "--select", "+dim_text", "--exclude-resource-type", "unit_test"]
        self._ask({"command": [*command, "--no-write-json"], "flags": flags, "env": env})

    def _ask(self, request: dict) -> dict:
        with self._lock:
            child = self._alive()
            try:
                child.stdin.write(json.dumps(request) + "\n")  # type: ignore[union-attr]
                child.stdin.flush()  # type: ignore[union-attr]
                line = child.stdout.readline()  # type: ignore[union-attr]
            except OSError:
                line = ""
            if not line:  # killed (a stop) or crashed: the next request starts another
                self.close()
                return {"returncode": 2, "stdout": "", "stderr": "the warm dbt process ended"}
            answer = json.loads(line)
            if answer.get("ended"):  # it could not let go of the build: it ended itself
                child.wait()
                self.close()
            return answer

    def _alive(self) -> subprocess.Popen:
        if self._child is None or self._child.poll() is not None:
            self._child = processes.start(
                [sys.executable, "-m", "ecobench.serve.dbt_worker"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
        return self._child

    def close(self) -> None:
        if self._child is not None:
            if self._child.poll() is None:
                self._child.stdin.close()  # type: ignore[union-attr]
                self._child.wait(timeout=30)
            processes.forget(self._child)
            self._child = None


def install(worker: DbtWorker | None) -> None:
    """Let warehouse.run_dbt run its commands in worker (None: in a dbt process each)."""
    global _installed
    _installed = worker


def installed() -> DbtWorker | None:
    return _installed


# ------------------------------------------------------------------------------ the child


def main() -> None:
    answers = os.fdopen(os.dup(1), "w")
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)  # dbt's console log
    manifests: dict[str, Any] = {}
    for line in sys.stdin:
        request = json.loads(line)
        os.environ.update(request["env"])
        answer = _run(request, manifests)
        held = _let_go(Path(request["env"]["ECOBENCH_DBT_PATH"]))
        answer["ended"] = bool(held)
        if held:
            answer["stderr"] += f"\nstill open after the command: {held}; the worker ends"
        answers.write(json.dumps(answer) + "\n")
        answers.flush()
        if held:
            os._exit(0)


def _run(request: dict[str, Any], manifests: dict[str, Any]) -> dict[str, Any]:
    """One command with the manifest of its project, parsed now if it is not held yet."""
    from dbt.cli.main import dbtRunner

    command, flags, env = request["command"], request["flags"], request["env"]
    dbt_vars = _vars(command or [])
    # what the manifest holds: the project, the vars, the landing folder the sources read,
    # the database's name (its file's); not the build's folder (the profile's)
    database = Path(env["ECOBENCH_DBT_PATH"]).stem
    key = json.dumps([_project_digest(), dbt_vars, env["ECOBENCH_LANDING"], database])
    events: list[str] = []
    try:
        if key not in manifests:
            parsed = dbtRunner().invoke(["parse", *flags, "--quiet", *dbt_vars])
            if not parsed.success:
                raise RuntimeError(f"dbt parse failed: {parsed.exception}")
            manifests.clear()  # one project at a time
            manifests[key] = parsed.result
        returncode = 0
        if command:
            runner = dbtRunner(manifest=manifests[key], callbacks=[_collect(events)])
            returncode = 0 if runner.invoke([*command, *flags]).success else 1
        return {"returncode": returncode, "stdout": "\n".join(events), "stderr": ""}
    except Exception as exc:  # told to the refresh as dbt's failure, never a crash here
        return {"returncode": 2, "stdout": "\n".join(events), "stderr": repr(exc)}


def _vars(command: list[str]) -> list[str]:
    return (
        command[command.index("--vars") : command.index("--vars") + 2]
        if "--vars" in command
        else []
    )


def _project_digest() -> str:
    from ecobench import fingerprints
    from ecobench.config import PROJECT_ROOT

    return fingerprints.digest(PROJECT_ROOT, fingerprints.dbt_files(PROJECT_ROOT))


def _collect(events: list[str]):
    """dbt's events a refresh reads (warehouse.node_results): the nodes' results and the
    errors, each as the line `--log-format json` prints."""
    from dbt_common.events.base_types import EventLevel
    from dbt_common.events.functions import msg_to_dict

    def collect(event) -> None:
        if event.info.name.endswith("Result") or event.info.level == EventLevel.ERROR:
            events.append(json.dumps(msg_to_dict(event), default=str))

    return collect


def _let_go(build: Path) -> list[str]:
    """Close dbt-duckdb's connection to the build (kept open in the process between
    commands otherwise); the descriptors still open on it, if any."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    environment = DuckDBConnectionManager._ENV
    DuckDBConnectionManager.close_all_connections()
    if environment is not None:
        environment.close()
    held = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith(str(build)):
            held.append(target)
    return held


if __name__ == "__main__":
    main()

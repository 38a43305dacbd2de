"""The Evidence site (the project in `reports/`), built with no internet from an export's
DuckDB 1.x copy: `npm ci` when the lockfile or the patches changed, then `npm run sources`
and `npm run build`, whose scripts first seed Node's DuckDB-Wasm cache with the signed
parquet extension the project carries and give an empty source table its parquet file
(reports/scripts/). The browser pages load the same extension from the site itself
(reports/patches/). docs/outputs.md: the Evidence site offline.

Asked for with ECOBENCH_EVIDENCE=1 (or `ecobench export --evidence`) where npm is
installed; the built site goes into the export being written (`site/`), so it is swapped
in with the other exports, under their lock."""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import time
from pathlib import Path

from ecobench import processes
from ecobench.config import PROJECT_ROOT

REPORTS = PROJECT_ROOT / "reports"
SITE = "site"  # the built site, within an export
INSTALLED = ".ecobench-installed"  # node_modules' stamp: the lockfile and patches it is of


class EvidenceError(RuntimeError):
    """An npm step failed: the message ends with its output."""


def wanted() -> bool:
    """Whether the refresh and `ecobench export` build the site: asked for, and npm here."""
    return os.environ.get("ECOBENCH_EVIDENCE") == "1" and shutil.which("npm") is not None


def build_site(duckdb1: Path, out: Path, project: Path = REPORTS) -> dict[str, float]:
    """Build the site from duckdb1 (a DuckDB 1.x file holding schema marts) into out;
    returns the seconds each step took. One build at a time per project."""
    with (project / ".evidence.lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        seconds = {}
        started = time.monotonic()
        if _install_needed(project):
            _npm(project, ["ci", "--no-audit", "--no-fund"], {})
            (project / "node_modules" / INSTALLED).write_text(_install_key(project))
        seconds["npm ci"] = time.monotonic() - started
        # the source's filename is read relative to its folder (sources/ecobench/)
        source = {
            "EVIDENCE_SOURCE__ecobench__filename": os.path.relpath(
                duckdb1.resolve(), project / "sources" / "ecobench"
            )
        }
        for step in ("sources", "build"):
            started = time.monotonic()
            _npm(project, ["run", step], source)
            seconds[f"npm run {step}"] = time.monotonic() - started
        shutil.rmtree(out, ignore_errors=True)
        shutil.copytree(project / "build", out)
        return seconds


def _install_key(project: Path) -> str:
    digest = hashlib.sha256((project / "package-lock.json").read_bytes())
    for patch in sorted((project / "patches").glob("*.patch")):
        digest.update(patch.read_bytes())
    return digest.hexdigest()


def _install_needed(project: Path) -> bool:
    stamp = project / "node_modules" / INSTALLED
    return not stamp.is_file() or stamp.read_text() != _install_key(project)


def _npm(project: Path, args: list[str], env: dict[str, str]) -> None:
    process = processes.start(
        ["npm", *args],
        cwd=project,
        env={
            **os.environ,
            "SEND_ANONYMOUS_USAGE_STATS": "no",
            "DO_NOT_TRACK": "1",
            "NO_COLOR": "1",
            **env,
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        output, _ = processes.communicate(process)
    finally:
        processes.forget(process)
    if process.returncode != 0:
        raise EvidenceError(f"npm {' '.join(args)} failed in {project}:\n{output[-3000:]}")

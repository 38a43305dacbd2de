"""Build the warehouse with dbt on the landed rows (landing.py), publish it.

dbt builds into a scratch file beside the published one; only a build whose models and
tests all passed replaces `warehouse/ecobench.duckdb`, with an atomic rename, so a reader
never sees a half-built warehouse and a failed build never costs the last good one.
"""

from __future__ import annotations

import dataclasses
import fcntl
import json
import logging
import os
import shutil
import struct
import sys
from contextlib import contextmanager
from pathlib import Path
from subprocess import CompletedProcess

import duckdb
import polars as pl

from ecobench import fingerprints, processes
from ecobench.config import DUCKDB_MEMORY, PROJECT_ROOT, file_identity
from ecobench.messages import Bilingual
from ecobench.serve import dbt_worker


class DbtBuildError(RuntimeError):
    """dbt build failed: the message lists every failing model or test; `failed_tests` the
    data tests whose rows failed (a test, not a model, so they can be traced to files);
    `zh` says so in Chinese (the run's message_zh; dbt's own lines are not translated)."""

    def __init__(self, message: str, failed_tests: tuple[str, ...] = (), zh: str = ""):
        super().__init__(message)
        self.failed_tests = failed_tests
        self.zh = zh or "dbt 构建失败：有模型或数据测试出错（明细见英文说明）"


def failing_rows(build_path: Path, test_id: str) -> list[tuple[str, int]]:
    """The (file, line) of each row a failed data test returns, where the test selects
    them (`source_file`, `source_line`): its compiled SQL run again on the scratch build."""
    name = test_id.split(".")[2]
    compiled = build_path.parent / "target" / "compiled"
    found = next(compiled.rglob(f"{name}.sql"), None) if compiled.is_dir() else None
    if found is None:
        return []
    with duckdb.connect(str(build_path), read_only=True) as con:
        rows = con.sql(found.read_text(encoding="utf-8"))
        if not {"source_file", "source_line"} <= set(rows.columns):
            return []
        return [(f, int(n)) for f, n in rows.select("source_file, source_line").fetchall()]


class WarehouseHeld(Bilingual, RuntimeError):
    """Another program has the published warehouse open for writing."""


@dataclasses.dataclass(frozen=True)
class Layout:
    """Where a refresh reads and writes, beside the published warehouse file."""

    warehouse: Path

    @property
    def work_dir(self) -> Path:
        return self.warehouse.parent

    @property
    def archive(self) -> Path:  # documents by SHA-256, parse cache, run manifests
        return self.work_dir / "archive"

    @property
    def landing(self) -> Path:  # the parquet files the dbt sources read
        return self.work_dir / "landing"

    @property
    def build(self) -> Path:  # the scratch warehouse dbt builds into
        return self.work_dir / ".build" / self.warehouse.name

    @property
    def lock(self) -> Path:
        return self.work_dir / ".refresh.lock"

    @property
    def exports(self) -> Path:  # parquet, Excel, report, the Evidence DuckDB beside
        return self.work_dir.parent / "reports" / "exports"


@dataclasses.dataclass(frozen=True)
class BuildPlan:
    """What dbt builds on: from scratch (base None), on a copy of the published warehouse
    (base), and then only what depends on the submissions (select); `why`, for the log."""

    base: Path | None = None
    select: str | None = None
    why: str = "no warehouse built before"
    full_checks: bool = False  # every test on every row, even when building on the base

    def __str__(self) -> str:
        checks = ", every test on every row" if self.full_checks else ""
        if self.base is None:
            return f"from scratch: {self.why}{checks}"
        models = f"only {self.select}" if self.select else "all models"
        return f"on the published warehouse, {models}: {self.why}{checks}"


SUBMISSIONS_ONLY = "source:landing.submissions+"


def build_plan(warehouse_path: Path, documents: list[str]) -> BuildPlan:
    """Build on a copy of the published warehouse when it was built by the same project
    (the dbt project and all code that shapes a landed row: fingerprints.built); when its
    documents (their content hashes) are also the same, build only what depends on the
    submissions. Otherwise build everything from scratch."""
    state_file = warehouse_path.with_suffix(".build.json")
    if not (warehouse_path.exists() and state_file.exists()):
        return BuildPlan()
    try:
        previous = json.loads(state_file.read_text())
    except ValueError:
        return BuildPlan(why=f"{state_file.name} unreadable")
    if previous.get("project") != fingerprints.built():
        return BuildPlan(why="the dbt project or the code that shapes landed rows changed")
    if previous.get("warehouse") != file_identity(warehouse_path):
        # the state is of another file (restored, copied in, written to by a session): what
        # it says the warehouse holds cannot be trusted, so everything is built again
        return BuildPlan(why=f"{warehouse_path.name} is not the file last built")
    if previous.get("documents") != sorted(documents):
        return BuildPlan(warehouse_path, why="the documents changed")
    return BuildPlan(warehouse_path, SUBMISSIONS_ONLY, why="the documents are unchanged")


def save_build_state(warehouse_path: Path, documents: list[str]) -> None:
    """Beside the published warehouse: the project and the documents it was built from."""
    state = {
        "project": fingerprints.built(),
        "documents": sorted(documents),
        "warehouse": file_identity(warehouse_path),
    }
    state_file = warehouse_path.with_suffix(".build.json")
    tmp = state_file.with_name(f".{state_file.name}.tmp")
    tmp.write_text(json.dumps(state, indent=1))
    os.replace(tmp, state_file)


def run_dbt(
    command: str, build_path: Path, landing_dir: Path, project_dir: Path = PROJECT_ROOT
) -> CompletedProcess:
    """Run one dbt command on the scratch warehouse, in its own process (or in the warm one
    of `ecobench serve`, serve/dbt_worker.py)."""
    paths = dbt_env(build_path, landing_dir)
    flags = dbt_flags(build_path, project_dir)
    warm = dbt_worker.installed()
    if warm is not None:
        return warm.run(command.split(), flags, paths)
    return processes.run(
        [str(Path(sys.executable).parent / "dbt"), *command.split(), *flags],
        env={**os.environ, **paths},
    )


def dbt_env(build_path: Path, landing_dir: Path) -> dict[str, str]:
    """What the dbt profile and sources read from the environment: the build, the landing."""
    return {
        "ECOBENCH_DBT_PATH": str(build_path.resolve()),
        "ECOBENCH_LANDING": str(landing_dir.resolve()),
        "ECOBENCH_DUCKDB_MEMORY": DUCKDB_MEMORY,
    }


def dbt_flags(build_path: Path, project_dir: Path = PROJECT_ROOT) -> list[str]:
    """Where dbt finds the project and writes its target and logs, for a build at build_path."""
    return [
        "--project-dir",
        str(project_dir),
        "--profiles-dir",
        str(project_dir),
        "--target-path",
        str(build_path.parent / "target"),
        "--log-path",
        str(build_path.parent / "logs"),
        # node outcomes, not every statement: debug-level file logging slowed a full
        # build (docs/performance.md)
        "--log-level-file",
        "info",
        "--log-format-file",
        "text",
    ]


def dbt_build(
    build_path: Path,
    landing_dir: Path,
    base: Path | None = None,
    select: str | None = None,
    full_checks: bool = False,
) -> list[str]:
    """`dbt build` (seeds, models, tests) into build_path; raises DbtBuildError on any failure.

    From scratch, or on a copy of `base` (the published warehouse) so that incremental models
    add only what is new; `select` limits the build to the nodes that can have changed.
    On a base, the tests of the large incremental models check the rows this build wrote
    (macros/checks.sql), unless `full_checks`: then every row, as from scratch.
    dbt runs in its own process: when it exits, DuckDB has checkpointed and closed the file,
    so what is published is complete and no writer is left holding it.
    """
    build_path.parent.mkdir(parents=True, exist_ok=True)
    for stale in (build_path, build_path.with_suffix(".duckdb.wal")):
        stale.unlink(missing_ok=True)
    if base is not None:
        shutil.copyfile(base, build_path)
    # unit tests pin the SQL logic: `make test` runs them (tests/models/test_dbt_unit_tests.py),
    # a refresh of the data need not (dbt's advice: unit tests in development and CI)
    command = "build --exclude-resource-type unit_test --log-format json"
    command += checks_vars(full_checks)
    if select:
        # nothing reads the artifacts of a build of the submissions' models (no docs):
        # not writing manifest.json and run_results.json saves time (docs/performance.md)
        command += f" --select {select} --no-write-json"
    proc = run_dbt(command, build_path, landing_dir)
    results, errors = node_results(proc.stdout)
    failures = [f"{node}: {status}" for node, status in results if status in FAILED]
    if proc.returncode != 0 or failures:
        detail = "\n".join(failures + errors) or (proc.stdout[-3000:] + proc.stderr[-3000:])
        tests = tuple(
            node for node, status in results if status == "fail" and node.startswith("test.")
        )
        raise DbtBuildError(f"dbt build failed:\n{detail}", tests)
    return [f"{node}: {status}" for node, status in results]


FAILED = {"error", "fail"}  # a node's status in dbt's log


def checks_vars(full_checks: bool) -> str:
    """The dbt option that makes every data test check every row (macros/checks.sql), as
    one word (the command is split on spaces); none on an ordinary build: other vars than
    the last parse's make dbt parse the whole project again (~3.5 s here)."""
    return ' --vars {"full_checks":true}' if full_checks else ""


def node_results(log: str) -> tuple[list[tuple[str, str]], list[str]]:
    """Each node's outcome (unique id, status) and the error messages, from dbt's
    structured log (--log-format json)."""
    results, errors = [], []
    for line in log.splitlines():
        try:
            event = json.loads(line)
        except ValueError:
            continue
        node = event.get("data", {}).get("node_info")
        if event["info"]["name"].endswith("Result") and node:
            results.append((node["unique_id"], node["node_status"]))
        elif event["info"]["level"] == "error":
            errors.append(event["info"]["msg"])
    return results, errors


def dbt_docs(build_path: Path, landing_dir: Path, full_checks: bool = False) -> Path:
    """`dbt docs generate --static` on the built warehouse: the folder of its site (one
    index.html that opens offline, with the manifest and catalog beside it); full_checks as
    the build had it, so that dbt parses no more than the build did."""
    command = "docs generate --no-compile --static" + checks_vars(full_checks)
    proc = run_dbt(command, build_path, landing_dir)
    if proc.returncode != 0:
        raise DbtBuildError(
            f"dbt docs generate failed:\n{proc.stdout[-3000:]}{proc.stderr[-3000:]}",
            zh="dbt 文档生成失败（明细见英文说明）",
        )
    return build_path.parent / "target"


def read_table(database: Path, table: str) -> pl.DataFrame:
    """A table of a built (unpublished) warehouse, read-only."""
    with duckdb.connect(str(database), read_only=True) as con:
        return con.sql(f"select * from {table}").pl()


def publish(build_path: Path, warehouse_path: Path, archive_dir: Path) -> Path:
    """Replace the published warehouse with the built one in one atomic rename, unless
    another program has it open for writing (a notebook, DBeaver, the duckdb CLI): its log
    (`.wal`) would then lie beside a file it does not belong to, and no reader could open
    it. A log left by a session that ended uncleanly is moved to the archive (the refresh
    replaces what it wrote). While the rename runs, a shared lock keeps writers out."""
    warehouse_path.parent.mkdir(parents=True, exist_ok=True)
    with _no_writer(warehouse_path):
        wal = warehouse_path.with_name(f"{warehouse_path.name}.wal")
        if wal.exists():
            kept = archive_dir / "foreign_wal" / f"{os.getpid()}-{wal.stat().st_mtime_ns}.wal"
            kept.parent.mkdir(parents=True, exist_ok=True)
            os.replace(wal, kept)
            logging.getLogger(__name__).warning(
                "%s was left by a session that wrote to the warehouse and did not close it; "
                "moved to %s (the new warehouse replaces what it wrote)",
                wal,
                kept,
            )
        processes.raise_if_stopping()  # the last moment a stop can leave it as it was
        os.replace(build_path, warehouse_path)
    return warehouse_path


@contextmanager
def _no_writer(path: Path):
    """Hold a shared lock on the published file (DuckDB's read-write open takes an
    exclusive one): raises WarehouseHeld, naming the process, when a writer has it."""
    if not path.exists():
        yield
        return
    with path.open("rb") as handle:
        try:
            fcntl.lockf(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError:
            holder = _lock_holder(handle)
            raise WarehouseHeld(
                f"{path} is open for writing by {holder} (a notebook, DBeaver or "
                "the duckdb CLI opened without read_only): a refresh does not replace it under "
                "that session. Nothing was published; close it, or open the file read-only, "
                "and refresh again.",
                f"{path} 正被 {holder} 以写入方式打开（notebook、DBeaver，或未以"
                "只读方式打开的 duckdb 命令行）：刷新不会在其打开期间替换它。本次没有发布任何"
                "内容；请关闭它，或以只读方式打开该文件，然后重新刷新。",
            ) from None
        try:
            yield
        finally:
            fcntl.lockf(handle, fcntl.LOCK_UN)


def _lock_holder(handle) -> str:
    """The process holding the conflicting lock (fcntl F_GETLK)."""
    query = struct.pack("hhxxxxqqixxxx", fcntl.F_RDLCK, os.SEEK_SET, 0, 0, 0)
    try:
        kind, _, _, _, pid = struct.unpack(
            "hhxxxxqqixxxx", fcntl.fcntl(handle.fileno(), fcntl.F_GETLK, query)
        )
    except OSError:
        return "another process"
    if kind == fcntl.F_UNLCK:
        return "another process"
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
    except OSError:
        command = ""
    return f"process {pid}" + (f" ({command[:80]})" if command else "")

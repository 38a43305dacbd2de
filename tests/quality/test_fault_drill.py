"""The fault drill: the faults a hostile user or a bad day brings, each through the real
flow (the CLI in a process of its own where the fault is a kill or a signal) on one
warehouse that lives through them all. After each: nothing published is lost or wrong,
the lock is free, and the next run heals by itself and tells the truth in the run log.

Kill points are the steps a run records as it enters them (runlog.fault_point): the
refresh kills itself there with SIGKILL, as `kill -9` would."""

from __future__ import annotations

import contextlib
import hashlib
import http.server
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import ClassVar

import duckdb
import polars as pl
import pytest

from ecobench.publish.manifest import MANIFEST
from ecobench.publish.parquet import PARTITIONED, dataset_keys
from ecobench.publish.run import DBT_DOCS
from ecobench.publish.submission_form import write_template
from ecobench.runlog import EXIT_BUSY, EXIT_INTERRUPTED, PublishedThenFailed
from ecobench.warehouse import WarehouseHeld
from flows.refresh import refresh
from tests.conftest import copy_sources
from tests.submissions.conftest import fill

pytestmark = pytest.mark.slow
ECOBENCH = Path(sys.executable).parent / "ecobench"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def query(warehouse: Path, sql: str, *params):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, params).fetchall()


class Tree:
    """A project tree: documents, submissions, the warehouse beside them."""

    def __init__(self, root: Path):
        self.root = root
        self.sources = copy_sources(root / "sources")
        self.submissions = root / "submissions"
        self.submissions.mkdir(exist_ok=True)
        self.warehouse = root / "warehouse" / "ecobench.duckdb"
        self.exports = root / "reports" / "exports"
        self.archive = self.warehouse.parent / "archive"

    def refresh(self):
        return refresh(self.sources, self.warehouse, 0.0, self.submissions)

    def cli(self, *, env: dict | None = None, wait: bool = True) -> subprocess.Popen:
        """`ecobench refresh` in a process group of its own, its output in cli.log (not a
        pipe: what a kill orphans would hold a pipe open)."""
        with (self.root / "cli.log").open("a") as log:
            child = subprocess.Popen(
                [
                    str(ECOBENCH),
                    "refresh",
                    "--sources",
                    str(self.sources),
                    "--submissions",
                    str(self.submissions),
                    "--warehouse",
                    str(self.warehouse),
                ],
                env={**os.environ, **(env or {})},
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its group: what a kill orphans is ended after it
            )
        if wait:
            child.wait(timeout=600)
            self.end_group(child)
        return child

    @staticmethod
    def end_group(child: subprocess.Popen) -> None:
        """Kill what a killed refresh left running (Prefect's temporary API server)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGKILL)

    def manifests(self) -> list[dict]:
        paths = sorted((self.archive / "runs").glob("*/manifest.json"))
        return [json.loads(p.read_text()) for p in sorted(paths, key=lambda p: p.stat().st_mtime)]

    def submit(self, district, framework, year, values, name=None) -> Path:
        path = self.submissions / (name or f"{district}_{framework}_{year}.xlsx")
        write_template(district, framework, year, path)
        return fill(path, values)


@pytest.fixture(scope="module")
def tree(tmp_path_factory, harness) -> Tree:
    """The five documents and Honggutan's 2024 submission, published once."""
    tree = Tree(tmp_path_factory.mktemp("drill"))
    tree.submit("360113", "jiangxi_provincial", 2024, {"12": 18, "23": 96})
    summary = tree.refresh()
    assert summary["status"] == "published" and summary["documents"] == 5
    return tree


class Receiver(http.server.BaseHTTPRequestHandler):
    """A local webhook: keeps what it was sent."""

    received: ClassVar[list[dict]] = []

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        Receiver.received.append(json.loads(self.rfile.read(length)))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *_):
        pass


# a kill before the gate, between the gate and the build, and at the publish; the steps
# between are the same mechanism (Run.enter), so the drill stays a few minutes long
KILL_POINTS = ["validate", "dbt_build", "publish"]


def test_a_refresh_killed_at_each_step_loses_nothing_and_the_next_run_tells_it(tree, monkeypatch):
    # new input for the runs to work on: a second district's submission, and an impossible
    # number (1e308 for a share) that must be quarantined, never ranked
    tree.submit("360202", "jiangxi_provincial", 2024, {"23": 91.5})
    tree.submit("360700", "jiangxi_provincial", 2024, {"12": 1e308}, name="ganzhou_bad.xlsx")
    before = digest(tree.warehouse)
    for point in KILL_POINTS:
        child = tree.cli(env={"ECOBENCH_KILL_AT": point})
        assert child.returncode == -signal.SIGKILL, point
        assert digest(tree.warehouse) == before, point  # not replaced, never half-written
        assert not tree.warehouse.with_name("ecobench.duckdb.wal").exists()
    # killed after the rename: the new warehouse is whole and readable, the run published
    child = tree.cli(env={"ECOBENCH_KILL_AT": "export"})
    assert child.returncode == -signal.SIGKILL
    assert digest(tree.warehouse) != before
    assert query(tree.warehouse, "select count(*) from marts.dim_document") == [(5,)]

    # the next run heals by itself (the lock was freed by the kernel) and tells ops
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("ECOBENCH_NOTIFY_URL", f"http://127.0.0.1:{server.server_port}/hook")
    summary = tree.refresh()
    server.shutdown()
    assert summary["status"] == "published_with_quarantine"
    assert list(summary["quarantined"]) == ["ganzhou_bad.xlsx"]
    assert "a number is finite and within the range" in summary["quarantined"]["ganzhou_bad.xlsx"]
    assert [(r["state"], r["state_type"]) for r in Receiver.received] == [
        ("Quarantined", "COMPLETED")
    ]
    assert "ganzhou_bad.xlsx" in Receiver.received[0]["message"]

    runs = query(
        tree.warehouse,
        "select run_id, status, stage, message, message_zh from marts.pipeline_runs "
        "order by started_at",
    )
    killed = runs[1:-1]  # after the first publication, before this one
    assert [(status, stage) for _, status, stage, _, _ in killed] == [
        *(("interrupted", point) for point in KILL_POINTS),
        ("published_with_quarantine", "export"),
    ]
    assert all("stopped without a word in" in m for *_, m, _ in killed[:-1])
    assert "published; then stopped in export" in killed[-1][3]
    # … and in Chinese, naming the step
    assert all(f"（{stage}）”步骤中意外停止" in zh for _, _, stage, _, zh in killed[:-1])
    assert "已发布；随后在“导出（export）”步骤中被停止" in killed[-1][4]
    # the checks a killed run had made are kept with it: the gate ran before the build
    gated_run = killed[KILL_POINTS.index("dbt_build")][0]
    assert query(
        tree.warehouse,
        "select count(*) > 0, bool_or(not success) from marts.dq_results where run_id = ?",
        gated_run,
    ) == [(True, True)]
    # the impossible number reached no score
    assert query(
        tree.warehouse,
        "select count(*) from marts.fct_submitted_values where district_id = '360700'",
    ) == [(0,)]


def api_server_of(child: subprocess.Popen) -> int:
    """The pid of the Prefect API server a refresh started for itself (prefect_api.py)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            if ppid == child.pid and b"uvicorn" in (stat.parent / "cmdline").read_bytes():
                return int(stat.parent.name)
    raise AssertionError(f"no API server among the children of {child.pid}")


@pytest.mark.parametrize("api", ["answering", "gone"])
def test_sigterm_stops_a_refresh_within_seconds_and_frees_the_lock(tree, api):
    before = digest(tree.warehouse)
    tree.submit("321202", "national_trial", 2024, {"8": 96 if api == "answering" else 95})
    (tree.root / "cli.log").write_text("")
    child = tree.cli(wait=False)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:  # until dbt is building
        manifests = tree.manifests()
        if (
            manifests
            and manifests[-1]["status"] == "running"
            and manifests[-1]["stage"] == "dbt_build"
        ):
            break
        time.sleep(0.2)
    else:
        pytest.fail("the refresh never reached dbt build")
    if api == "gone":  # Prefect's client would retry the run's last state for minutes
        os.kill(api_server_of(child), signal.SIGKILL)
    sent = time.monotonic()
    child.send_signal(signal.SIGTERM)
    child.wait(timeout=60)
    tree.end_group(child)
    told = (tree.root / "cli.log").read_text()
    assert child.returncode == EXIT_INTERRUPTED, told[-3000:]
    assert time.monotonic() - sent < 20, told[-3000:]
    if api == "gone":  # ended by the stop's grace (processes.STOP_GRACE_SECONDS)
        assert "did not take the run's last state" in told, told[-3000:]
    assert digest(tree.warehouse) == before
    last = tree.manifests()[-1]
    assert (last["status"], last["stage"], last["closed"]) == ("interrupted", "dbt_build", True)
    assert (
        last["message_zh"] == "在“dbt 构建（dbt_build）”步骤中被 SIGTERM 信号停止：没有发布任何内容"
    )
    # no dbt left writing the scratch build, and the next refresh takes the lock
    assert tree.refresh()["status"] == "published_with_quarantine"


HOLD = """
import duckdb, sys, time
con = duckdb.connect(sys.argv[1])
con.execute("set wal_autocheckpoint = '1GB'")
con.execute("update marts.dim_district set name_zh = '篡改'")  # a foreign write
print("holding", flush=True)
time.sleep(600)
"""


def test_a_write_mode_session_on_the_published_file_cannot_take_the_warehouse_down(tree):
    session = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(tree.warehouse)], stdout=subprocess.PIPE, text=True
    )
    assert session.stdout.readline().strip() == "holding"
    # a refresh will not replace the file under it: it says who holds it, and publishes nothing
    with pytest.raises(WarehouseHeld, match=rf"open for writing by process {session.pid}"):
        tree.refresh()
    child = tree.cli()
    assert child.returncode == EXIT_BUSY
    # the session ends uncleanly: its log (.wal) is left beside the file
    session.kill()
    session.wait()
    wal = tree.warehouse.with_name("ecobench.duckdb.wal")
    assert wal.exists()
    summary = tree.refresh()
    assert summary["status"].startswith("published")
    assert not wal.exists()
    assert list((tree.archive / "foreign_wal").glob("*.wal"))
    # every reader opens the published file; the session's writes are not in it
    assert query(
        tree.warehouse, "select count(*) from marts.dim_district where name_zh = '篡改'"
    ) == [(0,)]


def test_damaged_caches_are_rebuilt_and_a_stale_build_state_forces_a_full_build(tree):
    # a parse-cache parquet truncated, an export partition truncated
    cached = next((tree.archive / "parsed").glob("*/*003_*/indicator_values.parquet"))
    cached.write_bytes(cached.read_bytes()[:100])
    partition = tree.exports / "fct_submitted_values" / "period_year=2024" / "data.parquet"
    partition.write_bytes(partition.read_bytes()[:100])
    # the published file replaced by one without document 003 (a restore of an older copy),
    # its build state left as it was
    docs_before = digest(tree.exports / "dbt_docs" / "index.html")
    shutil.copy(tree.warehouse, tree.root / "copy.duckdb")
    with duckdb.connect(str(tree.root / "copy.duckdb")) as con:
        con.execute("delete from marts.dim_document where source_file like '003_%'")
    os.replace(tree.root / "copy.duckdb", tree.warehouse)

    # killed in dbt docs: the published docs stay those of the published build
    child = tree.cli(env={"ECOBENCH_KILL_AT": "docs"})
    assert child.returncode == -signal.SIGKILL
    assert digest(tree.exports / "dbt_docs" / "index.html") == docs_before

    assert pl.read_parquet(cached).height > 0  # 003 parsed again from its bytes, cached anew

    summary = tree.refresh()
    assert summary["dbt_select"] is None  # built from scratch, not on the file it distrusts
    assert query(tree.warehouse, "select count(*) from marts.dim_document") == [(5,)]
    assert pl.read_parquet(partition).height > 0  # written again


def test_a_failure_after_publishing_is_told_as_that(tree):
    blocker = tree.root / "reports"
    shutil.rmtree(blocker)
    blocker.write_text("not a folder")  # the exports cannot be written
    try:
        tree.submit("360113", "jiangxi_provincial", 2023, {"23": 94})
        with pytest.raises(PublishedThenFailed, match="then the exports failed"):
            tree.refresh()
    finally:
        blocker.unlink()
    last = tree.manifests()[-1]
    assert last["status"].startswith("published") and "then the exports failed" in last["message"]
    assert "已发布；随后导出失败" in last["message_zh"]
    assert query(
        tree.warehouse,
        "select count(*) from marts.fct_submitted_values where period_year = 2023",
    ) == [(1,)]
    assert tree.refresh()["status"].startswith("published")  # and the exports are back
    assert (tree.exports / "report.html").exists()


def test_two_exports_at_once_take_turns_and_leave_a_whole_export(tree):
    command = [
        str(ECOBENCH),
        "export",
        "--warehouse",
        str(tree.warehouse),
        "--out",
        str(tree.exports),
    ]
    children = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        for _ in range(2)
    ]
    for child in children:
        out, _ = child.communicate(timeout=300)
        assert child.returncode == 0, out
    tables = {
        name
        for (name,) in query(
            tree.warehouse,
            "select table_name from information_schema.tables where table_schema = 'marts'",
        )
    }
    # a table kept in parts is a dataset, read whole by its files; the others a file each
    # (after the last test removed the exports, this export has no dbt docs to copy: its
    # per-district marts are files, as the manifest it lacks would not say otherwise)
    datasets, _ = dataset_keys(tree.exports / DBT_DOCS / MANIFEST)
    for table in tables:
        if table not in datasets:
            assert pl.read_parquet(tree.exports / f"{table}.parquet").width > 0
        elif table not in PARTITIONED or list((tree.exports / table).glob("*/*.parquet")):
            # (the submissions may have no year yet: an empty folder)
            assert pl.read_parquet(tree.exports / table / "*" / "*.parquet").width > 0, table
    assert not list(tree.exports.parent.glob(".exports.*.tmp"))

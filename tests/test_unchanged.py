"""`ecobench refresh` given nothing new: the record a clean run leaves, and every change that
voids it (the flow and the CLI use these; tests/test_bench.py runs them end to end)."""

from __future__ import annotations

import os

from ecobench import unchanged


def test_a_record_holds_until_anything_it_was_given_changes(tmp_path):
    sources, submissions = tmp_path / "sources", tmp_path / "submissions"
    sources.mkdir()
    submissions.mkdir()
    (sources / "001.txt").write_text("规划", encoding="utf-8")
    exports = tmp_path / "exports"
    exports.mkdir()
    (exports / "report.html").write_text("<html></html>")
    warehouse = tmp_path / "ecobench.duckdb"
    warehouse.write_bytes(b"warehouse")

    def record() -> None:
        given = unchanged.snapshot(sources, submissions, False)
        unchanged.record(warehouse, given, "run-1", exports)

    def since(allow_synthetic: bool = False) -> str | None:
        return unchanged.unchanged_since(warehouse, sources, submissions, allow_synthetic)

    record()
    assert since() == "run-1"
    assert since(allow_synthetic=True) is None  # another kind of run
    (submissions / "new.csv").write_text("区县代码\n")  # a new file
    assert since() is None
    (submissions / "new.csv").unlink()
    assert since() == "run-1"
    os.utime(sources / "001.txt", ns=(1, 1))  # touched: its bytes may differ
    assert since() is None
    record()
    warehouse.write_bytes(b"written to by another program")
    assert since() is None
    record()
    (tmp_path / "ecobench.duckdb.wal").write_bytes(b"a session's log")
    assert since() is None
    (tmp_path / "ecobench.duckdb.wal").unlink()
    assert since() == "run-1"
    (exports / "report.html").unlink()  # the exports are gone
    assert since() is None
    record()
    unchanged.forget(warehouse)  # a run started: until it ends clean, nothing is current
    assert since() is None

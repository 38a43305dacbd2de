"""The run log read back from the archive: a manifest damaged on disk is named, not fatal."""

from __future__ import annotations

import logging

from ecobench import runlog


def test_an_unreadable_manifest_is_left_out_with_a_warning_naming_it(tmp_path, caplog):
    damaged = tmp_path / "runs" / "20261201T000000Z-aaaaaa" / "manifest.json"
    damaged.parent.mkdir(parents=True)
    damaged.write_text('{"run_id": "20261201T000000Z-aaaaaa", "sta')  # cut short
    current = runlog.Run(runlog.new_run_id(), "data/sources")
    with caplog.at_level(logging.WARNING, logger="ecobench"):
        tables = runlog.history(tmp_path, current)
        told = runlog.mark_interrupted(tmp_path, tmp_path / "ecobench.duckdb")
    assert tables["pipeline_runs"]["run_id"].to_list() == [current.run_id]
    assert told == []
    assert sum(str(damaged) in record.getMessage() for record in caplog.records) == 2

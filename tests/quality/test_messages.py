"""What a reader is told about the data's quality, in Chinese beside the English: every
expectation's why, every quarantine's reason, every run's message."""

from __future__ import annotations

from ecobench.ingest import isolated


def test_a_submission_that_is_no_workbook_is_refused_with_its_own_reason():
    """The parser process sends a ParseError back pickled; rebuilt, it keeps its file, line
    and reason (it used to fail unpickling, and the file was told as a parser crash)."""
    with isolated.Worker() as worker:
        frames, errors = worker.read_submissions([(b"not a zip", "bad.xlsx", "sha", None)])
    assert frames == {}
    error = errors["bad.xlsx"]
    assert (error.source_file, error.line) == ("bad.xlsx", None)
    assert str(error).startswith("bad.xlsx: not a readable .xlsx workbook")

"""What a reader is told about the data's quality, in Chinese beside the English: every
expectation's why (dq_results.why_zh), every quarantine's reason (dq_quarantine.reason_zh),
every run's message (pipeline_runs.message_zh), and the quality page that shows them."""

from __future__ import annotations

import pickle

import pytest

from ecobench.ingest import isolated
from ecobench.ingest.text import ParseError, decode


def test_a_submission_that_is_no_workbook_is_refused_with_its_own_reason():
    """The parser process sends a ParseError back pickled; rebuilt, it keeps its file, line
    and reason (it used to fail unpickling, and the file was told as a parser crash)."""
    with isolated.Worker() as worker:
        frames, errors = worker.read_submissions([(b"not a zip", "bad.xlsx", "sha", None)])
    assert frames == {}
    error = errors["bad.xlsx"]
    assert (error.source_file, error.line) == ("bad.xlsx", None)
    assert str(error).startswith("bad.xlsx: not a readable .xlsx workbook")
    assert error.zh.startswith("bad.xlsx：无法作为 .xlsx 工作簿读取")


def test_a_reading_error_is_told_in_chinese_with_its_file_and_line():
    with pytest.raises(ParseError) as raised:
        decode(b"\xe7\x94\x9f\n\x00\x01", "garbage.txt")
    error = pickle.loads(pickle.dumps(raised.value))  # as it crosses from the parser process
    assert str(error) == "garbage.txt:2: binary content, not a text document"
    assert error.zh == "garbage.txt 第 2 行：二进制内容，不是文本文件"
    timeout = pickle.loads(pickle.dumps(isolated.ParseTimeout("slow.txt: too long", "超时")))
    assert (str(timeout), timeout.zh) == ("slow.txt: too long", "超时")

"""What a reader is told about the data's quality, in Chinese beside the English: every
expectation's why (dq_results.why_zh), every quarantine's reason (dq_quarantine.reason_zh),
every run's message (pipeline_runs.message_zh), and the quality page that shows them."""

from __future__ import annotations

import pickle
import re

import pytest

import expectations
from ecobench.ingest import isolated
from ecobench.ingest.text import ParseError, decode
from ecobench.quality.reference import load_reference
from ecobench.quality.rules import WHY_ZH

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_every_expectation_of_every_suite_says_why_in_chinese():
    """A new expectation without its Chinese fails here (and the gate refuses it)."""
    import great_expectations as gx

    gx.get_context(mode="ephemeral")  # a suite is built in a context, as the gate does
    reference = load_reference()
    n = 0
    for module in expectations.SUITES:
        assert CJK.search(module.TABLE_ZH), module.TABLE
        for expectation in module.build_suite(reference).expectations:
            why_zh = (expectation.meta or {}).get(WHY_ZH) or ""
            assert expectation.description, (module.TABLE, expectation.type)
            assert CJK.search(why_zh), (module.TABLE, expectation.description)
            n += 1
    assert n >= 90  # every suite built, the per-concept and per-district ones included


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

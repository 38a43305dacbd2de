"""What a reader is told about the data's quality, in Chinese beside the English: every
expectation's why (dq_results.why_zh), every quarantine's reason (dq_quarantine.reason_zh),
every run's message (pipeline_runs.message_zh), and the quality page that shows them."""

from __future__ import annotations

import html
import json
import pickle
import re
import shutil
from pathlib import Path

import polars as pl
import pytest

import expectations
from ecobench import runlog
from ecobench.ingest import isolated
from ecobench.ingest.text import ParseError, decode
from ecobench.quality.reference import load_reference
from ecobench.quality.rules import WHY_ZH
from ecobench.runlog import NothingToPublish
from tests.conftest import copy_sources
from tests.quality.test_bad_inputs import CORPUS, query
from tests.submissions.conftest import fill

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


def test_a_run_archived_before_the_chinese_says_so_in_chinese(tmp_path):
    """The run log of a warehouse refreshed before the Chinese was kept: its messages,
    reasons and checks are published with a Chinese text saying they are in English only,
    the suites named in Chinese."""
    old = tmp_path / "runs" / "20260101T000000Z-aaaaaa"
    old.mkdir(parents=True)
    document = {
        "source_file": "empty.txt",
        "sha256": "e3b0",
        "archived_as": "documents/e3b0.txt",
        "outcome": "quarantined",
        "reason": "empty.txt: the file is empty",
        "offending_rows": [],
    }
    manifest = {
        "run_id": old.name,
        "started_at": "2026-01-01T00:00:00+00:00",
        "status": "published_with_quarantine",
        "message": "empty.txt quarantined: empty.txt: the file is empty",
        "documents": [document],
    }
    (old / "manifest.json").write_text(json.dumps(manifest))
    pl.DataFrame(
        {"run_id": [old.name], "stage": ["document"], "suite": ["indicator_values"]}
        | {"source_file": ["a.txt"], "expectation": ["expect_x()"], "blocking": [True]}
        | {"why": ["a value is a standard, a status or a target"], "success": [True]}
        | {"observed_value": [None], "unexpected_count": [0], "sample_rows": [None]},
        schema_overrides={"observed_value": pl.String, "sample_rows": pl.String},
    ).write_parquet(old / "dq_results.parquet")

    tables = runlog.history(tmp_path, runlog.Run(runlog.new_run_id(), "data/sources"))

    run = tables["pipeline_runs"].row(0, named=True)
    assert run["message_zh"] == runlog.BEFORE_ZH
    quarantined = tables["dq_quarantine"].row(0, named=True)
    assert quarantined["reason_zh"] == f"empty.txt：{runlog.BEFORE_ZH}"
    check = tables["dq_results"].row(0, named=True)
    assert check["why_en"] == check["why"] == "a value is a standard, a status or a target"
    assert (check["why_zh"], check["suite_zh"]) == (runlog.BEFORE_ZH, "指标数值")


# ---------------------------------------------------------------- through the real flow

QUARANTINED = {
    # the bad-input corpus (tests/quality/corpus/README.md)
    "empty.txt",
    "binary_garbage.txt",
    "other_kind.txt",
    "percentage_180.txt",
    # entries of the sources folder that are not documents
    "annex.txt",
    "plan.doc",
    "linked.txt",
    # submissions: a cell out of range, a district that is none, bytes that are no workbook
    "hailing_national_trial_2024.xlsx",
    "nowhere_2024.csv",
    "broken.xlsx",
}


def lines_named(reason: str, source_file: str) -> list[str]:
    """The lines (rows) an English reason names for its file: file:537, row 12, (line 14)."""
    return [
        *re.findall(rf"{re.escape(source_file)}:(\d+)", reason),
        *re.findall(r"\brow (\d+)", reason),
        *re.findall(r"\(line (\d+)", reason),
    ]


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory, harness) -> Path:
    """Two refreshes of one warehouse: the bad corpus alone (nothing to publish), then the
    five documents with the whole corpus, folder entries that are no document, and bad
    submissions beside a good one. Returns the warehouse."""
    from ecobench.publish.submission_form import write_template
    from flows.refresh import refresh

    root = tmp_path_factory.mktemp("messages")
    warehouse = root / "warehouse" / "ecobench.duckdb"
    bad = root / "bad"
    bad.mkdir()
    for name in ("empty.txt", "binary_garbage.txt", "other_kind.txt"):
        shutil.copy(CORPUS / name, bad / name)
    with pytest.raises(NothingToPublish):
        refresh(bad, warehouse)

    sources = copy_sources(root / "sources")
    for path in CORPUS.glob("*.txt"):
        shutil.copy(path, sources / path.name)
    (sources / "annex.txt").mkdir()
    (sources / "plan.doc").write_bytes(b"\xd0\xcf\x11\xe0 an old Word file")
    (root / "outside.txt").write_text("红谷滩区人民政府\n", encoding="utf-8")
    (sources / "linked.txt").symlink_to(root / "outside.txt")
    submissions = root / "submissions"
    submissions.mkdir()
    good = submissions / "honggutan_jiangxi_provincial_2024.xlsx"
    write_template("360113", "jiangxi_provincial", 2024, good)
    fill(good, {"12": 18, "23": 96}, submitted_on="2025-03-01")
    out_of_range = submissions / "hailing_national_trial_2024.xlsx"
    write_template("321202", "national_trial", 2024, out_of_range)
    fill(out_of_range, {"8": 180, "2": 25})
    (submissions / "nowhere_2024.csv").write_text(
        "区县代码,指标体系,序号,指标名称,单位,现状值,年份,备注\n"
        "无此县,national_trial,2,生态环境状况指数,,60,2024,\n",
        encoding="utf-8",
    )
    (submissions / "broken.xlsx").write_bytes(b"not a zip")
    summary = refresh(sources, warehouse, 0.0, submissions)
    assert summary["status"] == "published_with_quarantine"
    assert set(summary["quarantined"]) == QUARANTINED
    return warehouse


@pytest.mark.slow
def test_every_check_says_why_in_chinese_and_in_english(refreshed):
    rows = query(
        refreshed,
        "select stage, suite, suite_zh, why_zh, why_en, why, success from marts.dq_results",
    )
    assert len(rows) > 100
    assert {stage for stage, *_ in rows} == {"document", "submission", "marts"}
    assert any(not success for *_, success in rows)  # the failed ones too
    for stage, suite, suite_zh, why_zh, why_en, why, _ in rows:
        assert CJK.search(suite_zh), suite
        assert CJK.search(why_zh), (stage, suite, why_en)
        assert why_en and why == why_en  # why: the deprecated alias


@pytest.mark.slow
def test_every_quarantine_says_why_in_chinese_naming_the_file_and_line(refreshed):
    rows = query(
        refreshed, "select run_id, source_file, reason, reason_zh from marts.dq_quarantine"
    )
    assert {file for _, file, _, _ in rows} == QUARANTINED
    for _, file, reason, zh in rows:
        assert CJK.search(zh), (file, zh)
        assert file in zh, (file, zh)
        for line in lines_named(reason, file):  # each line the English names, in Chinese
            assert f"第 {line} 行" in zh, (file, reason, zh)
    told = {file: zh for _, file, _, zh in rows}
    assert told["empty.txt"] == "empty.txt：文件是空的"
    assert told["binary_garbage.txt"] == "binary_garbage.txt 第 1 行：二进制内容，不是文本文件"
    assert "指标数值（indicator_values）：百分比应在 [0, 100] 之内" in told["percentage_180.txt"]
    assert "percentage_180.txt 第 537 行" in told["percentage_180.txt"]
    assert "读不出任何指标数值" in told["other_kind.txt"]
    assert told["annex.txt"] == "annex.txt：是文件夹，不是文件"
    assert told["linked.txt"].startswith("linked.txt：是符号链接")
    assert told["plan.doc"].startswith("plan.doc：.doc 文件，ecobench 不读取此类文件")
    assert re.search(
        r"hailing_national_trial_2024\.xlsx，工作表 指标填报，第 \d+ 行，“现状值”列（'180'）",
        told["hailing_national_trial_2024.xlsx"],
    )
    assert "百分比应在 [0, 100] 之内" in told["hailing_national_trial_2024.xlsx"]
    assert "区县“无此县”不是中国行政区划中的单位" in told["nowhere_2024.csv"]
    assert told["broken.xlsx"].startswith("broken.xlsx：无法作为 .xlsx 工作簿读取")


@pytest.mark.slow
def test_every_run_message_is_in_chinese(refreshed):
    rows = query(
        refreshed, "select status, message, message_zh from marts.pipeline_runs order by started_at"
    )
    assert [status for status, _, _ in rows] == ["nothing_to_publish", "published_with_quarantine"]
    for status, message, zh in rows:
        assert message and CJK.search(zh), (status, zh)
    (_, _, nothing), (_, _, published) = rows
    assert nothing.startswith("没有可发布的内容：")
    assert "empty.txt 已隔离：empty.txt：文件是空的" in nothing
    assert "保持不变" in nothing
    for file in QUARANTINED:
        assert f"{file} 已隔离：" in published


def page_text(path: Path) -> str:
    """A page's text, each run of tags a `|`: 文件信息 |documents|（8 项检查."""
    return html.unescape(re.sub(r"(<[^>]+>)+", "|", path.read_text(encoding="utf-8")))


@pytest.mark.slow
def test_the_quality_page_shows_the_chinese_first_and_the_english_beside_it(refreshed):
    page = page_text(refreshed.parents[1] / "reports" / "exports" / "quality.html")
    for zh, en in query(refreshed, "select reason_zh, reason from marts.dq_quarantine"):
        assert f"|{zh}|{en}|" in page  # the Chinese, then its English
    for zh, en in query(refreshed, "select message_zh, message from marts.pipeline_runs"):
        assert f"|{zh}|{en}|" in page
    last = "(select max(run_id) from marts.pipeline_runs)"
    checks = query(
        refreshed,
        f"select distinct suite, suite_zh, why_zh, why_en from marts.dq_results where run_id = {last}",
    )
    assert len(checks) > 50
    for suite, suite_zh, zh, en in checks:
        assert f"|{suite_zh} |{suite}|（" in page  # the suite's heading
        assert f"|{zh}|{en}|" in page

"""Taking documents in: encodings, archive by content hash, duplicates, quarantine."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from ecobench.ingest.intake import (
    ACCEPTED,
    DUPLICATE,
    QUARANTINED,
    SUPERSEDED,
    count_once,
    deduplicate,
    take_in,
)
from ecobench.ingest.text import read_bytes
from tests.conftest import SOURCES

CORPUS = Path(__file__).parents[1] / "quality" / "corpus"  # the bad inputs the gates meet
CHANGJIANG = next(SOURCES.glob("002_*.txt"))


def test_a_gbk_file_reads_as_its_utf8_original():
    gbk = read_bytes((CORPUS / "changjiang_gbk.txt").read_bytes(), "changjiang_gbk.txt")
    utf8 = read_bytes(CHANGJIANG.read_bytes(), CHANGJIANG.name)
    assert (gbk.encoding, utf8.encoding) == ("gb18030", "utf-8")
    assert gbk.content_key == utf8.content_key
    assert len(gbk.lines) == len(utf8.lines)
    title = "2022年景德镇市昌江区推进长江经济带发展工作要点"
    at = [line.number for line in utf8.lines if line.text == title]
    assert at and at == [line.number for line in gbk.lines if line.text == title]


def test_a_bom_does_not_change_the_content_key():
    raw = CHANGJIANG.read_bytes()
    assert (
        read_bytes(b"\xef\xbb\xbf" + raw, "x.txt").content_key
        == read_bytes(raw, "y.txt").content_key
    )


def test_every_file_is_archived_by_the_hash_of_its_bytes(tmp_path):
    intake = take_in(CORPUS / "binary_garbage.txt", tmp_path)
    raw = (CORPUS / "binary_garbage.txt").read_bytes()
    assert intake.outcome == QUARANTINED
    assert intake.reason == "binary_garbage.txt:1: binary content, not a text document"
    assert intake.sha256 == hashlib.sha256(raw).hexdigest()
    assert (tmp_path / intake.archived_as).read_bytes() == raw


def test_the_same_document_twice_is_taken_once(tmp_path):
    shutil.copy(CHANGJIANG, tmp_path / "zz_copy.txt")
    intakes = deduplicate(
        [
            take_in(p, tmp_path / "archive")
            for p in (CHANGJIANG, tmp_path / "zz_copy.txt", CORPUS / "changjiang_gbk.txt")
        ]
    )
    outcomes = {i.source_file: (i.outcome, i.duplicate_of) for i in intakes}
    assert outcomes == {
        CHANGJIANG.name: (ACCEPTED, None),
        "changjiang_gbk.txt": (DUPLICATE, CHANGJIANG.name),
        "zz_copy.txt": (DUPLICATE, CHANGJIANG.name),
    }
    # identical bytes are archived once
    assert len(list((tmp_path / "archive" / "documents").iterdir())) == 2


HAILING = next(SOURCES.glob("004_*.txt"))
PLAN = next(SOURCES.glob("001_*.txt"))


def test_a_copy_with_one_line_appended_is_the_same_document(tmp_path):
    """Hailing's scheme and a copy with one line added: one document, not Hailing's values
    twice (both print 泰海政办发〔2018〕26号 and the same date)."""
    copy = tmp_path / "hailing_copy.txt"
    copy.write_bytes(HAILING.read_bytes() + "\n附：本方案由区生态环境局负责解释。\n".encode())
    intakes = count_once(
        deduplicate([take_in(HAILING, tmp_path / "archive"), take_in(copy, tmp_path / "archive")])
    )
    assert [i.outcome for i in intakes] == [ACCEPTED, DUPLICATE]
    assert intakes[1].duplicate_of == HAILING.name
    assert intakes[1].reason.startswith("the same document (泰海政办发〔2018〕26号, ")


def test_the_office_word_file_wins_over_its_text_conversion(tmp_path):
    from ecobench.ingest.text import read_document
    from tests.ingest.test_formats import as_docx

    word = tmp_path / "001_plan.docx"
    word.write_bytes(as_docx(read_document(PLAN)))
    intakes = count_once(
        deduplicate([take_in(PLAN, tmp_path / "archive"), take_in(word, tmp_path / "archive")])
    )
    assert [(i.source_file, i.outcome) for i in intakes] == [
        (PLAN.name, DUPLICATE),
        ("001_plan.docx", ACCEPTED),
    ]


def test_a_revision_with_a_later_date_supersedes_the_older(tmp_path):
    revised = tmp_path / "hailing_revised.txt"
    text = HAILING.read_text(encoding="utf-8").replace(
        "发文日期: 2018-04-09", "发文日期: 2018-06-01"
    )
    assert text != HAILING.read_text(encoding="utf-8")
    revised.write_text(text, encoding="utf-8")
    intakes = count_once(
        deduplicate(
            [take_in(HAILING, tmp_path / "archive"), take_in(revised, tmp_path / "archive")]
        )
    )
    assert [(i.source_file, i.outcome) for i in intakes] == [
        (HAILING.name, SUPERSEDED),
        ("hailing_revised.txt", ACCEPTED),
    ]
    older = intakes[0]
    assert older.superseded_by == "hailing_revised.txt" and older.parsed is not None
    assert older.reason.endswith("revised on 2018-06-01: its values are kept as history")


def test_different_documents_of_one_district_stay_two(tmp_path):
    scheme = next(SOURCES.glob("000_*.txt"))
    intakes = count_once(
        deduplicate([take_in(scheme, tmp_path / "a"), take_in(PLAN, tmp_path / "a")])
    )
    assert [i.outcome for i in intakes] == [ACCEPTED, ACCEPTED]


def test_a_file_over_the_size_limit_is_refused_unread_with_the_limit_named(tmp_path, monkeypatch):
    from ecobench.ingest.intake import take

    monkeypatch.setattr(take, "MAX_FILE_MB", 0.01)  # 10 KB; 001 is about 100 KB
    path = tmp_path / CHANGJIANG.name
    shutil.copy(next(SOURCES.glob("001_*.txt")), path)
    taken = take_in(path, tmp_path / "archive")
    assert taken.outcome == QUARANTINED
    assert "MB: over the limit of 0.01 MB a file (ECOBENCH_MAX_FILE_MB); not read" in taken.reason
    assert not (tmp_path / "archive" / "documents").exists()


def test_a_document_that_parses_past_the_time_limit_is_stopped_and_quarantined(
    tmp_path, monkeypatch
):
    from ecobench import config

    monkeypatch.setattr(config, "PARSE_SECONDS", 0.05)  # 001 takes about half a second
    path = tmp_path / "plan.txt"
    shutil.copy(next(SOURCES.glob("001_*.txt")), path)
    taken = take_in(path, tmp_path / "archive")
    assert taken.outcome == QUARANTINED
    assert taken.reason == (
        "plan.txt: parsing took longer than 0.05 s, the limit of 0.05 s a file "
        "(ECOBENCH_PARSE_SECONDS); stopped"
    )
    # the next file gets a worker of its own and parses whole
    monkeypatch.setattr(config, "PARSE_SECONDS", 120)
    assert take_in(path, tmp_path / "archive").parsed.indicator_values.height > 200


def test_a_damaged_parse_cache_entry_is_parsed_again_with_a_warning(tmp_path):
    from ecobench.ingest.intake import admit, cache_path

    path = tmp_path / CHANGJIANG.name
    shutil.copy(CHANGJIANG, path)
    first = take_in(path, tmp_path / "archive")  # its rows stashed, pending the gate
    admit([first], tmp_path / "archive")
    entry = cache_path(first, tmp_path / "archive") / "tasks.parquet"
    assert take_in(path, tmp_path / "archive").cached
    entry.write_bytes(entry.read_bytes()[:50])  # truncated
    again = take_in(path, tmp_path / "archive")
    assert not again.cached and again.outcome == ACCEPTED
    assert again.repaired and "did not match its recorded hash" in again.repaired
    assert again.parsed.tasks.height == first.parsed.tasks.height > 0


def test_submissions_past_the_time_limit_are_read_again_one_by_one_and_quarantined(
    tmp_path, monkeypatch
):
    """A batch of submissions is read in one request within the limit times its files;
    past it, each file is read alone within its own limit, and the slow one is named."""
    from ecobench import config
    from ecobench.ingest.intake import take_in_batch

    monkeypatch.setattr(config, "PARSE_SECONDS", 0.001)  # no worker answers that fast
    paths = []
    for district in ("360113", "changjiang"):
        path = tmp_path / f"{district}_2024.csv"
        path.write_text(
            "区县代码,指标体系,序号,指标名称,单位,现状值,年份,备注\n"
            f"{district},jiangxi_provincial,23,城镇污水处理率,%,96,2024,\n",
            encoding="utf-8",
        )
        paths.append(path)
    taken = take_in_batch(paths, tmp_path / "archive")
    assert [t.outcome for t in taken] == [QUARANTINED, QUARANTINED]
    assert [t.reason for t in taken] == [
        f"{p.name}: parsing took longer than 0.001 s, the limit of 0.001 s a file "
        "(ECOBENCH_PARSE_SECONDS); stopped"
        for p in paths
    ]

"""Taking documents in: encodings, archive by content hash, duplicates, quarantine."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from ecobench.ingest.text import read_bytes
from ecobench.quality.intake import ACCEPTED, DUPLICATE, QUARANTINED, deduplicate, take_in
from tests.conftest import SOURCES

CORPUS = Path(__file__).parent / "corpus"
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

"""Each input of the bad-input corpus (tests/quality/corpus, README there) through the real
refresh flow, beside the five real documents: the outcome it must get, and that nothing
published is lost."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import duckdb
import pytest

from ecobench.runlog import RefreshBusy, refresh_lock
from flows.refresh import NothingToPublish, refresh
from tests.conftest import SOURCES, copy_sources, one

pytestmark = pytest.mark.slow

CORPUS = Path(__file__).parent / "corpus"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sources_with(tmp_path: Path, *names: str, without: str | None = None) -> Path:
    folder = copy_sources(tmp_path / "sources")
    for name in names:
        shutil.copy(CORPUS / name, folder / name)
    if without:
        next(folder.glob(f"{without}_*.txt")).unlink()
    return folder


@pytest.fixture(scope="module")
def published_five(tmp_path_factory, harness) -> Path:
    """The five documents published once: the warehouse folder each case below starts
    from, as an office adds a file to the warehouse it has."""
    warehouse = tmp_path_factory.mktemp("five") / "warehouse" / "ecobench.duckdb"
    refresh(copy_sources(warehouse.parents[1] / "sources"), warehouse)
    return warehouse


def published_copy(published_five: Path, tmp_path: Path) -> Path:
    """A case's own copy of that warehouse folder (parse cache, build state, run log); the
    DuckDB file linked, not copied, so that the build state still knows it (by inode) and
    the refresh builds on it, as it does on a published warehouse. Nothing writes that
    file in place: a refresh replaces it by a rename."""
    target = tmp_path / "warehouse"
    shutil.copytree(
        published_five.parent,
        target,
        ignore=shutil.ignore_patterns(published_five.name, ".build", "*.lock"),
    )
    os.link(published_five, target / published_five.name)
    return target / published_five.name


def query(warehouse: Path, sql: str, *params):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, params).fetchall()


@pytest.fixture
def last_good(tmp_path, harness) -> Path:
    """A warehouse published from the five documents, to be kept when a run fails."""
    warehouse = tmp_path / "warehouse" / "ecobench.duckdb"
    refresh(copy_sources(tmp_path / "good"), warehouse)
    return warehouse


@pytest.mark.parametrize(
    ("name", "reason", "line"),
    [
        ("empty.txt", "the file is empty", None),
        ("binary_garbage.txt", "binary content, not a text document", 1),
        ("percentage_180.txt", "a percentage is within [0, 100]", 537),
        ("other_kind.txt", "yields no indicator value, task or project is of another kind", 1),
    ],
)
def test_bad_input_is_quarantined_and_the_others_publish(
    published_five, tmp_path, name, reason, line
):
    warehouse = published_copy(published_five, tmp_path)
    summary = refresh(sources_with(tmp_path, name), warehouse)

    assert summary["status"] == "published_with_quarantine"
    assert list(summary["quarantined"]) == [name]
    assert reason in summary["quarantined"][name]
    # the five real documents published whole
    assert summary["documents"] == 5 and summary["rows"]["tasks"] == 128
    assert query(warehouse, "select count(*) from marts.dim_document") == [(5,)]
    # the quarantine names the file, its bytes and the offending rows
    sha256, archived_as, offending = one(
        duckdb.connect(str(warehouse), read_only=True),
        "select sha256, archived_as, offending_rows from marts.dq_quarantine where source_file = ?",
        name,
    )
    assert sha256 == digest(CORPUS / name)
    assert (warehouse.parent / "archive" / archived_as).read_bytes() == (CORPUS / name).read_bytes()
    if line is not None:
        assert line in [row["source_line"] for row in json.loads(offending)]


@pytest.mark.parametrize(
    ("name", "why", "line"),
    [
        ("truncated_table.txt", "a table prints every top-level indicator of its framework", 218),
        ("missing_column.txt", "every row and table of a document is read as printed", 199),
        # an unknown unit is kept as printed, not converted: it never refuses the document
        ("unknown_unit.txt", "a unit seeds/units.csv does not know", 516),
    ],
)
def test_a_damaged_table_lands_what_it_prints_with_a_located_warning(
    published_five, tmp_path, name, why, line
):
    warehouse = published_copy(published_five, tmp_path)
    # instead of the plan it was cut from: beside it, it is the same document (one 文号, most
    # of the text) and counted once
    summary = refresh(
        sources_with(tmp_path, name, without="004" if name == "unknown_unit.txt" else "001"),
        warehouse,
    )

    assert summary["status"] == "published" and summary["quarantined"] == {}
    (success, blocking, samples), *_ = query(
        warehouse,
        "select success, blocking, sample_rows from marts.dq_results "
        "where source_file = ? and starts_with(why, ?)",
        name,
        why,
    )
    assert (success, blocking) == (False, False)
    assert line in [row["source_line"] for row in json.loads(samples)]
    landed = query(
        warehouse,
        "select count(*) from marts.fct_indicator_values where source_file = ?",
        name,
    )
    assert landed[0][0] > 0


def test_a_gbk_document_is_decoded_and_reads_as_its_utf8_original(harness, tmp_path):
    warehouse = tmp_path / "warehouse" / "ecobench.duckdb"
    summary = refresh(sources_with(tmp_path, "changjiang_gbk.txt", without="002"), warehouse)

    assert summary["status"] == "published" and summary["quarantined"] == {}
    assert query(
        warehouse,
        "select source_file, encoding from marts.dim_document where district_id = ?",
        "360202",
    ) == [("changjiang_gbk.txt", "gb18030")]
    rows = query(
        warehouse,
        """select indicator_name_zh, value_raw, source_line from marts.fct_indicator_values
           where district_id = '360202' order by source_line, indicator_name_zh""",
    )
    assert len(rows) == 12 and ("营造林生产任务", "6.05万亩", 50) in rows
    assert summary["rows"]["tasks"] == 128


def test_the_same_document_twice_or_in_two_encodings_is_counted_once(harness, tmp_path):
    """Changjiang in GB18030 and a second copy of Ganzhou are counted once; Hailing's scheme
    revised (a later date, 森林覆盖率≥20% for ≥18%) supersedes the one of 2018-04-09, whose
    values stay as history."""
    folder = sources_with(tmp_path, "changjiang_gbk.txt")
    ganzhou, hailing = next(SOURCES.glob("003_*.txt")), next(SOURCES.glob("004_*.txt"))
    shutil.copy(ganzhou, folder / "ganzhou_again.txt")
    text = hailing.read_text(encoding="utf-8")
    revised = text.replace("发文日期: 2018-04-09", "发文日期: 2018-06-01").replace(
        "12. 森林覆盖率≥18%", "12. 森林覆盖率≥20%"
    )
    assert revised.count("2018-06-01") == 1 and "森林覆盖率≥20%" in revised
    (folder / "hailing_revised.txt").write_text(revised, encoding="utf-8")
    warehouse = tmp_path / "warehouse" / "ecobench.duckdb"
    summary = refresh(folder, warehouse)

    assert summary["status"] == "published"
    assert summary["duplicates"] == {
        "changjiang_gbk.txt": "002_8eab6a397703d7d4.txt",
        "ganzhou_again.txt": ganzhou.name,
    }
    assert summary["superseded"] == {hailing.name: "hailing_revised.txt"}
    assert summary["documents"] == 5 and summary["rows"]["tasks"] == 128
    assert query(
        warehouse,
        """select documents_seen, documents_duplicate, documents_superseded
           from marts.pipeline_runs""",
    ) == [(8, 2, 1)]
    forest = """select value_raw, source_file, source_line from marts.{}
                where district_id = '321202' and indicator_name_zh = '森林覆盖率'
                  and table_label is null {} order by source_file"""
    assert query(warehouse, forest.format("fct_indicator_values", "")) == [
        ("≥20%", "hailing_revised.txt", 91)
    ]
    assert query(
        warehouse,
        forest.format("fct_indicator_value_history", "and is_current is false"),
    ) == [("≥18%", hailing.name, 91)]
    current, older = query(
        warehouse,
        """select is_current, count(*), count(distinct superseded_by), min(issued_date)
           from marts.fct_indicator_value_history where district_id = '321202'
           group by is_current order by is_current desc""",
    )
    assert current[1] == older[1] and current[2] == 0  # every value, once in each revision
    assert (older[2], str(older[3]), str(current[3])) == (1, "2018-04-09", "2018-06-01")


def test_nothing_left_to_publish_keeps_the_last_good_warehouse(tmp_path, last_good):
    before = digest(last_good)
    folder = tmp_path / "bad"
    folder.mkdir()
    for name in ("empty.txt", "binary_garbage.txt", "other_kind.txt"):
        shutil.copy(CORPUS / name, folder / name)
    with pytest.raises(NothingToPublish, match=r"binary_garbage\.txt quarantined"):
        refresh(folder, last_good)
    assert digest(last_good) == before
    # the failed run is recorded, and appears in the next publication's pipeline_runs
    manifests = sorted((last_good.parent / "archive" / "runs").glob("*/manifest.json"))
    assert json.loads(manifests[-1].read_text())["status"] == "nothing_to_publish"


def test_a_missing_sources_folder_keeps_the_last_good_warehouse(tmp_path, last_good):
    before = digest(last_good)
    with pytest.raises(NothingToPublish, match="sources folder not found"):
        refresh(tmp_path / "no_such_folder", last_good)
    assert digest(last_good) == before


def test_a_second_refresh_stops_while_one_is_writing(tmp_path, last_good):
    before = digest(last_good)
    with (
        refresh_lock(last_good.parent / ".refresh.lock"),
        pytest.raises(RefreshBusy, match="another refresh is writing this warehouse"),
    ):
        refresh(copy_sources(tmp_path / "again"), last_good)
    assert digest(last_good) == before


def test_the_same_inputs_give_identical_marts(tmp_path, last_good):
    run_log = {"pipeline_runs", "dq_results", "dq_quarantine"}
    tables = [
        name
        for (name,) in query(
            last_good,
            "select table_name from information_schema.tables where table_schema = 'marts'",
        )
        if name not in run_log
    ]
    before = {t: query(last_good, f"select * from marts.{t} order by all") for t in tables}
    refresh(copy_sources(tmp_path / "again"), last_good)
    after = {t: query(last_good, f"select * from marts.{t} order by all") for t in tables}
    assert len(tables) >= 12 and after == before
    assert query(last_good, "select count(*), count(distinct status) from marts.pipeline_runs") == [
        (2, 1)
    ]


def test_every_entry_of_the_folders_is_accounted_for(harness, tmp_path):
    """A directory named *.txt, a symbolic link, a FIFO and files of kinds ecobench does not
    read are each quarantined with the reason, never opened; a README and a lock file are
    listed as ignored; the documents publish."""
    import os

    folder = copy_sources(tmp_path / "sources")
    (folder / "annex.txt").mkdir()
    (tmp_path / "outside.txt").write_text("红谷滩区人民政府\n", encoding="utf-8")
    (folder / "linked.txt").symlink_to(tmp_path / "outside.txt")
    os.mkfifo(folder / "pipe.txt")
    (folder / "plan.doc").write_bytes(b"\xd0\xcf\x11\xe0 an old Word file")
    (folder / "README.md").write_text("what is in this folder\n", encoding="utf-8")
    submissions = tmp_path / "submissions"
    submissions.mkdir()
    (submissions / "hailing_2024.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    (submissions / "~$hailing_2024.xlsx").write_bytes(b"lock")
    warehouse = tmp_path / "warehouse" / "ecobench.duckdb"
    summary = refresh(folder, warehouse, 0.0, submissions)

    assert summary["documents"] == 5 and summary["status"] == "published_with_quarantine"
    reasons = summary["quarantined"]
    assert sorted(reasons) == [
        "annex.txt",
        "hailing_2024.xls",
        "linked.txt",
        "pipe.txt",
        "plan.doc",
    ]
    assert "a directory" in reasons["annex.txt"]
    assert "a symbolic link: not followed" in reasons["linked.txt"]
    assert "not a regular file" in reasons["pipe.txt"]
    assert "a .doc file, which ecobench does not read" in reasons["plan.doc"]
    assert sorted(summary["ignored"]) == ["README.md", "~$hailing_2024.xlsx"]
    listed = query(warehouse, "select source_file from marts.dq_quarantine order by all")
    assert [name for (name,) in listed] == sorted(reasons)
    assert query(
        warehouse, "select documents_seen, documents_quarantined from marts.pipeline_runs"
    ) == [(10, 5)]
    outside = digest(tmp_path / "outside.txt")  # the link's target was never read
    assert not (warehouse.parent / "archive" / "documents" / f"{outside}.txt").exists()

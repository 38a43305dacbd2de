"""The command line: `extract` prints what would land; `refresh` says what it published."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from ecobench.cli import app
from tests.conftest import FIXTURES, SOURCES, copy_sources

runner = CliRunner()


def test_extract_json_lists_rows_with_fact_table_columns():
    result = runner.invoke(
        app, ["extract", str(next(SOURCES.glob("004_*.txt"))), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    forest = [r for r in rows if r["indicator_seq"] == "12" and r["measure"] == "standard"]
    assert forest[0]["value_raw"] == "≥18" and forest[0]["region_variant"] == "平原地区"
    assert {"district_id", "framework_id", "value_raw", "source_file", "source_line"} <= rows[
        0
    ].keys()


def test_extract_csv_of_tasks():
    result = runner.invoke(
        app, ["extract", str(next(SOURCES.glob("002_*.txt"))), "--table", "tasks"]
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("source_file,source_line,task_no")
    assert len(lines) == 31  # header + 30 tasks


def test_extract_names_the_file_it_cannot_parse(tmp_path):
    bad = tmp_path / "notes.txt"
    bad.write_bytes(b"\x00\x01 not a text")
    result = runner.invoke(app, ["extract", str(bad)])
    assert result.exit_code == 2
    assert "notes.txt:1: binary content" in result.output


def test_extract_says_when_a_document_names_no_district(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("一些无关的文字\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(notes)])
    assert result.exit_code == 0
    assert "notes.txt: district: names no district" in " ".join(result.output.split())
    assert "pass --district" in result.output


def test_fixture_excerpts_are_real_lines_of_the_documents():
    """Every fixture line must stand in a source document: fixtures are excerpts, not inventions."""
    source_lines = {
        line for path in SOURCES.glob("*.txt") for line in path.read_text("utf-8").splitlines()
    }
    for fixture in FIXTURES.glob("*.txt"):
        extra = [
            line
            for line in fixture.read_text("utf-8").splitlines()
            if line and line not in source_lines
        ]
        assert extra == [], fixture.name


@pytest.mark.slow
def test_refresh_names_a_quarantined_document_and_its_row_and_exits_1(tmp_path):
    """The real command in its own process (its own temporary Prefect server)."""
    sources = copy_sources(tmp_path / "sources")
    shutil.copy(Path(__file__).parent / "quality" / "corpus" / "percentage_180.txt", sources)
    warehouse = tmp_path / "warehouse" / "ecobench.duckdb"
    command = [str(Path(sys.executable).parent / "ecobench"), "refresh"]
    result = subprocess.run(
        [*command, "--sources", str(sources), "--warehouse", str(warehouse)],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
        check=False,
    )
    assert result.returncode == 1, result.stderr[-2000:]
    assert "quarantined percentage_180.txt" in result.stderr
    assert "percentage_180.txt:537" in result.stderr
    assert warehouse.is_file()


def test_refresh_full_checks_refreshes_an_unchanged_warehouse_with_every_row_tested(
    tmp_path, monkeypatch
):
    """--full-checks reaches the flow, and is not answered "nothing changed" (the rows were
    tested only as each build wrote them): the flow is stood in for, as if unchanged."""
    from ecobench.cli import refresh as cli_refresh

    flows = []

    def flow(*args):
        flows.append(args[-1])  # full_checks
        raise SystemExit(0)

    monkeypatch.setattr(cli_refresh, "_said_unchanged", lambda *args: True)
    monkeypatch.setattr(cli_refresh, "_run_flow", flow)
    options = ["--sources", str(tmp_path), "--warehouse", str(tmp_path / "w.duckdb")]
    assert runner.invoke(app, ["refresh", *options]).exit_code == 0
    assert flows == []
    assert runner.invoke(app, ["refresh", *options, "--full-checks"]).exit_code == 0
    assert flows == [True]


@pytest.fixture(scope="module")
def warehouse_copy(published, tmp_path_factory):
    """The published warehouse, copied: DuckDB allows one configuration per file and
    process, and the session fixture holds the file open."""
    summary, _ = published
    copy = tmp_path_factory.mktemp("sql") / "ecobench.duckdb"
    shutil.copy(summary["warehouse"], copy)
    return str(copy)


@pytest.mark.slow
def test_sql_answers_from_the_published_warehouse(warehouse_copy):
    query = (
        "select n_met, n_indicators from marts.rpt_compliance_summary "
        "where basis = 'reported' order by framework_id"
    )
    result = runner.invoke(app, ["sql", query, "--format", "csv", "--warehouse", warehouse_copy])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["n_met,n_indicators", "22,29", "31,35"]


@pytest.mark.slow
@pytest.mark.parametrize(
    "query",
    [
        "create table marts.x as select 1",
        "copy (select 1) to '/tmp/ecobench_sql_test.csv'",
        "select * from read_csv('/etc/hostname')",
        "set enable_external_access = true",
        "install httpfs",
    ],
)
def test_sql_refuses_writes_files_and_settings(warehouse_copy, query):
    result = runner.invoke(app, ["sql", query, "--warehouse", warehouse_copy])
    assert result.exit_code == 2
    assert "query refused or failed" in result.output
    assert not Path("/tmp/ecobench_sql_test.csv").exists()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("query", "options", "said"),
    [
        (
            "with recursive r(n) as (select 1 union all select n + 1 from r) select max(n) from r",
            ["--timeout", "2"],
            "stopped after 2 s, the time limit a query",
        ),
        (
            "select district_id from marts.dim_district; drop table marts.dim_district",
            [],
            "2 statements given: run one query at a time",
        ),
    ],
)
def test_sql_stops_a_runaway_query_and_refuses_several_statements(
    warehouse_copy, query, options, said
):
    result = runner.invoke(app, ["sql", query, "--warehouse", warehouse_copy, *options])
    assert result.exit_code == 2
    assert said in " ".join(result.output.split())


@pytest.mark.slow
def test_sql_caps_the_rows_it_returns_and_says_so(warehouse_copy):
    # range(1e13) streams: the first rows come back at once, the rest is never computed
    result = runner.invoke(
        app,
        [
            "sql",
            "select * from range(10000000000000)",
            "--format",
            "csv",
            "--max-rows",
            "3",
            "--warehouse",
            warehouse_copy,
        ],
    )
    assert result.exit_code == 0
    assert result.stdout.splitlines() == ["range", "0", "1", "2"]
    assert "the first 3 rows of more" in " ".join(result.stderr.split())


@pytest.mark.slow
def test_sql_stops_a_query_past_its_memory_limit(published, tmp_path):
    # a copy of its own: DuckDB opens a file with one configuration per process
    copy = tmp_path / "ecobench.duckdb"
    shutil.copy(published[0]["warehouse"], copy)
    query = "select list(range) from range(400000000)"
    result = runner.invoke(app, ["sql", query, "--warehouse", str(copy), "--memory", "200MB"])
    assert result.exit_code == 2
    assert "needs more than 200MB of memory, the limit a query" in " ".join(result.output.split())


def test_template_writes_the_workbook_and_refuses_an_unknown_district(tmp_path):
    command = [str(Path(sys.executable).parent / "ecobench"), "template"]
    out = tmp_path / "honggutan.xlsx"
    ok = subprocess.run(
        [
            *command,
            "--district",
            "honggutan",
            "--framework",
            "jiangxi_provincial",
            "--year",
            "2024",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    assert [c.value for c in load_workbook(out)["指标填报"][2]][:4] == [
        "区县代码",
        "360113",  # given as its former id, written as its code
        "指标体系",
        "jiangxi_provincial",
    ]
    bad = subprocess.run(
        [*command, "--district", "nanchang", "--framework", "jiangxi_provincial", "--year", "2024"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert bad.returncode == 2 and "district 'nanchang' is no division" in bad.stderr


def test_extract_reads_a_document_of_a_district_it_has_never_seen():
    hunan = FIXTURES / "corpus" / "hunan_provincial_county_indicators_2018.txt"
    result = runner.invoke(app, ["extract", str(hunan), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "district: 湖南省 (430000), -, 湖南省; from its title" in result.stderr
    rows = json.loads(result.stdout)
    assert len(rows) == 26 and {r["district_id"] for r in rows} == {"430000"}
    forest = [(r["region_variant"], r["value_raw"]) for r in rows if r["indicator_seq"] == "12"]
    assert forest[:3] == [("山区", "≥60"), ("丘陵区", "≥40"), ("平原地区", "≥18")]


def test_extract_district_option_decides():
    box = FIXTURES / "corpus" / "ecocounty_scores_box_table.txt"
    result = runner.invoke(
        app, ["extract", str(box), "--district", "Haiyan", "--table", "documents"]
    )
    assert result.exit_code == 0, result.output
    assert "district: 海陵区 (321202), 泰州市, 江苏省; as given" in result.stderr
    assert "line 3: the table prints no value column" in " ".join(result.stderr.split())
    bad = runner.invoke(app, ["extract", str(box), "--district", "西湖区"])
    said = " ".join(bad.output.split())
    assert bad.exit_code == 2 and "'西湖区' is ambiguous: 330106 浙江省杭州市西湖区" in said


README_QUERIES = [  # the analyst queries the README shows (not its `select …` placeholders)
    query
    for query in re.findall(
        r'ecobench sql "(select .*?)"',
        (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8"),
        re.DOTALL,
    )
    if "…" not in query
]


@pytest.mark.slow
@pytest.mark.parametrize("query", README_QUERIES, ids=[f"q{i}" for i in range(len(README_QUERIES))])
def test_every_readme_query_runs_and_answers(warehouse_copy, query):
    result = runner.invoke(app, ["sql", query, "--format", "json", "--warehouse", warehouse_copy])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout), query  # each answers with rows on the five documents


def test_the_readme_shows_its_queries():
    assert len(README_QUERIES) >= 5

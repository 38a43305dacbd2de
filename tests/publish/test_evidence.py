"""The Evidence project: its configuration, and every query of its sources and pages run
against the DuckDB file the export writes for it (Evidence itself needs the network to
load its DuckDB extension, so the site is not built here)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import pytest
import yaml

pytestmark = pytest.mark.slow

REPORTS = Path(__file__).parents[2] / "reports"
QUERY = re.compile(r"```sql (\w+)\n(.*?)```", re.DOTALL)


SOURCES = sorted((REPORTS / "sources" / "ecobench").glob("*.sql"))


@pytest.fixture(scope="module")
def evidence_db(examples_run):
    """What Evidence's pages read: each source query run on the file the export links for
    it, its result the table ecobench.<query> (as `npm run sources` names them). The
    warehouse of the five documents and the example submissions: the progress charts need
    series of two statuses or more."""
    _, exports = examples_run
    database = exports.parent / "sources" / "ecobench" / "ecobench.duckdb"
    assert database.is_file()
    con = duckdb.connect()
    con.execute(f"attach '{database}' as exported (read_only)")
    con.execute("create schema memory.ecobench")
    con.execute("use exported")
    for source in SOURCES:
        con.execute(f"create table memory.ecobench.{source.stem} as {source.read_text()}")
    con.execute("use memory")
    yield con
    con.close()


def test_the_project_declares_the_duckdb_source_and_components():
    config = yaml.safe_load((REPORTS / "evidence.config.yaml").read_text())
    assert {"@evidence-dev/duckdb"} <= config["plugins"]["datasources"].keys()
    assert {"@evidence-dev/core-components"} <= config["plugins"]["components"].keys()
    dependencies = json.loads((REPORTS / "package.json").read_text())["dependencies"]
    assert {"@evidence-dev/evidence", "@evidence-dev/duckdb", "@evidence-dev/core-components"} <= (
        dependencies.keys()
    )
    lock = json.loads((REPORTS / "package-lock.json").read_text())["packages"]
    package = json.loads((REPORTS / "package.json").read_text())
    # npm ci installs exactly the lock: it must name what package.json pins, at those
    # versions, and TypeScript 5 (npm now serves 7, outside Evidence's peer range)
    assert lock[""]["dependencies"] == dependencies
    for name, version in {**dependencies, **package["devDependencies"]}.items():
        assert lock[f"node_modules/{name}"]["version"] == version
    assert lock["node_modules/typescript"]["version"].startswith("5.")
    connection = yaml.safe_load((REPORTS / "sources" / "ecobench" / "connection.yaml").read_text())
    assert connection == {
        "name": "ecobench",
        "type": "duckdb",
        "options": {"filename": "ecobench.duckdb"},
    }


def test_every_source_query_runs(evidence_db):
    assert len(SOURCES) >= 10
    for source in SOURCES:
        (n,) = evidence_db.execute(f"select count(*) from ecobench.{source.stem}").fetchone()
        assert n or source.stem == "dq_quarantine", source.name


PAGES = sorted((REPORTS / "pages").rglob("*.md"))
INPUTS = {"framework": "national_revised", "series": "湿地保护率"}
PARAMS = {
    "district_id": ["360113", "321202", "360202", "360700"],
    "concept_id": ["C16", "C15"],
}


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(REPORTS)) for p in PAGES])
def test_every_page_query_runs_and_every_component_names_a_query(evidence_db, page):
    text = page.read_text(encoding="utf-8")
    queries = dict(QUERY.findall(text))
    assert queries, page
    for used in re.findall(r"data=\{(\w+)\}", text):
        assert used in queries, f"{page.name}: component data={{{used}}} names no query"
    params = re.findall(r"\$\{params\.(\w+)\}", text)
    found = dict.fromkeys(queries, 0)
    for value in PARAMS[params[0]] if params else [None]:
        for name, sql in queries.items():
            if value is not None:
                sql = sql.replace(f"${{params.{params[0]}}}", value)
            for field, chosen in INPUTS.items():  # what a page's dropdown chooses first
                sql = sql.replace(f"${{inputs.{field}.value}}", chosen)
            found[name] += len(evidence_db.execute(sql).fetchall())
    # every query returns rows for some page (quarantine is empty when nothing was quarantined)
    assert [name for name, n in found.items() if n == 0 and name != "quarantine"] == []


def test_the_evidence_exposure_names_every_table_its_sources_read():
    """models/exposures.yml declares what the Evidence pages are built from: the marts its
    sources read, no more and no fewer, so the dbt lineage shows what a change reaches."""
    exposures = yaml.safe_load((REPORTS.parent / "models" / "exposures.yml").read_text())
    (site,) = [e for e in exposures["exposures"] if e["name"] == "evidence_site"]
    declared = {re.fullmatch(r"ref\('(\w+)'\)", ref)[1] for ref in site["depends_on"]}
    read = {
        table
        for source in SOURCES
        for table in re.findall(r"\bmarts\.(\w+)", source.read_text(encoding="utf-8"))
    }
    assert declared == read and len(read) >= 15

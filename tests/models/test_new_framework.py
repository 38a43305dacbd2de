"""Adding a framework version is data only: a list the seeds do not hold (Hunan's provincial
county list, as published, tests/fixtures/corpus), read by `extract --table
framework_indicators`, a row in frameworks.csv and framework_versions.csv and four crosswalk
rows; then every district is evaluated under it, with no code change."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import duckdb
import polars as pl
import pytest

from ecobench import warehouse
from ecobench.config import PROJECT_ROOT
from ecobench.ingest.frameworks import COLUMNS, framework_rows
from ecobench.landing import expressions_frame
from tests.conftest import FIXTURES

pytestmark = pytest.mark.slow

HUNAN = FIXTURES / "corpus" / "hunan_provincial_county_indicators_2018.txt"
CROSSWALK = [  # Hunan seq -> the concept its indicator measures (seeds/concepts.csv)
    ("HN18", "2", "C03", "level"),
    ("HN18", "8", "C09", "level"),
    ("HN18", "12", "C16", "forest"),
    ("HN18", "14", "C20", "level"),
]


def append(path: Path, rows: list[dict]) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    with path.open("a", encoding="utf-8", newline="") as handle:
        csv.DictWriter(handle, fieldnames=header, lineterminator="\n").writerows(rows)


@pytest.fixture(scope="module")
def with_hunan(published, tmp_path_factory):
    from ecobench.ingest.text import read_document

    summary, _ = published
    root = tmp_path_factory.mktemp("hunan")
    for name in ("models", "macros", "seeds", "data-tests"):
        shutil.copytree(PROJECT_ROOT / name, root / name)
    for name in ("dbt_project.yml", "profiles.yml"):
        shutil.copy(PROJECT_ROOT / name, root / name)
    seeds = root / "seeds"
    append(
        seeds / "frameworks.csv",
        [
            {
                "framework_id": "hunan_provincial",
                "name_zh": "湖南省生态文明建设示范县、市指标（试行）",
                "name_en": "Hunan provincial eco-civilization county/city indicators (trial)",
                "kind": "provincial",
                "issuer_zh": "湖南省环境保护厅",
                # the name reasons and summaries give it (stg_reference__texts)
                "short_zh": "湖南省级指标",
                "short_en": "Hunan provincial list",
            }
        ],
    )
    append(
        seeds / "framework_versions.csv",
        [
            {
                "version_id": "HN18",
                "framework_id": "hunan_provincial",
                "version_year": "2018",
                "doc_number": "湘环发〔2018〕9号",
                "name_zh": "湖南省生态文明建设示范县指标（试行）",
                "scope": "county",
                "compare_to_version_id": "H17",
                "is_assessed": "true",
                "completeness": "partial",
                "source": "tests/fixtures/corpus/hunan_provincial_county_indicators_2018.txt",
            }
        ],
    )
    rows = framework_rows(read_document(HUNAN), "HN18", "hunan_provincial")
    assert list(rows[0]) == list(COLUMNS)
    append(seeds / "framework_indicators.csv", rows)
    append(
        seeds / "crosswalk.csv",
        [
            {"version_id": v, "seq": s, "concept_id": c, "definition_id": d, "is_primary": "true"}
            for v, s, c, d in CROSSWALK
        ],
    )
    landing = root / "landing"
    shutil.copytree(Path(summary["warehouse"]).parent / "landing", landing)
    printed = pl.read_parquet(landing / "indicator_values.parquet").select("value_raw")
    expressions_frame(printed, seeds).write_parquet(landing / "expressions.parquet")
    database = root / "build" / "hunan.duckdb"
    database.parent.mkdir()
    proc = warehouse.run_dbt("build --exclude-resource-type unit_test", database, landing, root)
    assert proc.returncode == 0, proc.stdout[-3000:]
    con = duckdb.connect(str(database), read_only=True)
    yield con
    con.close()


def test_every_district_is_evaluated_under_the_new_version(with_hunan):
    rows = with_hunan.execute(
        """
        select district_id, concept_id, measure, period_year, value_raw, verdict, reason_en
        from marts.rpt_cross_framework
        where evaluated_version_id = 'HN18'
        order by all
        """
    ).fetchall()
    assert {district for district, *_ in rows} == {"360113", "321202", "360700"}
    # Honggutan's 2022 forest cover (001 表3-1) under Hunan's plain-area standard, ≥18
    assert (
        "360113",
        "C16",
        "status",
        2022,
        "12.1",
        "not_met",
        "12.1 does not satisfy >= 18.0",
    ) in rows
    assert ("321202", "C16", "target", 2018, "≥18%", "met", "18.0 satisfies >= 18.0") in rows
    assert (
        "360113",
        "C03",
        "status",
        2022,
        "16%",
        "not_met",
        "16.0 does not satisfy >= 20.0",
    ) in rows
    # Ganzhou states no terrain: its forest cover, 76%, is judged against every variant of
    # the standard (山区≥60, 丘陵区≥40, 平原地区≥18) and meets them all
    ganzhou = {(c, v, r) for d, c, _, _, _, v, r in rows if d == "360700"}
    assert (
        "C16",
        "met",
        "terrain unknown; every variant is met: 76.0 satisfies >= 60.0; 76.0 satisfies >= 40.0; "
        "76.0 satisfies >= 18.0",
    ) in ganzhou


def test_the_new_version_is_listed_with_its_indicators(with_hunan):
    (n,) = with_hunan.execute(
        "select count(*) from marts.dim_framework_indicator where version_id = 'HN18'"
    ).fetchone()
    assert n == 25  # 18 indicators, 6 sub-indicators of 9, 10 and 13, and 12.1

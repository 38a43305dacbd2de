"""A county the seeds do not hold (靖安县, 360925) through the yearly cycle, as a new user
takes it: its plan lands, its workbook is written for it by name, two years of statuses
come back, and it is ranked and reported, one id (its GB/T 2260 code) throughout, under
the national lists and its own province's list only."""

from __future__ import annotations

import html
import re
import shutil

import duckdb
import pytest
from openpyxl import load_workbook

from ecobench.ingest.submissions import SHEET
from ecobench.publish.submission_form import write_template
from tests.conftest import FIXTURES, copy_sources, one

pytestmark = pytest.mark.slow

COUNTIES = FIXTURES / "counties"
JINGAN = "360925"


def filled(path, values: dict[str, object]):
    """Type statuses into a template's 现状值 cells by 序号."""
    book = load_workbook(path)
    for row in book[SHEET].iter_rows(min_row=5):
        if str(row[0].value) in values:
            row[4].value = values[str(row[0].value)]
    book.save(path)
    return path


@pytest.fixture(scope="module")
def cycle(tmp_path_factory, harness):
    from flows.refresh import refresh

    root = tmp_path_factory.mktemp("new_county")
    sources = copy_sources(root / "sources")
    shutil.copy(COUNTIES / "jingan_2022_plan_table.txt", sources)
    submissions = root / "submissions"
    submissions.mkdir()
    warehouse = root / "warehouse" / "ecobench.duckdb"
    first = refresh(sources, warehouse, 0.0, submissions)
    # the county's own workbooks, asked for by name and by code, two years of statuses
    for year, district, values in (
        (2023, "靖安县", {"9": 76.8, "23": 91.2, "12": 55.0, "2": 18}),
        (2024, JINGAN, {"9": 77.4, "23": 93.0, "12": 56.1, "2": 21}),
    ):
        path = write_template(
            district, "jiangxi_provincial", year, submissions / f"jingan_{year}.xlsx"
        )
        filled(path, values)
    second = refresh(sources, warehouse, 0.0, submissions)
    con = duckdb.connect(str(warehouse), read_only=True)
    yield first, second, con, warehouse
    con.close()


def test_its_plan_lands_under_its_code_with_an_english_name(cycle):
    first, _, con, _ = cycle
    assert first["status"] == "published" and first["quarantined"] == {}
    assert one(
        con,
        "select district_id, name_zh, name_en, city_zh, province_zh from marts.dim_district "
        "where district_code = ?",
        JINGAN,
    ) == (JINGAN, "靖安县", "Jing'an County", "宜春市", "江西省")


def test_its_workbook_names_it_by_code_whatever_it_was_asked_by(tmp_path):
    path = write_template("宜春市靖安县", "national_revised", 2024, tmp_path / "t.xlsx")
    assert [c.value for c in load_workbook(path)[SHEET][2]][:2] == ["区县代码", JINGAN]
    assert load_workbook(path)[SHEET]["A1"].value == "靖安县生态文明建设指标现状值填报表（2024年）"


def test_two_years_of_its_statuses_are_accepted_and_judged(cycle):
    _, second, con, _ = cycle
    assert second["status"] == "published" and second["quarantined"] == {}
    assert con.execute(
        """select period_year, indicator_seq, value_raw from marts.fct_submitted_values
           where district_id = ? and indicator_seq in ('2', '9') order by all""",
        [JINGAN],
    ).fetchall() == [(2023, "2", "18"), (2023, "9", "76.8"), (2024, "2", "21"), (2024, "9", "77.4")]
    # the latest year is judged: its 2023 binding failure (18 against ≥20) is mended in 2024
    assert con.execute(
        """select period_year, framework_seq, value_raw, verdict from marts.fct_submission_verdicts
           where district_id = ? and framework_id = 'jiangxi_provincial'
             and framework_seq in ('2', '9') order by all""",
        [JINGAN],
    ).fetchall() == [(2024, "2", "21", "met"), (2024, "9", "77.4", "met")]
    # under the revised and Jiangxi lists nothing binding fails today; the 2016 trial list
    # asks 100% urban sewage treatment, and 93.0 fails it
    assert con.execute(
        """select framework_id, framework_seq, value_raw, standard_raw, source_file, source_line
           from marts.rpt_binding_failures where district_id = ? and source_kind = 'submission'""",
        [JINGAN],
    ).fetchall() == [("national_trial", "27", "93", "100", "jingan_2024.xlsx", 31)]
    # the revised list's ΔEQI≥-1 is judged on the change between the two submitted levels
    assert one(
        con,
        """select reason_en, reason_zh from marts.fct_submission_verdicts
           where district_id = ? and framework_id = 'national_revised' and framework_seq = '9'""",
        JINGAN,
    ) == (
        "77.4 (2024) - 76.8 (2023) = 0.6 satisfies ΔEQI≥-1",
        "77.4（2024年）− 76.8（2023年）= 0.6，满足 ΔEQI≥-1",
    )
    # and its trend over the two years is judged against the list's standards
    assert one(
        con,
        """select progress_class from marts.rpt_progress where district_id = ?
           and version_id = 'JX' and concept_name_zh like '生态质量指数%'""",
        JINGAN,
    ) == ("on_track",)


def test_one_id_throughout_and_only_the_lists_that_apply(cycle):
    _, _, con, _ = cycle
    ids = {
        table: {
            d for (d,) in con.execute(f"select distinct district_id from marts.{table}").fetchall()
        }
        for table in (
            "dim_district",
            "fct_indicator_values",
            "fct_submitted_values",
            "rpt_district_ranking",
        )
    }
    assert all(JINGAN in found for found in ids.values()), ids
    assert not any("jingan" in d or "靖安" in d for found in ids.values() for d in found)
    assert {
        f
        for (f,) in con.execute(
            "select distinct framework_id from marts.rpt_district_ranking where district_id = ?",
            [JINGAN],
        ).fetchall()
    } == {"jiangxi_provincial", "national_revised", "national_trial"}
    # Hailing (Jiangsu) is under the national lists only
    assert {
        f
        for (f,) in con.execute(
            "select distinct framework_id from marts.rpt_district_ranking where district_id = '321202'"
        ).fetchall()
    } == {"national_revised", "national_trial"}


def test_its_section_of_the_report_heads_it_in_chinese_and_english(cycle):
    *_, warehouse = cycle
    page = (warehouse.parent.parent / "reports" / "exports" / "report.html").read_text(
        encoding="utf-8"
    )
    section = page[page.index(f'id="district-{JINGAN}"') :]
    heading = html.unescape(re.sub(r"<[^>]+>", "", section[: section.index("</h2>")]))
    assert "靖安县" in heading and "Jing'an County" in heading and "靖安县 靖安县" not in heading

"""Progress over time, end to end: the example submissions of two districts, over four
years, reach rpt_progress with every class, their lineage, the summary, the report and the
workbook. The classes and rates themselves (on track, moderately improving, stagnating,
past due, decreasing, lower is better, qualitative, one status) are computed by hand in
rpt_progress's dbt unit tests (models/marts/benchmark/_benchmark__unit_tests.yml), on the
same series.
"""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from tests.publish.browser import browse, sections

pytestmark = pytest.mark.slow

# the example submissions the README shows (docs/examples/submissions/): Honggutan's
# wetland, sewage, emergency mechanism, EQI and EI; Hailing's sewage, energy intensity,
# mechanism and green buildings (Jiangsu: the national lists only)


@pytest.fixture(scope="module")
def run(examples_run):
    return examples_run


@pytest.fixture(scope="module")
def warehouse(run):
    return run[0]


def test_ei_never_enters_an_eqi_series(warehouse):
    series = warehouse.execute(
        """select definition_id, list(period_year order by period_year),
                  list(value_canonical order by period_year)
           from marts.fct_status_trajectory
           where district_id = '360113' and concept_id = 'C15' and not value_is_change
           group by all order by 1"""
    ).fetchall()
    # 001 printed EQI 46.48 for 2021 (line 339); the submission adds 2024. EI 60.2 (2023,
    # under the 2017 list) is its own series, never the EQI's point between them
    assert series == [("EI", [2023], [60.2]), ("EQI", [2021, 2024], [46.48, 47.0])]


def test_every_class_is_present_with_lineage_at_both_ends(warehouse):
    classes = warehouse.execute(
        "select distinct progress_class from marts.rpt_progress order by 1"
    ).fetchall()
    assert [c for (c,) in classes] == [
        "decreasing",
        "insufficient_data",
        "moderately_improving",
        "off_track_now",  # Honggutan's 16% against the binding ≥20, one status only
        "on_track",
        "stagnating",
    ]
    row = warehouse.execute(
        "select latest_source, previous_source, target_source from marts.rpt_progress "
        "where district_id = '321202' and concept_id = 'C36' and version_id = 'R21'"
    ).fetchone()
    assert row == (
        "hailing_2021_2024.csv:5",
        "hailing_2021_2024.csv:4",
        "seeds/framework_indicators.csv: national_revised 25",
    )
    summary = warehouse.execute(
        "select n_moderately_improving, n_binding, n_binding_off_track "
        "from marts.rpt_progress_summary where district_id = '321202' "
        "and framework_id = 'national_revised'"
    ).fetchone()
    # sewage (binding, moderately improving), the mechanism (binding, decreasing), energy
    # intensity (binding: 完成上级规定的目标任务, insufficient data)
    assert summary == (1, 3, 2)


def test_the_report_and_the_workbook_show_the_progress(run):
    _, exports = run
    parts = sections(browse((exports / "report.html").as_uri())[0])
    hailing = parts["district-321202"]
    assert "进展 Progress towards its targets and the standards" in hailing
    assert "城镇污水处理率 %" in hailing  # a chart: the sewage series and its unit
    page = (exports / "report.html").read_text(encoding="utf-8")
    district = page[page.index('id="district-321202"') :]
    district = district[: district.index("</section>")]
    # sewage (4 statuses) and energy intensity (3): a dot a status, a diamond a target
    assert district.count('class="status"') == 4 + 3
    assert 'class="required"' in district and 'class="target"' in district
    assert "改善速度达到所需的一半以上" in hailing  # the reason's Chinese (rpt_progress.reason_zh)
    # the rankings carry each district's progress arrow: Hailing's Jiangxi targets are one
    # moderately improving and one decreasing, the better class shown on a tie
    assert "↗" in parts["rankings"]
    book = load_workbook(exports / "ecobench.xlsx", read_only=True)
    assert "进展" in book.sheetnames and "进展汇总" in book.sheetnames
    rows = list(book["进展"].iter_rows(min_row=2, max_row=2, values_only=True))
    assert "progress_class_zh" in rows[0]  # the class in Chinese; its code stays in the parquet

"""Progress over time, end to end: two districts report four years; every class comes out
with the rates computed here by hand.

Settings (seeds/ranking_settings.csv): standards are due in 2030; the observed change is
the least-squares slope over the last 3 points where there are 3, else the latest two; on
track at 100 % of the required change, moderately improving from 50 %.
"""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from tests.publish.browser import browse, sections

pytestmark = pytest.mark.slow

# the example submissions the README shows (docs/examples/submissions/):
# - Honggutan: wetland protection (JX 12, ≥52) 17.0 → 18.5, +0.5 a year; urban sewage
#   (JX 23, ≥85) 96 → 93, above the standard but falling a point a year; the emergency
#   mechanism (JX 15) 达标 in 2024; EQI 47.0 in 2024 under Jiangxi's list and EI 60.2 in
#   2023 under the 2017 national list: two series;
# - Hailing (Jiangsu: the national lists only): sewage (R21 25, ≥85) 70 → 74.5, +1.5 a
#   year; energy intensity (H17 21, ≤0.70, lower is better) 0.80, 0.79, —, 0.77; the
#   mechanism (R21 14) 达标 in 2023, 未达标 in 2024; green buildings (R21 30) reported once.
PROGRESS = """
    select target_year, target_value, latest_value, latest_year, n_points, observed_rate,
           required_rate, years_to_target, progress_class
    from marts.rpt_progress
    where district_id = ? and concept_id = ? and target_kind = ? and coalesce(version_id, '') = ?
    order by target_year
"""


@pytest.fixture(scope="module")
def run(examples_run):
    return examples_run


@pytest.fixture(scope="module")
def warehouse(run):
    return run[0]


def progress(con, district, concept, kind="framework_standard", version="JX"):
    return con.execute(PROGRESS, [district, concept, kind, version]).fetchall()


def test_on_track_stagnating_and_past_due_from_one_wetland_series(warehouse):
    # 17.0 … 18.5: slope over 2022-2024 = 0.5 a year
    own = progress(warehouse, "360113", "C18", "own_target", "")
    by_year = {row[0]: row for row in own}
    # 001's own 2025 target 18: already passed (18.5), not falling
    assert by_year[2025] == (2025, 18.0, 18.5, 2024, 4, 0.5, 0.0, 0.0, "on_track")
    # 2030 target 20: (20 - 18.5) / 6 = 0.25 a year needed, 0.5 observed; 1.5 / 0.5 = 3 years
    assert by_year[2030] == (2030, 20.0, 18.5, 2024, 4, 0.5, 0.25, 3.0, "on_track")
    # 52 printed for 2024 (受保护湿地面积): its year has passed, 18.5 short of it
    assert by_year[2024][-1] == "stagnating" and by_year[2024][6] is None
    # Jiangxi's ≥52 by 2030: (52 - 18.5) / 6 = 5.5833 needed; 0.5 is 9 %: stagnating
    assert progress(warehouse, "360113", "C18") == [
        (2030, 52.0, 18.5, 2024, 4, 0.5, 5.5833, 67.0, "stagnating")
    ]


def test_moderately_improving_and_decreasing(warehouse):
    # Hailing's sewage: slope 1.5; (85 - 74.5) / 6 = 1.75 needed; 1.5 / 1.75 = 86 %
    assert progress(warehouse, "321202", "C36", version="R21") == [
        (2030, 85.0, 74.5, 2024, 4, 1.5, 1.75, 7.0, "moderately_improving")
    ]
    # Honggutan's sewage is above 85 but falls a point a year
    assert progress(warehouse, "360113", "C36") == [
        (2030, 85.0, 93.0, 2024, 4, -1.0, 0.0, 0.0, "decreasing")
    ]


def test_lower_is_better_is_mirrored_and_a_missing_year_does_not_break_the_slope(warehouse):
    # 0.80, 0.79, —, 0.77: slope -0.01 a year, 0.01 towards better; (0.77 - 0.70) / 6 =
    # 0.011667 needed: 86 %; 0.07 / 0.01 = 7 years
    assert progress(warehouse, "321202", "C26", version="H17") == [
        (2030, 0.7, 0.77, 2024, 3, 0.01, 0.0117, 7.0, "moderately_improving")
    ]


def test_qualitative_on_track_when_met_and_staying_met(warehouse):
    assert progress(warehouse, "360113", "C21")[0][-1] == "on_track"
    lost = progress(warehouse, "321202", "C21", version="R21")
    assert lost[0][-1] == "decreasing"  # met in 2023, not in 2024


def test_one_status_is_insufficient_data_with_its_reason(warehouse):
    assert warehouse.execute(
        "select progress_class, reason_code, reason_zh, reason_en from marts.rpt_progress "
        "where district_id = '321202' and concept_id = 'C42' and version_id = 'R21'"
    ).fetchall() == [
        (
            "insufficient_data",
            "one_status",
            "只有一个现状值，尚无趋势",
            "one status only: no trend yet",
        )
    ]


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
    eqi = progress(warehouse, "360113", "C15")
    # (70 - 47) / 6 = 3.8333 needed; (47 - 46.48) / 3 = 0.1733 observed: stagnating;
    # 23 / 0.1733 = 132.7 years at that pace
    assert eqi == [(2030, 70.0, 47.0, 2024, 2, 0.1733, 3.8333, 132.7, "stagnating")]


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

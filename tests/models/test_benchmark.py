"""Benchmark and ranking marts on the five documents."""

from __future__ import annotations

import pytest

from tests.conftest import one

pytestmark = pytest.mark.slow


def test_only_a_district_with_enough_data_is_ranked(published):
    _, con = published
    rows = con.execute("""select district_id, rank, rank_status from marts.rpt_district_ranking
                          where framework_id = 'jiangxi_provincial' and domain = 'overall'
                            and basis = 'status' order by district_id""").fetchall()
    # Hailing (Jiangsu) is not ranked under Jiangxi's list: it does not apply there
    assert rows == [
        ("360113", 1, "ranked"),
        ("360202", None, "insufficient_data"),
        ("360700", None, "insufficient_data"),
    ]
    # Honggutan's statuses cover 24 of the 26 provincial indicators a value can be scored
    # on, of the list's 29 (6, 18 and 19 are 完成上级规定的任务; 7.1 and 7.2 count as 7)
    assert one(
        con,
        """select n_scored, n_in_scope, n_indicators from marts.rpt_district_ranking
                       where district_id = '360113' and framework_id = 'jiangxi_provincial'
                         and domain = 'overall' and basis = 'status'""",
    ) == (24, 26, 29)


def test_an_indicator_scores_between_its_lower_bound_and_its_standard(published):
    _, con = published
    # 湿地保护率 17.28 against ≥52: 100 × 17.28 / 52
    row = one(
        con,
        """select score, rating from marts.fct_indicator_scores
                      where district_id = '360113' and version_id = 'JX' and framework_seq = '12'
                        and basis = 'status'""",
    )
    assert row == (33.2, "not_met")


def test_eq_and_ei_never_share_a_benchmark_row(published):
    _, con = published
    rows = con.execute("""select district_id, definition_id, status_raw, version_id, standard_raw
                          from marts.rpt_benchmark_concept where concept_id = 'C15'
                          order by district_id, definition_id, version_id""").fetchall()
    assert ("360113", "EQI", "46.48", "JX", "≥70") in rows
    assert not [row for row in rows if row[1] == "EQI" and row[3] == "H17"]  # H17 rates EI


def test_each_assessed_version_is_a_row_of_the_benchmark_and_one_rating_heads_it(published):
    """Honggutan's 森林覆盖率 (C16): 001 prints its status 12.1 (表3-1, the forest measure)
    and 14.7 for 林草覆盖率 (表3-2). Each assessed version that sets a standard for the
    measure is a row of its own, with the standard as the seeds print it; the heat map's one
    rating is Jiangxi's, the district's provincial list."""
    _, con = published
    rows = con.execute(
        """select definition_id, version_id, standard_raw, status_raw, is_headline
           from marts.rpt_benchmark_concept
           where concept_id = 'C16' and district_id = '360113'
           order by definition_id, version_id"""
    ).fetchall()
    assert rows == [
        ("forest", "H17", "平原地区:≥18", "12.1", False),
        ("forest", "JX", "平原区:>18", "12.1", True),
        ("forest_grass", "R21", "平原区:>18", "14.7", False),
    ]


def test_departments_are_normalised(published):
    _, con = published
    types = one(
        con,
        """select lead_department_types from marts.rpt_plan_coverage
                        where district_id = '321202' and concept_id = 'C09'""",
    )[0]
    assert "ecology_environment" in types

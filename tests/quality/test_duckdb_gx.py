"""The gates where the rows are: the marts suite on DuckDB through GX's SQL data source
(with the connection fix), the submissions' value sets judged on their distinct values.
Each failure still names its rows by file and line."""

from __future__ import annotations

import polars as pl
import pytest
import sqlalchemy as sa

import expectations
from ecobench.quality.checks import checks_frame
from ecobench.quality.frames import submission_frame
from ecobench.quality.gate import Gate
from ecobench.quality.plausibility import with_plausibility
from ecobench.quality.reference import load_reference

REF = load_reference()
NATIONAL = next(f for f, _ in sorted(REF.indicators) if not REF.framework_provinces.get(f))


@pytest.fixture(scope="module")
def gate():
    return Gate(REF, expectations.SUBMISSION_SUITES + expectations.MART_SUITES)


def test_gxs_sql_engine_on_duckdb_returns_the_rows_it_fetched(gate):
    """Without the fix, GX 1.24.1 closes the connection before its caller fetches, and on
    DuckDB the rows are gone: every query reads as empty."""
    gate.checkpoint("fct_indicator_values")
    engine = gate._sql.source.get_execution_engine()
    assert engine.execute_query(sa.text("select 42 as answer")).fetchall() == [(42,)]


def marts(values: list[float]) -> pl.DataFrame:
    """fct_indicator_values rows of one plan's table, a share per line from line 10, as the
    marts gate reads them (mart_frames: with their plausibility)."""
    concept = next(c for c, units in sorted(REF.concept_units.items()) if "%" in units)
    n = len(values)
    frame = pl.DataFrame(
        {
            "source_file": ["001_plan.txt"] * n,
            "source_line": list(range(10, 10 + n)),
            "concept_id": [concept] * n,
            "table_label": ["表3-1"] * n,
            "measure": ["status"] * n,
            "unit_read": ["%"] * n,
            "canonical_unit": ["%"] * n,
            "value_is_change": [False] * n,
            "value_canonical": values,
            "compliance_computed": ["met"] * n,
        }
    )
    return with_plausibility(
        frame, "concept_id", "canonical_unit", "value_is_change", "value_canonical"
    )


def test_a_published_percentage_of_120_is_named_by_file_and_line_on_duckdb(gate):
    checks = gate.validate("fct_indicator_values", marts([42.0, 120.0]), run_id="t", stage="marts")
    failed = [c for c in checks if not c.success]
    assert "expect_column_values_to_be_between(column=value_canonical" in failed[0].expectation
    assert all(c.blocking and c.offending == [("001_plan.txt", 11)] for c in failed)
    assert '"value_canonical": 120.0, "source_file": "001_plan.txt"' in failed[0].sample_rows
    passed = [c for c in checks if c.success and c.unexpected_count is None]
    assert passed == []  # counted 0, as on pandas, where no row meets the condition


def test_every_failing_published_row_is_named_not_the_first_20(gate):
    """GX's SQL engine names 20 failing rows unless told more; the blame needs them all."""
    checks = gate.validate("fct_indicator_values", marts([150.0] * 25), run_id="t", stage="marts")
    [between] = [c for c in checks if "between(column=value_canonical" in c.expectation]
    assert between.unexpected_count == 25
    assert between.offending == [("001_plan.txt", line) for line in range(10, 35)]


def submitted(bad: dict[str, tuple[str | None, str]]) -> tuple[pl.DataFrame, dict[str, int]]:
    """A district's submission under a national list, a row per share (50 %) and per
    qualitative indicator (达标), with `bad` rows (序号: unit, value) instead or beside; and
    each 序号's line."""
    framework, district = NATIONAL, next(iter(REF.district_provinces))
    seqs = [
        seq
        for (fw, seq), ref in REF.indicators.items()
        if fw == framework and (ref.unit == "%" or not ref.is_quantitative)
    ]
    seqs += [seq for seq in bad if seq not in seqs]
    rows = []
    for line, seq in enumerate(seqs, start=2):
        ref = REF.indicators.get((framework, seq))
        unit, raw = bad.get(seq) or (
            (ref.unit, "50") if ref and ref.is_quantitative else (None, "达标")
        )
        number = float(raw) if raw.replace(".", "").isdigit() else None
        where = (f"{district}.csv", line, framework, seq, district, district, False, 2024)
        rows.append((*where, unit, raw, number))
    columns = "source_file source_line framework_id indicator_seq district_id district_raw"
    columns += " is_synthetic period_year unit value_raw value_num"
    frame = pl.DataFrame(rows, schema=columns.split(), orient="row")
    return frame, {seq: line for line, seq in enumerate(seqs, start=2)}


def share_indicators() -> list[str]:
    return [seq for (fw, seq), ref in REF.indicators.items() if fw == NATIONAL and ref.unit == "%"]


def test_a_bad_submitted_row_is_caught_with_its_file_and_line(gate):
    share, other = share_indicators()[:2]
    good, _ = submitted({})
    rows, line = submitted({share: ("%", "120"), other: ("吨", "50"), "99": ("%", "50")})
    assert [c for c in _validate(gate, good) if not c.success] == []
    failed = {c.column: c.offending for c in _validate(gate, rows) if not c.success}
    file = rows["source_file"][0]
    assert failed["unit_given"] == [(file, line[other])]
    assert failed["value_num"] == [(file, line[share])]
    assert failed["indicator_key"] == [(file, line["99"])]  # a value set, on distinct values


def test_value_sets_judged_on_distinct_values_tell_what_the_whole_suite_tells(gate):
    """The shortcut gives the same Check rows as the suite run whole on the rows, in the
    suite's order: counts, samples and every failing line."""
    share = share_indicators()[0]
    rows, _ = submitted({share: ("%", "120"), "99": ("%", "50")})
    frame = submission_frame(rows, REF)
    shortcut = gate.validate("submissions", frame, run_id="t", stage="submission")
    split = gate._distinct["submissions"]
    assert len(split.projections) == 5  # the five value-set expectations of the suite
    whole = gate.checkpoint("submissions").run(batch_parameters={"dataframe": frame.to_pandas()})
    told = gate._checks("submissions", whole, run_id="t", stage="submission", source_file=None)
    told = sorted(told, key=split.place)
    assert checks_frame(shortcut).equals(checks_frame(told))
    assert [c.offending for c in shortcut] == [c.offending for c in told]


def _validate(gate, rows: pl.DataFrame):
    return gate.validate("submissions", submission_frame(rows, REF), run_id="t", stage="submission")

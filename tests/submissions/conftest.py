"""Filled submission workbooks: the template `ecobench template` writes, with values typed in."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

import expectations
from ecobench.ingest.submissions import SHEET, read_submission
from ecobench.publish.submission_form import write_template
from ecobench.quality.checks import describe_cells
from ecobench.quality.frames import submission_frame
from ecobench.quality.gate import Gate
from ecobench.quality.reference import load_reference

FIRST_ROW = 5  # the row of the first indicator, under the header row 4


def fill(
    path: Path,
    values: dict[str, object],
    *,
    submitted_on: str | None = None,
    units: dict[str, str] | None = None,
    years: dict[str, object] | None = None,
    extra_rows: list[list] | None = None,
) -> Path:
    """Type values into a template's 现状值 cells by 序号 (and override units or years)."""
    book = load_workbook(path)
    sheet = book[SHEET]
    if submitted_on:
        sheet["H2"] = submitted_on
    for row in sheet.iter_rows(min_row=FIRST_ROW):
        seq = str(row[0].value)
        if seq in values:
            row[4].value = values[seq]
        if units and seq in units:
            row[2].value = units[seq]
        if years and seq in years:
            row[5].value = years[seq]
    for extra in extra_rows or []:
        sheet.append(extra)
    book.save(path)
    return path


@pytest.fixture
def workbook(tmp_path):
    """A filled template: workbook(district, framework, year, values, **overrides)."""

    def make(district, framework, year, values, name=None, **overrides) -> Path:
        path = tmp_path / (name or f"{district}_{framework}_{year}.xlsx")
        write_template(district, framework, year, path)
        return fill(path, values, **overrides)

    return make


@pytest.fixture(scope="module")
def gate():
    """The submissions suite, as the refresh runs it."""
    return Gate(load_reference(), expectations.SUBMISSION_SUITES)


def errors(gate, path) -> list[str]:
    """Each blocking failure of a submission file, cell by cell."""
    rows = read_submission(path.read_bytes(), path.name, "sha")
    checks = gate.validate(
        "submissions", submission_frame(rows, load_reference()), run_id="t", stage="submission"
    )
    return [describe_cells(c, rows) for c in checks if c.blocking and not c.success]

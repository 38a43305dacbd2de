"""ecobench score refuses a bad input whole: file and line named, exit 2, nothing written."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from ecobench.cli import app

BOUNDS = "indicator_code,goal,lower,upper,direction\npm25,air,5,75,lower_is_better\n"
VALUES = "unit_id,indicator_code,value\na,pm25,30\n"


def _score(tmp_path, bounds: str, values: str):
    (tmp_path / "b.csv").write_text(bounds)
    (tmp_path / "v.csv").write_text(values)
    out = tmp_path / "s.csv"
    args = ["score", "--bounds", str(tmp_path / "b.csv"), "--values", str(tmp_path / "v.csv")]
    return CliRunner().invoke(app, [*args, "--out", str(out)]), out


def test_a_good_input_scores_the_unit_and_its_index(tmp_path):
    result, out = _score(tmp_path, BOUNDS, VALUES)
    assert result.exit_code == 0, result.output
    assert "a,index,64.28571428571429,1.0,1,1,true,1" in out.read_text()


@pytest.mark.parametrize(
    ("bounds", "values", "said"),
    [
        (BOUNDS.replace("5,75", "5,5"), VALUES, "b.csv, line 2: pm25: lower == upper"),
        (BOUNDS, VALUES + "a,pm26,3\n", "v.csv, line 3: unknown indicator 'pm26'"),
        (BOUNDS, VALUES.replace("30", "3O"), "v.csv, line 2: value '3O' is not a number"),
        (BOUNDS, VALUES + "a,pm25,31\n", "v.csv, line 3: a pm25 appears twice"),
    ],
)
def test_a_bad_row_stops_it_naming_file_and_line(tmp_path, bounds, values, said):
    result, out = _score(tmp_path, bounds, values)
    assert result.exit_code == 2
    assert said in " ".join(result.output.split())
    assert "Traceback" not in result.output
    assert not out.exists()

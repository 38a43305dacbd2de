"""ecobench score reproduces a published SDG Index edition (SDR 2021, goals 6, 7, 13, 14
and 15, every country: tests/fixtures/sdr/README.md). The whole edition's figures are
extract.py --measure's, reported in docs/methodology.md §9."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from typer.testing import CliRunner

from ecobench.cli import app

SDR = Path(__file__).parent / "fixtures" / "sdr"


def _agreement() -> dict[str, object]:
    spec = importlib.util.spec_from_file_location("sdr_agreement", SDR / "agreement.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.agreement(SDR)


FIGURES = _agreement()


def test_indicator_scores_match_the_published_normalised_scores_within_001():
    assert FIGURES["indicator_pairs"] > 3000
    assert FIGURES["indicator_within_0.01"] == FIGURES["indicator_pairs"]


def test_goal_scores_within_half_a_point_for_95_percent_of_published_pairs():
    assert FIGURES["goal_pairs"] == 165 * 5 - 40  # the ranked countries; 40 landlocked
    assert FIGURES["goal_share_within_0.5"] >= 0.95


def test_goal_14_is_withheld_exactly_where_the_edition_withholds_it():
    # landlocked countries, and the countries the edition does not score (too little data
    # over all 92 indicators: a unit rule the subset cannot judge, measured by --measure)
    unscored = {unit for unit, _goal, _score, published in FIGURES["withheld_differently"]}
    assert all(published is None for *_, published in FIGURES["withheld_differently"])
    assert len(unscored) == 28


def test_the_cli_writes_a_row_per_unit_and_goal_plus_the_index(tmp_path):
    out = tmp_path / "scores.csv"
    result = CliRunner().invoke(
        app,
        [
            "score",
            *("--bounds", str(SDR / "bounds.csv"), "--values", str(SDR / "values.csv")),
            *("--regions", str(SDR / "regions.csv"), "--settings", str(SDR / "settings.csv")),
            *("--out", str(out)),
        ],
    )
    assert result.exit_code == 0, result.output
    header, *rows = out.read_text().splitlines()
    assert header.startswith("unit_id,goal,score,coverage")
    assert len(rows) == 193 * 6

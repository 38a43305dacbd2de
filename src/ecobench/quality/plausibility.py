"""The range a number can lie in, from seeds/plausible_ranges.csv: by concept and canonical
unit, as a level or as a change. A share lies in 0-100 %, a change is signed, an intensity
is positive and has a per-concept maximum; any other amount is not negative. Every number
must also be finite: `1e308` or `inf` is a typing error, never a status.

The gates add the column `value_plausible` to the rows they check (a submission's values,
the published values of fct_indicator_values), and a blocking expectation quarantines the
file of a row where it is false (expectations/submissions.py, fct_indicator_values.py).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import polars as pl
import polars.selectors as cs

from ecobench.config import SEEDS_DIR

ANY = "*"


@cache
def ranges(seeds_dir: Path = SEEDS_DIR) -> pl.DataFrame:
    """The seed's rows; an empty unit (an index such as EQI) reads as ""."""
    return pl.read_csv(
        seeds_dir / "plausible_ranges.csv",
        schema_overrides={"concept_id": pl.String, "unit": pl.String, "is_change": pl.Boolean},
    ).with_columns(pl.col("unit").fill_null(""))


def with_plausibility(
    frame: pl.DataFrame, concept: str, unit: str, is_change: str, value: str
) -> pl.DataFrame:
    """The frame with `plausible_min`, `plausible_max` (the most specific range of the seed:
    the concept's, else the unit's, else any amount's) and `value_plausible`: true when the
    value is null, or finite and within its range."""
    seed = ranges()
    keys = frame.with_columns(
        pl.col(concept).fill_null(ANY).alias("_concept"),
        pl.col(unit).fill_null("").alias("_unit"),
        pl.col(is_change).fill_null(False).alias("_change"),
    )
    levels = [
        (seed.filter(pl.col("concept_id") != ANY), ["_concept", "_unit", "_change"]),
        (
            seed.filter((pl.col("concept_id") == ANY) & (pl.col("unit") != ANY)),
            ["_unit", "_change"],
        ),
        (seed.filter((pl.col("concept_id") == ANY) & (pl.col("unit") == ANY)), ["_change"]),
    ]
    names = {"_concept": "concept_id", "_unit": "unit", "_change": "is_change"}
    for level, (rows, on) in enumerate(levels):
        keys = keys.join(
            rows.select(
                *(pl.col(names[key]).alias(key) for key in on),
                pl.col("min_value").alias(f"_min{level}"),
                pl.col("max_value").alias(f"_max{level}"),
            ),
            on=on,
            how="left",
            maintain_order="left",
        )
    number = pl.col(value).cast(pl.Float64)
    low = pl.coalesce(*(pl.col(f"_min{level}") for level in range(len(levels))))
    high = pl.coalesce(*(pl.col(f"_max{level}") for level in range(len(levels))))
    return keys.with_columns(
        low.alias("plausible_min"),
        high.alias("plausible_max"),
        (number.is_null() | (number.is_finite() & number.is_between(low, high))).alias(
            "value_plausible"
        ),
    ).drop("_concept", "_unit", "_change", cs.matches(r"^_(min|max)\d$"))

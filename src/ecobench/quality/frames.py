"""The frames the suites guard, built from parsed rows and the reference facts they are
checked against (expectations/ says what each suite checks)."""

from __future__ import annotations

import polars as pl

from ecobench.ingest.document import ParsedDocument
from ecobench.quality.plausibility import with_plausibility
from ecobench.quality.reference import Reference


def document_frames(parsed: ParsedDocument, reference: Reference) -> dict[str, pl.DataFrame]:
    """The frames the document-stage suites guard: the parsed tables, the document row with
    how many rows it yields, and one row per indicator table with its framework's size."""
    values = parsed.indicator_values
    n_rows = values.height + parsed.tasks.height + parsed.projects.height
    documents = parsed.documents.with_columns(
        pl.lit(n_rows).alias("n_rows"), pl.lit(1).alias("source_line")
    )
    tables = (
        values.filter(pl.col("table_label").is_not_null())
        .group_by("source_file", "table_label", "framework_id")
        .agg(
            pl.col("indicator_seq").n_unique().alias("n_indicators"),
            pl.col("source_line").min(),
        )
        .with_columns(
            pl.col("framework_id")
            .replace_strict(reference.framework_sizes, default=None, return_dtype=pl.Int64)
            .alias("n_expected")
        )
    )
    return {
        "documents": documents,
        "indicator_values": values.with_columns(
            (pl.col("value_num").is_null() | pl.col("value_num").is_finite()).alias(
                "value_is_finite"
            )
        ),
        "tables": tables,
        "tasks": parsed.tasks,
        "projects": parsed.projects,
        "parse_issues": parsed.parse_issues,
    }


# the submission's column each checked column stands for: (its header, the submitted field)
SUBMISSION_COLUMNS = {
    "period_year": ("年份", "period_year"),
    "district_known": ("区县代码", "district_raw"),
    "framework_applies": ("指标体系", "framework_id"),
    "indicator_key": ("序号", "indicator_seq"),
    "unit_given": ("单位", "unit"),
    "value_num": ("现状值", "value_raw"),
    "value_raw": ("现状值", "value_raw"),
    "value_plausible": ("现状值", "value_raw"),
    "source_file": ("序号", "indicator_seq"),  # the compound key of one row per indicator
}
CATEGORICAL = (
    "source_file",
    "district_id",
    "district_raw",
    "indicator_key",
    "framework_id",
    "indicator_seq",
    "unit",
    "value_raw",
)


SUBMISSION_CHECKED = (  # the columns of a submission's rows that submission_frame reads
    "source_file",
    "source_line",
    "framework_id",
    "indicator_seq",
    "district_id",
    "district_raw",
    "is_synthetic",
    "period_year",
    "unit",
    "value_raw",
    "value_num",
)


def applies(reference: Reference) -> pl.Expr:
    """Whether a submitted row's list applies to its district: a national list always, a
    provincial one only in its own province (a district that is no division is refused by
    its own check)."""
    list_province, district_province = (
        pl.col(column).replace_strict(provinces, default=None, return_dtype=pl.String)
        for column, provinces in (
            ("framework_id", reference.framework_provinces),
            ("district_id", reference.district_provinces),
        )
    )
    return (
        list_province.is_null() | district_province.is_null() | (list_province == district_province)
    )


def submission_frame(values: pl.DataFrame, reference: Reference) -> pl.DataFrame:
    """Submitted rows with what the suite checks them against: the indicator key, the unit
    the framework gives it, whether it is reported as a number. Only the columns checked,
    repeated text as categories: GX's pandas engine copies the frame for every condition."""
    known = pl.DataFrame(
        [
            {
                "indicator_key": f"{fw}|{seq}",
                "unit_expected": indicator.unit or "",
                "is_quantitative": indicator.is_quantitative,
                "concept_id": indicator.concept_id,
                "canonical_unit": reference.unit_factors.get(indicator.unit or "", ("", 1.0))[0],
                "factor": reference.unit_factors.get(indicator.unit or "", ("", 1.0))[1],
                "is_change": indicator.is_change,
            }
            for (fw, seq), indicator in reference.indicators.items()
        ],
        schema={
            "indicator_key": pl.String,
            "unit_expected": pl.String,
            "is_quantitative": pl.Boolean,
            "concept_id": pl.String,
            "canonical_unit": pl.String,
            "factor": pl.Float64,
            "is_change": pl.Boolean,
        },
    )
    checked = (
        values.select(
            *SUBMISSION_CHECKED,
            pl.concat_str("framework_id", "indicator_seq", separator="|").alias("indicator_key"),
            pl.col("unit").fill_null("").alias("unit_given"),
            applies(reference).alias("framework_applies"),
            pl.col("district_id").is_in(list(reference.district_provinces)).alias("district_known"),
        )
        .join(known, on="indicator_key", how="left")
        .with_columns(pl.col("is_quantitative").fill_null(True))
        .with_columns(
            (pl.col("value_num") * pl.col("factor").fill_null(1.0)).alias("value_canonical")
        )
    )
    checked = (
        with_plausibility(checked, "concept_id", "canonical_unit", "is_change", "value_canonical")
        .select(
            pl.exclude("concept_id", "canonical_unit", "factor", "is_change", "value_canonical")
        )
        .with_columns(pl.col(name).cast(pl.Categorical) for name in CATEGORICAL)
    )
    # the two units compared as one category set (pandas compares categoricals only then)
    units = pl.Enum(sorted({*checked["unit_given"].unique(), *known["unit_expected"].unique()}))
    return checked.with_columns(pl.col("unit_given", "unit_expected").cast(units))

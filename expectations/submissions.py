"""One row per status value a district submits (workbook or CSV), before it lands.

Every expectation is blocking: a submission that fails one is quarantined whole, with the
sheet, row and column of each offending cell (src/ecobench/quality/gate.py
`submission_frame` adds the reference columns it is checked against).
"""

from __future__ import annotations

import great_expectations as gx
import great_expectations.expectations as gxe
from great_expectations.expectations.row_conditions import Column

from ecobench.ingest.submissions import QUALITATIVE_ANSWERS
from ecobench.quality.reference import Reference

TABLE = "submissions"


def build_suite(reference: Reference) -> gx.ExpectationSuite:
    suite = gx.ExpectationSuite(name=TABLE)
    checks = [
        (
            gxe.ExpectColumnValuesToNotBeNull(column="period_year"),
            "every value is of a year (年份 filled with a whole year)",
        ),
        (
            gxe.ExpectColumnValuesToBeBetween(column="period_year", min_value=2000, max_value=2100),
            "a reporting year is between 2000 and 2100",
        ),
        (
            gxe.ExpectColumnValuesToBeInSet(
                column="district_known",
                value_set=[True],
                row_condition=Column("is_synthetic") == False,
            ),
            "the district (区县代码) is one division of China's administrative divisions: its "
            "GB/T 2260 code or its name",
        ),
        (
            gxe.ExpectColumnValuesToBeInSet(
                column="framework_applies",
                value_set=[True],
                row_condition=Column("is_synthetic") == False,
            ),
            "the list applies to the district: a provincial list (指标体系) only to the "
            "districts of its own province (seeds/frameworks.csv province_code)",
        ),
        (
            gxe.ExpectColumnValuesToBeInSet(
                column="indicator_key",
                value_set=sorted(f"{fw}|{seq}" for fw, seq in reference.indicators),
            ),
            "the indicator (指标体系 and 序号) is one of the framework's assessed list",
        ),
        (
            gxe.ExpectColumnPairValuesToBeEqual(
                column_A="unit_given",
                column_B="unit_expected",
                ignore_row_if="either_value_is_missing",
            ),
            "the unit is the framework's unit for the indicator",
        ),
        (
            gxe.ExpectColumnValuesToNotBeNull(
                column="value_num",
                row_condition=Column("is_quantitative") == True,
            ),
            "a quantitative indicator's status is a number",
        ),
        (
            gxe.ExpectColumnValuesToBeBetween(
                column="value_num", min_value=0, max_value=100, row_condition=Column("unit") == "%"
            ),
            "a percentage is within [0, 100]",
        ),
        (
            gxe.ExpectColumnValuesToBeInSet(column="value_plausible", value_set=[True]),
            "a number is finite and within the range seeds/plausible_ranges.csv gives its "
            "concept and unit (a share 0-100, an intensity positive and below its maximum)",
        ),
        (
            gxe.ExpectColumnValuesToBeInSet(
                column="value_raw",
                value_set=list(QUALITATIVE_ANSWERS),
                row_condition=Column("is_quantitative") == False,
            ),
            "a qualitative indicator is reported 达标 or 未达标",
        ),
        (
            gxe.ExpectCompoundColumnsToBeUnique(
                column_list=[
                    "source_file",
                    "district_id",
                    "framework_id",
                    "indicator_seq",
                    "period_year",
                ],
            ),
            "one value per district, indicator and year in a submission",
        ),
    ]
    for expectation, why in checks:
        expectation.description = why  # each blocking: GX's default severity, critical
        suite.add_expectation(expectation)
    return suite

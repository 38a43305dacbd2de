"""One row per status value a district submits (workbook or CSV), before it lands.

Every expectation is blocking: a submission that fails one is quarantined whole, with the
sheet, row and column of each offending cell (src/ecobench/quality/gate.py
`submission_frame` adds the reference columns it is checked against). In GX, not dbt:
checked before the rows land, so that a bad submission never reaches the build.
"""

from __future__ import annotations

import great_expectations as gx
import great_expectations.expectations as gxe
from great_expectations.expectations.row_conditions import Column

from ecobench.ingest.submissions import QUALITATIVE_ANSWERS
from ecobench.quality.reference import Reference

TABLE = "submissions"
TABLE_ZH = "区县报送"


def build_suite(reference: Reference) -> gx.ExpectationSuite:
    suite = gx.ExpectationSuite(name=TABLE)
    checks = [
        (
            gxe.ExpectColumnValuesToNotBeNull(column="period_year"),
            "every value is of a year (年份 filled with a whole year)",
            "每个数值都应注明年份（“年份”栏填写整数年份）",
        ),
        (
            gxe.ExpectColumnValuesToBeBetween(column="period_year", min_value=2000, max_value=2100),
            "a reporting year is between 2000 and 2100",
            "填报年份应在 2000 年至 2100 年之间",
        ),
        (
            gxe.ExpectColumnValuesToBeInSet(
                column="district_known",
                value_set=[True],
                row_condition=Column("is_synthetic") == False,
            ),
            "the district (区县代码) is one division of China's administrative divisions: its "
            "GB/T 2260 code or its name",
            "区县（区县代码）应为中国行政区划中的一个单位：填写其 GB/T 2260 代码或名称",
        ),
        (
            gxe.ExpectColumnValuesToBeInSet(
                column="framework_applies",
                value_set=[True],
                row_condition=Column("is_synthetic") == False,
            ),
            "the list applies to the district: a provincial list (指标体系) only to the "
            "districts of its own province (seeds/frameworks.csv province_code)",
            "指标体系应适用于该区县：省级指标体系（指标体系）只适用于本省的区县"
            "（见 seeds/frameworks.csv 的 province_code）",
        ),
        (
            gxe.ExpectColumnValuesToBeInSet(
                column="indicator_key",
                value_set=sorted(f"{fw}|{seq}" for fw, seq in reference.indicators),
            ),
            "the indicator (指标体系 and 序号) is one of the framework's assessed list",
            "指标（指标体系和序号）应为该指标体系的考核指标之一",
        ),
        (
            gxe.ExpectColumnPairValuesToBeEqual(
                column_A="unit_given",
                column_B="unit_expected",
                ignore_row_if="either_value_is_missing",
            ),
            "the unit is the framework's unit for the indicator",
            "单位应与指标体系为该指标规定的单位一致",
        ),
        (
            gxe.ExpectColumnValuesToNotBeNull(
                column="value_num",
                row_condition=Column("is_quantitative") == True,
            ),
            "a quantitative indicator's status is a number",
            "定量指标的现状值应为数字",
        ),
        (
            gxe.ExpectColumnValuesToBeBetween(
                column="value_num", min_value=0, max_value=100, row_condition=Column("unit") == "%"
            ),
            "a percentage is within [0, 100]",
            "百分比应在 [0, 100] 之内",
        ),
        (
            gxe.ExpectColumnValuesToBeInSet(column="value_plausible", value_set=[True]),
            "a number is finite and within the range seeds/plausible_ranges.csv gives its "
            "concept and unit (a share 0-100, an intensity positive and below its maximum)",
            "数值应为有限数，且在 seeds/plausible_ranges.csv 为其指标概念和单位给出的范围之内"
            "（比例在 0—100 之间，强度为正且不超过上限）",
        ),
        (
            gxe.ExpectColumnValuesToBeInSet(
                column="value_raw",
                value_set=list(QUALITATIVE_ANSWERS),
                row_condition=Column("is_quantitative") == False,
            ),
            "a qualitative indicator is reported 达标 or 未达标",
            "定性指标应填报“达标”或“未达标”",
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
            "同一份报送中，每个区县、指标和年份只应有一个数值",
        ),
    ]
    for expectation, why, why_zh in checks:
        expectation.description = why  # each blocking: GX's default severity, critical
        expectation.meta = {"why_zh": why_zh}
        suite.add_expectation(expectation)
    return suite

"""One row per value a document prints (table cell or target sentence).

In GX, not dbt: checked on one document's rows before they land, so that a failure
quarantines that document alone and the others publish (expectations/__init__.py).
"""

from __future__ import annotations

import great_expectations as gx
import great_expectations.expectations as gxe
from great_expectations.expectations.row_conditions import Column

from ecobench.quality.reference import Reference
from ecobench.quality.rules import not_null

TABLE = "indicator_values"
TABLE_ZH = "指标数值"
TABLE_ROW = Column("table_label").is_not_null()


def build_suite(reference: Reference) -> gx.ExpectationSuite:
    suite = gx.ExpectationSuite(name=TABLE)
    for expectation in not_null(
        ("value_raw", "source_line", "indicator_name_zh"),
        severity="critical",
        description="a value is printed somewhere, under a name",
        why_zh="每个数值都应有印出的位置和指标名称",
    ):
        suite.add_expectation(expectation)
    suite.add_expectation(
        gxe.ExpectColumnValuesToNotBeNull(
            column="indicator_seq",
            row_condition=TABLE_ROW,
            severity="critical",
            description="every table row has a seq",
            meta={"why_zh": "表格的每一行都应有序号"},
        )
    )
    suite.add_expectation(
        gxe.ExpectColumnValuesToBeInSet(
            column="measure",
            value_set=["standard", "status", "target"],
            severity="critical",
            description="a value is a standard, a status or a target",
            meta={"why_zh": "数值应为标准值、现状值或目标值之一"},
        )
    )
    suite.add_expectation(
        gxe.ExpectColumnValuesToBeBetween(
            column="value_num",
            min_value=0,
            max_value=100,
            row_condition=(Column("unit") == "%") & (Column("is_change") == False),
            severity="critical",
            description="a percentage is within [0, 100] unless it measures a change",
            meta={"why_zh": "百分比应在 [0, 100] 之内（表示变化幅度的除外）"},
        )
    )
    suite.add_expectation(
        gxe.ExpectColumnValuesToBeInSet(
            column="value_is_finite",
            value_set=[True],
            severity="critical",
            description="a number is finite (1e400 or inf is a typing error, never a value)",
            meta={"why_zh": "数值应为有限数（1e400 或 inf 是录入错误，不是数值）"},
        )
    )
    suite.add_expectation(
        gxe.ExpectColumnValuesToBeInSet(
            column="framework_id",
            value_set=sorted(reference.frameworks),
            severity="critical",
            description="a table prints a framework seeds/frameworks.csv holds; a new list is added "
            "as data (docs/architecture.md: a new framework version)",
            meta={
                "why_zh": "表格所列的指标体系应是 seeds/frameworks.csv 中已有的体系；新的指标体系"
                "作为数据添加（见 README：新增指标体系版本）"
            },
        )
    )
    suite.add_expectation(
        gxe.ExpectColumnValuesToBeInSet(
            column="unit",
            value_set=sorted(reference.units),
            severity="warning",
            description="a unit seeds/units.csv does not know is kept as printed and not "
            "converted; its value is not evaluable against a standard in another unit",
            meta={
                "why_zh": "seeds/units.csv 中没有的单位按印出的样子保留、不作换算；其数值无法与"
                "以其他单位表示的标准比较"
            },
        )
    )
    suite.add_expectation(
        gxe.ExpectColumnValuesToBeNull(
            column="compliance_reported",
            row_condition=Column("measure") != "status",
            severity="critical",
            description="verdicts (达标/不达标) only on status rows",
            meta={"why_zh": "达标判定（达标/不达标）只出现在现状值行"},
        )
    )
    suite.add_expectation(
        gxe.ExpectCompoundColumnsToBeUnique(
            column_list=[
                "source_file",
                "district_id",
                "framework_id",
                "table_label",
                "indicator_seq",
                "sub_index",
                "indicator_name_zh",
                "region_variant",
                "measure",
                "period_year",
            ],
            row_condition=TABLE_ROW,
            severity="critical",
            description="one value per district, framework, indicator, measure and period in a document",
            meta={"why_zh": "同一文件中，每个区县、指标体系、指标、数值类型和年份只应有一个数值"},
        )
    )
    suite.add_expectation(
        gxe.ExpectColumnValuesToBeBetween(
            column="period_year",
            min_value=2000,
            max_value=2060,
            severity="warning",
            description="years of a plan's horizon",
            meta={"why_zh": "年份应在规划期限之内（2000—2060 年）"},
        )
    )
    return suite

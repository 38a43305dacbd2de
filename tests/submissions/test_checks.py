"""The GX suite on submitted rows: each error names the file, sheet, row and column."""

from __future__ import annotations

import polars as pl

from ecobench.ingest.submissions import read_submission
from tests.submissions.conftest import errors


def row_of(path, seq: str) -> int:
    rows = read_submission(path.read_bytes(), path.name, "sha")
    return rows.filter(pl.col("indicator_seq") == seq)["source_line"][0]


def test_a_clean_submission_passes(gate, workbook):
    # Honggutan's plan (001 表3-1, lines 389 and 537): wetland 17.28%, wastewater 95.3%
    path = workbook(
        "honggutan", "jiangxi_provincial", 2022, {"12": 17.28, "23": 95.3, "1.1": "达标"}
    )
    assert errors(gate, path) == []


def test_each_error_names_sheet_row_and_column(gate, workbook):
    # Hailing reports under the 2017 national list (004 附件2)
    path = workbook(
        "hailing",
        "national_trial",
        2024,
        {"8": 180, "2": 25, "9.1": 80, "1": "制定中"},
        units={"2": "分"},
        years={"9.1": None},
        extra_rows=[["99", "不在清单的指标", "%", None, 50, 2024, None]],
    )
    found = errors(gate, path)
    name = path.name
    expected = [
        (
            f"{name}, sheet 指标填报, row {row_of(path, '9.1')}, column 年份 (empty): every value is "
            "of a year (年份 filled with a whole year)"
        ),
        (
            f"{name}, sheet 指标填报, row {row_of(path, '99')}, column 序号 ('99'): the indicator "
            "(指标体系 and 序号) is one of the framework's assessed list"
        ),
        (
            f"{name}, sheet 指标填报, row {row_of(path, '2')}, column 单位 ('分'): the unit is the "
            "framework's unit for the indicator"
        ),
        (
            f"{name}, sheet 指标填报, row {row_of(path, '8')}, column 现状值 ('180'): a percentage "
            "is within [0, 100]"
        ),
        (
            f"{name}, sheet 指标填报, row {row_of(path, '8')}, column 现状值 ('180'): a number is "
            "finite and within the range seeds/plausible_ranges.csv gives its concept and unit "
            "(a share 0-100, an intensity positive and below its maximum)"
        ),
        (
            f"{name}, sheet 指标填报, row {row_of(path, '1')}, column 现状值 ('制定中'): a qualitative "
            "indicator is reported 达标 or 未达标"
        ),
    ]
    assert sorted(found) == sorted(expected)


def test_a_csv_submission_names_its_row(gate, tmp_path):
    path = tmp_path / "honggutan_2024.csv"
    path.write_text(
        "区县代码,指标体系,序号,指标名称,单位,现状值,年份,备注\n"
        "honggutan,jiangxi_provincial,23,城镇污水处理率,%,96,2024,\n"
        "honggutan,jiangxi_provincial,12,湿地保护率,%,18,,漏填年份\n",
        encoding="utf-8",
    )
    assert errors(gate, path) == [
        (
            "honggutan_2024.csv, row 3, column 年份 (empty): every value is of a year "
            "(年份 filled with a whole year)"
        )
    ]


def test_a_district_reporting_under_another_provinces_list_is_refused(gate, tmp_path):
    """Hailing lies in Jiangsu: Jiangxi's provincial list does not apply to it, the national
    lists do."""
    path = tmp_path / "hailing_2024.csv"
    path.write_text(
        "区县代码,指标体系,序号,指标名称,单位,现状值,年份,备注\n"
        "hailing,national_revised,25,城镇污水处理率,%,74.5,2024,\n"
        "hailing,jiangxi_provincial,23,城镇污水处理率,%,74.5,2024,\n",
        encoding="utf-8",
    )
    assert errors(gate, path) == [
        (
            "hailing_2024.csv, row 3, column 指标体系 ('jiangxi_provincial'): the list applies "
            "to the district: a provincial list (指标体系) only to the districts of its own "
            "province (seeds/frameworks.csv province_code)"
        )
    ]


def test_any_county_is_accepted_under_its_code_and_an_ambiguous_one_names_the_candidates(
    gate, tmp_path
):
    """靖安县 is no seed: its rows are checked as the seeds' are and land under 360925 with
    the cell as printed; 西湖区 is two districts (杭州, 南昌): the cell is refused with both."""
    path = tmp_path / "counties_2024.csv"
    path.write_text(
        "区县代码,指标体系,序号,指标名称,单位,现状值,年份,备注\n"
        "靖安县,jiangxi_provincial,23,城镇污水处理率,%,93.0,2024,\n"
        "360925,national_revised,25,城镇污水处理率,%,93.0,2024,\n"
        "西湖区,national_revised,25,城镇污水处理率,%,95.1,2024,\n",
        encoding="utf-8",
    )
    rows = read_submission(path.read_bytes(), path.name, "sha")
    assert rows.select("district_id", "district_raw").rows() == [
        ("360925", "靖安县"),
        ("360925", "360925"),
        ("西湖区", "西湖区"),
    ]
    assert errors(gate, path) == [
        (
            "counties_2024.csv, row 4, column 区县代码 ('西湖区'): district '西湖区' is "
            "ambiguous: 330106 浙江省杭州市西湖区; 360103 江西省南昌市西湖区. Write its code, or "
            "its city before it: the district (区县代码) is one division of China's "
            "administrative divisions: its GB/T 2260 code or its name"
        )
    ]


def test_csv_rows_are_numbered_as_the_spreadsheet_shows_them_every_time():
    # the rows were once numbered after a join that need not keep their order: about one
    # read in five put the empty year on row 2 (measured 662 of 3,000)
    raw = (
        "区县代码,指标体系,序号,指标名称,单位,现状值,年份,备注\n"
        "honggutan,jiangxi_provincial,23,城镇污水处理率,%,96,2024,\n"
        "honggutan,jiangxi_provincial,12,湿地保护率,%,18,,漏填年份\n"
    ).encode()
    for _ in range(200):
        rows = read_submission(raw, "honggutan_2024.csv", "sha")
        assert rows.select("indicator_seq", "source_line").rows() == [("23", 2), ("12", 3)]


def test_a_batch_validated_in_parts_is_judged_as_a_whole(gate, workbook, monkeypatch):
    # three files, two with a failing row, validated a file at a time: the checks add up to
    # those of the batch validated at once, and each file is told its own
    from ecobench.ingest.intake import QUARANTINED, SUBMISSION, Intake
    from ecobench.quality import quarantine
    from ecobench.quality.frames import submission_frame
    from ecobench.quality.reference import load_reference

    paths = [
        workbook("360113", "jiangxi_provincial", 2022, {"12": 17.28, "23": 195.3}),
        workbook("321202", "national_trial", 2024, {"8": 80, "2": 25}, units={"2": "分"}),
        workbook("360113", "jiangxi_provincial", 2023, {"12": 17.5, "23": 96}),
    ]
    rows = [read_submission(p.read_bytes(), p.name, "sha") for p in paths]

    def intakes() -> list[Intake]:
        return [
            Intake(p.name, "sha", 0, p.name, kind=SUBMISSION, submitted=r)
            for p, r in zip(paths, rows, strict=True)
        ]

    frame = submission_frame(pl.concat(rows), load_reference())
    whole = gate.validate("submissions", frame, run_id="t", stage="submission")
    monkeypatch.setattr(quarantine, "PART_ROWS", 2)  # each file (two rows) a part
    told = intakes()
    parts = quarantine.gate_submissions(gate, told, "t")
    fields = ("expectation", "success", "unexpected_count", "offending")
    assert [[getattr(c, f) for f in fields] for c in parts] == [
        [getattr(c, f) for f in fields] for c in whole
    ]
    failed = {c.why: c.offending for c in parts if not c.success}
    wrong_value = [(paths[0].name, row_of(paths[0], "23"))]
    assert failed == {
        "a percentage is within [0, 100]": wrong_value,
        "a number is finite and within the range seeds/plausible_ranges.csv gives its concept "
        "and unit (a share 0-100, an intensity positive and below its maximum)": wrong_value,
        "the unit is the framework's unit for the indicator": [
            (paths[1].name, row_of(paths[1], "2"))
        ],
    }
    assert [i.outcome == QUARANTINED for i in told] == [True, True, False]

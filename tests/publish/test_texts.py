"""What people read is in Chinese at its source: on a warehouse that holds the five documents,
the counties' plans, the example submissions and the bad-input corpus (some of it
quarantined), every code a mart writes has its texts in seeds/reason_texts.csv, no
reader-facing column is English-only, and the report's words are the marts' own."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import duckdb
import pytest

from tests.conftest import EXAMPLES, FIXTURES, copy_sources
from tests.publish.browser import Chromium, browse

pytestmark = pytest.mark.slow

CJK = re.compile(r"[\u4e00-\u9fff]")
ENGLISH = re.compile(r"\b[a-z]{2,}[ _][a-z]{2,}\b", re.IGNORECASE)  # two words, or a code
WORDS = re.compile(r"\b[a-z]{2,} [a-z]{2,}\b", re.IGNORECASE)  # two English words in a row
BAD_INPUTS = Path(__file__).parents[1] / "quality" / "corpus"

# columns whose values are in no language: keys, codes with a *_zh beside them or a domain
# of marts.dim_text named like them, files and places in them, hashes, units, numbers as
# text, what a document prints (kept exactly), the English of a pair, a reason's arguments
NEUTRAL = re.compile(
    r"(_id|_ids|_key|_code|_codes|_args|_en|^en$|_raw|_shown|source|_source_file|sha256|"
    r"_digest|_location|_reference|unit|_seq|seqs|_sheet_name|sheet_name|archived_as|"
    r"^run_id$|offending_rows|sample_rows|expectation|observed_value|encoding|mapped_by|"
    r"match_candidate|comparator|^domain$|^code$|sources_dir|targets_by_year|"
    r"^frameworks_assessed$|^lead_department_types$|^aliases$|^former_id$|^suite$|"
    r"^definition_id$|standard_parsed|^applies_to$)$|^(source|a_|b_|base_)"
)


@pytest.fixture(scope="module")
def everything(tmp_path_factory, harness):
    """One refresh of everything a reader may be shown: the five documents, the counties'
    plans, the bad inputs, and the example submissions."""
    from flows.refresh import refresh

    root = tmp_path_factory.mktemp("everything")
    sources = copy_sources(root / "sources")
    for path in [*(FIXTURES / "counties").glob("*_plan_table.*"), *BAD_INPUTS.glob("*.txt")]:
        shutil.copy(path, sources / path.name)
    shutil.copytree(EXAMPLES, root / "submissions")
    warehouse = root / "warehouse" / "ecobench.duckdb"
    summary = refresh(sources, warehouse, 0.0, root / "submissions")
    assert {"empty.txt", "binary_garbage.txt"} <= summary["quarantined"].keys()
    with duckdb.connect(str(warehouse), read_only=True) as con:
        yield con, Path(summary["exports"]["report"]).parent


def columns(con) -> list[tuple[str, str]]:
    return con.execute(
        """select table_name, column_name from information_schema.columns
           where table_schema = 'marts' and data_type = 'VARCHAR'
           order by table_name, ordinal_position"""
    ).fetchall()


def test_every_code_a_mart_writes_has_its_chinese_and_english(everything):
    con, _ = everything
    texts = set(con.execute("select domain, code from marts.dim_text").fetchall())
    coded = {
        ("reason", "rpt_cross_framework", "reason_code"),
        ("reason", "fct_indicator_scores", "reason_code"),
        ("reason", "fct_indicator_values", "compliance_reason_code"),
        ("reason", "fct_submission_verdicts", "reason_code"),
        ("reason", "rpt_binding_failures", "reason_code"),
        ("reason", "rpt_target_ambition", "reason_code"),
        ("reason", "rpt_progress", "reason_code"),
        ("reason", "rpt_district_ranking", "rank_note_code"),
        ("finding", "rpt_findings", "summary_code"),
    }
    # and every column named like a domain (and with no *_zh beside it) holds codes of it,
    # or words the documents print (the domains' names: 生态空间)
    domains = {domain for domain, _ in texts}
    present = set(columns(con))
    coded |= {
        (column, table, column)
        for table, column in present
        if column in domains and table != "dim_text" and (table, f"{column}_zh") not in present
    }
    missing = []
    for domain, table, column in sorted(coded):
        for (code,) in con.execute(f"select distinct {column} from marts.{table}").fetchall():
            if code is not None and (domain, code) not in texts and not CJK.search(code):
                missing.append(f"{table}.{column}: {code!r} (domain {domain})")
    assert missing == [], missing
    # the reasons the submissions and the quarantined files bring are among them
    reasons = {
        c
        for (c,) in con.execute("select reason_code from marts.fct_submission_verdicts").fetchall()
    }
    assert {"value_satisfies", "value_does_not_satisfy", "district_reports"} <= reasons


def test_no_reader_facing_column_is_english_only(everything):
    """A text column a reader sees holds Chinese, or is a code with its Chinese beside it (a
    *_zh column, or the texts of the domain named like it), or is in no language."""
    con, _ = everything
    names = columns(con)
    domains = {d for (d,) in con.execute("select distinct domain from marts.dim_text").fetchall()}
    present = set(names)
    english_only = []
    for table, column in names:
        if NEUTRAL.search(column) or column in domains or (table, f"{column}_zh") in present:
            continue
        values = con.execute(
            f'select distinct "{column}" from marts."{table}" where "{column}" is not null'
        ).fetchall()
        left = [v for (v,) in values if ENGLISH.search(v) and not CJK.search(v)]
        if left:
            english_only.append(f"{table}.{column}: {left[:2]}")
    assert english_only == [], english_only


def test_the_chinese_reasons_say_what_the_english_ones_say(everything):
    """The two texts of a reason carry the same arguments: the numbers and the standard as
    printed appear in both (a Chinese text that dropped one would read differently)."""
    con, _ = everything
    rows = con.execute(
        """select reason_code, reason_args, reason_zh, reason_en from marts.rpt_cross_framework
           union all
           select reason_code, reason_args, reason_zh, reason_en
           from marts.fct_submission_verdicts"""
    ).fetchall()
    assert len(rows) > 500
    for code, args, chinese, english in rows:
        assert CJK.search(chinese), (code, chinese)
        for arg in args or []:
            if arg and not re.fullmatch(r"[a-z_]+", arg):  # a term is in each language
                assert arg in chinese and arg in english, (code, arg, chinese, english)
    satisfied = [r for r in rows if r[0] == "value_satisfies"]
    assert satisfied and all(" 满足 " in r[2] and " satisfies " in r[3] for r in satisfied)


def test_a_printed_direction_word_stays_with_its_value(everything):
    con, _ = everything
    shown = dict(
        con.execute(
            """select indicator_name_zh, value_shown from marts.fct_indicator_values
               where source_file like '003_%' and comparator = 'decrease_by'"""
        ).fetchall()
    )
    assert shown["规模以上单位工业增加值能耗"] == "下降11.5%"
    assert shown["挥发性有机物重点工程排放量"] == "减少1518吨"
    # where the value prints its own word, nothing is added
    assert all(v.count("降低") <= 1 and v.count("下降") <= 1 for v in shown.values())


def test_binding_is_a_boolean_and_a_binding_failure_is_red(everything):
    con, _ = everything
    assert con.execute(
        """select data_type from information_schema.columns
           where table_schema = 'marts' and column_name = 'is_binding'
           group by all"""
    ).fetchall() == [("BOOLEAN",)]
    assert con.execute(
        "select count(*) from marts.fct_indicator_values where is_binding and binding_raw is null"
    ).fetchone() == (0,)
    # a binding standard not met is never amber, however close its score
    assert con.execute(
        """select count(*) from marts.fct_indicator_scores
           where is_binding and verdict = 'not_met' and rating <> 'not_met'"""
    ).fetchone() == (0,)
    # one vocabulary: the printed verdicts are codes too, with the cell kept as printed
    assert set(
        con.execute(
            "select distinct compliance_reported from marts.fct_indicator_values "
            "where compliance_reported is not null"
        ).fetchall()
    ) == {("met",), ("not_met",)}


def test_the_report_reads_in_chinese(everything):
    """No paragraph or cell of the report or the quality page is English-only, its legend
    gives the Chinese with the English beside it, and its links open readable pages."""
    _, exports = everything
    for page in ("report.html", "quality.html", "parquet.html", "methodology.html"):
        dom, remote = browse((exports / page).as_uri())
        assert remote == [], page
        # an element in English beside its Chinese says so (lang="en")
        cells = re.findall(r"<(?:td|p|h\d|li|span)([^>]*)>([^<]{6,})<", dom)
        left = [c for a, c in cells if WORDS.search(c) and not CJK.search(c) and "lang" not in a]
        # the methodology is the team's English text; only the generated pages must not be
        if page != "methodology.html":
            assert left == [], (page, left[:5])
    report = (exports / "report.html").read_text(encoding="utf-8")
    assert "达标</span> met" in report and "接近达标</span> at risk" in report
    index = (exports / "parquet.html").read_text(encoding="utf-8")
    assert 'href="rpt_district_ranking.parquet"' in index
    assert 'href="fct_submitted_values/"' in index
    method = (exports / "methodology.html").read_text(encoding="utf-8")
    assert "<table>" in method and "<h1>" in method  # rendered, not raw markdown


def test_screenshots_of_the_overview_and_a_district(everything, tmp_path):
    """Taken by the tests' Chromium; ECOBENCH_SCREENSHOTS=docs writes them where the README
    shows them (docs/report-*.png)."""
    _, exports = everything
    folder = Path(os.environ.get("ECOBENCH_SCREENSHOTS", tmp_path))
    browser = Chromium()
    try:
        for name, element in (("overview", "#overview"), ("district", "#district-360113")):
            path = folder / f"report-{name}.png"
            url = (exports / "report.html").as_uri()
            browser.screenshot(url, "document.readyState === 'complete'", path, element=element)
            assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 20_000
    finally:
        browser.close()


def test_no_workbook_cell_is_english_only(everything):
    """Every sheet: a code is shown by its Chinese (a verdict, a rating, a measure), a reason
    by its *_zh column; only cells in no language (files, places, keys) have no Chinese."""
    from openpyxl import load_workbook

    _, exports = everything
    book = load_workbook(exports / "ecobench.xlsx", read_only=True)
    english_only = []
    for sheet in book.worksheets[1:]:
        rows = sheet.iter_rows(values_only=True)
        next(rows)  # the labels
        names = next(rows)
        for row in rows:
            for name, value in zip(names, row, strict=False):
                if (
                    isinstance(value, str)
                    and not NEUTRAL.search(str(name))
                    and name != "en"  # 代码文字: the English beside each Chinese text
                    and ENGLISH.search(value)
                    and not CJK.search(value)
                ):
                    english_only.append(f"{sheet.title}.{name}: {value[:60]}")
    assert english_only == [], english_only[:10]
    ratings = {row[0] for row in _column(book["对标"], "rating_zh")}
    assert ratings <= {"达标", "接近达标", "未达标", "无数据", None} and "达标" in ratings
    measures = {row[0] for row in _column(book["指标值"], "measure")}
    assert measures == {"标准值", "现状值", "目标值"}


def _column(sheet, name: str):
    rows = sheet.iter_rows(values_only=True)
    next(rows)
    names = list(next(rows))
    at = names.index(name)
    return [(row[at],) for row in rows]

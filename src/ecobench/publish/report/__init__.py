"""The offline report (`report.html`) and the data-quality page (`quality.html`): pages
that open from the exports folder with nothing fetched (no CDN, no script), rendered from
the Jinja2 templates of `templates/` with what `gather` (overview.py) reads from the
published marts, the same tables the Evidence pages and the workbook read.

The report says something about every district: its rank in each framework (and in its
city and province), its reported compliance, its own targets against each assessed
framework's standard with their ambition, the latest statuses rated, and the findings,
each with its file and line (district.py; its progress charts, charts.py). Machine text is
the marts' own: their *_zh columns, and the texts of code columns from `marts.dim_text`
(`texts.py`); nothing here translates, and no figure is computed here that no mart holds
(a ranking's cities are rpt_city_ranking, a district's main progress class
rpt_progress_summary's). At province scale a ranking shows its top and bottom and a table
by city; each district's section shows its neighbours. Beside them: the index of the
parquet files, the methodology as HTML, and quality.html (quality.py).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import duckdb
import jinja2
from markdown_it import MarkdownIt

from ecobench.config import PROJECT_ROOT
from ecobench.publish.report.overview import gather
from ecobench.publish.report.query import Row
from ecobench.publish.texts import Texts

TEMPLATES = Path(__file__).parent.parent / "templates"


def write_report(
    con: duckdb.DuckDBPyConnection, out_dir: Path, files: dict[str, str] | None = None
) -> dict[str, Path]:
    """Render report.html, quality.html, the index of the parquet files (parquet.html:
    `files` names each table's file or folder) and the methodology (methodology.html)
    into out_dir from the published marts (`con` reads them as `marts.<table>`)."""
    texts = Texts.load(con)
    context = gather(con, texts)
    context["tables"] = _tables(con, files or {})
    context["methodology"] = _methodology()
    env = environment(texts)
    written = {}
    for name in PAGES:
        template = f"{name}.html.j2"
        path = out_dir / f"{name}.html"
        page = env.get_template(template).render(**context, **PAGES[name](context))
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(page, encoding="utf-8")
        os.replace(tmp, path)
        written[name] = path
    return written


def environment(texts: Texts) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # `code | zh('rating')`: a code column's text in its domain (marts.dim_text)
    env.filters["zh"] = lambda code, domain: texts.zh(domain, code)
    env.filters["en"] = lambda code, domain: texts.en(domain, code)
    env.filters["both"] = lambda code, domain: texts.both(domain, code)
    return env


PAGES: dict[str, Callable[[dict], dict]] = {
    "report": lambda c: {
        "title": "生态文明建设指标对标报告 · Ecological-civilization benchmark report",
        "nav": [
            ("overview", "概览 Overview"),
            ("rankings", "排名 Rankings"),
            *[(f"district-{d['district_id']}", d["name_zh"]) for d in c["districts"]],
            ("concepts", "概念 Concepts"),
            ("quality", "数据质量 Data quality"),
        ],
    },
    "parquet": lambda c: {
        "title": "数据文件 · The parquet files",
        "nav": [(f"table-{t['table']}", t["table"]) for t in c["tables"]],
    },
    "methodology": lambda c: {
        "title": "方法 · Methodology",
        "nav": [],
    },
    "quality": lambda c: {
        "title": "数据质量检查 · Data-quality checks",
        "nav": [
            ("summary", "本次运行 This run"),
            *[(f"stage-{s['stage']}", s["stage_zh"]) for s in c["quality"]["stages"]],
            ("quarantine", "隔离文件 Quarantined"),
            ("runs", "运行记录 Runs"),
        ],
    },
}


def _tables(con: duckdb.DuckDBPyConnection, files: dict[str, str]) -> list[Row]:
    """Each published table: its file (or folder of partitions), its rows, and what it
    holds, in the words dbt persists from its description."""
    tables = con.execute(
        """select table_name, estimated_size, comment from duckdb_tables()
           where database_name = current_database() and schema_name = 'marts'
           order by table_name"""
    ).fetchall()
    return [
        {
            "table": name,
            "href": files.get(name, f"{name}.parquet"),
            "rows": rows,
            "description": comment or "",
        }
        for name, rows, comment in tables
    ]


def _methodology() -> str:
    """docs/methodology.md as HTML (markdown-it-py, CommonMark with tables)."""
    source = PROJECT_ROOT / "docs" / "methodology.md"
    return MarkdownIt("commonmark").enable("table").render(source.read_text(encoding="utf-8"))

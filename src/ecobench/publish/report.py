"""The offline report (`report.html`) and the data-quality page (`quality.html`): pages
that open from the exports folder with nothing fetched (no CDN, no script), rendered from
the Jinja2 templates of `templates/` with what `gather` reads from the published marts, the
same tables the Evidence pages and the workbook read.

The report says something about every district: its rank in each framework (and in its
city and province), its reported compliance, its own targets against each assessed
framework's standard with their ambition, the latest statuses rated, and the findings,
each with its file and line. Machine text is the marts' own: their *_zh columns, and the
texts of code columns from `marts.dim_text` (`texts.py`); nothing here translates. At
province scale a ranking shows its top and bottom and a table by city; each district's
section shows its neighbours. Beside them: the index of the parquet files and the
methodology as HTML.
"""

from __future__ import annotations

import os
import statistics
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import jinja2
from markdown_it import MarkdownIt

from ecobench.config import PROJECT_ROOT
from ecobench.publish.marts import BEIJING
from ecobench.publish.texts import Texts

TEMPLATES = Path(__file__).parent / "templates"
FLAT_RANKING = 30  # a ranking of up to this many districts is one table
TOP_AND_BOTTOM = 10  # a longer one: its first and last ten, and a table by city
NEIGHBOURS = 2  # the districts ranked just above and below, in a district's section
LINKS = [
    ("工作簿 Workbook ecobench.xlsx", "ecobench.xlsx"),
    ("排名 Ranking (parquet)", "rpt_district_ranking.parquet"),
    ("全部 parquet 文件 All parquet files", "parquet.html"),
    ("数据质量 Every quality check", "quality.html"),
    ("数据字典 dbt docs", "dbt_docs/index.html"),
    ("方法 Methodology", "methodology.html"),
]

VERDICT_ORDER = ["not_met", "at_risk", "met", "not_evaluable", "no_data"]

Row = dict[str, Any]
Query = Callable[..., list[Row]]  # a query of the published marts, with parameters


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


def gather(con: duckdb.DuckDBPyConnection, texts: Texts) -> dict[str, Any]:
    """Everything the two pages show, read from the marts."""

    def rows(sql: str, *params) -> list[Row]:
        result = con.execute(sql, list(params))
        names = [column[0] for column in result.description]
        return [dict(zip(names, values, strict=True)) for values in result.fetchall()]

    frameworks = rows(
        """select framework_id, name_zh, name_en from marts.dim_framework
           where framework_id in (select framework_id from marts.rpt_district_ranking)
           order by framework_id"""
    )
    framework_names = {
        f["framework_id"]: f["name_zh"] for f in rows("select * from marts.dim_framework")
    }
    districts = _districts(rows)
    names = {d["district_id"]: d["name_zh"] for d in rows("select * from marts.dim_district")}
    rankings = _rankings(rows, framework_names, names, _trends(rows))
    for district in districts:
        district.update(_district(rows, district, rankings, framework_names, texts))
    run = (rows("select * from marts.pipeline_runs order by started_at desc limit 1") or [{}])[0]
    return {
        "generated_at": datetime.now(tz=BEIJING).strftime("%Y-%m-%d %H:%M"),
        "run": {"run_id": run.get("run_id", "—"), "status": run.get("status")},
        "links": LINKS,
        "frameworks": frameworks,
        "districts": districts,
        "n_documents": sum(d["n_documents"] for d in districts),
        "domain_compliance": [
            {
                **r,
                "district": names.get(r["district_id"]),
                "framework": framework_names.get(r["framework_id"]),
            }
            for r in rows("select * from marts.rpt_domain_compliance order by all")
        ],
        "coverage_threshold": rows(
            "select value from reference.ranking_settings where setting = 'coverage_threshold'"
        )[0]["value"],
        "rankings": rankings,
        "heat": _heat(rows, districts, texts),
        "quality": _quality(rows, run.get("run_id"), texts),
    }


def _districts(rows: Query) -> list[Row]:
    """The real districts (the synthetic ones of a bench run are in the rankings only),
    with their profile."""
    return [
        {
            **d,
            "place": " · ".join(p for p in (d["city_zh"], d["province_zh"]) if p) or "—",
            "assessed": d["frameworks_assessed_zh"],
        }
        for d in rows(
            """select dim.district_id, dim.name_zh, dim.name_en, dim.city_zh, dim.province_zh,
                      dim.n_documents, profile.documents_zh as documents,
                      profile.frameworks_assessed_zh, profile.compliance_reported_zh,
                      profile.n_not_met_binding, profile.n_not_met_binding_by_framework_zh,
                      coalesce(profile.n_source_conflicts, 0) as n_source_conflicts,
                      coalesce(profile.n_targets_below_standard, 0) as n_targets_below_standard
               from marts.dim_district as dim
               left join marts.rpt_district_profile as profile using (district_id)
               where not dim.is_synthetic
               order by dim.province_zh, dim.city_zh nulls first, dim.district_id"""
        )
    ]


def _rankings(rows: Query, framework_names: dict, names: dict, trends: dict) -> list[Row]:
    """Each framework × basis overall ranking: one table when short; else its top, its
    bottom, and its cities (best, last and median of each). `by_district` serves the
    district sections (their position and neighbours)."""
    rankings = []
    for key in rows(
        """select distinct framework_id, basis from marts.rpt_district_ranking
           order by framework_id, basis desc"""
    ):
        ranked = [
            {
                **r,
                "name": names.get(r["district_id"], r["district_id"]),
                "city": r["city_zh"] or "",
                "trend": trends.get((r["district_id"], r["framework_id"])),
            }
            for r in rows(
                """select * from marts.rpt_district_ranking
                   where framework_id = ? and basis = ? and domain = 'overall'
                   order by rank nulls last, coverage desc, district_id""",
                key["framework_id"],
                key["basis"],
            )
        ]
        n_ranked = sum(1 for r in ranked if r["rank"])
        flat = len(ranked) <= FLAT_RANKING
        on_rank = [r for r in ranked if r["rank"]]
        rankings.append(
            {
                "framework_id": key["framework_id"],
                "framework": framework_names.get(key["framework_id"], key["framework_id"]),
                "basis": key["basis"],
                "n": len(ranked),
                "n_ranked": n_ranked,
                "n_unranked": len(ranked) - n_ranked,
                "flat": flat,
                "rows": ranked if flat else [],
                "top": [] if flat else on_rank[:TOP_AND_BOTTOM],
                "bottom": [] if flat else on_rank[TOP_AND_BOTTOM:][-TOP_AND_BOTTOM:],
                "cities": [] if flat else _cities(ranked),
                "by_district": {r["district_id"]: r for r in ranked},
                "ranked": on_rank,
            }
        )
    return rankings


ARROWS = {
    "on_track": "↑",
    "moderately_improving": "↗",
    "stagnating": "→",
    "decreasing": "↓",
    "off_track_now": "✕",
}


def _trends(rows: Query) -> dict[tuple[str, str], Row]:
    """(district, framework) -> the arrow of its most frequent progress class (the better
    class on a tie) and its share of targets on track, with the counts it is of: on track,
    classed, insufficient data (rpt_progress_summary)."""
    trends = {}
    for r in rows("select * from marts.rpt_progress_summary"):
        counts = {kind: r[f"n_{kind}"] for kind in ARROWS}
        if not any(counts.values()):
            continue
        most = max(ARROWS, key=lambda kind: counts[kind])
        trends[(r["district_id"], r["framework_id"])] = {
            "arrow": ARROWS[most],
            "class": most,
            "share_on_track": r["share_on_track"],
            "n_on_track": r["n_on_track"],
            "n_classed": r["n_classed"],
            "n_insufficient_data": r["n_insufficient_data"],
        }
    return trends


def _cities(ranked: list[Row]) -> list[Row]:
    groups: dict[tuple, list[Row]] = {}
    for r in ranked:
        groups.setdefault((r["province_zh"] or "—", r["city_zh"] or "—"), []).append(r)
    cities = []
    for (province, city), members in sorted(groups.items()):
        on_rank = sorted((r for r in members if r["rank"]), key=lambda r: r["rank"])
        cities.append(
            {
                "province": province,
                "city": city,
                "n": len(members),
                "n_ranked": len(on_rank),
                "best": f"{on_rank[0]['name']}（{on_rank[0]['rank']}）" if on_rank else None,
                "worst": f"{on_rank[-1]['name']}（{on_rank[-1]['rank']}）" if on_rank else None,
                "median": statistics.median(r["score"] for r in on_rank) if on_rank else None,
            }
        )
    return cities


def _district(
    rows: Query, district: Row, rankings: list[Row], framework_names: dict, texts: Texts
) -> Row:
    """A district's section: its positions, reported compliance, targets against the
    standards, statuses rated, and findings."""
    district_id = district["district_id"]
    positions = []
    for ranking in rankings:
        row = ranking["by_district"].get(district_id)
        if row is None:
            continue
        neighbours = []
        if not ranking["flat"] and row["rank"]:
            at = ranking["ranked"].index(row)
            neighbours = ranking["ranked"][max(0, at - NEIGHBOURS) : at + NEIGHBOURS + 1]
        positions.append(
            {
                **row,
                "framework": ranking["framework"],
                "basis": ranking["basis"],
                "city": row["city_zh"],
                "province": row["province_zh"],
                "note": row["rank_note_zh"],
                "neighbours": neighbours,
            }
        )
    compliance = [
        {
            **c,
            "framework": framework_names.get(c["framework_id"], c["framework_id"]),
            "source": f"{c['document_id']} {c['table_label'] or ''}".strip(),
        }
        for c in rows(
            """select reported.*, computed.n_met as computed_met
               from marts.rpt_compliance_summary as reported
               join marts.rpt_compliance_summary as computed
                 on computed.district_id = reported.district_id
                and computed.document_id = reported.document_id
                and computed.table_label = reported.table_label
                and computed.basis = 'computed'
               where reported.district_id = ? and reported.basis = 'reported'
               order by reported.framework_id""",
            district_id,
        )
    ]
    targets = []
    ambition = rows(
        """select * from marts.rpt_target_ambition where district_id = ?
           order by framework_id, verdict = 'met', concept_id, target_year""",
        district_id,
    )
    for framework_id in sorted({r["framework_id"] for r in ambition}):
        these = [r for r in ambition if r["framework_id"] == framework_id]
        counts: dict[str, int] = {}
        for r in these:
            counts[r["verdict"]] = counts.get(r["verdict"], 0) + 1
        targets.append(
            {
                "framework": framework_names.get(framework_id, framework_id),
                "counts": sorted(counts.items(), key=lambda kv: VERDICT_ORDER.index(kv[0])),
                "rows": [
                    {
                        "concept": r["concept_name_zh"],
                        "target": r["target_shown"],
                        "target_year": r["target_year"],
                        "standard_raw": r["standard_raw"],
                        "verdict": r["verdict"],
                        "margin": r["margin"],
                        "ambition": f"{r['ambition_rank']} / {r['n_districts']}"
                        if r["ambition_rank"]
                        else "",
                        "source": f"{r['source_file']}:{r['source_line']}",
                    }
                    for r in these
                ],
            }
        )
    unmatched = [
        {**r, "source": _located(r["source_file"], r["source_line"], r["source_location"])}
        for r in rows(
            """select indicator_name_zh, value_raw, period_year, source_file, source_line,
                      source_location
               from marts.fct_indicator_values
               where district_id = ? and measure = 'target' and concept_id is null
               order by source_file, source_line""",
            district_id,
        )
    ]
    statuses = [
        (r["rating"], r["n"])
        for r in rows(
            """select rating, count(*) as n from marts.rpt_benchmark_concept
               where district_id = ? and is_headline group by rating
               order by list_position(['met', 'at_risk', 'not_met', 'no_data'], rating)""",
            district_id,
        )
    ]
    findings = [
        {
            "kind": f["finding_kind_zh"],
            "severity": f["severity_zh"],
            "summary": f["summary_zh"],
            "detail": f["detail_zh"],
            "source": _located(f["a_source_file"], f["a_source_line"], f["a_source_location"]),
            "other": _located(f["b_source_file"], f["b_source_line"], f["b_source_location"])
            or f["b_reference"],
        }
        for f in rows(
            """select * from marts.rpt_findings where district_id = ?
               order by severity = 'high' desc, finding_kind, a_source_file, a_source_line""",
            district_id,
        )
    ]
    return {
        "progress": _progress(rows, district_id, framework_names, texts),
        "positions": positions,
        "compliance": compliance,
        "targets": targets,
        "unmatched": unmatched,
        "statuses": statuses,
        "findings": findings,
    }


CLASS_ORDER = [
    "off_track_now",
    "decreasing",
    "stagnating",
    "moderately_improving",
    "on_track",
    "insufficient_data",
]
CHARTS_PER_DISTRICT = 12


def _progress(rows: Query, district_id: str, framework_names: dict, texts: Texts) -> Row:
    """A district's progress: the classes by framework, the targets it can be judged on
    (the worst first), and a chart per series of two statuses or more: the statuses by
    year, the targets, and the path each requires from the latest status."""
    summary = [
        {**r, "framework": framework_names.get(r["framework_id"], r["framework_id"])}
        for r in rows(
            "select * from marts.rpt_progress_summary where district_id = ? order by framework_id",
            district_id,
        )
    ]
    judged = rows(
        """select * from marts.rpt_progress where district_id = ?
           order by list_position(?, progress_class), concept_id, target_year""",
        district_id,
        CLASS_ORDER,
    )
    for r in judged:
        r["target_kind_zh"] = texts.zh("target_kind", r["target_kind"])
    series: dict[tuple, list[Row]] = {}
    for r in judged:
        if r["n_points"] >= 2 and r["progress_class"] != "insufficient_data":
            series.setdefault((r["concept_id"], r["definition_id"], r["is_change"]), []).append(r)
    charts: list[Row] = []
    for (concept_id, definition_id, is_change), targets in series.items():
        if len(charts) == CHARTS_PER_DISTRICT:
            break
        points = [
            (p["period_year"], p["value_canonical"])
            for p in rows(
                """select period_year, value_canonical from marts.fct_status_trajectory
                   where district_id = ? and concept_id = ? and definition_id = ?
                     and value_is_change = ? and period_year is not null
                     and value_canonical is not null
                   order by period_year""",
                district_id,
                concept_id,
                definition_id,
                is_change,
            )
        ]
        if len(points) >= 2:  # a qualitative series has no line to draw
            charts.append(_chart(targets[0], points, targets))
    return {
        "summary": summary,
        "rows": [
            {**r, "framework": framework_names.get(r["framework_id"], r["framework_id"])}
            for r in judged
            if r["progress_class"] != "insufficient_data"
        ],
        "n_insufficient": sum(r["progress_class"] == "insufficient_data" for r in judged),
        "charts": charts,
    }


def _chart(first: Row, points: list[tuple], targets: list[Row]) -> Row:
    """The geometry of one small line chart (SVG units): the statuses as a line with dots,
    each target as a diamond, the required path from the latest status to it dashed."""
    width, height, left, right, top, bottom = 300, 150, 44, 10, 10, 22
    marks = [
        (t["target_year"], t["target_value"]) for t in targets if t["target_value"] is not None
    ]
    years = [y for y, _ in points + marks]
    values = [v for _, v in points + marks]
    x0, x1 = min(years), max(years) if max(years) > min(years) else min(years) + 1
    low, high = min(values), max(values)
    pad = (high - low) * 0.08 or abs(high) * 0.05 or 1.0
    low, high = low - pad, high + pad

    def x(year: float) -> float:
        return round(left + (width - left - right) * (year - x0) / (x1 - x0), 1)

    def y(value: float) -> float:
        return round(top + (height - top - bottom) * (high - value) / (high - low), 1)

    latest = points[-1]
    return {
        "title": first["concept_name_zh"],
        "unit": first["canonical_unit"] or "",
        "width": width,
        "height": height,
        "line": " ".join(f"{x(a)},{y(b)}" for a, b in points),
        "dots": [(x(a), y(b), f"{a}: {b:g}") for a, b in points],
        "targets": [
            {
                "x": x(t["target_year"]),
                "y": y(t["target_value"]),
                "label": f"{t['target_kind_zh']} {t['target_shown']}（{t['target_year']}）",
                "path": (x(latest[0]), y(latest[1]), x(t["target_year"]), y(t["target_value"])),
            }
            for t in targets
            if t["target_value"] is not None
        ],
        "classes": sorted({t["progress_class"] for t in targets}, key=CLASS_ORDER.index),
        "y_ticks": [(y(low + pad), f"{low + pad:g}"), (y(high - pad), f"{high - pad:g}")],
        "x_ticks": [(x(a), str(a)) for a in sorted({x0, latest[0], x1})],
        "baseline": height - bottom,
        "left": left,
    }


def _located(file: str | None, line: int | None, location: str | None) -> str | None:
    if not file:
        return None
    if location:
        return f"{file}, {location}"
    return f"{file}:{line}" if line is not None else file


def _heat(rows: Query, districts: list[Row], texts: Texts) -> list[Row]:
    """Concept × district: the latest status as printed, coloured by its headline rating,
    its standard and source on hover."""
    cells = {
        (r["concept_id"], r["district_id"]): r
        for r in rows("select * from marts.rpt_benchmark_concept where is_headline")
    }
    concepts = rows(
        """select concept_id, name_zh, canonical_unit from marts.dim_concept
           where n_values > 0 and direction <> 'group' order by concept_id"""
    )
    heat = []
    for concept in concepts:
        line = []
        for district in districts:
            cell = cells.get((concept["concept_id"], district["district_id"]))
            if cell is None:
                line.append({"rating": "no_data", "text": "", "title": None})
                continue
            line.append(
                {
                    "rating": cell["rating"] or "no_data",
                    "text": _short(cell["status_raw"])
                    + (f"（{cell['status_year']}）" if cell["status_year"] else ""),
                    "title": f"{cell['status_raw']} · {cell['rating_zh']} · 标准 "
                    f"{cell['standard_raw']} · {texts.zh('term', cell['framework_id'])} · "
                    f"{cell['status_source']}",
                }
            )
        if any(cell["text"] for cell in line):
            heat.append({**concept, "unit": concept["canonical_unit"], "cells": line})
    return heat


def _short(text: str, most: int = 14) -> str:
    """A cell's text cut to a heat-map cell (the whole of it on hover)."""
    return text if len(text) <= most else text[: most - 1] + "…"


def _quality(rows: Query, run_id: str | None, texts: Texts) -> Row:
    """The last run's checks in words, by stage and suite; the quarantined files; recent
    runs."""
    checks = [
        {**c, "result": _result(c)}
        for c in rows(
            """select * from marts.dq_results where run_id = ?
               order by stage, suite, success, source_file nulls first, check_no""",
            run_id or "",
        )
    ]
    stages = []
    for stage in dict.fromkeys(c["stage"] for c in checks):
        these = [c for c in checks if c["stage"] == stage]
        suites = [
            {"suite": suite, "checks": [c for c in these if c["suite"] == suite]}
            for suite in dict.fromkeys(c["suite"] for c in these)
        ]
        stages.append(
            {
                "stage": stage,
                "stage_zh": texts.zh("stage", stage),
                "suites": suites,
                "passed": sum(c["success"] for c in these),
                "failed": sum(not c["success"] for c in these),
            }
        )
    failed = [c for c in checks if not c["success"]]
    quarantined = rows("select * from marts.dq_quarantine order by run_id desc, source_file")
    files = {c["source_file"] for c in checks if c["source_file"]}
    summary = (
        f"最近一次运行 {run_id or '—'} 做了 {len(checks)} 项检查，涉及 {len(files)} 个文件："
        f"{len(checks) - len(failed)} 项通过，{len(failed)} 项未通过。"
        f" The last run made {len(checks)} checks on {len(files)} files: "
        f"{len(checks) - len(failed)} passed, {len(failed)} failed."
    )
    return {
        "summary": summary,
        "stages": stages,
        "failed": failed,
        "quarantined": quarantined,
        "runs": rows("select * from marts.pipeline_runs order by started_at desc limit 20"),
    }


def _result(check: Row) -> str:
    """What a check found, in words."""
    if check["success"]:
        return "通过 passed" + (f"（{check['observed_value']}）" if check["observed_value"] else "")
    parts = []
    if check["unexpected_count"]:
        parts.append(f"{check['unexpected_count']} 行不符 rows do not comply")
    if check["observed_value"]:
        parts.append(f"实际 observed: {check['observed_value']}")
    if check["sample_rows"]:
        parts.append(f"例如 e.g. {check['sample_rows']}")
    return "；".join(parts) or "未通过 failed"


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

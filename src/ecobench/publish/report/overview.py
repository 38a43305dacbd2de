"""report.html's page model: the overview (each district's profile), the rankings of each
framework and basis (whole, or top, bottom and a table by city at province scale, with
each district's progress arrow), the concept × district table, and each district's section
(district.py), all read from the marts: the report computes no figure of its own."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import duckdb

from ecobench.publish.marts import BEIJING
from ecobench.publish.report.district import district as section
from ecobench.publish.report.quality import quality
from ecobench.publish.report.query import Query, Row, query_of
from ecobench.publish.texts import Texts

FLAT_RANKING = 30  # a ranking of up to this many districts is one table
TOP_AND_BOTTOM = 10  # a longer one: its first and last ten, and a table by city
LINKS = [
    ("工作簿 Workbook ecobench.xlsx", "ecobench.xlsx"),
    ("排名 Ranking (parquet)", "rpt_district_ranking.parquet"),
    ("全部 parquet 文件 All parquet files", "parquet.html"),
    ("数据质量 Every quality check", "quality.html"),
    ("数据字典 dbt docs", "dbt_docs/index.html"),
    ("方法 Methodology", "methodology.html"),
]


def gather(con: duckdb.DuckDBPyConnection, texts: Texts) -> dict[str, Any]:
    """Everything the two pages show, read from the marts."""
    rows = query_of(con)
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
        district.update(section(rows, district, rankings, framework_names, texts))
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
        "quality": quality(rows, run.get("run_id"), texts),
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
                "cities": [] if flat else _cities(rows, key["framework_id"], key["basis"]),
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
    """(district, framework) -> the arrow of its main progress class (the class most of
    its targets are in, rpt_progress_summary) and its share of targets on track, with the
    counts it is of: on track, classed, insufficient data."""
    return {
        (r["district_id"], r["framework_id"]): {
            "arrow": ARROWS[r["main_progress_class"]],
            "class": r["main_progress_class"],
            "share_on_track": r["share_on_track"],
            "n_on_track": r["n_on_track"],
            "n_classed": r["n_classed"],
            "n_insufficient_data": r["n_insufficient_data"],
        }
        for r in rows(
            "select * from marts.rpt_progress_summary where main_progress_class is not null"
        )
    }


def _cities(rows: Query, framework_id: str, basis: str) -> list[Row]:
    """A ranking's cities (rpt_city_ranking): best, last and median of each."""
    cities = [
        {
            "province": r["province_zh"] or "—",
            "city": r["city_zh"] or "—",
            "n": r["n_districts"],
            "n_ranked": r["n_ranked"],
            "best": f"{r['best_name_zh']}（{r['best_rank']}）" if r["n_ranked"] else None,
            "worst": f"{r['last_name_zh']}（{r['last_rank']}）" if r["n_ranked"] else None,
            "median": r["median_score"],
        }
        for r in rows(
            """select * from marts.rpt_city_ranking
               where framework_id = ? and basis = ? and domain = 'overall'""",
            framework_id,
            basis,
        )
    ]
    return sorted(cities, key=lambda city: (city["province"], city["city"]))


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

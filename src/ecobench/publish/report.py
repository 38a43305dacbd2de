"""The offline report: one self-contained HTML file (no CDN, no script), the same pages as
the Evidence site: overview, rankings, a section per district, concepts, data quality.
Charts are inline SVG; labels are Chinese with English alongside."""

from __future__ import annotations

import html
import os
from collections.abc import Callable
from pathlib import Path

import duckdb

RATING_COLOURS = {
    "met": "#2e7d32",
    "at_risk": "#f9a825",
    "not_met": "#c62828",
    "no_data": "#cfd8dc",
}
RATING_LABELS = {
    "met": "达标 met",
    "at_risk": "接近 at risk",
    "not_met": "未达标 not met",
    "no_data": "无数据 no data",
}
FRAMEWORKS = {
    "jiangxi_provincial": "江西省级 Jiangxi provincial",
    "national_revised": "国家修订版 National revised (2021)",
    "national_trial": "国家试行 National trial (2017)",
}
STYLE = """
body{font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;margin:0;color:#222}
header{background:#1b5e20;color:#fff;padding:16px 24px}header h1{margin:0;font-size:22px}
nav{background:#e8f5e9;padding:8px 24px}nav a{margin-right:16px;color:#1b5e20}
section{padding:8px 24px;border-bottom:1px solid #ddd}h2{color:#1b5e20}
table{border-collapse:collapse;margin:8px 0;font-size:13px}
th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f1f8e9}.num{text-align:right}.muted{color:#777}
.legend span{display:inline-block;margin-right:12px}
.swatch{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:middle}
"""


def esc(value) -> str:
    return "" if value is None else html.escape(str(value))


def table(
    headers: list[str], rows: list[tuple], numeric: frozenset[int] | set[int] = frozenset()
) -> str:
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="{"num" if i in numeric else ""}">{esc(v)}</td>' for i, v in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def bars(items: list[tuple[str, float | None, str]], width: int = 420) -> str:
    """Horizontal score bars 0-100; an unranked district is a grey bar labelled so."""
    height = 26 * len(items) + 10
    parts = [f'<svg width="{width + 320}" height="{height}" role="img">']
    for i, (label, score, note) in enumerate(items):
        y = 8 + 26 * i
        parts.append(f'<text x="0" y="{y + 14}" font-size="12">{esc(label)}</text>')
        if score is None:
            parts.append(
                f'<rect x="210" y="{y}" width="{width}" height="18" fill="#eceff1"/>'
                f'<text x="216" y="{y + 14}" font-size="12" fill="#555">{esc(note)}</text>'
            )
        else:
            parts.append(
                f'<rect x="210" y="{y}" width="{width * score / 100:.1f}" height="18" fill="#43a047"/>'
                f'<text x="{210 + width * score / 100 + 6:.1f}" y="{y + 14}" font-size="12">'
                f"{score:.1f}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)


def stacked_bars(items: list[tuple[str, int, int]], width: int = 360) -> str:
    """Met and not-met counts per row as one stacked bar each."""
    height = 22 * len(items) + 10
    most = max((met + not_met for _, met, not_met in items), default=1) or 1
    parts = [f'<svg width="{width + 320}" height="{height}" role="img">']
    for i, (label, met, not_met) in enumerate(items):
        y = 6 + 22 * i
        met_w, not_w = width * met / most, width * not_met / most
        parts.append(
            f'<text x="0" y="{y + 13}" font-size="12">{esc(label)}</text>'
            f'<rect x="280" y="{y}" width="{met_w:.1f}" height="16" fill="{RATING_COLOURS["met"]}">'
            f"<title>{met} 达标 met</title></rect>"
            f'<rect x="{280 + met_w:.1f}" y="{y}" width="{not_w:.1f}" height="16" '
            f'fill="{RATING_COLOURS["not_met"]}"><title>{not_met} 未达标 not met</title></rect>'
            f'<text x="{286 + met_w + not_w:.1f}" y="{y + 13}" font-size="12">{met}/{met + not_met}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def heat_map(concepts: list[tuple[str, str]], districts: list[str], cells: dict) -> str:
    cell_w, cell_h, left, top = 90, 18, 330, 40
    height = top + cell_h * len(concepts) + 10
    parts = [f'<svg width="{left + cell_w * len(districts) + 10}" height="{height}" role="img">']
    for j, district in enumerate(districts):
        parts.append(
            f'<text x="{left + cell_w * j + 4}" y="{top - 8}" font-size="12">{esc(district)}</text>'
        )
    for i, (concept_id, name) in enumerate(concepts):
        y = top + cell_h * i
        parts.append(
            f'<text x="0" y="{y + 13}" font-size="11">{esc(concept_id)} {esc(name[:22])}</text>'
        )
        for j, district in enumerate(districts):
            rating = cells.get((concept_id, district), "no_data")
            parts.append(
                f'<rect x="{left + cell_w * j}" y="{y}" width="{cell_w - 2}" height="{cell_h - 2}" '
                f'fill="{RATING_COLOURS[rating]}"><title>{esc(RATING_LABELS[rating])}</title></rect>'
            )
    parts.append("</svg>")
    return "".join(parts)


def legend() -> str:
    return (
        '<p class="legend">'
        + "".join(
            f'<span><i class="swatch" style="background:{RATING_COLOURS[k]}"></i>{esc(v)}</span>'
            for k, v in RATING_LABELS.items()
        )
        + "</p>"
    )


def write_report(con: duckdb.DuckDBPyConnection, path: Path) -> Path:
    """Render the report from the published marts (`con` reads them as `marts.<table>`)."""
    page = render(con)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(page, encoding="utf-8")
    os.replace(tmp, path)
    return path


def render(con: duckdb.DuckDBPyConnection) -> str:
    def rows(sql: str, *params) -> list[tuple]:
        return con.execute(sql, list(params)).fetchall()

    # a section per real district (the synthetic ones of a bench run are in the rankings)
    districts = rows(
        "select district_id, name_zh, name_en from marts.dim_district "
        "where not is_synthetic order by district_id"
    )
    names = {d: f"{zh} {en}" for d, zh, en in districts}
    run = rows(
        "select run_id, ended_at, status from marts.pipeline_runs order by started_at desc limit 1"
    )

    sections = [
        _overview(rows, names),
        _rankings(rows, names),
        *[_district(rows, district, zh, en) for district, zh, en in districts],
        _concepts(rows, districts),
        _quality(rows, run),
    ]
    nav = "".join(
        f'<a href="#{anchor}">{label}</a>'
        for anchor, label in [
            ("overview", "概览 Overview"),
            ("rankings", "排名 Rankings"),
            *[(f"district-{d}", f"{zh} {en}") for d, zh, en in districts],
            ("concepts", "概念 Concepts"),
            ("quality", "数据质量 Data quality"),
        ]
    )
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        "<title>ecobench 生态文明建设指标对标 Benchmark report</title>"
        f"<style>{STYLE}</style></head><body>"
        "<header><h1>生态文明建设指标对标报告 · Ecological-civilization benchmark</h1></header>"
        f"<nav>{nav}</nav>" + "".join(sections) + "</body></html>"
    )


Query = Callable[..., list[tuple]]  # a query of the published marts, with parameters


def _overview(rows: Query, names: dict[str, str]) -> str:
    """Each district's profile, and compliance by domain."""
    profile = rows(
        """select district_id, n_documents, frameworks_assessed, compliance_reported,
                  n_not_met_binding, n_source_conflicts, n_targets_below_standard
           from marts.rpt_district_profile order by district_id"""
    )
    domain_compliance = rows(
        """select district_id, framework_id, domain_zh, n_met, n_not_met
           from marts.rpt_domain_compliance order by all"""
    )
    return (
        '<section id="overview"><h2>概览 Overview</h2>'
        + table(
            [
                "区县 District",
                "文件 Documents",
                "指标体系 Frameworks",
                "自评达标 Reported compliance",
                "约束性未达标 Binding not met",
                "来源冲突 Source conflicts",
                "目标低于标准 Targets below standard",
            ],
            [(names[r[0]], *r[1:]) for r in profile if r[0] in names],
            numeric={1, 4, 5, 6},
        )
        + "<h3>分领域达标情况 Compliance by domain (reported, top-level indicators)</h3>"
        + table(
            ["区县 District", "指标体系 Framework", "领域 Domain", "达标 Met", "未达标 Not met"],
            [
                (names.get(d, d), FRAMEWORKS.get(f, f), dom, met, not_met)
                for d, f, dom, met, not_met in domain_compliance
            ],
            numeric={3, 4},
        )
        + stacked_bars(
            [
                (f"{FRAMEWORKS.get(f, f).split(' ')[0]} · {dom}", met, not_met)
                for _, f, dom, met, not_met in domain_compliance
            ]
        )
        + "</section>"
    )


def _rankings(rows: Query, names: dict[str, str]) -> str:
    """The overall ranking of each framework and basis, as a table and bars."""
    ranking_html = [
        '<section id="rankings"><h2>排名 Rankings</h2>',
        (
            '<p class="muted">0-100 between a lower bound and the standard; ranked only '
            "with enough data (coverage threshold); ties share a rank.</p>"
        ),
    ]
    for framework, label in FRAMEWORKS.items():
        for basis, basis_label in (("status", "现状 status"), ("target", "目标 targets")):
            ranked = rows(
                """select district_id, score, rank, coverage, rank_status, rank_note
                   from marts.rpt_district_ranking
                   where framework_id = ? and basis = ? and domain = 'overall'
                   order by rank nulls last, district_id""",
                framework,
                basis,
            )
            ranking_html.append(f"<h3>{esc(label)} · {esc(basis_label)}</h3>")
            ranking_html.append(
                table(
                    ["名次 Rank", "区县 District", "得分 Score", "覆盖率 Coverage", "说明 Note"],
                    [
                        (
                            rank if rank else "—",
                            names.get(d, d),
                            score if score is not None else "数据不足 insufficient data",
                            f"{coverage:.0%}",
                            note or "",
                        )
                        for d, score, rank, coverage, status, note in ranked
                    ],
                    numeric={0, 2, 3},
                )
            )
            ranking_html.append(
                bars(
                    [
                        (names.get(d, d), score, "数据不足 insufficient data")
                        for d, score, *_ in ranked
                    ]
                )
            )
    ranking_html.append("</section>")
    return "".join(ranking_html)


def _district(rows: Query, district: str, zh: str, en: str) -> str:
    """A district's compliance per framework and its high-severity findings, located."""
    summary = rows(
        """select framework_id, n_indicators, n_met, n_not_met, n_not_met_binding
           from marts.rpt_compliance_summary where district_id = ? and basis = 'reported'
           order by framework_id""",
        district,
    )
    findings = rows(
        """select finding_kind, summary, detail,
                  a_source_file || coalesce(', ' || a_source_location, ':' || a_source_line)
           from marts.rpt_findings where district_id = ? and severity = 'high'
           order by finding_kind, a_source_line""",
        district,
    )
    lines = (
        "".join(
            f"<p><b>{esc(FRAMEWORKS.get(f, f))}</b>: {met} of {n} indicators met · "
            f"{n} 项指标中达标 {met} 项（未达标 {not_met} 项，其中约束性 {binding} 项）</p>"
            for f, n, met, not_met, binding in summary
        )
        or '<p class="muted">无自评达标表 No compliance table in its documents.</p>'
    )
    return (
        f'<section id="district-{esc(district)}"><h2>{esc(zh)} {esc(en)}</h2>{lines}'
        + (
            "<h3>审查发现 Findings</h3>"
            + table(["类型 Kind", "摘要 Summary", "详情 Detail", "来源 Source"], findings)
            if findings
            else ""
        )
        + "</section>"
    )


def _concepts(rows: Query, districts: list[tuple]) -> str:
    """The heat map of each concept's headline rating per district."""
    concepts = rows(
        """select concept_id, name_zh from marts.dim_concept
           where n_values > 0 and direction <> 'group' order by concept_id"""
    )
    cells = {
        (c, d): r
        for c, d, r in rows(
            """select concept_id, district_id, rating
               from marts.rpt_benchmark_concept where is_headline"""
        )
        if r
    }
    return (
        '<section id="concepts"><h2>概念 × 区县 Concepts × districts</h2>'
        '<p class="muted">Latest status rated against the district\'s own framework '
        "(its provincial list, else the newest national version).</p>"
        + legend()
        + heat_map(concepts, [d for d, *_ in districts], cells)
        + "</section>"
    )


def _quality(rows: Query, run: list[tuple]) -> str:
    """The last run's checks by stage and suite, its failed checks, the quarantined files."""
    checks = rows(
        """select stage, suite, count(*) filter (where success), count(*) filter (where not success)
           from marts.dq_results where run_id = ? group by all order by all""",
        run[0][0] if run else "",
    )
    warnings = rows(
        """select source_file, suite, expectation, sample_rows from marts.dq_results
           where run_id = ? and not success order by source_file""",
        run[0][0] if run else "",
    )
    quarantined = rows(
        "select run_id, source_file, reason from marts.dq_quarantine order by run_id"
    )
    return (
        '<section id="quality"><h2>数据质量 Data quality</h2>'
        + (f"<p>最近一次运行 Last run {esc(run[0][0])} · {esc(run[0][2])}</p>" if run else "")
        + table(
            ["阶段 Stage", "规则集 Suite", "通过 Passed", "未通过 Failed"], checks, numeric={2, 3}
        )
        + "<h3>未通过的检查 Failed checks</h3>"
        + table(["文件 File", "规则集 Suite", "规则 Expectation", "样例 Sample"], warnings)
        + "<h3>隔离文件 Quarantined documents</h3>"
        + (
            table(["运行 Run", "文件 File", "原因 Reason"], quarantined)
            if quarantined
            else '<p class="muted">无 None.</p>'
        )
        + "</section>"
    )

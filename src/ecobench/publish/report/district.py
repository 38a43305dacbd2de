"""A district's section of the report: its positions in each ranking (with its neighbours
at province scale), its reported compliance, its own targets against each assessed
framework's standard, the targets no framework indicator matches, its statuses rated, its
findings and its progress, each read from the marts for that district."""

from __future__ import annotations

from ecobench.publish.report.charts import CLASS_ORDER, chart
from ecobench.publish.report.query import Query, Row, located
from ecobench.publish.texts import Texts

NEIGHBOURS = 2  # the districts ranked just above and below, in a district's section
VERDICT_ORDER = ["not_met", "at_risk", "met", "not_evaluable", "no_data"]
CHARTS_PER_DISTRICT = 12


def district(
    rows: Query, district: Row, rankings: list[Row], framework_names: dict, texts: Texts
) -> Row:
    """A district's section: its positions, reported compliance, targets against the
    standards, statuses rated, and findings."""
    district_id = district["district_id"]
    return {
        "progress": _progress(rows, district_id, framework_names, texts),
        "positions": _positions(district_id, rankings),
        "compliance": _compliance(rows, district_id, framework_names),
        "targets": _targets(rows, district_id, framework_names),
        "unmatched": _unmatched(rows, district_id),
        "statuses": _statuses(rows, district_id),
        "findings": _findings(rows, district_id),
    }


def _positions(district_id: str, rankings: list[Row]) -> list[Row]:
    """Its row in each ranking, with its neighbours when the ranking is not shown whole."""
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
    return positions


def _compliance(rows: Query, district_id: str, framework_names: dict) -> list[Row]:
    """Each printed table's verdicts as printed, beside those computed."""
    return [
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


def _targets(rows: Query, district_id: str, framework_names: dict) -> list[Row]:
    """Its own targets against each framework's standard: the verdicts counted, and each
    target with its margin, ambition rank and source."""
    ambition = rows(
        """select * from marts.rpt_target_ambition where district_id = ?
           order by framework_id, verdict = 'met', concept_id, target_year""",
        district_id,
    )
    targets = []
    for framework_id in sorted({r["framework_id"] for r in ambition}):
        these = [r for r in ambition if r["framework_id"] == framework_id]
        counts: dict[str, int] = {}
        for r in these:
            counts[r["verdict"]] = counts.get(r["verdict"], 0) + 1
        targets.append(
            {
                "framework": framework_names.get(framework_id, framework_id),
                "counts": sorted(counts.items(), key=lambda kv: VERDICT_ORDER.index(kv[0])),
                "rows": [_target(r) for r in these],
            }
        )
    return targets


def _target(r: Row) -> Row:
    return {
        "concept": r["concept_name_zh"],
        "target": r["target_shown"],
        "target_year": r["target_year"],
        "standard_raw": r["standard_raw"],
        "verdict": r["verdict"],
        "margin": r["margin"],
        "ambition": f"{r['ambition_rank']} / {r['n_districts']}" if r["ambition_rank"] else "",
        "source": f"{r['source_file']}:{r['source_line']}",
    }


def _unmatched(rows: Query, district_id: str) -> list[Row]:
    """The targets no framework indicator matches, with their sources."""
    return [
        {**r, "source": located(r["source_file"], r["source_line"], r["source_location"])}
        for r in rows(
            """select indicator_name_zh, value_raw, period_year, source_file, source_line,
                      source_location
               from marts.fct_indicator_values
               where district_id = ? and measure = 'target' and concept_id is null
               order by source_file, source_line""",
            district_id,
        )
    ]


def _statuses(rows: Query, district_id: str) -> list[tuple]:
    """Its headline statuses counted by rating."""
    return [
        (r["rating"], r["n"])
        for r in rows(
            """select rating, count(*) as n from marts.rpt_benchmark_concept
               where district_id = ? and is_headline group by rating
               order by list_position(['met', 'at_risk', 'not_met', 'no_data'], rating)""",
            district_id,
        )
    ]


def _findings(rows: Query, district_id: str) -> list[Row]:
    """Every finding, the serious first, with both its sources."""
    return [
        {
            "kind": f["finding_kind_zh"],
            "severity": f["severity_zh"],
            "summary": f["summary_zh"],
            "detail": f["detail_zh"],
            "source": located(f["a_source_file"], f["a_source_line"], f["a_source_location"]),
            "other": located(f["b_source_file"], f["b_source_line"], f["b_source_location"])
            or f["b_reference"],
        }
        for f in rows(
            """select * from marts.rpt_findings where district_id = ?
               order by severity = 'high' desc, finding_kind, a_source_file, a_source_line""",
            district_id,
        )
    ]


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
            charts.append(chart(targets[0], points, targets))
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

"""A progress chart of the report, drawn as SVG by the template: its geometry in SVG units,
computed here from a series' statuses and the targets set for it."""

from __future__ import annotations

from ecobench.publish.report.query import Row

CLASS_ORDER = [
    "off_track_now",
    "decreasing",
    "stagnating",
    "moderately_improving",
    "on_track",
    "insufficient_data",
]


def chart(first: Row, points: list[tuple], targets: list[Row]) -> Row:
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

"""What a printed value says: number, comparator, unit, region variant.

One vocabulary for table cells and running-text targets, so that `≥20` in a table and
`不低于20%` in a sentence land with the same comparator. `value_raw` is never touched; this
module only derives columns from it.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache

from ecobench.config import SEEDS_DIR
from ecobench.ingest.text import norm

# Comparator as printed -> the fact table's comparator enum.
SYMBOLS = {"≥": ">=", ">=": ">=", "≤": "<=", "<=": "<=", ">": ">", "<": "<", "=": "="}
WORDS_BEFORE = {
    "不低于": ">=",
    "不得低于": ">=",
    "不少于": ">=",
    "不高于": "<=",
    "不超过": "<=",
    "低于": "<",
    "高于": ">",
}
WORDS_AFTER = {"以上": ">=", "以内": "<=", "以下": "<=", "左右": "~"}
DECREASE = re.compile(r"(降低|下降|减少|削减|降幅)$")

NUMBER = r"-?\d+(?:\.\d+)?"
REGION = re.compile(r"[(（]((?:平原|山区|丘陵)(?:地)?区|(?:东|中|西)部(?:地区)?)[)）]")
REGION_CELL = re.compile(r"^(?:(?:平原|山区|丘陵)(?:地)?区|(?:东|中|西)部(?:地区)?)$")
NUMERIC_CELL = re.compile(
    rf"^(?P<delta>Δ[A-Za-z]+)?(?P<cmp>≥|≤|>=|<=|>|<|=)?(?P<num>{NUMBER})(?P<pct>%)?$"
)
LEADING_NUMBER = re.compile(rf"^(?P<num>{NUMBER})(?P<pct>%)?[,;，；]")


@dataclass(frozen=True)
class ParsedValue:
    value_num: float | None
    comparator: str | None
    unit_in_value: str | None = None
    region_variant: str | None = None
    is_change: bool = False


def parse_cell(raw: str | None) -> ParsedValue:
    """Parse a table cell such as `≥20`, `16%`, `＞18（平原区）`, `ΔEQI≥-1` or `72.5，已完成…`.

    Cells that are not numbers (`制定中`, `无数据，今年开展申报`) get a null number.
    """
    if raw is None:
        return ParsedValue(None, None)
    text = "\n".join(norm(part) for part in raw.splitlines() if part.strip())
    region = None
    if match := REGION.search(text):
        region = match.group(1)
        text = (text[: match.start()] + text[match.end() :]).strip()
    if match := NUMERIC_CELL.match(text):
        return _cell_value(match, region)
    parts = text.split("\n")
    numeric = [m for part in parts if (m := NUMERIC_CELL.match(part))]
    if len(parts) > 1 and len(numeric) == 1 and sum(bool(re.search(r"\d", p)) for p in parts) == 1:
        return _cell_value(numeric[0], region)  # `≥55` + `且不降低`: a level and a condition
    if match := LEADING_NUMBER.match(text):
        return ParsedValue(float(match["num"]), None, "%" if match["pct"] else None, region)
    return ParsedValue(None, None, None, region)


@cache
def units() -> tuple[str, ...]:
    """Units the parsers recognise, longest first (from the units seed, one list for all)."""
    with open(SEEDS_DIR / "units.csv", encoding="utf-8") as handle:
        names = [row["unit"] for row in csv.DictReader(handle)]
    return tuple(sorted(names, key=len, reverse=True))


def unit_pattern() -> str:
    return "|".join(re.escape(unit) for unit in units())


def _cell_value(match: re.Match, region: str | None) -> ParsedValue:
    """The value of a cell that is one number with its comparator (≥20, ＞18%, ΔEQI≥-1)."""
    return ParsedValue(
        float(match["num"]),
        SYMBOLS.get(match["cmp"] or ""),
        "%" if match["pct"] else None,
        region,
        bool(match["delta"]),
    )

"""What a printed value says: number, comparator, unit, region variant, change, term.

The value grammar has one home, here. The parsers read a cell with it (`parse_cell`: what
lands in value_num, comparator, unit) and `landing.land` writes every printed expression's
parts with it (`read_expression` -> landing/expressions.parquet), which the warehouse's
comparisons read (`intermediate.int_expressions_parsed`): `≧20`, `至少20%` and `约96%` read
the same in a landed row and in a verdict. Running-text targets share the comparator words
(`不低于20%` in a sentence, `≥20` in a table). `value_raw` is never touched; this module only
derives columns from it.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache

from ecobench.config import SEEDS_DIR

# Comparator as printed -> the fact table's comparator enum (running-text targets).
SYMBOLS = {"≥": ">=", ">=": ">=", "≤": "<=", "<=": "<=", ">": ">", "<": "<", "=": "="}
WORDS_BEFORE = {
    "不低于": ">=",
    "不得低于": ">=",
    "不少于": ">=",
    "至少": ">=",
    "不高于": "<=",
    "不超过": "<=",
    "不大于": "<=",
    "低于": "<",
    "高于": ">",
    "约": "~",
}
WORDS_AFTER = {"以上": ">=", "以内": "<=", "以下": "<=", "左右": "~"}
# a unit cell printed as a dash, a slash or 无 means "no unit" (a qualitative indicator)
NO_UNIT = frozenset({"", "-", "--", "—", "——", "–", "―", "/", "\\", "无"})
DECREASE = re.compile(r"(降低|下降|减少|削减|降幅)$")

REGIONS = r"(?:平原|山|丘陵|高寒|草原|非湖|湖)(?:地)?区(?:县(?:[(（]市[)）])?)?|城区|(?:东|中|西)部(?:地区)?"
REGION_CELL = re.compile(rf"^(?:{REGIONS})$")  # a table cell that names a region variant
DECIMAL_MARK = re.compile(r"(?<=\d)[。，](?=\d)")  # 76。7 as some conversions print 76.7


@dataclass(frozen=True)
class ParsedValue:
    value_num: float | None
    comparator: str | None
    unit_in_value: str | None = None
    region_variant: str | None = None
    is_change: bool = False


@dataclass(frozen=True)
class ExpressionPart:
    """One part of a printed expression, as a comparison uses it (the columns of
    `intermediate.int_expressions_parsed`)."""

    expr_raw: str
    part_no: int
    part_text: str
    region_label: str | None
    region_key: str | None  # plain | hill | mountain | east | central | west | condition
    kind: str  # numeric | range | qualitative | no_data | upper_level | text
    comparator: str | None  # >= <= > < ~ = between
    value_num: float | None
    value_high: float | None
    unit_printed: str | None
    is_change: bool
    change_direction: str | None  # delta | decrease | increase
    term_code: str | None
    term_is_negative: bool


# An expression splits at line breaks, ；/; ，/, 、 and 且, so "≥55\n且不降低" is two parts that
# must both hold and "山区:≥33; 平原地区:≥16" (or "山区≥60") two region variants. Each part is a number with
# its comparator (≥ ＞ ≤ < =, 以上/以内/不低于/至少/约/左右, a range a-b), a change (ΔEQI≥-1,
# 提高幅度, 较2020年降低12.5%), a term of the qualitative vocabulary (seed qualitative_terms:
# 建立/已建立, 制定中, 不明显 …), a target set by the upper level (完成上级规定的…), or text.
WIDE = str.maketrans("＞＜＝≧≦％（）：；，０１２３４５６７８９．－～", "><=≥≤%():;,0123456789.-~")
PARTS = re.compile(r"\n|;|,|、|且")
TERRAIN = r"\(((平原|山|丘陵)(地)?区|(东|中|西)部(地区)?)\)"
LABEL = re.compile(
    rf"^([^:]*区):|^(\(\d\))|{TERRAIN}|^(?P<bare>(?:平原|山|丘陵|高寒|草原)(?:地)?区)(?=[≥≤<>=\d])"
)
RANGE = re.compile(r"(-?\d+(\.\d+)?)\s*%?\s*[-~至到]\s*(\d+(\.\d+)?)")
RANGE_TAIL = re.compile(r"\d\s*%?\s*[-~至到]\s*\d+(\.\d+)?(.*)$")
NUMBER = re.compile(r"-?\d+(\.\d+)?")
NUMBER_TAIL = re.compile(r"-?\d+(\.\d+)?(.*)$")
COMPARATORS = (  # the first whose words a part holds
    (">=", re.compile(r"≥|>=|不低于|不少于|不得低于|以上|至少")),
    ("<=", re.compile(r"≤|<=|不高于|不超过|不大于|以内|以下")),
    (">", re.compile(r">|高于")),
    ("<", re.compile(r"<")),
    ("~", re.compile(r"左右|约")),
)
UPPER_LEVEL = re.compile(r"上级|自行确定|省下达|控制目标")
CHANGE = re.compile(r"Δ|△|幅度|较\d{4}年|(降低|下降|减少|提高|增加|增长|提升)-?\d")
# an indicator's name that ends in a change of what it measures (能耗下降率, 提高幅度, 降幅)
NAME_CHANGE = re.compile(r"(?:下降|降低|减少|提高|提升|增长)(?:率|幅度)$|降幅$|增幅$")
DIRECTIONS = (
    ("delta", re.compile(r"Δ|△")),
    ("decrease", re.compile(r"(降低|下降|减少)-?\d|下降幅度")),
    ("increase", re.compile(r"(提高|增加|增长|提升)-?\d|提高幅度")),
)
# the terrain variants (macros/comparisons.sql terrain_keys lists the same keys)
TERRAIN_KEYS = (("plain", "平原"), ("hill", "丘陵"), ("mountain", "山区"), ("alpine", "高寒"))
ECONOMIC_KEYS = (("east", "东部"), ("central", "中部"), ("west", "西部"))


@cache
def units() -> tuple[str, ...]:
    """Units the parsers recognise, longest first (from the units seed, one list for all)."""
    with open(SEEDS_DIR / "units.csv", encoding="utf-8") as handle:
        names = [row["unit"] for row in csv.DictReader(handle)]
    return tuple(sorted(names, key=len, reverse=True))


def unit_pattern() -> str:
    return "|".join(re.escape(unit) for unit in units())


def is_change(expression: str = "", name: str = "") -> bool:
    """The one rule for "a change, not a level": an expression that prints a change (ΔEQI≥-1,
    提高幅度, 较2020年降低12.5%), or an indicator whose name ends in one (能耗下降率,
    PM2.5浓度下降幅度). The landing reads each part of an expression by it (`read_expression`,
    hence dbt's comparisons) and the gates judge a reported value by it (quality/reference.py)."""
    return CHANGE.search(expression) is not None or NAME_CHANGE.search(name) is not None


@cache
def qualitative_terms() -> tuple[tuple[str, str, bool], ...]:
    """The qualitative vocabulary (seeds/qualitative_terms.csv), longest term first."""
    with open(SEEDS_DIR / "qualitative_terms.csv", encoding="utf-8") as handle:
        terms = [
            (row["term_zh"], row["code"], row["is_negative"] == "true")
            for row in csv.DictReader(handle)
        ]
    return tuple(sorted(terms, key=lambda term: len(term[0]), reverse=True))


@cache
def read_expression(raw: str) -> tuple[ExpressionPart, ...]:
    """Every part of a printed expression, read."""
    text = DECIMAL_MARK.sub(".", raw.replace(" ", "").replace("\u3000", "")).translate(WIDE)
    texts = [part for part in PARTS.split(text) if part.strip()]
    return tuple(_read_part(raw, k, part) for k, part in enumerate(texts, start=1))


def _read_part(raw: str, part_no: int, part: str) -> ExpressionPart:
    label = None
    if match := LABEL.search(part):
        label = next(group for group in (match[1], match[2], match[3], match["bare"]) if group)
    body = re.sub(
        r"^([^:]*区):|^\(\d\)|^((平原|山|丘陵|高寒|草原)(地)?区)(?=[≥≤<>=\d])", "", part, count=1
    )
    body = re.sub(TERRAIN, "", body, count=1)
    quantity = re.sub(r"PM2\.5", "PM", re.sub(r"\d{4}年", "", body))  # years are no quantity
    span = RANGE.search(quantity)
    number = NUMBER.search(quantity)
    tail = (m[2] if (m := RANGE_TAIL.search(quantity)) and m[2] else None) or (
        m[2] if (m := NUMBER_TAIL.search(quantity)) else ""
    )
    unit = next((u for u in units() if tail.startswith(u)), None) if number else None
    term = next(((code, neg) for t, code, neg in qualitative_terms() if t in body), None)
    if UPPER_LEVEL.search(body):
        kind = "upper_level"
    elif span:
        kind = "range"
    elif number:
        kind = "numeric"
    elif term:
        kind = "no_data" if term[0] == "no_data" else "qualitative"
    else:
        kind = "text"
    comparator = "between" if span else None
    comparator = comparator or next((c for c, words in COMPARATORS if words.search(body)), None)
    if comparator is None and number:
        comparator = "="
    return ExpressionPart(
        expr_raw=raw,
        part_no=part_no,
        part_text=part,
        region_label=label,
        region_key=_region_key(label),
        kind=kind,
        comparator=comparator,
        value_num=float(span[1]) if span else (float(number[0]) if number else None),
        value_high=float(span[3]) if span else None,
        unit_printed=unit,
        is_change=is_change(body),
        change_direction=next((d for d, words in DIRECTIONS if words.search(body)), None),
        term_code=term[0] if term else None,
        term_is_negative=term[1] if term else False,
    )


def _region_key(label: str | None) -> str | None:
    if label is None:
        return None
    if key := next((key for key, word in TERRAIN_KEYS if word in label), None):
        return key
    if key := next((key for key, word in ECONOMIC_KEYS if label.startswith(word)), None):
        return key
    return "condition"


def parse_cell(raw: str | None) -> ParsedValue:
    """A cell's value as one number: the first part of its expression that holds one
    (`≥20`, `16%`, `＞18（平原区）`, `ΔEQI≥-1`, `≥55` of `≥55\n且不降低`, `72.5` of
    `72.5，已完成…`). A cell that holds none (`制定中`, `无数据，今年开展申报`, a target set
    by the upper level) gets a null number; its terrain or region variant is kept."""
    if raw is None or not raw.strip():
        return ParsedValue(None, None)
    parts = read_expression(raw)
    region = next((p.region_label for p in parts if p.region_key not in (None, "condition")), None)
    first = next((p for p in parts if p.kind in ("numeric", "range")), None)
    if first is None:
        return ParsedValue(None, None, None, region)
    return ParsedValue(
        first.value_num,
        first.comparator,
        "%" if first.unit_printed == "%" else None,
        region,
        first.is_change,
    )

"""Column roles: what a header word names (seeds/column_roles.csv, the one home of those
words), what a column holds when its word is unknown, and sequence numbers."""

from __future__ import annotations

import csv
import re
from functools import cache

from ecobench.config import SEEDS_DIR
from ecobench.ingest.tables.model import Cell, Roles
from ecobench.ingest.tables.settings import SETTINGS
from ecobench.ingest.text import norm, squash

BINDING = {
    "约束性": "binding",
    "约束性指标": "binding",
    "参考性": "reference",
    "参考性指标": "reference",
    "预期性": "expected",
    "预期性指标": "expected",
}
VERDICTS = {
    "达标": "达标",
    "已达标": "达标",
    "不达标": "不达标",
    "未达标": "不达标",
    "Y": "达标",
    "N": "不达标",
    "是": "达标",
    "否": "不达标",
    "完成": "达标",
    "未完成": "不达标",
}
NOT_APPLICABLE = {"NA", "N/A", "—", "/", "-"}
VALUE_ROLES = {"standard", "verdict"}  # plus status:YYYY and target:YYYY
# roles a word names only with what else the label says (its year, where it stands): read
# before the words that name a column alone
CONTEXT_ROLES = {"status", "target", "completion", "cumulative"}
YEAR_ONLY = re.compile(r"^\d{4}年?$|^\d{4}年?[(（]?[^)）]*[)）]?$")
YEAR = re.compile(r"((?:19|20)\d{2})")
SEQ = re.compile(
    r"^(?:(?P<arabic>\d{1,3})[.、]?|[(（](?P<bracketed>\d{1,3})[)）]|(?P<chinese>[一二三四五六七八九十]{1,3})、)$"
)
CHINESE_DIGITS = {c: i for i, c in enumerate("一二三四五六七八九", start=1)}


@cache
def role_words() -> tuple[tuple[str, str], ...]:
    """Header words and the role each names, longest first (so 指标值 wins over 指标)."""
    with open(SEEDS_DIR / "column_roles.csv", encoding="utf-8") as handle:
        words = [(row["header_word"], row["role"]) for row in csv.DictReader(handle)]
    return tuple(sorted(words, key=lambda word: len(word[0]), reverse=True))


@cache
def column_words() -> tuple[tuple[str, str], ...]:
    """The words that name a column alone (指标值, 单位, 指标属性), longest first."""
    return tuple((word, role) for word, role in role_words() if role not in CONTEXT_ROLES)


@cache
def words_of(role: str) -> tuple[str, ...]:
    return tuple(word for word, named in role_words() if named == role)


def _names(text: str, role: str) -> bool:
    return any(word in text for word in words_of(role))


def column_role(label: str) -> tuple[str, int | None]:
    """What a header cell means, and the year it names: `2022年现状` and `现状值(2022年)`
    -> (status, 2022); `2025年近期目标` -> (target, 2025); `2015年` alone -> (year, 2015),
    decided by `resolve_years`; `目标值` with no year -> the standard."""
    text = norm(squash(label))
    if not text or len(text) > SETTINGS.header_cell_chars + 6:
        return "other", None
    year = int(match.group(1)) if (match := YEAR.search(text)) else None
    if _names(text, "verdict") or (text.startswith(words_of("completion")) and not year):
        return "verdict", None  # 完成情况 alone is a verdict; 2006年完成情况 a status
    if _names(text, "status") or _names(text, "completion"):
        return "status", year
    if year and _names(text, "target"):
        return "target", year
    if year and YEAR_ONLY.match(text):
        return "year", year
    if _names(text, "cumulative"):
        return "cumulative", None
    for word, role in column_words():
        if word in text:
            return role, None
    return "other", None


def resolve_years(roles: Roles) -> Roles:
    """Year-only columns (`2015年 | 2020年`): with no status column the earliest is the
    status the plan starts from and the later ones its targets."""
    years = sorted(year for role, year in roles if role == "year" and year is not None)
    has_status = any(role == "status" for role, _ in roles)
    resolved = []
    for role, year in roles:
        if role == "year":
            role = "status" if not has_status and year == years[0] and len(years) > 1 else "target"
        elif role == "cumulative":  # 〔累计〕: the change targeted by the plan's last year
            role, year = "target", max(years, default=None)
        resolved.append((role, year))
    return resolved


def roles_of(header: list[Cell]) -> Roles:
    return resolve_years([column_role(cell.text) for cell in header])


def is_header(roles: Roles) -> bool:
    names = [role for role, _ in roles]
    known = [role for role in names if role != "other"]
    return (
        len(roles) >= SETTINGS.min_header_cells
        and "name" in names
        and bool({"seq", "standard", "status", "target", "year"} & set(names))
        and len(known) >= len(roles) - 1
    )


def content_role(texts: list[str]) -> str | None:
    """The role a column's cells show by what they hold, when its header word is unknown."""
    filled = [norm(text) for text in texts if text.strip()]
    if not filled:
        return None
    for role, test in (
        ("binding", lambda t: t in BINDING),
        ("verdict", lambda t: t in VERDICTS or t in NOT_APPLICABLE),
        ("seq", lambda t: SEQ.match(t) is not None),
    ):
        if sum(map(test, filled)) >= SETTINGS.role_share * len(filled):
            return role
    return None


def parse_seq(text: str) -> str | None:
    """`1`, `1.`, `１`, `(1)` and `一、` are sequence number 1; anything else is not one."""
    match = SEQ.match(norm(text))
    if not match:
        return None
    if match["chinese"]:
        number = _chinese_number(match["chinese"])
        return str(number) if number else None
    return str(int(match["arabic"] or match["bracketed"]))


def _chinese_number(text: str) -> int | None:
    """一 -> 1, 十二 -> 12, 二十三 -> 23; None for what is not a number (一二)."""
    tens, ten, units = text.partition("十")
    if not ten:
        return CHINESE_DIGITS.get(text)
    if len(tens) > 1 or len(units) > 1:
        return None
    return CHINESE_DIGITS.get(tens, 1 if not tens else 0) * 10 + CHINESE_DIGITS.get(units, 0)

"""Which indicator system a district's table prints, by the words of its title and text:
the framework ids come from seeds/frameworks.csv and framework_versions.csv, not code."""

from __future__ import annotations

import csv
import re
from functools import cache

from ecobench.config import SEEDS_DIR
from ecobench.ingest.text import Document, norm

UNREGISTERED = "unregistered"  # a list seeds/frameworks.csv does not hold (quarantined)
# a national list named in a title or the text: `国家…指标`, `示范区建设指标`
NATIONAL_LIST = re.compile(r"(?:国家|示范[区县市]).{0,12}(?:建设)?指标")
QUALIFIER = re.compile(r"[(（]([^()（）]+)[)）]$")  # `…指标（试行）` -> 试行


@cache
def _frameworks() -> tuple[dict[str, str], ...]:
    with open(SEEDS_DIR / "frameworks.csv", encoding="utf-8") as handle:
        return tuple(csv.DictReader(handle))


@cache
def _versions() -> tuple[dict[str, str], ...]:
    with open(SEEDS_DIR / "framework_versions.csv", encoding="utf-8") as handle:
        return tuple(csv.DictReader(handle))


@cache
def provincial_frameworks() -> dict[str, str]:
    """Province -> its provincial framework (seeds/frameworks.csv: the issuer's province)."""
    return {
        match.group(0): row["framework_id"]
        for row in _frameworks()
        if row["kind"] == "provincial"
        and (match := re.match(r"^.+?(?:省|自治区|市)", row["issuer_zh"]))
    }


@cache
def assessed_versions() -> dict[str, str]:
    """Framework -> the version its documents are assessed under (framework_versions.csv)."""
    return {
        row["framework_id"]: row["version_id"]
        for row in _versions()
        if row["is_assessed"] == "true"
    }


@cache
def own_list() -> str:
    """The framework of a district's own list (kind `local`: its plan's targets)."""
    return next(row["framework_id"] for row in _frameworks() if row["kind"] == "local")


@cache
def current_national() -> str:
    """The national list in force: the national framework of the latest version."""
    national = {row["framework_id"] for row in _frameworks() if row["kind"] == "national"}
    dated = [row for row in _versions() if row["framework_id"] in national and row["version_year"]]
    return max(dated, key=lambda row: int(row["version_year"]))["framework_id"]


@cache
def cited_nationals() -> tuple[tuple[re.Pattern[str], str], ...]:
    """The earlier national lists a text names by the word its title ends with
    (`指标（试行）` -> the trial list), each with the pattern that finds it cited."""
    out = []
    for row in _frameworks():
        qualifier = QUALIFIER.search(row["name_zh"])
        if row["kind"] == "national" and row["framework_id"] != current_national() and qualifier:
            pattern = re.compile(rf"指标\s*[(（]{re.escape(qualifier.group(1))}[)）]")
            out.append((pattern, row["framework_id"]))
    return tuple(out)


def framework_for_table(
    title: str, doc: Document, province: str | None = None, by_province: bool = False
) -> str | None:
    """Which indicator system a table's words say it prints. A provincial list (its title
    says 省级 or names a province, or a province issues the document) is the framework
    seeds/frameworks.csv holds for that province (the document's own when the title names
    none): `unregistered` when it holds none. A national list where the title or the text
    names one (an earlier version where the text cites it, 指标（试行）, else the one in
    force). None where nothing says."""
    title = norm(title) or _document_title(doc)  # a header on the first line
    named = [p for p in _province_names() if p in title]
    if "省级" in title or named or by_province:
        return provincial_frameworks().get(named[0] if named else province or "", UNREGISTERED)
    text = norm(doc.text)
    for pattern, framework in cited_nationals():
        if pattern.search(text):
            return framework
    if NATIONAL_LIST.search(f"{title}{text}"):
        return current_national()
    return None


def _document_title(doc: Document) -> str:
    """The head of the document's first line: its title, where a page ran the title into
    the text after it (`浙江省省级…指标(试行)一、…`)."""
    first = next((line for line in doc.lines if not line.blank), None)
    return norm(first.clean)[:80] if first else ""


@cache
def _province_names() -> tuple[str, ...]:
    from ecobench.ingest.districts import divisions

    return tuple(d.name_zh for d in divisions() if d.level == "province")

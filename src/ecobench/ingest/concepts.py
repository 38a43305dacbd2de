"""Which concept a printed indicator measures: by what its words say, never by its row number.

The concept dictionary is data (seeds): every indicator name of every framework version
(`framework_indicators.csv`, with the concept and definition its crosswalk row gives), the
synonyms users print (`concept_names.csv`), and the words that keep definitions apart
(`concept_distinctions.csv`: 森林 / 林草, EI / EQI, 处理率 / 集中收集率, a level / its
下降率, 优良天数 / PM2.5). A table row is matched on its name (and its parent's, for a
sub-row): exactly, then with rapidfuzz's `WRatio` among the names that agree on every
distinction and whose unit is of the same dimension. A running-text target is matched on
the keywords of `concept_keywords.csv` found in its name (or its sentence, when the name is
a bare subject such as 比例).

A row's sequence number is used only to confirm: in a table whose names agree with a
framework version's own numbering, a weak name match that the number confirms is taken;
where number and name disagree, the name wins, with a located warning. A row that matches
no concept stays unmapped (`mapped_by = 'none'`), with a warning naming its line.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz, process

from ecobench.config import SEEDS_DIR
from ecobench.ingest.text import norm
from ecobench.ingest.values import NAME_CHANGE


@dataclass(frozen=True)
class MatchSettings:
    """Every tunable of the matcher, in one place (scores are rapidfuzz's 0-100)."""

    strong: float = 90.0  # at or above: mapped by name
    weak: float = 75.0  # at or above (and below strong): a candidate only, with a warning
    agreeing_share: float = 0.8  # of a table's name-mapped rows whose number agrees: its list
    agreeing_rows: int = 3  # and at least this many of them


SETTINGS = MatchSettings()


@dataclass(frozen=True)
class Sense:
    """One meaning a name has: a concept, a definition, and the version that prints it."""

    concept_id: str
    definition_id: str
    version_id: str | None  # None: a synonym of no version in particular


@dataclass
class Match:
    concept_id: str | None
    definition_id: str | None
    mapped_by: str  # name | fuzzy | name+seq | weak | none | keyword:<word>
    score: float | None = None
    candidate: str | None = None  # the dictionary name (and concept) a fuzzy match found
    reads_unit_as: str | None = None
    name_is_change: bool = False  # the name prints the change of the concept (能耗下降率)
    proposed: Sense | None = None  # what a weak match proposes, for a row number to confirm


# ------------------------------------------------------------------------ the dictionary
def _seed(name: str) -> list[dict[str, str]]:
    with open(SEEDS_DIR / name, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def key(text: str) -> str:
    """A name reduced to what identifies it: full-width folded, no spaces, brackets and
    punctuation, no unit in brackets at its end, no footnote marks (`*`, `①`)."""
    text = norm(text or "")
    text = re.sub(
        r"[(（\[]\s*(?:%|[^()（）]{0,8}/[^()（）]{0,8}|万?[元吨亩人]|个|处)\s*[)）\]]$", "", text
    )
    text = re.sub(r"[*＊※①②③④⑤⑥⑦⑧⑨\s]", "", text)
    return re.sub(r"[()（）\[\]【】〔〕:：、，,。.;；“”\"'《》<>_\-—－]", "", text).lower()


@cache
def crosswalk() -> dict[tuple[str, str], Sense]:
    """(version, seq) -> the primary concept of that framework indicator."""
    return {
        (row["version_id"], row["seq"]): Sense(
            row["concept_id"], row["definition_id"], row["version_id"]
        )
        for row in _seed("crosswalk.csv")
        if row["is_primary"] == "true"
    }


@cache
def dictionary() -> dict[str, tuple[Sense, ...]]:
    """Every known name (as `key`) -> its senses."""
    senses: dict[str, list[Sense]] = defaultdict(list)
    for row in _seed("framework_indicators.csv"):
        sense = crosswalk().get((row["version_id"], row["seq"]))
        if sense is None or not row["indicator_zh"]:
            continue
        name = row["indicator_zh"]
        names = {name, name.split("：")[-1], name.split(":")[-1]}  # 环境空气质量：优良天数比例
        for each in names:
            if key(each) and sense not in senses[key(each)]:
                senses[key(each)].append(sense)
    for row in _seed("concept_names.csv"):
        sense = Sense(row["concept_id"], row["definition_id"], None)
        if sense not in senses[key(row["name_zh"])]:
            senses[key(row["name_zh"])].append(sense)
    return {name: tuple(each) for name, each in senses.items()}


@cache
def distinctions() -> tuple[tuple[str, tuple[tuple[str, re.Pattern[str]], ...]], ...]:
    """Groups of marks of which a name and its match must carry the same ones."""
    groups: dict[str, list[tuple[str, re.Pattern[str]]]] = defaultdict(list)
    for row in _seed("concept_distinctions.csv"):
        groups[row["distinction"]].append((row["mark"], re.compile(row["pattern"], re.IGNORECASE)))
    return tuple((group, tuple(marks)) for group, marks in groups.items())


def marks(name: str) -> tuple[frozenset[str], ...]:
    text = norm(name)
    return tuple(
        frozenset(mark for mark, pattern in group if pattern.search(text))
        for _, group in distinctions()
    )


@cache
def _concepts() -> dict[str, dict[str, str]]:
    return {row["concept_id"]: row for row in _seed("concepts.csv")}


@cache
def _units() -> dict[str, str]:
    return {row["unit"]: row["canonical_unit"] for row in _seed("units.csv")}


def _parent(concept_id: str | None) -> str | None:
    return _concepts().get(concept_id or "", {}).get("parent_concept_id") or None


def concept_name(concept_id: str | None) -> str:
    return _concepts().get(concept_id or "", {}).get("name_zh", "")


def _unit_fits(unit: str | None, concept_id: str) -> bool:
    """A printed unit of another dimension than the concept's rules the concept out (points,
    个百分点, are a change of a concept in %)."""
    canonical = _concepts().get(concept_id, {}).get("canonical_unit") or ""
    printed = _units().get(unit or "")
    return not (canonical and printed) or printed == canonical or (printed, canonical) == POINTS


POINTS = ("个百分点", "%")  # seeds/units.csv: the canonical unit of a change of a %


# --------------------------------------------------------------------------- table rows


def _pick(senses: tuple[Sense, ...], version_id: str | None) -> Sense | None:
    """The sense of the table's own version, else the one sense all versions agree on."""
    own = [s for s in senses if s.version_id == version_id]
    if own:
        return own[0]
    distinct = {(s.concept_id, s.definition_id) for s in senses}
    if len(distinct) == 1:
        return senses[0]
    plain = [s for s in senses if s.version_id is None]  # a synonym decides
    return plain[0] if len(plain) == 1 else None


def match_name(
    name: str, parent: str | None = None, unit: str | None = None, version_id: str | None = None
) -> Match:
    """The concept a table row's printed name measures."""
    words = dictionary()
    tried = [name] if not parent else [f"{parent}{name}", name]
    for each in tried:
        senses = words.get(key(each))
        sense = _pick(senses, version_id) if senses else None
        if sense and _unit_fits(unit, sense.concept_id):
            return Match(sense.concept_id, sense.definition_id, "name", 100.0, each)
    base = NAME_CHANGE.sub("", name)
    if base != name and key(base) in words:  # 单位地区生产总值能耗下降率: the change of a level
        level = match_name(base, parent, None if unit == "%" else unit, version_id)
        if level.concept_id:
            level.name_is_change, level.mapped_by = True, "name"
            return level
    best: tuple[float, str, Sense] | None = None
    for each in tried:  # the marks of what is matched: a sub-row's own, or with its parent
        own_marks = marks(each)
        for found, score, _ in process.extract(
            key(each), list(words), scorer=fuzz.WRatio, limit=8, score_cutoff=SETTINGS.weak
        ):
            sense = _pick(words[found], version_id)
            if sense is None or marks(found) != own_marks or not _unit_fits(unit, sense.concept_id):
                continue
            if best is None or score > best[0]:
                best = (score, found, sense)
            break
    if best is None:
        return Match(None, None, "none")
    score, found, sense = best
    label = f"{sense.concept_id} {concept_name(sense.concept_id)} ({found})"
    if score >= SETTINGS.strong:
        return Match(sense.concept_id, sense.definition_id, "fuzzy", round(score, 1), label)
    return Match(None, None, "weak", round(score, 1), label, proposed=sense)


@dataclass
class Row:
    """What the matcher needs of a table row: its number, name, parent, unit and line."""

    seq: str | None
    sub_index: int
    name: str
    parent: str | None
    unit: str | None
    line: int


def seq_key(seq: str | None, sub_index: int) -> str:
    return f"{seq}.{sub_index}" if sub_index else (seq or "")


def agreement(rows: list[Row], matches: list[Match], version_id: str) -> tuple[int, int]:
    """Of the rows mapped by name, how many stand at the number the version gives them."""
    agree = total = 0
    for row, found in zip(rows, matches, strict=True):
        if found.concept_id is None:
            continue
        total += 1
        numbered = crosswalk().get((version_id, seq_key(row.seq, row.sub_index)))
        agree += numbered is not None and numbered.concept_id == found.concept_id
    return agree, total


def is_own_list(rows: list[Row], matches: list[Match], version_id: str | None) -> bool:
    if not version_id:
        return False
    agree, total = agreement(rows, matches, version_id)
    return agree >= SETTINGS.agreeing_rows and agree >= SETTINGS.agreeing_share * total


def match_table(
    rows: list[Row], version_id: str | None
) -> tuple[list[Match], list[tuple[int, str]]]:
    """Every row of one table matched by its name, then checked against its number where
    the table is the version's own list; with the located warnings (line, text)."""
    matches = [match_name(r.name, r.parent, r.unit, version_id) for r in rows]
    warnings: list[tuple[int, str]] = []
    own_list = is_own_list(rows, matches, version_id)
    for row, found in zip(rows, matches, strict=True):
        numbered = (
            crosswalk().get((version_id, seq_key(row.seq, row.sub_index)))
            if own_list and version_id
            else None
        )
        weak = found.proposed
        if (
            numbered
            and found.mapped_by == "fuzzy"
            and _parent(found.concept_id) == numbered.concept_id
        ):
            weak = numbered  # a row naming all of a group's parts (化肥 and 农药): the group
        if numbered and weak and weak.concept_id == numbered.concept_id:
            found.concept_id, found.definition_id = numbered.concept_id, numbered.definition_id
            found.mapped_by = "name+seq"
        elif numbered and found.concept_id == numbered.concept_id:
            found.mapped_by = "name+seq"
        elif numbered and found.concept_id:
            warnings.append(
                (
                    row.line,
                    f"line {row.line}: row {seq_key(row.seq, row.sub_index)} '{row.name}' stands "
                    f"at the number of {numbered.concept_id} {concept_name(numbered.concept_id)} "
                    f"in {version_id}, but its name says {found.concept_id} "
                    f"{concept_name(found.concept_id)}: mapped by its name",
                )
            )
        if found.mapped_by == "weak":
            warnings.append(
                (
                    row.line,
                    f"line {row.line}: '{row.name}' matches no concept surely; nearest "
                    f"{found.candidate}, score {found.score}: left unmapped",
                )
            )
        elif found.mapped_by == "none":
            warnings.append(
                (row.line, f"line {row.line}: '{row.name}' matches no concept: left unmapped")
            )
    return matches, warnings


# ---------------------------------------------------------------------- running text
@cache
def _keywords() -> tuple[tuple[str, str, str, int, str], ...]:
    rows = _seed("concept_keywords.csv")
    ordered = sorted(rows, key=lambda r: (-int(r["priority"]), -len(r["keyword_zh"])))
    return tuple(
        (
            r["keyword_zh"],
            r["concept_id"],
            r["definition_id"],
            int(r["priority"]),
            r["reads_unit_as"],
        )
        for r in ordered
    )


def match_keywords(name: str, context: str | None) -> Match:
    """A running-text target: the highest-priority (then longest) keyword its name holds,
    or its sentence when the name is a bare subject of two characters (比例)."""
    text = context or "" if len(name) <= 2 else name
    for word, concept_id, definition_id, _, unit in _keywords():
        if word in text:
            return Match(concept_id, definition_id, f"keyword:{word}", reads_unit_as=unit or None)
    return Match(None, None, "none")

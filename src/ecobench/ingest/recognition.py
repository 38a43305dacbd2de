"""Which district a document belongs to, recognised from its words.

A document's district is recognised from where an office names itself, in order: its
title, its issuing body, the prefix of its 文号 (红谷府发 -> 红谷滩区), the head of the notice;
the body text only when none of those names one. A place name counts where it stands as a
name: a name whose stem is one character (范县, 城区, 郊区) only with its city or province
before it, or at the start of the title or issuing body, so that 示范县 is not 范县 and 城区
(urban area) is not 阳泉市城区. A short form (红谷滩 for 红谷滩区) counts in the title,
issuer and head, where offices use it; in the body only the full name. A county's short
form must also stand as a name there, with its city or province named or an office's word
after it, so that 资源节约 is not 资源县 and 以上城市 is not 上城区. A name several
divisions share (西湖区 in 南昌 and 杭州) is decided by the parents the document names. What
stays ambiguous, or comes only from the body, is a best guess with a located warning;
nothing is ever assigned silently.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache

from ecobench.ingest.districts import Division, by_code, divisions, names_of, parent_names
from ecobench.ingest.metadata import Metadata
from ecobench.ingest.text import Document, norm
from ecobench.ingest.values import TERRAIN_KEYS

DOC_PREFIX = re.compile(r"^(?P<prefix>[\u4e00-\u9fff]{1,4}?)(?:政办|府办|政|府|委|办|环|发|字)")
QUALIFIERS = "省市州县区"


@dataclass(frozen=True)
class Mention:
    division: Division
    zone: str  # title | issuer | doc_number | head | body
    line: int | None
    text: str


@dataclass
class Recognition:
    """The district a document names, how it was found, and what a reviewer should know."""

    division: Division | None
    zone: str | None = None
    line: int | None = None
    candidates: list[Division] = field(default_factory=list)
    warning: str | None = None

    @property
    def district_id(self) -> str | None:
        """The district's key: its GB/T 2260 code."""
        return self.division.code if self.division else None


ZONES = ("title", "issuer", "doc_number", "head", "body")


@cache
def _index() -> tuple[re.Pattern[str], dict[str, list[tuple[Division, bool]]]]:
    """One pattern of every name (longest first) and, per name, the divisions it names
    and whether it is a full name (not a stem or alias)."""
    names: dict[str, list[tuple[Division, bool]]] = defaultdict(list)
    for division in divisions():
        for name in names_of(division):
            if len(name) >= 2 or name == division.name_zh:
                names[name].append((division, name == division.name_zh))
    alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(alternation), names


def mentions(text: str, zone: str, line: int | None = None) -> list[Mention]:
    """Every division a text names where it stands as a name (see the module docstring)."""
    pattern, names = _index()
    out = []
    for match in pattern.finditer(text):
        found = match.group(0)
        for division, full in names[found]:
            if zone == "body" and not full:
                continue  # a short form in running text is too often a word
            leading = match.start() == 0 and zone in ("title", "issuer")
            if len(division.stem) == 1 or (not full and len(found) < 2):
                before = text[: match.start()]
                qualified = any(before.endswith(parent) for parent in parent_names(division))
                if not (qualified or leading):
                    continue
            elif not (full or leading or division.level != "county") and not _stands_as_name(
                text, match, division
            ):
                continue  # 资源节约 is not 资源县, 以上城市 is not 上城区
            out.append(Mention(division, zone, line, found))
    return out


# what follows a short name where it names an office: 红谷滩新区 (its name before 2019),
# 某县 (before it became a city), 海陵区委, 赣州人民政府 …
NAME_FOLLOWERS = re.compile(r"(?:新区|县|人民|[区县市]?委|政府|党)")


def _stands_as_name(text: str, match: re.Match[str], division: Division) -> bool:
    """A county's short form (a city's, 美丽赣州, is used as a name everywhere) stands as a
    name where the text names the division's city or province
    too, or where an office's word comes after it (红谷滩新区, 赣州人民政府)."""
    if any(parent in text for parent in parent_names(division)):
        return True
    return bool(NAME_FOLLOWERS.match(text, match.end()))


def _doc_number_mentions(doc_number: str | None) -> list[Mention]:
    """`红谷府发〔2024〕3号` -> 红谷滩区; `泰海政办发` -> 海陵区 of 泰州市 (the city's first
    character, then the district's); `赣市府办字` -> 赣州市."""
    if not doc_number or not (match := DOC_PREFIX.match(norm(doc_number))):
        return []
    prefix = match["prefix"]
    found = []
    for division in divisions():
        stem = division.stem
        city = by_code().get(division.city_code or "")
        if (
            (len(prefix) >= 2 and stem.startswith(prefix))
            or (
                len(prefix) == 2
                and city is not None
                and city.code != division.code
                and city.stem.startswith(prefix[0])
                and stem.startswith(prefix[1])
            )
            or (
                len(prefix) == 2
                and prefix[1] in QUALIFIERS
                and division.name_zh.endswith(prefix[1])
                and stem.startswith(prefix[0])
                and division.level != "province"
            )
        ):
            found.append(Mention(division, "doc_number", None, doc_number))
    return found


def recognise(doc: Document, meta: Metadata, head_lines: int = 40) -> Recognition:
    """The district of a document (see the module docstring)."""
    lines = [(line.number, norm(line.clean)) for line in doc.lines if not line.blank]
    head = lines[:head_lines]
    found: dict[str, list[Mention]] = {
        "title": mentions(
            norm(meta.get("title") or ""), "title", _line_of(head, meta.get("title"))
        ),
        "issuer": mentions(
            norm(meta.get("issuing_body") or ""), "issuer", _line_of(head, meta.get("issuing_body"))
        ),
        "doc_number": _doc_number_mentions(meta.get("doc_number")),
        "head": [m for number, text in head for m in mentions(text, "head", number)],
    }
    for zone in ZONES[:-1]:
        if found[zone]:
            return _decide(found[zone], found, zone)
    body = [m for number, text in lines[head_lines:] for m in mentions(text, "body", number)]
    if not body:
        return Recognition(
            None, warning="names no district in its title, issuer, 文号, head or text"
        )
    counts = Counter(m.division for m in body)
    best, _ = counts.most_common(1)[0]
    first = next(m for m in body if m.division == best)
    ranked = [d for d, _ in counts.most_common(5)]
    return Recognition(
        best,
        "body",
        first.line,
        ranked,
        f"names no district in its title, issuer or 文号; best guess {best.name_zh} "
        f"({best.code}), named {counts[best]} times in the text, first at line {first.line}",
    )


def _line_of(head: list[tuple[int, str]], text: str | None) -> int | None:
    if not text:
        return None
    needle = norm(text)[:8]
    return next((number for number, line in head if needle and needle in line), None)


def _decide(
    zone_mentions: list[Mention], found: dict[str, list[Mention]], zone: str
) -> Recognition:
    """The most specific division named in the zone: a city named beside one of its
    districts is the district's context; a name shared by several divisions is decided by
    the parents the document names."""
    divisions_named = list(dict.fromkeys(m.division for m in zone_mentions))
    parents = {c for d in divisions_named for c in (d.city_code, d.province_code) if c != d.code}
    specific = [d for d in divisions_named if d.code not in parents]
    named_codes = {m.division.code for ms in found.values() for m in ms}
    if len(specific) > 1:  # keep those whose parents the document names too
        supported = [
            d for d in specific if ({d.city_code, d.province_code} - {None, d.code}) & named_codes
        ]
        specific = supported or specific
    if len(specific) > 1:  # keep the one the other zones name too
        others = Counter(m.division for z, ms in found.items() if z != zone for m in ms)
        top = max(others[d] for d in specific)
        if top:
            specific = [d for d in specific if others[d] == top]
    first = next(m for m in zone_mentions if m.division == specific[0])
    if len(specific) == 1:
        return Recognition(specific[0], zone, first.line, specific)
    listed = ", ".join(f"{d.province_zh}{d.city_zh or ''}{d.name_zh} ({d.code})" for d in specific)
    return Recognition(
        specific[0],
        zone,
        first.line,
        specific,
        f"its {zone} names {first.text}, which is ambiguous: {listed}; best guess {specific[0].code}",
    )


def stated_terrain(doc: Document, division: Division | None) -> tuple[str | None, int | None]:
    """The terrain class a document states of its own district (`红谷滩区属于平原区`,
    `全县地处山区`), and its line: what picks a standard's terrain variant where the seeds
    say nothing. Only a sentence whose subject is the district (its name, 全县, 本区…)."""
    if division is None:
        return None, None
    subject = "|".join(map(re.escape, {division.name_zh, division.stem})) + r"|[全本我][区县市]"
    pattern = re.compile(
        rf"(?:{subject})[^，。；,;]{{0,8}}?(?:属于|地处|系|为|是)(?:典型的?)?"
        rf"(?P<word>{'|'.join(word for _, word in TERRAIN_KEYS)})"
    )
    for line in doc.lines:
        if match := pattern.search(norm(line.clean)):
            key = next(key for key, word in TERRAIN_KEYS if word == match["word"])
            return key, line.number
    return None, None

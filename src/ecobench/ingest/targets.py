"""Targets stated in running text: `森林覆盖率稳定保持在76%以上`, `污水处理能力720吨/天`.

Looked for where documents state targets: their numbered tasks and their goal sections
(`二、主要目标`). Every quantity with a known unit becomes one target row with its number,
comparator, unit, year, the subject it qualifies and the sentence it stands in; a quantity
that only qualifies a noun (`路宽5米以上道路`, `海拔400米以上`) is not a target.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache, partial

from ecobench.ingest.schema import IndicatorValue, Task
from ecobench.ingest.text import Document, norm
from ecobench.ingest.values import (
    DECREASE,
    SYMBOLS,
    WORDS_AFTER,
    WORDS_BEFORE,
    unit_pattern,
)

GOAL_HEADING = re.compile(r"^\s*[一二三四五六七八九十]+、.*目标")
TOP_HEADING = re.compile(r"^\s*[一二三四五六七八九十]+、")
SENTENCE = re.compile(r"[^。；;!！?？]+[。；;!！?？]?")
BOUNDARY = "，,；;：:"
LEADING = re.compile(
    r"^(——)?([^。]{0,8}?[。.])?(到|至)?(\d{4}年(底|末)?)?(前)?(力争|确保|努力|实现|使|保持)*(到\d{4}年)?"
)
TRAILING = re.compile(
    r"(稳定保持在|保持在|稳定在|控制在|提高到|提高至|提升到|提升至|增加至|增加到|上升到|上升至|"
    r"降低到|下降到|达到|达|不低于|不得低于|不少于|不高于|不超过|低于|为|保持|占|"
    r"较\d{4}年(降低|下降)?|降低|下降|减少|削减|提高|增加|增长|上升|平均浓度|累计)$"
)
VERB_ONLY = re.compile(r"^(完成|建成|新建|改造|累计|铺设|建设|实施|新增)*$")
YEAR = re.compile(r"(?<![较比])(\d{4})年(?!以来|以前|相比|基础)")


def target_year(doc: Document, title: str) -> int | None:
    """The year a document's undated targets are for: its period's end, else its own year."""
    text = norm(title)
    if match := re.search(r"(\d{4})\s*[-－—至]\s*(\d{4})\s*年", text):
        return int(match.group(2))
    if match := re.search(r"(\d{4})年", text):
        return int(match.group(1))
    if match := re.search(r"力争(?:在|到)(\d{4})年", re.sub(r"\s+", "", doc.text)):
        return int(match.group(1))
    return None


def goal_paragraphs(doc: Document) -> Iterator[tuple[int, str]]:
    inside = False
    for line in doc.lines:
        text = line.clean.strip()
        if TOP_HEADING.match(text):
            inside = bool(GOAL_HEADING.match(text))
        elif inside and text:
            yield line.number, text


def target_paragraphs(doc: Document, tasks: Iterable[Task]) -> list[tuple[int, str]]:
    paragraphs = dict(goal_paragraphs(doc))
    paragraphs.update((task.source_line, task.task_text) for task in tasks)
    return sorted(paragraphs.items())


@cache
def _quantity() -> re.Pattern[str]:
    before = "|".join(sorted([*WORDS_BEFORE, *SYMBOLS], key=len, reverse=True))
    after = "|".join(WORDS_AFTER)
    return re.compile(
        rf"(?<![A-Za-z0-9.\-])(?P<pre>{before})?(?P<num>\d+(?:\.\d+)?)"
        rf"(?P<unit>{unit_pattern()})(?P<post>{after})?"
    )


def _subject(prefix: str) -> str:
    """The clause before a quantity, without its time phrase, bracketed asides and verb."""
    cut = max(prefix.rfind(ch) for ch in BOUNDARY)
    clause = prefix[cut + 1 :]
    depth = 0
    for i in range(len(clause) - 1, -1, -1):  # an unclosed bracket starts the clause
        depth += (clause[i] in ")）") - (clause[i] in "(（")
        if depth < 0:
            clause = clause[i + 1 :]
            break
    clause = re.sub(r"[(（][^()（）]*[)）]", "", clause)
    clause = LEADING.sub("", clause)
    previous = None
    while previous != clause:
        previous, clause = clause, TRAILING.sub("", clause)
    clause = re.sub(r"^分别(有|为|达到)?[\d.、]*", "", clause)
    return clause.strip("“”\"'、 ")


def _object(suffix: str) -> str:
    """What a bare quantity counts (`6.05万亩营造林生产任务`, `535座、…的废弃露天矿山治理`)."""
    clause = re.split(r"[，,；;。]", suffix, maxsplit=1)[0]
    if match := re.search(r"的([^、的]+)$", clause):
        return match.group(1)
    return re.split(r"[、的]", clause, maxsplit=1)[0]


def _listed_before(sentence: str, match: re.Match[str]) -> list[tuple[str, int | None]]:
    """Numbers listed before a quantity share its unit (`19、45个`); with `分别` and a list of
    as many years, each number is for its year. The last number is the quantity itself."""
    listed = re.search(r"((?:\d+(?:\.\d+)?、)+)$", sentence[: match.start()])
    if not listed:
        return []
    numbers = listed.group(1).rstrip("、").split("、")
    years_list = re.findall(r"((?:\d{4}年、)+\d{4}年)", sentence[: listed.start()])
    years = [int(y) for y in re.findall(r"\d{4}", years_list[-1])] if years_list else []
    if "分别" not in sentence or len(years) != len(numbers) + 1:
        return [(number, None) for number in numbers]
    return list(zip(numbers, years, strict=False))


def extract_targets(
    text: str, line: int, source_file: str, default_year: int | None
) -> list[IndicatorValue]:
    quantity = _quantity()
    out: list[IndicatorValue] = []
    paragraph = re.sub(r"\s+", "", norm(text))
    paragraph_year = None
    seen: set[tuple] = set()
    for sentence_match in SENTENCE.finditer(paragraph):
        sentence = sentence_match.group(0)
        subject = None
        for match in quantity.finditer(sentence):
            after = sentence[match.end() :]
            if _qualifies_noun(match, after):
                continue  # `路宽5米以上道路`: the quantity qualifies a noun
            prefix = sentence[: match.start()]
            subject = name = _name(prefix, after, subject)
            years = [int(y) for y in YEAR.findall(prefix)]
            paragraph_year = years[-1] if years else paragraph_year
            comparator, change, is_change = _comparator(match, prefix)

            target = partial(  # what every target of this quantity shares
                IndicatorValue,
                source_file=source_file,
                source_line=line,
                framework_id="local_plan",
                measure="target",
                comparator=comparator or "=",
                unit=match["unit"],
                context_text=sentence,
            )
            for num, year in _listed_before(sentence, match):  # `到2023年、2025年,分别有19、45个`
                out.append(
                    target(
                        value_raw=num,
                        value_num=float(num),
                        period_year=year,
                        comparator_raw=match["post"],
                        indicator_name_zh=name,
                    )
                )
            key = (name, match["num"], match["unit"], comparator)
            if key in seen:
                continue  # the same target restated in the same paragraph
            seen.add(key)
            words = [change.group(0) if change and is_change else None, match["pre"], match["post"]]
            out.append(
                target(
                    value_raw=match.group(0),
                    value_num=float(match["num"]),
                    period_year=paragraph_year or default_year,
                    comparator_raw="".join(filter(None, words)) or None,
                    indicator_name_zh=name or sentence[:20],
                    is_change=is_change,
                )
            )
    return out


def _qualifies_noun(match: re.Match[str], after: str) -> bool:
    """`路宽5米以上道路`: a quantity 以上/以下 followed by a noun qualifies it, no target."""
    return bool(
        match["post"] in {"以上", "以下"}
        and match["unit"] != "%"
        and after[:1]
        and after[:1] not in BOUNDARY + "。"
    )


def _name(prefix: str, after: str, subject: str | None) -> str:
    """What a quantity measures: the subject before it (the sentence's last one, where it
    names none), else the object after it where the subject is a verb or a number."""
    name = _subject(prefix) or subject
    if not name or VERB_ONLY.match(name) or re.search(r"\d", name):
        name = _object(after) or name
    return name or ""


def _comparator(match: re.Match[str], prefix: str) -> tuple[str | None, re.Match[str] | None, bool]:
    """The comparator the words around a quantity give, the change verb before it, and
    whether the target is a change (`降低15%`, not `降低到15%`)."""
    comparator = SYMBOLS.get(match["pre"] or "") or WORDS_BEFORE.get(match["pre"] or "")
    comparator = WORDS_AFTER.get(match["post"] or "", comparator)
    change = re.search(r"(较\d{4}年)?(降低|下降|减少|削减|提高|增加|增长|上升|提升)$", prefix)
    is_change = bool(change) and not re.search(r"(到|至)$", prefix)
    if change and is_change:
        comparator = "decrease_by" if DECREASE.search(change.group(2)) else "increase_by"
    return comparator, change, is_change


def read_targets(doc: Document, tasks: Iterable[Task], title: str) -> list[IndicatorValue]:
    year = target_year(doc, title)
    rows: list[IndicatorValue] = []
    for line, text in target_paragraphs(doc, tasks):
        rows += extract_targets(text, line, doc.source_file, year)
    return rows

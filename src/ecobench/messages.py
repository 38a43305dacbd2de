"""What a reader is told about a file or a run, in Chinese beside the English.

The run log (`marts.pipeline_runs.message_zh`, `marts.dq_quarantine.reason_zh`) and the
quality page are read by a provincial office: every reason and message has a Chinese text,
composed from Chinese parts, with the file, line, sheet and cell named as in the English.
An error that can become one carries its Chinese (`Bilingual`); `str(error)` stays the
English the logs, the CLI and the tests read.
"""

from __future__ import annotations

import csv
from functools import cache
from typing import Any

from ecobench.config import SEEDS_DIR


class Bilingual(Exception):
    """An error a reader may be told: its message in English (`str`) and in Chinese (`zh`).
    Mixed in before the builtin it is (`class X(Bilingual, RuntimeError)`)."""

    def __init__(self, message: str, zh: str):
        super().__init__(message)
        self.zh = zh

    def __reduce__(self) -> tuple[Any, ...]:
        """Both texts kept when it is pickled (a Dask worker, the parser process): an
        exception is pickled by its message alone."""
        return (type(self), (str(self), self.zh))


def zh_of(error: BaseException) -> str | None:
    """The Chinese of an error that has one."""
    return getattr(error, "zh", None)


def where_zh(source_file: str, line: int | None) -> str:
    """A file and line as the Chinese names them: 文件.txt 第 537 行."""
    return f"{source_file} 第 {line} 行" if line else source_file


@cache
def _texts(domain: str) -> dict[str, str]:
    """The Chinese of a domain's codes, from the seed the marts read them from
    (seeds/reason_texts.csv): one home for the words, in SQL and here alike. Read when a
    message first needs it, not when the CLI starts."""
    with open(SEEDS_DIR / "reason_texts.csv", encoding="utf-8", newline="") as handle:
        return {row["code"]: row["zh"] for row in csv.DictReader(handle) if row["domain"] == domain}


# what became of a file (ingest/intake/)
OUTCOMES_ZH = {
    "accepted": "已接收",
    "quarantined": "已隔离",
    "duplicate": "重复",
    "superseded": "被新版取代",
    "ignored": "已忽略",
}


def stage_zh(stage: str | None) -> str:
    """A step of a refresh in Chinese, with its name: 数据落地（land）."""
    stage = stage or "start"
    # the steps of a refresh (runlog.Run.stage), as a message names the one a run ended in
    names = _texts("stage")
    return f"{names[stage]}（{stage}）" if stage in names else stage


def failed_zh(error: BaseException) -> str:
    """Why a run failed, in Chinese: the error's own Chinese when it has one; otherwise that
    it failed, the details being the English message beside it (a program error, a
    traceback's last line, is not translated)."""
    told = zh_of(error)
    if told:
        return f"运行失败，未发布任何内容：{told}"
    return (
        f"运行失败（{type(error).__name__}），未发布任何内容，已发布的数据仓库保持不变；"
        "出错详情见英文说明"
    )

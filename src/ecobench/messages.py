"""What a reader is told about a file or a run, in Chinese beside the English.

The run log (`marts.pipeline_runs.message_zh`, `marts.dq_quarantine.reason_zh`) and the
quality page are read by a provincial office: every reason and message has a Chinese text,
composed from Chinese parts, with the file, line, sheet and cell named as in the English.
An error that can become one carries its Chinese (`Bilingual`); `str(error)` stays the
English the logs, the CLI and the tests read.
"""

from __future__ import annotations

from typing import Any


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

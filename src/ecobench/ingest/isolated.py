"""Parse documents and submissions in a process of their own, with a time limit a file.

A hostile or pathological file (a table the reader backtracks over, a PDF of ten thousand
pages) must not hold the refresh: a parse batch hands its documents one at a time to a
worker process (`python -m ecobench.ingest.isolated`, started once a batch, the parsers
loaded once), and a worker that runs past `PARSE_SECONDS` on a file is killed, the file
quarantined with the limit named, and a new worker takes the next file. A batch's
submissions are read in one request (one polars query), within the limit times their
number; one that runs past it is read again a file at a time. The worker dies
with the refresh (processes.py).
"""

from __future__ import annotations

import pickle
import select
import subprocess
import sys

from ecobench import config, processes
from ecobench.ingest.document import ParsedDocument
from ecobench.ingest.text import ParseError
from ecobench.messages import Bilingual


class ParseTimeout(Bilingual, RuntimeError):
    """Parsing a file took longer than its limit."""


class Worker:
    """A parser process, started on first use; `parse` one document at a time."""

    def __init__(self) -> None:
        self._child: subprocess.Popen | None = None

    def parse(self, raw: bytes, source_file: str, sha256: str) -> tuple[str, str, ParsedDocument]:
        """(encoding, content key, rows) of one document; raises ParseError, ParseTimeout,
        or RuntimeError naming what broke the parser."""
        return self._ask(("document", (raw, source_file, sha256)), source_file, 1)

    def read_submissions(self, files: list[tuple[bytes, str, str, str | None]]) -> tuple:
        """`submissions.read_submissions` of a batch, within the limit a file times the
        files (a batch that runs past it is read again a file at a time, by the caller)."""
        names = ", ".join(name for _, name, _, _ in files[:3]) + (" …" if len(files) > 3 else "")
        return self._ask(("submissions", files), names, len(files))

    def _ask(self, request: tuple, what: str, n_files: int):
        child = self._child or self._start()
        assert child.stdin is not None and child.stdout is not None
        limit = config.PARSE_SECONDS * n_files
        try:
            pickle.dump(request, child.stdin)
            child.stdin.flush()
            ready, _, _ = select.select([child.stdout], [], [], limit)
            if not ready:
                raise ParseTimeout(
                    f"{what}: parsing took longer than {limit:g} s, the limit of "
                    f"{config.PARSE_SECONDS:g} s a file (ECOBENCH_PARSE_SECONDS); stopped",
                    f"{what}：解析超过 {limit:g} 秒（每个文件限 {config.PARSE_SECONDS:g} 秒，"
                    "见 ECOBENCH_PARSE_SECONDS），已停止解析",
                )
            kind, payload = pickle.load(child.stdout)
        except (OSError, EOFError, pickle.UnpicklingError) as exc:
            self.close(kill=True)
            raise RuntimeError(f"the parser process ended without an answer ({exc})") from None
        except ParseTimeout:
            self.close(kill=True)
            raise
        if kind == "rows":
            return payload
        if kind == "parse_error":
            raise ParseError(*payload)
        raise RuntimeError(payload)

    def _start(self) -> subprocess.Popen:
        self._child = processes.start(
            [sys.executable, "-m", "ecobench.ingest.isolated"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        return self._child

    def close(self, kill: bool = False) -> None:
        child, self._child = self._child, None
        if child is None:
            return
        if kill:
            child.kill()
        elif child.stdin:
            child.stdin.close()
        child.wait()
        processes.forget(child)

    def __enter__(self) -> Worker:
        return self

    def __exit__(self, *_) -> None:
        self.close()


def serve() -> None:
    """The worker: documents in on stdin, their rows (or why not) out on stdout."""
    from ecobench.ingest.document import parse_text
    from ecobench.ingest.formats import read_document_bytes
    from ecobench.ingest.submissions import read_submissions

    requests, answers = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing but answers on the pipe
    while True:
        try:
            kind, payload = pickle.load(requests)
        except EOFError:
            return
        try:
            if kind == "submissions":
                answer: tuple = ("rows", read_submissions(payload))
            else:
                raw, source_file, sha256 = payload
                doc = read_document_bytes(raw, source_file)
                answer = ("rows", (doc.encoding, doc.content_key, parse_text(doc, sha256)))
        except ParseError as exc:
            answer = ("parse_error", (exc.source_file, exc.line, exc.message, exc.message_zh))
        except Exception as exc:
            answer = ("crash", f"{type(exc).__name__}: {exc}")
        pickle.dump(answer, answers)
        answers.flush()


if __name__ == "__main__":
    serve()

"""Taking files in: archive the bytes, take the rows from the parse cache or parse the file
in a worker process, and refuse what is not a file ecobench reads, saying why."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
from pathlib import Path

from ecobench.config import MAX_FILE_MB
from ecobench.ingest import isolated
from ecobench.ingest.intake import cache
from ecobench.ingest.intake.duplicates import count_once
from ecobench.ingest.intake.model import (
    ACCEPTED,
    DOCUMENT,
    DOCUMENT_SUFFIXES,
    IGNORED,
    QUARANTINED,
    SUBMISSION,
    SUPERSEDED,
    SYNTHETIC_REFUSED,
    SYNTHETIC_REFUSED_ZH,
    Intake,
)
from ecobench.ingest.submissions import is_submission
from ecobench.ingest.text import ParseError


def archive_bytes(raw: bytes, suffix: str, archive_dir: Path) -> tuple[str, Path]:
    """Store the bytes under their SHA-256 (once; an identical delivery is the same file)."""
    digest = hashlib.sha256(raw).hexdigest()
    target = archive_dir / "documents" / f"{digest}{suffix}"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_bytes(raw)
        os.replace(tmp, target)
    return digest, target


def take_in(path: Path, archive_dir: Path, allow_synthetic: bool = False) -> Intake:
    """Archive one file, then take its rows from the parse cache or parse it."""
    return take_in_batch([path], archive_dir, allow_synthetic)[0]


def take_in_batch(
    paths: list[Path], archive_dir: Path, allow_synthetic: bool = False
) -> list[Intake]:
    """Archive each file, then take its rows from the parse cache or parse it: a document
    alone, the batch's new submissions in one query a group of about GROUP_MB. The rows
    parsed are stashed beside the cache, pending their gate (a group's rows leave memory
    before the next is read). Never raises for what a file holds."""
    intakes: list[Intake] = []
    submitted: list[tuple[Intake, bytes, str]] = []
    with isolated.Worker() as worker:
        for path in paths:
            _take_one(path, archive_dir, worker, intakes, submitted)
        for group in _groups(submitted):
            _parse_submissions(group, allow_synthetic, worker)
            for intake, _, _ in group:
                cache.stash(intake, archive_dir)
    for intake in intakes:
        cache.stash(intake, archive_dir)
    return intakes


def _take_one(
    path: Path, archive_dir: Path, worker: isolated.Worker, intakes: list, submitted: list
) -> None:
    """Archive one file and take its rows from the cache, or parse it (a document by the
    batch's worker; a submission later, with the batch's others)."""
    if refused := refusal(path):
        intakes.append(refused)
        return
    raw = path.read_bytes()
    digest, archived = archive_bytes(raw, path.suffix, archive_dir)
    intake = Intake(path.name, digest, len(raw), str(archived.relative_to(archive_dir)))
    intake.kind = SUBMISSION if is_submission(path) else DOCUMENT
    intakes.append(intake)
    if intake.kind == SUBMISSION:
        intake.content_sha256 = digest  # a submission's content is its bytes
    if cache.is_cached(intake, archive_dir):
        intake.cached = True
        if intake.kind == DOCUMENT:
            cache.load(intake, archive_dir)
    elif intake.kind == DOCUMENT:
        _parse_document(intake, raw, worker)
    else:
        received = dt.datetime.fromtimestamp(archived.stat().st_mtime, dt.UTC).isoformat()
        submitted.append((intake, raw, received))


def refusal(path: Path) -> Intake | None:
    """What becomes of an entry of a folder that is not a file ecobench reads: listed with
    the reason (in English and Chinese), never opened (a FIFO would block, a link may lead
    outside the folder)."""
    try:
        mode = path.lstat().st_mode
    except OSError as exc:
        return _refused(
            path, QUARANTINED, f"cannot be read ({exc.strerror})", f"无法读取（{exc.strerror}）"
        )
    name = path.name
    if stat.S_ISLNK(mode):
        reason = "a symbolic link: not followed, so that only the folder's own files are read"
        zh = "是符号链接，不跟随读取，只读取文件夹自身的文件"
    elif stat.S_ISDIR(mode):
        reason, zh = "a directory, not a document", "是文件夹，不是文件"
    elif not stat.S_ISREG(mode):
        reason = "not a regular file (a FIFO, socket or device): not opened"
        zh = "不是普通文件（管道、套接字或设备），未打开"
    elif name.lower() in ("readme.md", "readme.txt"):
        return _refused(path, IGNORED, "the folder's README", "文件夹的说明文件（README）")
    elif name.startswith((".", "~$")):
        return _refused(path, IGNORED, "a hidden or lock file", "隐藏文件或锁定文件")
    elif path.lstat().st_size > MAX_FILE_MB * 2**20:
        size = path.lstat().st_size / 2**20
        reason = (
            f"{size:,.1f} MB: over the limit of {MAX_FILE_MB:g} MB a "
            "file (ECOBENCH_MAX_FILE_MB); not read"
        )
        zh = (
            f"{size:,.1f} MB：超过每个文件 {MAX_FILE_MB:g} MB 的上限"
            "（ECOBENCH_MAX_FILE_MB），未读取"
        )
    elif path.suffix.lower() in DOCUMENT_SUFFIXES or is_submission(path):
        return None
    else:
        reason = (
            f"a {path.suffix or 'suffix-less'} file, which ecobench does not read: documents "
            f"are read as {', '.join(DOCUMENT_SUFFIXES)}, submissions as .xlsx or .csv"
        )
        kind = f"{path.suffix} 文件" if path.suffix else "没有扩展名的文件"
        zh = (
            f"{kind}，ecobench 不读取此类文件：文件按 {'、'.join(DOCUMENT_SUFFIXES)} 读取，"
            "报送按 .xlsx 或 .csv 读取"
        )
    return _refused(path, QUARANTINED, reason, zh)


def _refused(path: Path, outcome: str, reason: str, zh: str) -> Intake:
    intake = Intake(
        path.name,
        "",
        0,
        "",
        outcome=outcome,
        reason=f"{path.name}: {reason}",
        reason_zh=f"{path.name}：{zh}",
    )
    intake.offending_rows = [{"source_file": path.name, "source_line": None}]
    return intake


def _parse_document(intake: Intake, raw: bytes, worker: isolated.Worker) -> None:
    """Parse in a process of its own, within the time limit a file (ingest/isolated.py)."""
    try:
        intake.encoding, intake.content_sha256, intake.parsed = worker.parse(
            raw, intake.source_file, intake.sha256
        )
    except ParseError as exc:
        intake.quarantine(
            str(exc), [{"source_file": intake.source_file, "source_line": exc.line}], zh=exc.zh
        )
    except Exception as exc:
        reason, zh = _crashed(intake, exc)
        intake.quarantine(reason, zh=zh)


GROUP_MB = 16  # submissions read in one query: about 200,000 rows of CSV


def _groups(submitted: list[tuple[Intake, bytes, str]]) -> list[list[tuple[Intake, bytes, str]]]:
    """The submissions in groups of about GROUP_MB of bytes, in their order."""
    groups: list[list[tuple[Intake, bytes, str]]] = [[]]
    size = 0
    for one in submitted:
        if groups[-1] and size + len(one[1]) > GROUP_MB * 2**20:
            groups.append([])
            size = 0
        groups[-1].append(one)
        size += len(one[1])
    return [group for group in groups if group]


def _parse_submissions(
    submitted: list[tuple[Intake, bytes, str]], allow_synthetic: bool, worker: isolated.Worker
) -> None:
    """One query for the batch, in the worker; should a file break it or hold it past the
    time limit, each file alone, to find which."""
    if not submitted:
        return
    try:
        frames, errors = worker.read_submissions(
            [(raw, i.source_file, i.sha256, received) for i, raw, received in submitted]
        )
    except Exception as exc:
        if len(submitted) == 1:
            intake = submitted[0][0]
            reason, zh = _crashed(intake, exc)
            intake.quarantine(reason, zh=zh)
            return
        for one in submitted:
            _parse_submissions([one], allow_synthetic, worker)
        return
    for intake, _, _ in submitted:
        if intake.source_file in errors:
            error = errors[intake.source_file]
            intake.quarantine(
                str(error),
                [{"source_file": intake.source_file, "source_line": error.line}],
                zh=error.zh,
            )
        else:
            intake.submitted = frames[intake.source_file]
            if intake.submitted["is_synthetic"].any() and not allow_synthetic:
                intake.quarantine(
                    f"{intake.source_file} {SYNTHETIC_REFUSED}",
                    zh=f"{intake.source_file} {SYNTHETIC_REFUSED_ZH}",
                )


def _crashed(intake: Intake, exc: BaseException) -> tuple[str, str]:
    """Why a file that broke the parser, or held it past its time, is quarantined, in
    English and in Chinese (a program error's own text is not translated: in brackets)."""
    if isinstance(exc, isolated.ParseTimeout):
        return str(exc), exc.zh
    return (
        f"{intake.source_file}: the parser failed on it ({type(exc).__name__}: {exc})",
        f"{intake.source_file}：解析程序处理此文件时出错（{type(exc).__name__}: {exc}）",
    )


def admit(intakes: list[Intake], archive_dir: Path) -> list[Intake]:
    """After the gates: the rows of the files that passed enter the parse cache (a
    submission's rows are landed from there, so they need not stay in memory), and the same
    document twice is counted once (`count_once`)."""
    for intake in intakes:
        cache.keep(intake, archive_dir)
        intake.submitted = intake.submitted_at = None
    return count_once(intakes)


def batches(paths: list[Path], n: int) -> list[list[Path]]:
    """The files in n batches of about equal size (one parse task each: a task per file
    would cost more than parsing it)."""
    n = max(1, min(n, len(paths)))
    return [batch for batch in (paths[i::n] for i in range(n)) if batch]


def built_from(intakes: list[Intake]) -> list[str]:
    """The documents a warehouse is built from, by content hash: the accepted and the
    older revisions they superseded (whose values it keeps as history)."""
    return sorted(
        i.content_sha256
        for i in intakes
        if i.outcome in (ACCEPTED, SUPERSEDED) and i.kind == DOCUMENT and i.content_sha256
    )

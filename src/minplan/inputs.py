"""Turn the paths given on the command line into the files to check, and account for everything else.

Nothing is passed over silently: a file that is not read is listed as ignored with the reason, a
path that cannot be read is an error, and so is a folder with no record file in it (unless an empty
input is declared fine).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from minplan.readers import RECORD_SUFFIXES, STDIN
from minplan.say import Msg

SUFFIXES_TEXT = ", ".join(RECORD_SUFFIXES)
# Workbooks of formats no reader takes: records by every sign, so an error (not a file passed over as "not a
# record file") that says how to make them readable
UNREAD_WORKBOOKS = {
    ".xlsb": Msg("an Excel binary workbook (.xlsb) is not read: save it as .xlsx"),
    ".et": Msg("a WPS spreadsheet (.et) is not read: save it as .xlsx"),
    ".numbers": Msg("a Numbers spreadsheet (.numbers) is not read: export it as .xlsx"),
}


def unread_workbook(path: str) -> Msg | None:
    """Why a workbook of a format minplan does not read is not read, if ``path`` is one."""
    lower = path.lower()
    return next((why for suffix, why in UNREAD_WORKBOOKS.items() if lower.endswith(suffix)), None)


class Ignored(NamedTuple):
    """A file that is not checked, and why."""

    path: str
    reason: str
    reason_zh: str

    def as_dict(self) -> dict[str, Any]:
        reasons = {"zh": self.reason_zh, "en": self.reason}
        return {"file": self.path, "reason": self.reason, "reason_zh": self.reason_zh, "reason_i18n": reasons}


@dataclass
class Inputs:
    """What the paths given hold: the record files to read, the paths that cannot be checked, what is ignored."""

    files: list[str] = field(default_factory=list)
    errors: list[tuple[str, Msg]] = field(default_factory=list)  # (path, why it cannot be checked)
    ignored: list[Ignored] = field(default_factory=list)
    # each folder that must hold a record (no --allow-empty), with the record files found in it: a folder whose
    # files all turn out, once read, to be something else (minplan's own reports) is an error too
    folders: list[tuple[str, list[str]]] = field(default_factory=list)

    @property
    def missing(self) -> list[str]:
        return [path for path, _ in self.errors]


def _hidden(path: str) -> Ignored:
    return Ignored(path, "hidden (its name starts with '.')", "隐藏文件或文件夹（名称以“.”开头），未检查")


def _not_a_record(path: str) -> Ignored:
    return Ignored(
        path, f"not a record file (records are {SUFFIXES_TEXT})", f"非记录文件（记录文件为 {SUFFIXES_TEXT}）"
    )


def _owner_file(path: str, info: os.stat_result | None) -> bool:
    """Is ``~$name.xlsx`` the owner file an office program writes beside an open workbook (a few hundred bytes,
    the user's name), rather than a workbook (a zip) or an .xls (an OLE file) so named?"""
    if info is None or not stat.S_ISREG(info.st_mode) or info.st_size > 4096:
        return False
    try:
        with open(path, "rb") as file:
            head = file.read(8)
    except OSError:
        return False
    return not head.startswith((b"PK", b"\xd0\xcf\x11\xe0"))


class _Collector:
    def __init__(self) -> None:
        self.out = Inputs()
        self.folders: set[tuple[int, int]] = set()  # folders searched, by device and inode: links never loop
        self.seen: dict[tuple[int, int], str] = {}  # files taken, by device and inode
        self.stdin = False

    def file(self, path: str, info: os.stat_result | None) -> None:
        """A record file (by name, or named on the command line); one that is not a regular file is kept,
        for the loader to refuse with the reason."""
        if info is not None:
            key = (info.st_dev, info.st_ino)
            first = self.seen.get(key)
            if first is not None:
                self.out.ignored.append(Ignored(path, f"the same file as {first}", f"与 {first} 为同一文件"))
                return
            self.seen[key] = path
        self.out.files.append(path)

    def drop_taken(self) -> None:
        """A file a folder's search passes over (hidden, or of another suffix) but named too, and so judged, is not
        listed as ignored: the run would count it among the inputs not judged."""
        if not self.seen:
            return
        passed_over = (_hidden("").reason, _not_a_record("").reason)
        kept = []
        for item in self.out.ignored:
            if item.reason in passed_over:
                try:
                    info = os.stat(item.path)
                except OSError:
                    info = None
                if info is not None and (info.st_dev, info.st_ino) in self.seen:
                    continue
            kept.append(item)
        self.out.ignored = kept

    def folder(self, root: str, info: os.stat_result) -> int:
        """Search ``root`` and the folders below it (following links, each folder once); the number of
        record files found."""
        found = 0
        self.folders.add((info.st_dev, info.st_ino))
        stack = [root]
        while stack:
            top = stack.pop()
            try:
                with os.scandir(top) as listing:
                    names = sorted(entry.name for entry in listing)
            except OSError as exc:
                why = Msg("cannot list the folder: {why}", why=exc.strerror or str(exc))
                self.out.errors.append((top, why))
                continue
            below = []
            for name in names:
                path = os.path.join(top, name)
                if name.startswith("."):
                    self.out.ignored.append(_hidden(path))  # .git and the like: not searched, but counted
                    continue
                try:
                    entry = os.stat(path)
                except OSError:
                    entry = None  # a link to nothing, or no permission
                if entry is not None and stat.S_ISDIR(entry.st_mode):
                    key = (entry.st_dev, entry.st_ino)
                    if key in self.folders:  # a link back up, or a second way to a folder
                        self.out.ignored.append(
                            Ignored(
                                path,
                                "the same folder as one searched already (through a link)",
                                "与已检查的文件夹相同（经由链接）",
                            )
                        )
                    else:
                        self.folders.add(key)
                        below.append(path)
                elif name.startswith("~$") and _owner_file(path, entry):
                    self.out.ignored.append(
                        Ignored(
                            path,
                            "an owner file Excel or WPS writes while a workbook is open (~$…), not a workbook",
                            "Excel 或 WPS 打开工作簿时生成的锁定文件（~$…），不是工作簿",
                        )
                    )
                elif name.lower().endswith(RECORD_SUFFIXES):
                    self.file(path, entry)
                    found += 1
                elif (unread := unread_workbook(name)) is not None:
                    self.out.errors.append((path, unread))
                    found += 1  # a folder of them holds records, if none that can be read
                elif entry is None and os.path.islink(path):
                    self.out.ignored.append(Ignored(path, "a link to nothing", "指向不存在目标的链接"))
                else:
                    self.out.ignored.append(_not_a_record(path))
            stack.extend(reversed(below))
        return found


def collect(paths: list[Path] | list[str], allow_empty: bool = False) -> Inputs:
    """Files named directly, ``-`` for standard input, and record files found below folders."""
    collector = _Collector()
    out = collector.out
    for given in paths:
        path = str(given)
        if path == STDIN:
            if collector.stdin:
                out.ignored.append(Ignored(path, "standard input given twice", "标准输入重复给出"))
            else:
                collector.stdin = True
                out.files.append(STDIN)
            continue
        try:
            info: os.stat_result | None = os.stat(path)
        except OSError:
            info = None
        if info is not None and stat.S_ISDIR(info.st_mode):
            if (info.st_dev, info.st_ino) in collector.folders:
                out.ignored.append(Ignored(path, "a folder searched already", "已检查的文件夹"))
                continue
            ignored_before = len(out.ignored)
            files_before = len(out.files)
            found = collector.folder(path, info)
            if found and not allow_empty:
                out.folders.append((path, out.files[files_before:]))
            if found == 0 and not allow_empty:
                passed = len(out.ignored) - ignored_before
                others = Msg(" ({passed} other files ignored)", passed=passed) if passed else ""
                why = Msg(
                    "no record file ({suffixes}) in this folder{others}; --allow-empty accepts that",
                    suffixes=SUFFIXES_TEXT,
                    others=others,
                )
                out.errors.append((path, why))
        elif (unread := unread_workbook(path)) is not None and info is not None:
            out.errors.append((path, unread))
        elif info is not None or os.path.lexists(path):
            collector.file(path, info)  # a link to nothing is the loader's to explain
        else:
            out.errors.append((path, Msg("no such file or folder")))
    collector.drop_taken()
    return out

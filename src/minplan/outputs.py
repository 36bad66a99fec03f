"""Where a report goes, and how a run ends on a signal.

``-o PATH`` (:func:`report_stream`):

- a regular file, or a new one in an existing folder: written to a temporary file beside it, which replaces
  it only when the report is complete (a file reached through a symbolic link is replaced, the link kept);
  a new file gets the mode the umask allows, a replaced one keeps its mode;
- the file the run's standard output or error already goes to (``/dev/stdout``, ``/dev/fd/1`` …): that
  stream, as it is (a pipe stays a pipe, ``>>`` keeps appending);
- a FIFO or a character device (a terminal, ``/dev/null``): written directly;
- refused, with exit 2 and before any record is read: one of the run's inputs, a folder, a block device,
  a file in a folder that does not exist or cannot be written.

A run that ends early — a signal, a write error — leaves no temporary file and the target as it was.
:func:`signals` turns SIGINT, SIGTERM and SIGHUP into :class:`Interrupted`, so that the run unwinds (its
workers ended, its temporary file removed) and exits with 128 + the signal's number.
"""

from __future__ import annotations

import errno
import os
import secrets
import signal
import stat
import sys
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from minplan.say import Msg


class OutputError(Exception):
    """The report cannot go where it was asked to go; the message says why (``.msg``: in both languages)."""

    def __init__(self, message: Msg | str) -> None:
        super().__init__(str(message))
        self.msg = message if isinstance(message, Msg) else Msg.verbatim(message)


_REASONS = {  # by the error's name (errno.errorcode), which is the same on every system
    "EACCES": Msg("Permission denied"),
    "EPERM": Msg("Operation not permitted"),
    "ENOENT": Msg("No such file or directory"),
    "ENOTDIR": Msg("Not a directory"),
    "EISDIR": Msg("Is a directory"),
    "EEXIST": Msg("File exists"),
    "ENOSPC": Msg("No space left on device"),
    "EDQUOT": Msg("Disk quota exceeded"),
    "EROFS": Msg("Read-only file system"),
    "ENAMETOOLONG": Msg("File name too long"),
    "ELOOP": Msg("Too many levels of symbolic links"),
    "EMFILE": Msg("Too many open files"),
    "EIO": Msg("Input/output error"),
    "ETXTBSY": Msg("Text file busy"),
    "EBUSY": Msg("Device or resource busy"),
}


def os_reason(exc: OSError) -> Msg:
    """Why the system refused (``Permission denied``): its own English as it says it, and the Chinese of its
    error number (``权限不足``); the English in both for a number not listed."""
    english = exc.strerror or str(exc)
    said = _REASONS.get(errno.errorcode.get(exc.errno or 0, ""))
    return Msg.both(english, said.text("zh")) if said is not None else Msg.verbatim(english)


class Interrupted(KeyboardInterrupt):
    """The run was asked to stop by a signal."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


@dataclass(frozen=True)
class Target:
    """How a report reaches its destination: standard output or error, a file written in place, or replaced."""

    how: str  # "stdout", "stderr", "direct" or "replace"
    path: str = ""
    mode: int | None = None  # the mode a replaced file keeps


def target(path: Path, inputs: Iterable[str] = ()) -> Target:
    """How a report is to be written to ``path``; raises OutputError where it must not be."""
    name = os.fspath(path)
    try:
        st = os.stat(name)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise OutputError(Msg("{name}: {reason}", name=name, reason=os_reason(exc))) from None
    if st is None:
        real = os.path.realpath(name)  # a dangling link: the file it names
        folder = os.path.dirname(real) or "."
        if not os.path.isdir(folder):
            shown = os.path.dirname(name) or folder
            raise OutputError(Msg("{name}: folder {folder} does not exist", name=name, folder=shown))
        return Target("replace", real)
    for fd, how in ((1, "stdout"), (2, "stderr")):
        try:
            if os.path.samestat(st, os.fstat(fd)):
                return Target(how)
        except OSError:
            continue
    if stat.S_ISDIR(st.st_mode):
        raise OutputError(Msg("{name} is a folder", name=name))
    if stat.S_ISBLK(st.st_mode):
        raise OutputError(Msg("{name} is a block device; a report is not written there", name=name))
    if not stat.S_ISREG(st.st_mode):
        return Target("direct", name)  # a FIFO, a terminal, /dev/null …
    for other in inputs:
        try:
            same = os.path.samestat(st, os.stat(other))
        except OSError:
            continue
        if same:
            raise OutputError(
                Msg("{name} is one of the inputs ({other}); it is not overwritten", name=name, other=other)
            )
    real = os.path.realpath(name)
    if real.startswith(("/proc/", "/dev/")):
        return Target("direct", name)  # another process's open file: write to it, do not replace it
    return Target("replace", real, stat.S_IMODE(st.st_mode))


class Together:
    """Reports written in full that take the places of their files together, once all are written and on disk, or
    not at all: as a context, entered before their streams, it moves them in when the block ends without error and
    else removes them. (A report replacing its file as soon as it was written, a second that could not be written,
    a full disk, would leave the first of this run beside the second of the run before.)"""

    def __init__(self) -> None:
        self.moves: list[tuple[str, str]] = []  # (temporary file, the file it replaces)

    def __enter__(self) -> Together:
        return self

    def __exit__(self, kind: object, exc: object, tb: object) -> None:
        try:
            while self.moves and kind is None:
                tmp, path = self.moves[0]
                os.replace(tmp, path)
                self.moves.pop(0)
        finally:
            for tmp, _ in self.moves:
                Path(tmp).unlink(missing_ok=True)
            self.moves.clear()


@contextmanager
def report_stream(path: Path | None, inputs: Iterable[str] = (), together: Together | None = None) -> Iterator[TextIO]:
    """A text stream for the report; for a replaced file, the file takes its place only if the block
    completes (with ``together``, when all of theirs have). Raises OutputError before anything is written when
    the report cannot go to ``path``."""
    if path is None:
        yield _std(sys.stdout)
        return
    where = target(path, inputs)
    if where.how in ("stdout", "stderr"):
        yield _std(getattr(sys, where.how))
        return
    if where.how == "direct":
        try:
            fh = open(where.path, "w", encoding="utf-8", errors="backslashreplace")  # noqa: SIM115
        except OSError as exc:
            raise OutputError(Msg("cannot write {path}: {reason}", path=where.path, reason=os_reason(exc))) from None
        with fh:
            yield fh
        return
    fd, tmp = _temporary(where.path)
    if where.mode is not None:
        os.fchmod(fd, where.mode)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        if together is None:
            os.replace(tmp, where.path)
        else:
            together.moves.append((tmp, where.path))
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _std(stream: TextIO) -> TextIO:
    """Standard output or error for a report: what cannot be encoded is written escaped, never raised."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="backslashreplace")
    return stream


def _temporary(path: str) -> tuple[int, str]:
    """A new file beside ``path``, created with the mode the umask allows (mkstemp's would be 0600)."""
    folder, base = os.path.split(path)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        tmp = os.path.join(folder, f".{base}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue
        except OSError as exc:
            raise OutputError(
                Msg("cannot write in folder {folder}: {reason}", folder=folder or ".", reason=os_reason(exc))
            ) from None
    raise OutputError(Msg("cannot make a temporary file in {folder}", folder=folder or "."))


def write_text(path: Path, text: str, inputs: Iterable[str] = ()) -> None:
    """Write a whole text to ``path`` as a report is written (see :func:`report_stream`)."""
    with report_stream(path, inputs) as out:
        out.write(text)


STOP_SIGNALS = tuple(s for s in (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", None)) if s is not None)
_received: list[int] = []
_settled: list[bool] = []  # the run has only its reports to put in place


def check_stop() -> None:
    """Raise :class:`Interrupted` if a stop signal came: Python ignores an exception raised where a signal
    happens to be handled inside a destructor or an at-fork callback, so the run asks again."""
    if _received:
        raise Interrupted(_received[0])


def settle() -> None:
    """The run is judged and its reports complete: from here a stop signal is noted, not raised, so that the
    files of ``-o`` take their places all together (one replaced and the next left as it was, by a signal
    between them, would be reports of two runs)."""
    _settled.append(True)


@contextmanager
def signals() -> Iterator[None]:
    """Within the block, SIGINT, SIGTERM and SIGHUP raise :class:`Interrupted` in the main thread (and
    :func:`check_stop` raises it after). Only the first does: one that comes while the run stops (Ctrl-C
    pressed twice) is noted and no more, so that the clean-up (workers ended, a temporary file removed)
    runs to its end; once one came, the handlers stay so until the process ends."""
    _received.clear()
    _settled.clear()
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        _received.append(signum)
        if len(_received) == 1 and not _settled:
            raise Interrupted(signum)

    # a signal the run was started ignoring (nohup, a background job) stays ignored
    previous = {s: signal.signal(s, stop) for s in STOP_SIGNALS if signal.getsignal(s) is not signal.SIG_IGN}
    try:
        yield
    finally:
        if not _received:  # else a signal while the process ends would break into its end
            for s, handler in previous.items():
                signal.signal(s, handler)

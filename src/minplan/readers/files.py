"""Bytes of an input, bounded: regular files only (a FIFO or a device would hang or never end), and
standard input for ``-``."""

from __future__ import annotations

import os
import stat
import sys

from minplan.readers.base import ReadError
from minplan.say import Msg

STDIN = "-"
STDIN_NAME = "<stdin>"
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
_CHUNK = 1 << 20
_END = 1 << 12  # what is asked after a short read, to see the end


def kind_of(mode: int) -> Msg:
    """What a file that is not a regular one is, in words."""
    for test, name in (
        (stat.S_ISDIR, Msg("a folder")),
        (stat.S_ISFIFO, Msg("a FIFO (named pipe)")),
        (stat.S_ISCHR, Msg("a character device")),
        (stat.S_ISBLK, Msg("a block device")),
        (stat.S_ISSOCK, Msg("a socket")),
    ):
        if test(mode):
            return name
    return Msg("not a regular file")


def read_bytes(path: str, max_bytes: int) -> bytes:
    """At most ``max_bytes`` bytes of ``path`` (``-``: standard input); more is an error, as is a file that
    is not a regular one. The limit counts bytes read, whatever ``stat`` says (files under /proc say 0)."""
    if path == STDIN:
        data = _bounded(sys.stdin.buffer.read, max_bytes)
    else:
        try:
            # non-blocking: opening a FIFO with no writer would otherwise wait for ever
            fd = os.open(path, _FLAGS)
        except OSError as exc:
            try:  # a socket cannot be opened at all ("no such device or address"): say what it is
                mode = os.stat(path).st_mode
            except OSError:
                mode = stat.S_IFREG
            if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
                raise ReadError(Msg("not read: {kind}, not a regular file", kind=kind_of(mode))) from None
            if os.path.islink(path) and not os.path.exists(path):
                raise ReadError(
                    Msg("cannot read file: a link to nothing ({target})", target=os.readlink(path))
                ) from None
            raise ReadError(Msg("cannot read file: {why}", why=exc.strerror or str(exc))) from None
        try:
            status = os.fstat(fd)
            mode = status.st_mode
            if not stat.S_ISREG(mode):
                raise ReadError(Msg("not read: {kind}, not a regular file", kind=kind_of(mode)))
            data = _bounded(lambda n: os.read(fd, n), max_bytes, status.st_size)
        except OSError as exc:
            raise ReadError(Msg("cannot read file: {why}", why=exc.strerror or str(exc))) from None
        finally:
            os.close(fd)
    if len(data) > max_bytes:
        raise ReadError(Msg("file is larger than the limit of {max_bytes} bytes (--max-bytes)", max_bytes=max_bytes))
    return data


def _bounded(read, max_bytes: int, hint: int = 0) -> bytes:
    """Read until the end or one byte past the limit.

    ``hint`` is the size ``stat`` gives: the first read asks for that much and one byte more, and a read that
    comes back short is followed by a small one to see the end (a read allocates what it asks for, and a
    batch reads thousands of small files); a file that holds more than it said is read on in large chunks."""
    chunks: list[bytes] = []
    left = max_bytes + 1
    ask = hint + 1 if hint > 0 else _CHUNK
    while left > 0:
        chunk = read(min(left, ask))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
        ask = _CHUNK if len(chunk) >= ask else _END
    return b"".join(chunks)

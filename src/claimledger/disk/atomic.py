"""Writes that cannot corrupt: temporary file in the same folder, fsync, rename, mode kept;
and a per-file lock so concurrent writers append instead of overwriting each other."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from claimledger.errors import ClaimsError


def atomic_write(path: Path, text: str | bytes, durable: bool = True) -> None:
    """Replace `path` with `text` (bytes as they are) so readers see the old or the new
    content, never a mix. `durable`: on disk before this returns (fsync); without it, a
    crash may still lose the new content, but never leaves a mix."""
    if path.is_symlink():
        raise ClaimsError(f"{path} is a symlink; claimledger does not write through links")
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o644
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        if isinstance(text, bytes):
            handle = os.fdopen(fd, "wb")
        else:
            handle = os.fdopen(fd, "w", encoding="utf-8", newline="")
        with handle:
            handle.write(text)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if durable:
        _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    # The rename is durable only once the folder entry is on disk.
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def file_lock(path: Path, timeout: float = 10.0) -> Iterator[None]:
    """Hold an exclusive lock for `path` (a hidden `.NAME.lock` beside it)."""
    lock_path = path.parent / f".{path.name}.lock"
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)  # not via a link
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() > deadline:
                    raise ClaimsError(
                        f"{path} is locked by another claims process (waited {timeout:g} s); "
                        f"try again, or delete {lock_path} if no claims command is running"
                    ) from None
                time.sleep(0.02)
        yield
    finally:
        os.close(fd)

"""One writer at a time: the lock file beside each output (``.NAME.lock``).

An ``flock`` on that file, which the kernel releases when the process dies, so a second
command on the same output stops with "another build is writing this folder: `build` (pid …)
since …" instead of interleaving with the first. The file is the tool's own and is treated as
untrusted all the same: it is created exclusively with ``O_NOFOLLOW`` (a link at its name is
never followed, a dangling one never creates a file elsewhere), and an existing file is used
only when it is a regular file with one name that holds nothing or a line of ours (a killed
run's lock); a link, a hard link or any other file there is refused, never written. It is
removed on release, only if it is still the file that was locked.
"""

from __future__ import annotations

import contextlib
import datetime
import errno
import fcntl
import os
import re
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path

from .files import OutputError


def _lock_path(out: Path) -> Path:
    out = Path(os.path.abspath(out))
    return out.parent / f".{out.name}.lock"


#: what a lock file of ours holds: nothing (made, not yet written), or the line
#: :func:`exclusive` writes, "`COMMAND` (pid N) since DATE"
_LOCK_TEXT = re.compile(rb"(`[^`\n]{1,100}` \(pid \d+\) since [^\n]{1,60}\n)?")


def _not_a_lock(lock: Path, what: str) -> OutputError:
    return OutputError(
        f"{lock.name} is {what}, not a lock file of build_tools; the tool never writes through it",
        path=lock,
        hint="remove it (build_tools did not make it) or give another output folder, then run "
        "the command again",
    )


def _open_lock(lock: Path) -> int | None:
    """A descriptor of the lock file: made new, exclusively (a link there is never followed,
    a dangling one never creates a file elsewhere), or an earlier lock of ours that a killed
    run left. Anything else at that name is refused. None: it vanished meanwhile, retry."""
    flags = os.O_RDWR | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        return os.open(lock, flags | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        pass
    try:
        before = os.lstat(lock)
        if not stat.S_ISREG(before.st_mode):  # a link, a folder, a pipe: never opened
            raise _not_a_lock(lock, "a symbolic link" if stat.S_ISLNK(before.st_mode) else "not a file")
        fd = os.open(lock, flags | os.O_NONBLOCK)
    except FileNotFoundError:
        return None
    except OSError as err:
        if err.errno == errno.ELOOP:  # made a link since lstat
            raise _not_a_lock(lock, "a symbolic link") from None
        raise
    problem = _lock_problem(fd, before)
    if problem:
        os.close(fd)
        raise _not_a_lock(lock, problem)
    return fd


def _lock_problem(fd: int, before: os.stat_result) -> str | None:
    """Why the existing file open as ``fd`` is not a lock file of ours, or None."""
    held = os.fstat(fd)
    if not stat.S_ISREG(held.st_mode) or (held.st_dev, held.st_ino) != (before.st_dev, before.st_ino):
        return "not a file"
    if held.st_nlink > 1:
        return "a hard link to another file"
    if not _LOCK_TEXT.fullmatch(os.pread(fd, 200, 0)):
        return "a file with other contents"
    return None


def _acquire(lock: Path, out: Path) -> int:
    """Open and flock ``lock``; retry when a releasing holder unlinked it meanwhile."""
    while True:
        fd = _open_lock(lock)
        if fd is None:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 500, 0).decode("utf-8", "replace").strip()
            os.close(fd)
            raise OutputError(
                f"another build is writing this folder: {holder or 'a running build'}",
                path=out,
                hint="wait until it has finished (or stop it), then run this command again",
            ) from None
        if _is_open_file(lock, fd):
            return fd
        os.close(fd)  # the file we locked was removed by its last holder: lock the new one


def _is_open_file(path: Path, fd: int) -> bool:
    """Whether ``path`` (not followed) is the file open as ``fd``."""
    try:
        here, held = os.lstat(path), os.fstat(fd)
    except FileNotFoundError:
        return False
    return (here.st_dev, here.st_ino) == (held.st_dev, held.st_ino)


@contextlib.contextmanager
def hold(outputs: Sequence[Path], command: str) -> Iterator[list[Path]]:
    """Hold the lock of every output in ``outputs`` (absolute, in a fixed order), or stop at
    once; yields the outputs in that order."""
    held: list[tuple[Path, int]] = []
    order = sorted({Path(os.path.abspath(o)) for o in outputs})
    try:
        for out in order:
            lock = _lock_path(out)
            lock.parent.mkdir(parents=True, exist_ok=True)
            fd = _acquire(lock, out)
            held.append((lock, fd))
            since = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S")
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"`{command}` (pid {os.getpid()}) since {since}\n".encode(), 0)
        yield order
    finally:
        for lock, fd in reversed(held):
            if _is_open_file(lock, fd):  # never a file someone put in its place meanwhile
                with contextlib.suppress(OSError):
                    os.unlink(lock)  # while still locked: a waiting process retries (_acquire)
            os.close(fd)

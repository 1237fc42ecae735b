"""Files written and removed without ever following a link the tool did not make.

The writer (``write.py``) builds every output in a folder of its own, but the files of an
earlier output may reach it as hard links (``copy_tree``, or a user's ``cp -al site
site-v1``), and anyone may put a symbolic link where the tool expects a file or a folder. So
nothing here opens a path in one go: a folder is walked from its descriptor one name at a
time with ``O_NOFOLLOW`` (a link anywhere below it is refused), a file is always a new file
(``O_CREAT | O_EXCL | O_NOFOLLOW``, which never opens an existing file or a link): made at
its name when the name is free, else made aside and renamed over the old name in the same
folder; and a file is removed by its folder's descriptor only when it is a regular file.
A hard link of an earlier output or a snapshot therefore never changes, and a link never
sends a write or a deletion elsewhere.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..errors import BuildError

_DIR = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC


class OutputError(BuildError):
    """An output folder cannot be written, or is not the tool's to replace."""


def _link_error(path: Path) -> OutputError:
    return OutputError(
        "this is a symbolic link (or not a folder) where build_tools writes a folder; "
        "it never writes through a link",
        path=path,
        hint="remove the link (build_tools did not make it), then run the command again",
    )


def parts_of(rel: str) -> tuple[str, ...]:
    """The names of a relative POSIX path inside a folder; a path that would leave the
    folder (absolute, ``..``, empty) is a bug of the caller and raises ValueError."""
    path = PurePosixPath(rel)
    names = path.parts
    if not names or path.is_absolute() or any(n in ("", ".", "..") for n in names):
        raise ValueError(f"not a path inside a folder: {rel!r}")
    return names


@contextlib.contextmanager
def folder_fd(root: Path, names: Iterable[str] = (), *, create: bool = False) -> Iterator[int]:
    """A descriptor of ``root/names…``, walked without following a link: ``root`` itself
    must not be a link (its parents may), nor any of ``names``. Missing folders are made
    when ``create`` is true (else FileNotFoundError)."""
    try:
        fd = os.open(root, _DIR)
    except OSError as err:
        if err.errno in (errno.ELOOP, errno.ENOTDIR):
            raise _link_error(root) from None
        raise
    path = root
    try:
        for name in names:
            path = path / name
            inner = _open_folder(name, fd, path, create=create)
            os.close(fd)
            fd = inner
        yield fd
    finally:
        os.close(fd)


def _open_folder(name: str, at: int, path: Path, *, create: bool) -> int:
    """Open folder ``name`` in the folder open as ``at``, never through a link; make it
    first if it is missing and ``create`` is true. ``path``: its path, for messages."""
    try:
        try:
            return os.open(name, _DIR, dir_fd=at)
        except FileNotFoundError:
            if not create:
                raise
        with contextlib.suppress(FileExistsError):
            os.mkdir(name, 0o777, dir_fd=at)
        return os.open(name, _DIR, dir_fd=at)
    except OSError as err:
        if err.errno in (errno.ELOOP, errno.ENOTDIR):
            raise _link_error(path) from None
        raise OSError(err.errno, err.strerror, str(path)) from None


def put(root: Path, rel: str, data: bytes, *, atomic: bool = False) -> None:
    """Write ``root/rel`` as a new file: whatever was at that name (an old file, a hard link
    of one, a symbolic link) is replaced by a rename, never written through. A missing name
    is created in place (``O_EXCL``), unless ``atomic``: then it too is written aside,
    flushed to the disk and renamed, so that a kill leaves no half file at that name.
    Missing folders below ``root`` are made."""
    *folders, name = parts_of(rel)
    with folder_fd(root, folders, create=True) as fd:
        if not atomic:
            try:
                _write_new(fd, name, data, sync=False)
                return
            except FileExistsError:
                pass  # an old file (or a link) is there: replace it
            except OSError as err:
                raise OSError(err.errno, err.strerror, str(root.joinpath(*folders, name))) from None
        tmp = f".{name[:64]}.{secrets.token_hex(4)}.tmp"
        try:
            _write_new(fd, tmp, data, sync=atomic)
            os.replace(tmp, name, src_dir_fd=fd, dst_dir_fd=fd)
        except OSError as err:
            with contextlib.suppress(OSError):
                os.unlink(tmp, dir_fd=fd)
            raise OSError(err.errno, err.strerror, str(root.joinpath(*folders, name))) from None
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp, dir_fd=fd)
            raise


def _write_new(at: int, name: str, data: bytes, *, sync: bool) -> None:
    """Create ``name`` in the folder open as ``at`` (never an existing file or a link:
    FileExistsError) and write ``data``; a failure midway removes what was made."""
    out = os.open(name, _NEW_FILE, 0o666, dir_fd=at)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(out, view) :]
            if sync:
                os.fsync(out)
        finally:
            os.close(out)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name, dir_fd=at)
        raise


def replace_file(path: Path, data: bytes) -> None:
    """Replace one file at once (a kill leaves the old bytes or the new, never half), flushed
    to the disk; never through a link, and refused in a folder that is a link."""
    put(path.parent, path.name, data, atomic=True)


def is_regular(root: Path, rel: str) -> bool:
    """Whether ``root/rel`` is a regular file reached without following a link."""
    *folders, name = parts_of(rel)
    try:
        with folder_fd(root, folders) as fd:
            return stat.S_ISREG(os.stat(name, dir_fd=fd, follow_symlinks=False).st_mode)
    except (OSError, BuildError):
        return False


@dataclass
class Removal:
    """What :func:`remove_listed` did: files removed, what could not be, and what was kept
    because the tool did not write it (relative paths)."""

    removed: int = 0
    #: path → why the system refused to remove it
    failed: dict[str, str] = field(default_factory=dict)
    kept: list[str] = field(default_factory=list)


def remove_listed(root: Path, listed: Iterable[str]) -> Removal:
    """Remove the regular files of ``listed`` (relative paths; ``x/`` an empty folder) below
    ``root``, then the folders they were in once empty. A link, or a file reached through
    one, is not removed; a file the system refuses to remove is reported in ``failed``."""
    done = Removal()
    folders: set[tuple[str, ...]] = set()
    for rel in sorted(set(listed)):
        try:
            names = parts_of(rel.rstrip("/"))
        except ValueError:
            continue  # never a path outside root, whatever a marker says
        folders.update(names[:i] for i in range(1, len(names)))
        if rel.endswith("/"):
            folders.add(names)
            continue
        try:
            with folder_fd(root, names[:-1]) as fd:
                if stat.S_ISREG(os.stat(names[-1], dir_fd=fd, follow_symlinks=False).st_mode):
                    os.unlink(names[-1], dir_fd=fd)
                    done.removed += 1
        except (FileNotFoundError, BuildError):
            continue  # gone already, or below a link: not ours to follow
        except OSError as err:
            done.failed[rel] = err.strerror or str(err)
    for names in sorted(folders, key=len, reverse=True):  # deepest first
        with contextlib.suppress(OSError, BuildError), folder_fd(root, names[:-1]) as fd:
            os.rmdir(names[-1], dir_fd=fd)  # only if empty: removes nothing else
    return done

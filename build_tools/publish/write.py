"""Stage ``write``: the only writer, and the only code that deletes anything.

Three promises, kept for every command that writes (``build``, ``generate``, ``site``, ``pdf``):

* **Ownership.** A folder the tool writes carries a marker, :data:`MARKER`, listing every file
  it wrote. The tool replaces a folder only when it is missing, empty, or carries the marker
  and holds nothing the marker does not list; anything else is refused with a message that
  says what to do. ``--out .`` can never delete a checkout, and a page added by hand to an
  output folder is never deleted with it.
* **Crash safety.** The new output is written into a temporary folder beside the target
  (``.NAME.new-XXXX``) and swapped in with one atomic exchange (Linux ``renameat2`` with
  ``RENAME_EXCHANGE``), so a kill at any moment leaves the old output or the new one. Where
  the file system cannot exchange, the old folder is renamed aside first (``.NAME.old-XXXX``),
  and :func:`recover`, which every writing command runs before anything else, puts it back
  if a kill came between the two renames. Leftovers of killed runs are removed by the next.
* **One writer at a time.** :func:`exclusive` takes a lock file beside each output
  (``.NAME.lock``, an ``flock`` that the kernel releases when the process dies), so a second
  command on the same output stops with "another build is running since …" instead of
  interleaving with the first.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime
import errno
import fcntl
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

from ..errors import BuildError

#: the marker of a folder this tool wrote; lists the files it wrote (sorted, deterministic,
#: so that a committed ``docs/`` does not change when nothing else does)
MARKER = ".build-tools.json"
_TOOL = "build_tools"
#: the marker's format; a folder with a marker of another format is not taken for ours
_FORMAT = 1


class OutputError(BuildError):
    """An output folder cannot be written, or is not the tool's to replace."""


# --- ownership --------------------------------------------------------------------------------


def manifest(files: Sequence[str]) -> str:
    """The marker's text for a folder holding ``files`` (relative POSIX paths)."""
    listed = sorted(f for f in files if f != MARKER)
    return (
        json.dumps({"written-by": _TOOL, "format": _FORMAT, "files": listed}, ensure_ascii=False, indent=1)
        + "\n"
    )


def with_marker(files: Mapping[str, str | bytes]) -> dict[str, str | bytes]:
    """``files`` plus the marker that lists them: what an output folder holds."""
    return {**files, MARKER: manifest(list(files))}


def _listed(folder: Path) -> set[str] | None:
    """The files the marker of ``folder`` lists, or None when it has no valid marker of ours."""
    marker = folder / MARKER
    if marker.is_symlink() or not marker.is_file():
        return None
    try:
        data = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("written-by") != _TOOL:
        return None
    files = data.get("files")
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        return None
    return set(files)


def _entries(folder: Path) -> list[str]:
    """Every file, link and empty folder under ``folder``, as relative POSIX paths."""
    out: list[str] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        base = Path(dirpath)
        for name in filenames:
            out.append((base / name).relative_to(folder).as_posix())
        for name in dirnames:
            sub = base / name
            if sub.is_symlink():
                out.append(sub.relative_to(folder).as_posix())
            elif not any(sub.iterdir()):
                out.append(sub.relative_to(folder).as_posix() + "/")
    return sorted(out)


def _shown(names: Sequence[str], limit: int = 3) -> str:
    more = f" and {len(names) - limit} more" if len(names) > limit else ""
    return ", ".join(names[:limit]) + more


def check_replaceable(out: Path) -> None:
    """Refuse to replace ``out`` unless it is missing, empty, or a complete output of ours."""
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise OutputError(
            "the output is not a folder",
            path=out,
            hint="give the path of a new or empty folder as the output",
        )
    if not out.exists() or not any(out.iterdir()):
        return
    listed = _listed(out)
    if listed is None:
        held = sorted(p.name for p in out.iterdir())
        raise OutputError(
            f"this folder was not written by build_tools (it has no {MARKER}) and holds "
            f"{_shown(held)}; replacing it would delete them",
            path=out,
            hint="give a new or empty folder as the output; if the folder is an old output "
            "that is yours to delete, delete it yourself and build again",
        )
    foreign = [p for p in _entries(out) if p not in listed and p != MARKER]
    if foreign:
        raise OutputError(
            f"this output folder holds {_shown(foreign)}, which build_tools did not write; "
            "replacing the folder would delete them",
            path=out,
            hint="move those files out of the folder (it is rebuilt whole), then build again",
        )


# --- crash safety -----------------------------------------------------------------------------

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _libc_renameat2() -> Callable[..., int] | None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None
    func: Callable[..., int] | None = getattr(libc, "renameat2", None)
    return func


class _Exchange:
    """Whether this system can swap folders atomically; tests turn it off to try the
    fallback (in-process, or with BUILD_TOOLS_NO_EXCHANGE=1 for a command), and the first
    EINVAL (a file system without the flag) turns it off for good."""

    supported = _libc_renameat2() is not None and os.environ.get("BUILD_TOOLS_NO_EXCHANGE") != "1"


EXCHANGE = _Exchange()


def exchange(a: Path, b: Path) -> None:
    """Swap two folders atomically (Linux ``renameat2(RENAME_EXCHANGE)``)."""
    func = _libc_renameat2()
    if func is None:
        raise OSError(errno.ENOSYS, "renameat2 is not available", str(a))
    done = func(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if done != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), str(a), None, str(b))


def _temporaries(out: Path, kind: str) -> list[Path]:
    """This output's temporary folders of ``kind`` (``new`` or ``old``) that are ours: they
    carry our marker, or are empty, or hold nothing but an empty marker (a kill between
    creating the marker and writing it)."""
    if not out.parent.is_dir():
        return []
    found = []
    for p in sorted(out.parent.glob(f".{out.name}.{kind}-*")):
        if p.is_symlink() or not p.is_dir():
            continue
        held = list(p.iterdir())
        empty_marker = (
            len(held) == 1
            and held[0].name == MARKER
            and not held[0].is_symlink()
            and held[0].is_file()
            and held[0].stat().st_size == 0
        )
        if _listed(p) is not None or not held or empty_marker:
            found.append(p)
    return found


def _discard(folder: Path) -> None:
    """Delete a temporary folder of ours with its marker last, so that a kill midway leaves a
    folder the next run still knows as ours (by its marker, or empty) and removes.
    (``shutil.rmtree`` may delete the marker first and leave a folder no run would touch.)"""
    try:
        held = list(folder.iterdir())
    except OSError:
        return
    for entry in held:
        if entry.name == MARKER:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                entry.unlink()
    with contextlib.suppress(OSError):
        (folder / MARKER).unlink(missing_ok=True)
        folder.rmdir()


def recover(out: Path) -> list[str]:
    """Undo what a killed run left behind ``out``; return what was done, for the log.

    A missing ``out`` beside an ``.old-`` folder is a kill between the two renames of the
    fallback swap: the old output goes back. Every other temporary folder of ours is removed.
    Folders that carry no marker of ours are left alone, whatever their name.
    """
    done: list[str] = []
    olds = _temporaries(out, "old")
    if not out.exists() and not out.is_symlink() and olds:
        keep = max(olds, key=lambda p: p.stat().st_mtime)
        os.rename(keep, out)
        olds.remove(keep)
        done.append(f"restored {out} from {keep.name}")
    for leftover in olds + _temporaries(out, "new"):
        _discard(leftover)
        done.append(f"removed {leftover.name}")
    return done


def replace_dir(out: Path, fill: Callable[[Path], None]) -> None:
    """Call ``fill(tmp)`` on a fresh folder, mark it ours, and swap it in for ``out``.

    On any error before the swap ``out`` is untouched and the temporary folder is removed.
    """
    out = Path(os.path.abspath(out))
    recover(out)
    check_replaceable(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    except OSError as err:
        raise _os_error(err, out, swapped=False) from None
    try:
        # Marked at once, so that a kill during fill leaves a folder the next run knows.
        (tmp / MARKER).write_text(manifest([]), encoding="utf-8")
        fill(tmp)
        # Through a rename: a kill while it is written leaves the first marker, never half one.
        replace_file(tmp / MARKER, manifest(_entries(tmp)).encode("utf-8"))
        os.chmod(tmp / MARKER, 0o644)  # as the other files (mkstemp makes it 0600)
        os.chmod(tmp, 0o755)
        check_replaceable(out)  # once more: nothing was added by hand meanwhile
        _swap(tmp, out)
    except OSError as err:
        _discard(tmp)
        raise _os_error(err, out, swapped=False) from None
    except BaseException:
        _discard(tmp)
        raise
    _discard(tmp)  # after the swap it holds the old output


def _swap(tmp: Path, out: Path) -> None:
    """Put ``tmp`` at ``out``; afterwards ``tmp`` holds the old output (or nothing)."""
    if not out.exists():
        os.rename(tmp, out)
        return
    if EXCHANGE.supported:
        try:
            exchange(tmp, out)
            return
        except OSError as err:
            if err.errno not in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
                raise
            EXCHANGE.supported = False  # this file system cannot: fall back
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    os.rename(out, old)  # onto an empty folder: atomic on POSIX
    try:
        os.rename(tmp, out)
    except BaseException:
        os.rename(old, out)
        raise
    _discard(old)


def _os_error(err: OSError, out: Path, *, swapped: bool) -> OutputError:
    """An honest message for a failed write: which path, why, and what became of ``out``."""
    where = err.filename or out
    reason = err.strerror or str(err)
    if err.errno == errno.ENOSPC:
        hint = "the disk is full: free some space and build again"
    elif err.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        hint = "check that this path can be written (permissions, a read-only disk)"
    else:
        hint = "check the path and the disk, and build again"
    kept = "" if swapped else f"; {out} was left as it was" if out.exists() else ""
    return OutputError(f"cannot write: {reason}{kept}", path=where, hint=hint)


# --- one writer at a time ---------------------------------------------------------------------


def _lock_path(out: Path) -> Path:
    out = Path(os.path.abspath(out))
    return out.parent / f".{out.name}.lock"


def _acquire(lock: Path, out: Path) -> int:
    """Open and flock ``lock``; retry when a releasing holder unlinked it meanwhile."""
    while True:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 500).decode("utf-8", "replace").strip()
            os.close(fd)
            raise OutputError(
                f"another build is writing this folder: {holder or 'a running build'}",
                path=out,
                hint="wait until it has finished (or stop it), then run this command again",
            ) from None
        try:
            same = os.stat(lock).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if same:
            return fd
        os.close(fd)  # the file we locked was removed by its last holder: lock the new one


@contextlib.contextmanager
def exclusive(outputs: Sequence[Path], command: str) -> Iterator[None]:
    """Hold the lock of every output in ``outputs`` (in a fixed order), or stop at once.

    The lock file is removed when it is released, so no trace is left beside the output.
    """
    held: list[tuple[Path, int]] = []
    try:
        for out in sorted({Path(os.path.abspath(o)) for o in outputs}):
            lock = _lock_path(out)
            lock.parent.mkdir(parents=True, exist_ok=True)
            fd = _acquire(lock, out)
            held.append((lock, fd))
            since = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S")
            os.pwrite(fd, f"`{command}` (pid {os.getpid()}) since {since}\n".encode(), 0)
            recover(out)
        yield
    finally:
        for lock, fd in reversed(held):
            with contextlib.suppress(OSError):
                os.unlink(lock)  # while still locked: a waiting process retries (_acquire)
            os.close(fd)


# --- writing ----------------------------------------------------------------------------------


def write_tree(files: Mapping[str, str | bytes], out: Path) -> None:
    """Replace folder ``out`` with exactly ``files`` (relative path → content) and the marker."""

    def fill(tmp: Path) -> None:
        for rel, content in sorted(files.items()):
            target = tmp / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8", newline="\n")

    replace_dir(out, fill)


def copy_tree(source: Path, tmp: Path) -> None:
    """Fill ``tmp`` with the files of ``source`` (hard links where possible: instant, and the
    old output is never modified through them because every later write replaces a file)."""
    for rel in _entries(source):
        if rel.endswith("/") or rel == MARKER:
            continue
        src, dst = source / rel, tmp / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(src, dst, follow_symlinks=False)
        except OSError:
            shutil.copy2(src, dst, follow_symlinks=False)


def write_into(folder: Path, files: Mapping[str, str | bytes]) -> None:
    """Write ``files`` (relative POSIX paths) into ``folder``, a folder that ``replace_dir`` is
    filling: added files, or built files rewritten. A path that would leave ``folder`` is a
    bug and is refused before anything is written."""
    root = Path(os.path.abspath(folder))
    targets = {rel: Path(os.path.abspath(root / rel)) for rel in files}
    outside = [rel for rel, target in targets.items() if not target.is_relative_to(root) or target == root]
    if outside:
        raise OutputError(
            f"refusing to write outside the output: {_shown(sorted(outside))}",
            path=root,
            hint="a bug in build_tools: report it",
        )
    for rel, content in files.items():
        target = targets[rel]
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            target.write_text(content, encoding="utf-8")
        else:
            target.write_bytes(content)


def replace_file(path: Path, data: bytes) -> None:
    """Write ``path`` through a temporary file and a rename (never a half-written file)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def stale(files: Mapping[str, str | bytes], out: Path) -> list[str]:
    """Paths under ``out`` that differ from ``files`` and its marker: changed, missing, extra."""
    files = with_marker(files)
    problems: list[str] = []
    on_disk = (
        {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()} if out.is_dir() else set()
    )
    for rel, content in sorted(files.items()):
        target = out / rel
        want = content.encode("utf-8") if isinstance(content, str) else content
        if rel not in on_disk:
            problems.append(f"{rel}: missing")
        elif target.read_bytes() != want:
            problems.append(f"{rel}: out of date")
    problems += [f"{rel}: not generated (remove it)" for rel in sorted(on_disk - set(files))]
    return problems

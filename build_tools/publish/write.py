"""Stage ``write``: the only writer, and the only code that deletes anything (with
``files.py``, which writes and removes single files without following links).

Four promises, kept for every command that writes (``build``, ``generate``, ``site``, ``pdf``):

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
* **Links are never followed.** A lock file is created exclusively (``O_EXCL | O_NOFOLLOW``);
  one that is a link, or a file that is not a lock of ours, is refused. Every file is a new
  file (``files.put``: created with ``O_EXCL``, renamed over an old one), so an earlier
  output's hard links (a snapshot made with ``cp -al``) never change, and an output that
  holds a symbolic link is not ours to replace. Names are names: leftovers are found by
  comparing the names of a folder listing, never by a glob (``--out 's*'``).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import json
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

from .files import OutputError, Removal, put, remove_listed, replace_file
from .lock import hold

__all__ = ["OutputError", "replace_file"]  # the single-file writers, for the other modules

log = logging.getLogger("build_tools")

#: the marker of a folder this tool wrote; lists the files it wrote (sorted, deterministic,
#: so that a committed ``docs/`` does not change when nothing else does)
MARKER = ".build-tools.json"
_TOOL = "build_tools"
#: the marker's format; a folder with a marker of another format is not taken for ours
_FORMAT = 1

#: what follows ``.NAME.new-`` or ``.NAME.old-`` in a temporary folder's name (mkdtemp's
#: random letters): no dot, so that ``.a.new-x.new-y`` (a temporary of output ``a.new-x``)
#: is never taken for one of output ``a``
_TEMP_SUFFIX = re.compile(r"[A-Za-z0-9_]+")
#: an output whose name is shaped like a temporary folder of another output
_TEMP_SHAPED = re.compile(r"^\..+\.(new|old)-[A-Za-z0-9_]+$")


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


def _links(folder: Path) -> set[str]:
    """The symbolic links under ``folder`` (relative POSIX paths): build_tools never makes
    one, so a link in an output was put there by someone else."""
    found: set[str] = set()
    for dirpath, dirnames, filenames in os.walk(folder):
        base = Path(dirpath)
        found.update(
            (base / name).relative_to(folder).as_posix()
            for name in dirnames + filenames
            if (base / name).is_symlink()
        )
    return found


def check_replaceable(out: Path) -> None:
    """Refuse to replace ``out`` unless it is missing, empty, or a complete output of ours."""
    if _TEMP_SHAPED.match(out.name):
        raise OutputError(
            "this name is shaped like a temporary folder of build_tools (.NAME.new-… or "
            ".NAME.old-…), which another run would take for its own and remove",
            path=out,
            hint="give the output another name",
        )
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
    links = _links(out)
    foreign = [
        f"{p} (a symbolic link)" if p in links else p
        for p in _entries(out)
        if (p not in listed or p in links) and p != MARKER
    ]
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
    creating the marker and writing it). Found by comparing names in the folder's listing:
    an output's name is a name, never a pattern (``--out 's*'``, ``--out 'site[1]'``)."""
    if not out.parent.is_dir():
        return []
    prefix = f".{out.name}.{kind}-"
    found = []
    for name in sorted(os.listdir(out.parent)):
        if not name.startswith(prefix) or not _TEMP_SUFFIX.fullmatch(name[len(prefix) :]):
            continue
        p = out.parent / name
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


def _discard(folder: Path, *, warn: bool = True) -> bool:
    """Delete a temporary folder of ours with its marker last, so that a kill midway leaves a
    folder the next run still knows as ours (by its marker, or empty) and removes.
    (``shutil.rmtree`` may delete the marker first and leave a folder no run would touch.)
    What cannot be deleted (an immutable file, a folder without write permission) keeps the
    marker in place and is named in a warning: the next run tries again. Returns whether the
    folder is gone."""
    try:
        held = list(folder.iterdir())
    except FileNotFoundError:
        return True
    except OSError as err:
        if warn:
            log.warning("warning: cannot remove %s: %s", folder, err.strerror)
        return False
    failed: list[str] = []
    remaining: list[str] = []

    def note(_func: object, path: str, info: tuple[type[BaseException], BaseException, object]) -> None:
        error = info[1]
        if not isinstance(error, FileNotFoundError) and not os.path.isdir(path):
            failed.append(f"{path} ({getattr(error, 'strerror', None) or error})")

    for entry in held:
        if entry.name == MARKER:
            continue
        try:
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, onerror=note)
            else:
                entry.unlink()
        except FileNotFoundError:
            pass
        except OSError as err:
            failed.append(f"{entry} ({err.strerror})")
    with contextlib.suppress(OSError):
        remaining = [e.name for e in folder.iterdir() if e.name != MARKER]
    if failed or remaining:
        if warn:
            log.warning(
                "warning: cannot remove %s from the temporary folder %s; it is kept, marked as "
                "build_tools', and the next run removes it once the file can be deleted (for an "
                "immutable file: chattr -i)",
                _shown(failed or remaining),
                folder,
            )
        return False
    with contextlib.suppress(OSError):
        (folder / MARKER).unlink(missing_ok=True)
        folder.rmdir()
    return not folder.exists()


def recover(out: Path, *, warn: bool = True) -> list[str]:
    """Undo what a killed run left behind ``out``; return what was done, for the log.

    A missing ``out`` beside an ``.old-`` folder is a kill between the two renames of the
    fallback swap: the old output goes back. Every other temporary folder of ours is removed.
    Folders that carry no marker of ours are left alone, whatever their name. ``warn``:
    name in a warning what cannot be removed (once per command: :func:`exclusive` does).
    """
    done: list[str] = []
    olds = _temporaries(out, "old")
    if not out.exists() and not out.is_symlink() and olds:
        keep = max(olds, key=lambda p: p.stat().st_mtime)
        os.rename(keep, out)
        olds.remove(keep)
        done.append(f"restored {out} from {keep.name}")
    for leftover in olds + _temporaries(out, "new"):
        if _discard(leftover, warn=warn):
            done.append(f"removed {leftover.name}")
    return done


def replace_dir(out: Path, fill: Callable[[Path], None]) -> None:
    """Call ``fill(tmp)`` on a fresh folder, mark it ours, and swap it in for ``out``.

    On any error before the swap ``out`` is untouched and the temporary folder is removed.
    """
    out = Path(os.path.abspath(out))
    recover(out, warn=False)  # (exclusive has, with warnings)
    check_replaceable(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    except OSError as err:
        raise _os_error(err, out, swapped=False) from None
    try:
        # Marked at once, so that a kill during fill leaves a folder the next run knows.
        put(tmp, MARKER, manifest([]).encode("utf-8"))
        fill(tmp)
        # Through a rename: a kill while it is written leaves the first marker, never half one.
        put(tmp, MARKER, manifest(_entries(tmp)).encode("utf-8"))
        os.chmod(tmp, 0o755)
        check_replaceable(out)  # once more: nothing was added by hand meanwhile
        _swap(tmp, out)
    except OSError as err:
        _discard(tmp)
        raise _os_error(err, out, swapped=False, tmp=tmp) from None
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


def _os_error(err: OSError, out: Path, *, swapped: bool, tmp: Path | None = None) -> OutputError:
    """An honest message for a failed write: which path (a file of the temporary folder
    ``tmp`` named as the file of ``out`` it was to become), why, and what became of ``out``."""
    where = str(err.filename or out)
    if tmp is not None and (where == str(tmp) or where.startswith(f"{tmp}{os.sep}")):
        where = str(out) + where[len(str(tmp)) :]
    reason = err.strerror or str(err)
    if err.errno == errno.ENOSPC:
        hint = "the disk is full: free some space and build again"
    elif err.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        hint = "check that this path can be written (permissions, a read-only disk)"
    else:
        hint = "check the path and the disk, and build again"
    kept = "" if swapped else f"; {out} was left as it was" if out.exists() else ""
    return OutputError(f"cannot write: {reason}{kept}", path=where, hint=hint)


# --- one writer at a time (lock.py) -----------------------------------------------------------


@contextlib.contextmanager
def exclusive(outputs: Sequence[Path], command: str) -> Iterator[None]:
    """Hold the lock of every output in ``outputs`` (``lock.hold``), or stop at once; then
    undo what killed runs left beside each (:func:`recover`).

    The lock file is removed when it is released, so no trace is left beside the output.
    """
    with hold(outputs, command) as order:
        for out in order:
            recover(out)
        yield


# --- writing ----------------------------------------------------------------------------------


def _bytes(content: str | bytes) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else content


def write_tree(files: Mapping[str, str | bytes], out: Path) -> None:
    """Replace folder ``out`` with exactly ``files`` (relative path → content) and the marker."""

    def fill(tmp: Path) -> None:
        for rel, content in sorted(files.items()):
            put(tmp, rel, _bytes(content))

    replace_dir(out, fill)


def copy_tree(source: Path, tmp: Path) -> None:
    """Fill ``tmp`` with the files of ``source`` (hard links where possible: instant, and the
    old output is never modified through them because every later write replaces a file:
    :func:`files.put`)."""
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
    filling: added files, or built files rewritten (each a new file renamed into place). A
    path that would leave ``folder`` is a bug and is refused before anything is written."""
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
        put(root, targets[rel].relative_to(root).as_posix(), _bytes(content))


def clean(out: Path) -> Removal:
    """``gov-report clean``: remove an output by its marker's rules. The files the marker
    lists go, with the folders that held them; whatever else the folder holds stays (a
    ``CNAME`` added by hand, a link), and so does a folder that is not ours at all (refused).
    Call it inside :func:`exclusive`, which has removed the leftovers of killed runs."""
    out = Path(os.path.abspath(out))
    if not out.exists() and not out.is_symlink():
        return Removal()
    if out.is_symlink() or not out.is_dir():
        raise OutputError(
            "this is not a folder (a link, or a file); clean removes only folders build_tools wrote",
            path=out,
            hint="remove it yourself if it is yours to remove",
        )
    listed = _listed(out)
    if listed is None:
        if not any(out.iterdir()):
            out.rmdir()
            return Removal()
        raise OutputError(
            f"this folder was not written by build_tools (it has no {MARKER}); it is left as it is",
            path=out,
            hint="delete it yourself if it is yours to delete",
        )
    done = remove_listed(out, listed)
    done.kept = [e for e in _entries(out) if e != MARKER and e not in done.failed]
    if done.failed:
        return done  # still marked: the next clean tries again
    with contextlib.suppress(OSError):
        (out / MARKER).unlink()  # what stays is not ours: no longer an output of build_tools
        out.rmdir()
    return done


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
